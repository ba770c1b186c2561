"""Market requests: contract details, market data (streaming and snapshots), market data type and
historical bars (reference §4.2-§4.4).

A contract the login's account has no market data subscription for is answered 354 when the program asked
for live data only (reqMarketDataType 1 or 2), else with marketDataType 3, the notice 10167 and the
engine's delayed quote under the delayed tick types (``market_feed``).
A contract is found with the engine's :class:`~workstation.tws_api.contracts.ContractBook` (200 when
nothing matches). reqMktData answers tickReqParams and marketDataType, then every value of the quote;
a snapshot ends with tickSnapshotEnd, a streaming line then follows the engine's QuotesUpdated and
sends only the ticks whose value changed (``market_feed``), until cancelMktData or the client goes.
The client's lines and the engine subscription live on the engine's thread. genericTickList is not
read (no generic ticks are served); a regulatory snapshot is served as a snapshot.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from workstation.tws_api import outgoing
from workstation.tws_api.handlers import handles
from workstation.tws_api.history import Bars, HistoryRefused, HistoryRequest, history
from workstation.tws_api.incoming import (
    CancelHistoricalData,
    CancelMktData,
    ReqContractDetails,
    ReqHistoricalData,
    ReqMarketDataType,
    ReqMktData,
)
from workstation.tws_api.market_feed import (
    DELAYED,
    DELAYED_FROZEN,
    DISPLAYING_DELAYED,
    FROZEN,
    LIVE,
    MAX_TICKERS,
    NOT_SUBSCRIBED,
    SessionLines,
    TickBatch,
    contract_book,
    contract_details,
    opening_messages,
    quote_ticks,
    send_batch,
    tick_messages,
)
from workstation.tws_api.replies import NO_SECURITY

if TYPE_CHECKING:
    from workstation.engine import Engine, Instrument
    from workstation.tws_api.model import ApiContract
    from workstation.tws_api.session import Session

DUPLICATE_TICKER = 322  # IB "Error processing request": the ticker id is in use
MARKET_DATA_TYPES = (1, 2, 3, 4)


@dataclass
class MarketState:
    """A session's market data: the type it asked for and its lines (made on the engine's thread)."""

    data_type: int = LIVE
    lines: SessionLines | None = None


_STATES: weakref.WeakKeyDictionary[Session, MarketState] = weakref.WeakKeyDictionary()


def _state(session: Session) -> MarketState:
    state = _STATES.get(session)
    if state is None:
        state = _STATES[session] = MarketState()

        def close_lines(adapter: Any) -> None:
            if state.lines is not None:
                state.lines.close()

        def closed() -> None:
            _STATES.pop(session, None)  # the state's lines hold the session: drop them with it
            session.host.link.call(close_lines)

        session.on_close(closed)
    return state


def _engine(adapter: Any) -> Engine:
    return adapter.engine


def _send_all(session: Session, messages: list[list[str]]) -> None:
    for message in messages:
        session.send(message)


def _one(engine: Engine, wanted: ApiContract) -> Instrument | tuple[int, str]:
    """The one instrument a market request names, or the error that answers it."""
    found = contract_book(engine).matching(wanted)
    if len(found) == 1:
        return found[0]
    if not found:
        return NO_SECURITY
    return NO_SECURITY[0], f"The contract description specified for {wanted.symbol or wanted.local_symbol} is " \
                          f"ambiguous ({len(found)} contracts match)"


# ------------------------------------------------------------------------------------------------ contracts


@handles(ReqContractDetails)
async def req_contract_details(session: Session, request: ReqContractDetails) -> None:
    found = await session.host.link.call(lambda adapter: contract_details(_engine(adapter), request.contract))
    if not found:
        session.send_error(request.req_id, *NO_SECURITY)
        return
    v = session.server_version
    for details in found:
        session.send(outgoing.contract_details(v, request.req_id, details))
    session.send(outgoing.contract_details_end(v, request.req_id))


# ------------------------------------------------------------------------------------------------ market data


@handles(ReqMarketDataType)
def req_market_data_type(session: Session, request: ReqMarketDataType) -> None:
    if request.market_data_type not in MARKET_DATA_TYPES:
        session.send_error(-1, 321, f"Error validating request.-'bA' : cause - Invalid market data type "
                                    f"{request.market_data_type} (1 live, 2 frozen, 3 delayed, 4 delayed frozen)")
        return
    _state(session).data_type = int(request.market_data_type)
    session.send(outgoing.market_data_type(session.server_version, -1, int(request.market_data_type)))


@handles(ReqMktData)
async def req_mkt_data(session: Session, request: ReqMktData) -> None:
    state, link, v, req_id = _state(session), session.host.link, session.server_version, request.req_id
    data_type = state.data_type

    def deliver(batch: TickBatch) -> None:
        link.publish(send_batch, batch, session.send)

    def answer(adapter: Any) -> tuple[int, str] | list[list[str]]:
        engine = _engine(adapter)
        instrument = _one(engine, request.contract)
        if isinstance(instrument, tuple):
            return instrument
        login = getattr(adapter, "login", None)
        delayed_for = login if login is not None and engine.market_data_type(login, instrument.symbol) in (
            DELAYED, DELAYED_FROZEN) else None
        if delayed_for is not None and data_type in (LIVE, FROZEN):
            return NOT_SUBSCRIBED  # the program asked for live data only
        opening = opening_messages(v, req_id, instrument, data_type)
        if delayed_for is not None:
            opening.append(outgoing.error_message(v, req_id, *DISPLAYING_DELAYED))
        if request.snapshot or request.regulatory_snapshot:
            quote = engine.quote_seen_by(delayed_for, instrument.symbol)
            ticks = quote_ticks(quote, data_type)
            return [*opening, *tick_messages(v, req_id, ticks), outgoing.tick_snapshot_end(v, req_id)]
        if state.lines is None:
            state.lines = SessionLines(engine, v, deliver)
        if state.lines.has(req_id):
            return DUPLICATE_TICKER, f"Error processing request.-'bd' : cause - Duplicate ticker id {req_id}"
        if not state.lines.has_room():
            return MAX_TICKERS[0], f"{MAX_TICKERS[1]} (max={state.lines.limit})"
        # Published, not returned: a quote move right after the line opens is published too, and the
        # loop runs published callbacks in order, while a returned result waits a turn for the handler
        # to resume; the first values must reach the client before the changes that follow them.
        link.publish(_send_all, session, [*opening, *state.lines.open(req_id, instrument.symbol, data_type,
                                                                      delayed_for)])
        return []

    answered = await link.call(answer)
    if isinstance(answered, tuple):
        session.send_error(req_id, *answered)
        return
    _send_all(session, answered)


@handles(CancelMktData)
async def cancel_mkt_data(session: Session, request: CancelMktData) -> None:
    state = _state(session)

    def cancel(_adapter: Any) -> None:
        if state.lines is not None:
            state.lines.cancel(request.req_id)

    await session.host.link.call(cancel)


# ------------------------------------------------------------------------------------------------ history


@handles(ReqHistoricalData)
async def req_historical_data(session: Session, request: ReqHistoricalData) -> None:
    def read(adapter: Any) -> tuple[int, str] | tuple[HistoryRequest, Bars, Any]:
        engine = _engine(adapter)
        instrument = _one(engine, request.contract)
        if isinstance(instrument, tuple):
            return instrument
        try:
            wanted = HistoryRequest.read(request.bar_size, request.duration, request.end_date_time, request.use_rth,
                                         request.what_to_show, request.format_date, engine.now)
        except HistoryRefused as refused:
            return refused.code, refused.text
        bars = engine.bars(instrument.symbol)
        copy = Bars(bars.time.copy(), bars.open.copy(), bars.high.copy(), bars.low.copy(), bars.close.copy(),
                    bars.volume.copy())
        return wanted, copy, engine.calendar

    answered = await session.host.link.call(read)
    if isinstance(answered[0], int):
        session.send_error(request.req_id, *answered)  # type: ignore[arg-type]
        return
    wanted, bars, calendar = answered
    start, end, out = history(bars, wanted, calendar)
    session.send(outgoing.historical_data(session.server_version, request.req_id, start, end, out))


@handles(CancelHistoricalData)
def cancel_historical_data(_session: Session, _request: CancelHistoricalData) -> None:
    """Every history request is answered at once: there is nothing left to cancel."""
