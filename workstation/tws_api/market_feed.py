"""The engine's contracts and quotes as the TWS API sends them: contract details, ticks, and one
client's market data lines. Everything here runs on the engine's thread (inside ``link.call`` or an
engine event), except ``send_batch``, which completes a move's messages on the server's loop.

Ticks (IB "Tick Types"): bid 1, ask 2 and last 4 carry their sizes in tickPrice (last size 0: the
engine's quote keeps no size of the last print); high 6, low 7,
close 9 (the prior session's close, as the engine's quote holds it) and open 14 are price-only;
volume 8 is a tickSize. Delayed data (reqMarketDataType 3 or 4) uses the delayed ids 66..76.
A contract the login's account has a subscription for carries its live values under the delayed ids and
marketDataType 3 when a program asks for delayed data; one it has no subscription for carries the engine's
delayed quote (15 minutes late, ``engine.funding.market_data``): a line of such a contract reads the quote
as the account sees it (``Line.account``). Frozen (2, 4) streams too: when the market is closed the
quotes stand still, which is what frozen data is.

Lines: TWS allows 100 market data lines (IB "Market Data Lines"; error 101 beyond). The mock counts
them per client, so that each of several programs can hold its 100.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from workstation.engine import Instrument, SecType
from workstation.engine.market.calendar import EASTERN
from workstation.engine.messages.events import QuotesUpdated
from workstation.tws_api import outgoing
from workstation.tws_api.contracts import ContractBook, contract_book
from workstation.tws_api.model import ApiContract, ApiContractDetails

if TYPE_CHECKING:
    from workstation.engine import Engine
    from workstation.engine.market.quotes import Quote

MAX_LINES = 100
MAX_TICKERS = (101, "Max number of tickers has been reached")
# IB "Message Codes": 354 answers a live-only request (reqMarketDataType 1 or 2) without a subscription; 10167
# (the clients' text, e.g. ib_async and ibapi logs; not in the Campus table, reference §4) tells a program that
# accepted delayed data (3 or 4) that it gets delayed data.
NOT_SUBSCRIBED = (354, "Requested market data is not subscribed. Check API status by selecting the Account menu "
                       "then under Management choose Market Data Subscription Manager and/or availability of "
                       "delayed data.")
DISPLAYING_DELAYED = (10167, "Requested market data is not subscribed. Displaying delayed market data.")
TIME_ZONE_ID = "US/Eastern"  # what TWS sends for US contracts (an IANA alias, so ib_async's ZoneInfo reads it)
ORDER_TYPES = "LMT,MKT,STP,STP LMT"  # the order types the engine executes
HOURS_DAYS = 7  # trading hours are listed for a week from today, as TWS lists them
LIVE, FROZEN, DELAYED, DELAYED_FROZEN = 1, 2, 3, 4

# (field of the quote, live tick type, delayed tick type, size field of the quote or None)
PRICE_TICKS = (
    ("bid", 1, 66, "bid_size"), ("ask", 2, 67, "ask_size"), ("last", 4, 68, None),
    ("high", 6, 72, None), ("low", 7, 73, None), ("close", 9, 75, None), ("open", 14, 76, None),
)
VOLUME_TICK = (8, 74)
_SIDES = frozenset({1, 2, 66, 67})

# ------------------------------------------------------------------------------------------------ contracts


def contract_details(engine: Engine, wanted: ApiContract) -> list[ApiContractDetails]:
    """Every contract of the universe ``wanted`` names, with its details (empty: error 200)."""
    book = contract_book(engine)
    hours = _session_hours(engine)
    return [_details(book, instrument, hours) for instrument in book.matching(wanted)]


def _details(book: ContractBook, instrument: Instrument, hours: tuple[str, str]) -> ApiContractDetails:
    contract = book.contract(instrument)
    details = ApiContractDetails(
        contract=contract, market_name=contract.trading_class, min_tick=float(instrument.tick_size),
        order_types=ORDER_TYPES, valid_exchanges=_valid_exchanges(contract), long_name=instrument.description,
        industry=instrument.sector, time_zone_id=TIME_ZONE_ID, trading_hours=hours[0], liquid_hours=hours[1],
        stock_type=("ETF" if instrument.is_etf else "COMMON") if instrument.sec_type is SecType.STK else "",
        min_size=Decimal(1), size_increment=Decimal(1), suggested_size_increment=Decimal(1))
    if instrument.expiry is not None:
        details.contract_month = instrument.expiry.strftime("%Y%m")
        details.real_expiration_date = instrument.expiry.strftime("%Y%m%d")
    underlying = book.con_ids.get(instrument.underlying or "") if instrument.is_derivative else None
    if underlying is not None:
        under = book.instrument(underlying)
        details.under_con_id = underlying
        details.under_symbol = book.contract(under).symbol if under is not None else ""
        details.under_sec_type = under.sec_type.value if under is not None else ""
    return details


def _valid_exchanges(contract: ApiContract) -> str:
    if contract.exchange == "SMART":
        return f"SMART,{contract.primary_exchange}"
    return contract.exchange


def _session_hours(engine: Engine) -> tuple[str, str]:
    """tradingHours (pre-market open to after-hours close) and liquidHours (the regular session) for a
    week from today, in IB's format ``20250519:0400-20250519:2000;20250520:CLOSED``."""
    today = engine.now.astimezone(EASTERN).date()
    trading, liquid = [], []
    for offset in range(HOURS_DAYS):
        day = today + timedelta(days=offset)
        session = engine.calendar.session_on(day)
        if session is None:
            closed = f"{day:%Y%m%d}:CLOSED"
            trading.append(closed)
            liquid.append(closed)
            continue
        trading.append(_span(session.pre_market_open, session.after_hours_close))
        liquid.append(_span(session.open, session.close))
    return ";".join(trading), ";".join(liquid)


