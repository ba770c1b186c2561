"""The oracles can fail: a message with a wrong field count is caught by the log guard of conftest.py.

ib_async (decoder.Decoder.interpret) logs "Error handling fields" with the exception; ibapi
(decoder.Decoder.interpretWithSignature) logs "diff len fields and params" and drops the message.
"""

from __future__ import annotations

from tests.tws_api.clients import client_error_records, ib_async_decode, ibapi_decode
from workstation.tws_api import outgoing as out
from workstation.tws_api.model import ApiContract


def test_a_short_message_is_logged_by_ib_async_and_dropped_by_ibapi(caplog):
    portfolio = out.update_portfolio(176, ApiContract(symbol="AAPL"), 1, 1.0, 1.0, 1.0, 0.0, 0.0, "U1")
    assert ib_async_decode(portfolio[:-1], 176).calls == []
    assert "Error handling fields" in client_error_records(caplog.records)[0].getMessage()
    caplog.clear()
    value = out.update_account_value(176, "NetLiquidation", "1", "USD", "U1")
    assert ibapi_decode(value[:-1], 176).calls == []
    assert "diff len fields" in client_error_records(caplog.records)[0].getMessage()
    caplog.clear()
