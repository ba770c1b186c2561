"""Market data lines on the engine's thread, without sockets: every client's line gets the ticks that
changed, with its own request id, and one engine subscription per client ends with its last line.
Tick layouts: tickPrice [1, 6, reqId, tickType, price, size, attrMask] and tickSize [2, 6, reqId,
tickType, size] (reference §4.3; ib_async decoder.py priceSizeTick, ibapi decoder.py processTickPriceMsg)."""

from __future__ import annotations

from decimal import Decimal

from tests.tws_api.conftest import ADVISOR_SCENARIO
from workstation.engine import SetPrice
from workstation.testing import _engine
from workstation.tws_api.market_feed import LIVE, SessionLines, TickBatch, send_batch, tick_messages


def test_each_clients_lines_get_the_changed_ticks_under_their_own_request_ids():
    engine, _login = _engine(ADVISOR_SCENARIO, None, None)
    batches: list[list[TickBatch]] = [[], []]
    first = SessionLines(engine, 157, batches[0].append)
    second = SessionLines(engine, 178, batches[1].append)
    opened = first.open(5, "AAPL", LIVE)
    second.open(9, "AAPL", LIVE)
    second.open(10, "MSFT", LIVE)
    assert {message[3] for message in opened} == {"1", "2", "4", "6", "7", "9", "14", "8"}

    engine.execute(SetPrice("AAPL", Decimal("250.00")))
    engine.execute(SetPrice("AAPL", Decimal("251.00")))
    sent: list[list[list[str]]] = [[], []]
    for client in (0, 1):
        for batch in batches[client]:
            send_batch(batch, sent[client].append)
    lasts = [[m for m in messages if m[:2] == ["1", "6"] and m[3] == "4"] for messages in sent]
    assert [(m[2], m[4]) for m in lasts[0]] == [("5", "250.0"), ("5", "251.0")]
    assert [(m[2], m[4]) for m in lasts[1]] == [("9", "250.0"), ("9", "251.0")]
    assert not [m for m in sent[1] if m[2] == "10"]  # MSFT did not move
    assert not [m for m in sent[0] if m[3] == "9"]  # nor did the prior close

    subscribed = len(engine._subscribers)  # noqa: SLF001 - the engine's own list
    second.cancel(9)
    assert len(engine._subscribers) == subscribed  # noqa: SLF001 - MSFT's line still open
    second.cancel(10)
    first.close()
    assert len(engine._subscribers) == subscribed - 2  # noqa: SLF001


def test_an_empty_side_is_sent_as_price_minus_one_and_an_unset_price_not_at_all():
    # IB "Tick Types": a bid or ask with no size is price -1, size 0 (ib_async wrapper.py priceSizeTick
    # then shows the side empty); a last price of 0 (nothing traded) would be read as a real price.
    messages = tick_messages(176, 3, {1: (0.0, Decimal(0)), 2: (10.5, Decimal(200)), 4: (0.0, Decimal(0))})
    assert messages == [["1", "6", "3", "1", "-1.0", "0", "0"], ["1", "6", "3", "2", "10.5", "200", "0"]]
