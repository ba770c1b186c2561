"""FA configuration with the official client, ibapi 10.51: requestFA then replaceFA (client.py requestFA and
replaceFA, the request id sent from 157), answered through receiveFA, a ``HandleInfo(wrap=...)`` message whose
field count must be exact, and replaceFAEnd (decoder.py processReplaceFAEndMsg: reqId, text)."""

from __future__ import annotations

import threading
import xml.etree.ElementTree as ET

import pytest
from ibapi.client import EClient
from ibapi.wrapper import EWrapper

from tests.tws_api.conftest import ADVISOR_SCENARIO, SERVER_VERSIONS, TIMEOUT
from tests.tws_api.test_fa_config import equal_growth, groups_of
from workstation.engine.core.terms import AllocationMethod as M


class FaWrapper(EWrapper):
    """ibapi's FA callbacks (ibapi/wrapper.py), recorded; each sets its event."""

    def __init__(self) -> None:
        super().__init__()
        self.received: list[tuple[int, str]] = []
        self.ended: list[tuple[int, str]] = []
        self.error_codes: list[int] = []
        self.done = {name: threading.Event() for name in ("connected", "received", "ended")}

    def nextValidId(self, orderId: int) -> None:  # noqa: N802, N803 - ibapi's names
        self.done["connected"].set()

    def receiveFA(self, faData, cxml) -> None:  # noqa: N802, N803, ANN001
        self.received.append((int(faData), cxml))
        self.done["received"].set()

    def replaceFAEnd(self, reqId, text) -> None:  # noqa: N802, N803, ANN001
        self.ended.append((reqId, text))
        self.done["ended"].set()

    def error(self, reqId, *rest) -> None:  # noqa: ANN001, ANN002 - the arity depends on the server version
        self.error_codes.append(next(item for item in rest if isinstance(item, int) and item > 0))


@pytest.mark.parametrize("version", SERVER_VERSIONS)
def test_ibapi_reads_the_groups_and_replaces_them(open_gateway, version):
    gateway = open_gateway(ADVISOR_SCENARIO, max_server_version=version)
    wrapper = FaWrapper()
    client = EClient(wrapper)
    client.connect(gateway.host, gateway.port, clientId=5)
    reader = threading.Thread(target=client.run, daemon=True)
    reader.start()
    try:
        assert wrapper.done["connected"].wait(TIMEOUT)
        client.requestFA(1)
        assert wrapper.done["received"].wait(TIMEOUT)
        client.replaceFA(42, 1, equal_growth(version, ("K2", "K3")))
        assert wrapper.done["ended"].wait(TIMEOUT)
    finally:
        client.disconnect()
        reader.join(TIMEOUT)

    [(kind, xml)] = wrapper.received
    assert kind == 1 and ET.fromstring(xml).findtext("Group/name") == "Growth"
    assert wrapper.ended == [(42, "FA groups replaced: defined Growth")]
    assert groups_of(gateway)["Growth"][0] is M.EQUAL
    assert set(wrapper.error_codes) <= {2104, 2106, 2158}  # the farm messages at connect, nothing else