def _span(start: datetime, end: datetime) -> str:
    start, end = start.astimezone(EASTERN), end.astimezone(EASTERN)
    return f"{start:%Y%m%d:%H%M}-{end:%Y%m%d:%H%M}"


# ------------------------------------------------------------------------------------------------ ticks


def quote_ticks(quote: Quote, data_type: int) -> dict[int, tuple[float, Decimal | None]]:
    """The quote as ticks: tick type -> (value, size riding with a price, or None for a tickSize)."""
    delayed = data_type in (DELAYED, DELAYED_FROZEN)
    ticks: dict[int, tuple[float, Decimal | None]] = {}
    for name, live, late, size_name in PRICE_TICKS:
        value = getattr(quote, name)
        size = getattr(quote, size_name) if size_name else Decimal(0)
        ticks[late if delayed else live] = (float(value), size)
    ticks[VOLUME_TICK[1] if delayed else VOLUME_TICK[0]] = (float(quote.volume), None)
    return ticks


def tick_messages(v: int, req_id: int, ticks: dict[int, tuple[float, Decimal | None]]) -> list[list[str]]:
    """tickPrice (with its size) for each price tick, tickSize for volume."""
    messages = []
    for tick_type, (value, size) in ticks.items():
        if size is None:
            messages.append(outgoing.tick_size(v, req_id, tick_type, value))
        elif tick_type in _SIDES and not size:  # an empty side: IB sends price -1, size 0 (IB "Tick Types")
            messages.append(outgoing.tick_price(v, req_id, tick_type, -1.0, Decimal(0)))
        elif value:  # a price never set (no trade yet) is not sent: ib_async would read a zero as a real one
            messages.append(outgoing.tick_price(v, req_id, tick_type, value, size))
    return messages


def opening_messages(v: int, req_id: int, instrument: Instrument, data_type: int) -> list[list[str]]:
    """What every reqMktData answer starts with: tickReqParams, then marketDataType."""
    shown = DELAYED if data_type in (DELAYED, DELAYED_FROZEN) else data_type
    return [outgoing.tick_req_params(v, req_id, float(instrument.tick_size), "", 3),
            outgoing.market_data_type(v, req_id, shown)]


@dataclass
class Line:
    """One streaming subscription: the symbol and the ticks last sent, so only changes go out. ``account``:
    the account whose delayed quote the line carries (None: the live quote, shared by every client's lines)."""

    symbol: str
    data_type: int
    sent: dict[int, tuple[float, Decimal | None]] = field(default_factory=dict)
    account: str | None = None

    @property
    def key(self) -> tuple[str, int, str | None]:
        return self.symbol, self.data_type, self.account


Ticks = dict[int, tuple[float, Decimal | None]]
Encoded = list[tuple[list[str], list[str]]]
"""Tick messages without their request id: (fields before it, fields after it), to share between lines."""
TickBatch = list[tuple[int, Encoded]]
"""The changed ticks of one quote move, per request id: completed with the id on the server's loop."""


def encode_ticks(v: int, ticks: Ticks) -> Encoded:
    """The tick messages of ``ticks`` split around the request id (field 2 of tickPrice and tickSize)."""
    return [(message[:2], message[3:]) for message in tick_messages(v, 0, ticks)]


