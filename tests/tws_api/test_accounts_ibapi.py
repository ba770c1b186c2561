"""Account requests with the official client, ibapi 10.51: its "ReqT" tag spelling echoed back, an advisor
group's summary, account updates and positions through the wrapper's exact field counts (ibapi decoder.py
``HandleInfo(wrap=...)`` drops a message whose count is off and logs it: the log guard fails the test).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from ibapi.account_summary_tags import AccountSummaryTags
from ibapi.client import EClient
from ibapi.wrapper import EWrapper

from tests.tws_api.conftest import ADVISOR_SCENARIO, SERVER_VERSIONS, TIMEOUT
from workstation.engine import AccountTag


class AccountWrapper(EWrapper):
    """ibapi's account callbacks (ibapi/wrapper.py), recorded; each end marker sets its event."""

    def __init__(self) -> None:
        super().__init__()
        self.summary: list[tuple[int, str, str, str, str]] = []
        self.values: list[tuple[str, str, str, str]] = []
        self.portfolio: list[tuple[str, str, Decimal, float]] = []
        self.positions: list[tuple[str, str, Decimal, float]] = []
        self.errors: list[tuple[int, int, str]] = []
        self.done = {name: threading.Event() for name in ("connected", "summary", "download", "positions", "error")}

    def nextValidId(self, orderId: int) -> None:  # noqa: N802, N803 - ibapi's names
        self.done["connected"].set()

    def accountSummary(self, reqId, account, tag, value, currency) -> None:  # noqa: N802, N803, ANN001
        self.summary.append((reqId, account, tag, value, currency))

    def accountSummaryEnd(self, reqId) -> None:  # noqa: N802, N803, ANN001
        self.done["summary"].set()

    def updateAccountValue(self, key, val, currency, accountName) -> None:  # noqa: N802, N803, ANN001
        self.values.append((key, val, currency, accountName))

    def updatePortfolio(self, contract, position, marketPrice, marketValue, averageCost, unrealizedPNL,  # noqa: N802, N803, ANN001, PLR0913
                        realizedPNL, accountName) -> None:
        self.portfolio.append((accountName, contract.localSymbol, position, averageCost))

    def accountDownloadEnd(self, accountName) -> None:  # noqa: N802, N803, ANN001
        self.done["download"].set()

    def position(self, account, contract, position, avgCost) -> None:  # noqa: N803, ANN001
        self.positions.append((account, contract.localSymbol, position, avgCost))

    def positionEnd(self) -> None:  # noqa: N802
        self.done["positions"].set()

    def error(self, reqId, *rest) -> None:  # noqa: ANN001, ANN002 - the arity depends on the server version
        code = next(item for item in rest if isinstance(item, int) and item > 0)
        text = next(item for item in rest if isinstance(item, str) and item)
        self.errors.append((reqId, code, text))
        if code == 321:
            self.done["error"].set()


@pytest.fixture
def ibapi_client(open_gateway: Any, request: pytest.FixtureRequest) -> Iterator[tuple[EClient, AccountWrapper, Any]]:
    gateway = open_gateway(ADVISOR_SCENARIO, max_server_version=request.param)
    wrapper = AccountWrapper()
    client = EClient(wrapper)
    client.connect(gateway.host, gateway.port, clientId=3)
    reader = threading.Thread(target=client.run, daemon=True)
    reader.start()
    assert wrapper.done["connected"].wait(TIMEOUT)
    yield client, wrapper, gateway
    client.disconnect()
    reader.join(TIMEOUT)


@pytest.mark.parametrize("ibapi_client", SERVER_VERSIONS, indirect=True)
def test_ibapi_reads_an_advisor_groups_summary_in_its_own_spelling(ibapi_client):
    client, wrapper, gateway = ibapi_client
    # ibapi account_summary_tags.py AllTags spells Reg T "ReqTEquity"/"ReqTMargin"; the answer echoes it
    client.reqAccountSummary(9, "Growth", AccountSummaryTags.AllTags + ",$LEDGER:USD")
    assert wrapper.done["summary"].wait(TIMEOUT)
    rows = {(account, tag, currency): value for _req, account, tag, value, currency in wrapper.summary}
    assert {account for account, _tag, _currency in rows} == {"K1", "K2", "K3"}  # the group Growth's accounts
    assert not [tag for _account, tag, _currency in rows if tag.startswith("RegT")]
    values = gateway.on_engine(lambda engine: engine.account_values("K2"))
    assert rows[("K2", "ReqTEquity", "USD")] == f"{values[AccountTag.REG_T_EQUITY]:f}"
    assert rows[("K2", "ReqTMargin", "USD")] == f"{values[AccountTag.REG_T_MARGIN]:f}"
    assert ("K2", "CashBalance", "USD") in rows and ("K2", "CashBalance", "BASE") not in rows  # $LEDGER:USD only
    client.cancelAccountSummary(9)

    client.reqAccountSummary(10, "NoSuchGroup", "NetLiquidation")
    assert wrapper.done["error"].wait(TIMEOUT)
    assert wrapper.errors[-1][:2] == (10, 321)  # IB "Message Codes" 321: error validating the request


@pytest.mark.parametrize("ibapi_client", [176], indirect=True)
def test_ibapi_reads_a_clients_account_updates_and_every_position(ibapi_client):
    client, wrapper, gateway = ibapi_client
    client.reqAccountUpdates(True, "K1")
    assert wrapper.done["download"].wait(TIMEOUT)
    client.reqPositions()
    assert wrapper.done["positions"].wait(TIMEOUT)
    client.reqAccountUpdates(False, "K1")
    values = {(key, currency): value for key, value, currency, account in wrapper.values if account == "K1"}
    engine_values = gateway.on_engine(lambda engine: engine.account_values("K1"))
    assert values[("NetLiquidation", "USD")] == f"{engine_values[AccountTag.NET_LIQUIDATION]:f}"
    assert values[("AccountCode", "")] == "K1"
    held = gateway.on_engine(lambda engine: {(p.account_id, p.symbol): p.quantity for a in ("K1", "K2", "K3")
                                             for p in engine.positions(a) if p.quantity})
    assert {(account, symbol) for account, symbol, _q, _c in wrapper.portfolio} == {k for k in held if k[0] == "K1"}
    assert {(account, symbol): quantity for account, symbol, quantity, _cost in wrapper.positions} == held
