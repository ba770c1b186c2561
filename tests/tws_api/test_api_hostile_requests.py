"""Malformed and hostile requests end in RequestError naming the request and field, never another exception.

Short, extra, non-numeric fields and huge repeat counts (legs, conditions, algo params) are tried on real
requests captured from ib_async (client.placeOrder, client.reqMktData); arbitrary field lists must either
parse or raise RequestError. A count of 10**9 is refused before any loop or allocation.
"""

from __future__ import annotations

import contextlib
import tracemalloc

import ib_async
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.tws_api.clients import ib_async_requests
from workstation.tws_api.fields import RequestError, UnknownRequest
from workstation.tws_api.incoming import REQUESTS, parse_request

V = 176
SPREAD = ib_async.Contract(
    symbol="AAPL", secType="BAG", exchange="SMART", currency="USD",
    comboLegs=[ib_async.ComboLeg(conId=265598, ratio=1, action="BUY", exchange="SMART"),
               ib_async.ComboLeg(conId=272093, ratio=1, action="SELL", exchange="SMART")])


def spread_order_fields() -> list[str]:
    """A BAG limit order with an algo and a price condition whose exchange is the marker "MARKER"."""
    order = ib_async.LimitOrder("BUY", 1, 1.25, algoStrategy="Adaptive",
                                algoParams=[ib_async.TagValue("adaptivePriority", "Normal")],
                                conditions=[ib_async.PriceCondition(price=200.0, conId=265598, exch="MARKER")])
    (fields,) = ib_async_requests(V, lambda c: c.placeOrder(31, SPREAD, order))
    parse_request(fields, V)  # the untouched request is valid
    return fields


def refused(fields: list[str]) -> RequestError:
    with pytest.raises(RequestError) as caught:
        parse_request(fields, V)
    return caught.value


def test_every_truncation_of_a_request_is_refused_as_too_short():
    fields = spread_order_fields()
    for length in range(1, len(fields)):
        error = refused(fields[:length])
        assert error.message == "placeOrder"
        assert "too short" in error.problem or "exceeds" in error.problem  # a count checked against what is left


def test_an_extra_field_is_refused():
    error = refused([*spread_order_fields(), "surplus"])
    assert (error.message, error.field) == ("placeOrder", None) and "extra" in str(error)
    assert "extra" in str(refused(["49", "1", "surplus"]))


def test_a_non_numeric_field_names_the_request_and_the_field():
    fields = spread_order_fields()
    fields[19] = "cheap"  # lmtPrice: id, orderId, 12 contract fields, secIdType, secId, action, qty, type
    error = refused(fields)
    assert (error.message, error.field) == ("placeOrder", "lmtPrice") and "'cheap'" in str(error)
    assert refused(["8", "1", "many"]).field == "numIds"
    assert refused(["6", "2", "maybe", "U1"]).field == "subscribe"
    assert refused(["62", "1", "", "All", "NetLiquidation"]).field == "reqId"  # a request id must be present


@pytest.mark.parametrize("count_at", ["legs", "conditions", "algo_params"])
def test_a_count_of_a_billion_is_refused_without_allocating(count_at):
    fields = spread_order_fields()
    marker = fields.index("MARKER")
    index = {"legs": 35, "conditions": marker - 6, "algo_params": fields.index("Adaptive") + 1}[count_at]
    assert fields[index] in {"2", "1"}
    fields[index] = str(10**9)
    tracemalloc.start()
    try:
        error = refused(fields)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "exceeds" in error.problem and peak < 1_000_000


def test_a_market_data_leg_count_of_a_billion_and_a_huge_number_are_refused():
    (fields,) = ib_async_requests(V, lambda c: c.reqMktData(5, SPREAD, "", False, False, []))
    assert fields[15] == "2"  # id, version, reqId, 12 contract fields, then the leg count
    fields[15] = str(10**9)
    assert refused(fields).field == "comboLegsCount"
    fields[15] = "9" * 5000  # int() of this would raise ValueError beyond 4300 digits; we refuse it first
    assert refused(fields).field == "comboLegsCount"
    fields[15] = "-3"
    assert refused(fields).field == "comboLegsCount"


def test_unknown_empty_and_garbled_message_ids():
    with pytest.raises(UnknownRequest):
        parse_request(["12", "1", "1"], V)  # reqNewsBulletins: not served
    assert refused([]).field == "msgId"
    assert refused(["API"]).field == "msgId"
    assert refused(["9" * 100]).field == "msgId"
    assert refused(["\u00b2", "1"]).field == "msgId"  # a digit to str.isdigit, not to int()


def test_an_unknown_condition_type_is_refused():
    fields = spread_order_fields()
    # condType, conjunction, isMore, price, conId, exch (ib_async order.py PriceCondition)
    fields[fields.index("MARKER") - 5] = "2"  # condType 2 does not exist
    assert refused(fields).field == "conditionType"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(msg_id=st.sampled_from(sorted(REQUESTS)), body=st.lists(
    st.one_of(st.sampled_from(["", "0", "1", "-1", "BAG", "PEG BENCH", "1e400", "nan", "Infinite", "99999999999"]),
              st.text(max_size=8)), max_size=60))
def test_arbitrary_fields_either_parse_or_raise_request_error(msg_id, body):
    with contextlib.suppress(RequestError):
        parse_request([str(msg_id), *body], V)