class _MoveTicks:
    """The ticks of the quotes one QuotesUpdated moved, and what changed since a line's last ticks,
    computed once for every client's lines: after their first move, lines of the same symbol hold
    the same ticks object, so one comparison and one encoding serve them all."""

    def __init__(self) -> None:
        self.event: QuotesUpdated | None = None
        self.ticks: dict[tuple[str, int, str | None], Ticks] = {}
        self.changes: dict[tuple[int, int, int], tuple[Ticks, Encoded]] = {}

    def start(self, event: QuotesUpdated) -> None:
        """A new move: forget the last one's ticks and changes."""
        self.event, self.ticks, self.changes = event, {}, {}

    def of(self, engine: Engine, event: QuotesUpdated, key: tuple[str, int, str | None]) -> Ticks:
        if event is not self.event:
            self.start(event)
        ticks = self.ticks.get(key)
        if ticks is None:
            symbol, data_type, account = key
            quote = engine.quote(symbol) if account is None else engine.quote_seen_by(account, symbol)
            ticks = self.ticks[key] = quote_ticks(quote, data_type)
        return ticks

    def change(self, v: int, sent: Ticks, ticks: Ticks) -> Encoded:
        key = (v, id(sent), id(ticks))
        known = self.changes.get(key)
        if known is None:  # ``sent`` is kept with its change, so its id is not reused during this move
            changed = {tick: value for tick, value in ticks.items() if sent.get(tick) != value}
            known = self.changes[key] = (sent, encode_ticks(v, changed))
        return known[1]


_MOVES: weakref.WeakKeyDictionary[Engine, _MoveTicks] = weakref.WeakKeyDictionary()


def send_batch(batch: TickBatch, send: Callable[[list[str]], None]) -> None:
    """Send a batch of changed ticks, each message completed with its line's request id (on the loop)."""
    for req_id, encoded in batch:
        text = str(req_id)
        for head, tail in encoded:
            send([*head, text, *tail])


class SessionLines:
    """One client's streaming market data lines, kept on the engine's thread.

    One engine subscription serves all of a client's lines: it is opened with the first line and
    closed with the last (or when the client goes). On each quote move ``deliver`` gets the changed
    ticks per line (a :data:`TickBatch`) to hand to the session's loop; the ticks of a moved quote
    are computed once for all clients, and encoding happens on the loop, off the engine's thread."""

    def __init__(self, engine: Engine, server_version: int,
                 deliver: Callable[[TickBatch], None], limit: int = MAX_LINES) -> None:
        self.engine = engine
        self.server_version = server_version
        self.limit = limit
        self._deliver = deliver
        self._lines: dict[int, Line] = {}
        self._unsubscribe: Callable[[], None] | None = None
        moves = _MOVES.get(engine)
        if moves is None:
            moves = _MOVES[engine] = _MoveTicks()
        self._moves = moves

    def __len__(self) -> int:
        return len(self._lines)

    def has(self, req_id: int) -> bool:
        return req_id in self._lines

    def has_room(self) -> bool:
        return len(self._lines) < self.limit

    def open(self, req_id: int, symbol: str, data_type: int, delayed_for: str | None = None) -> list[list[str]]:
        """Start a line (``delayed_for``: the account whose delayed quote it carries); returns its first ticks
        (every value, sent as the line opens)."""
        quote = self.engine.quote(symbol) if delayed_for is None else self.engine.quote_seen_by(delayed_for, symbol)
        line = Line(symbol, data_type, quote_ticks(quote, data_type), delayed_for)
        self._lines[req_id] = line
        if self._unsubscribe is None:
            self._unsubscribe = self.engine.subscribe(self._on_quotes, QuotesUpdated)
        return tick_messages(self.server_version, req_id, line.sent)

    def cancel(self, req_id: int) -> None:
        self._lines.pop(req_id, None)
        if not self._lines:
            self.close()

    def close(self) -> None:
        self._lines.clear()
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def _on_quotes(self, event: QuotesUpdated) -> None:
        moved, moves, v = frozenset(event.symbols), self._moves, self.server_version
        if event is not moves.event:
            moves.start(event)
        known_ticks, known_changes = moves.ticks, moves.changes
        batch: TickBatch = []
        for req_id, line in self._lines.items():  # 800 lines a step: the common path is two dict reads
            if moved and line.symbol not in moved:
                continue
            key = line.key
            ticks = known_ticks.get(key)
            if ticks is None:
                ticks = moves.of(self.engine, event, key)
            sent = line.sent
            if ticks is sent:
                continue
            known = known_changes.get((v, id(sent), id(ticks)))
            encoded = known[1] if known is not None else moves.change(v, sent, ticks)
            line.sent = ticks
            if encoded:
                batch.append((req_id, encoded))
        if batch:
            self._deliver(batch)
