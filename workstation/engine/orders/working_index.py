"""Working orders indexed by contract and trigger price, so a market step looks only at the orders the
quotes can move (or the session releases or holds), not at every resting order on the desk.

Each working order is filed by what working it could do:

- a resting limit order (Submitted, a limit or a triggered stop limit, not IOC): by contract, side and
  limit price; it can trade only once the touch reaches its limit (a buy's ask at or under it, a
  sell's bid at or over it), so a sorted list per side gives exactly those orders;
- a stop waiting for its trigger (PreSubmitted, not triggered): by contract, side and stop price; it
  acts only once the last trade reaches the stop (from below for a buy, from above for a sell);
- an order held until it may trade (PreSubmitted, not waiting for a stop): released as soon as the
  session lets it trade (regular hours, or extended hours for an order allowed outside them);
- anything else (market orders still filling, combos, mutual funds, IOC, an order between statuses):
  looked at every time, as before;
- a combo's legs: never (the combo works them).

Each file is kept apart for orders allowed outside regular hours, since the session decides whether
an order may trade at all: one that may not is left alone while held (or waiting for its stop), and
worked once to be held while still Submitted.

The index is derived, never state: built from ``working`` when first used (a new engine, one from a
snapshot), and told of every change of an order's status, which is where every change that could
move an order between files happens (placement, modification, a trigger, a fill, a cancel). Orders
that are due are returned in ``working``'s order, which is time priority, so fills are identical to
working every order in turn: fills only take displayed size, and a quote's prices do not move while
the orders are worked, so an order the quote did not reach cannot become fillable during the pass.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable
from decimal import Decimal

from workstation.engine.core.terms import Action, MarketState, OrderStatus, TimeInForce
from workstation.engine.market.quotes import Quote
from workstation.engine.orders.order import Order

_LIMIT_BUY, _LIMIT_SELL, _STOP_BUY, _STOP_SELL, _HELD = range(5)
_ALWAYS = -1
_NEVER = -2
_EXTENDED_HOURS = (MarketState.PRE_MARKET, MarketState.AFTER_HOURS)
_PAST_EVERY_ID = 1 << 62  # sorts after every order id at the same price
Filed = tuple[int, str, Decimal, bool]  # (file, contract, price, outside regular hours)


class WorkingIndex:
    """Working orders by (contract, file) and price; ``is_fund(symbol)`` keeps fund orders looked at."""

    def __init__(self, is_fund: Callable[[str], bool]) -> None:
        self._is_fund = is_fund
        self._fund: dict[str, bool] = {}  # symbol -> is_fund(symbol): asked once per contract, not per change
        self._source: dict[int, Order] | None = None
        self._filed: dict[int, Filed] = {}
        self._arrival: dict[int, int] = {}  # order id -> its place in ``working`` (time priority)
        self._arrivals = 0
        self._always: dict[int, None] = {}
        self._held: dict[bool, dict[int, None]] = {False: {}, True: {}}  # by outside regular hours
        self._books: dict[tuple[str, int, bool], list[tuple[Decimal, int]]] = {}

    def _classify(self, order: Order) -> Filed:
        outside = order.outside_rth
        if order.parent_id is not None:
            return (_NEVER, "", Decimal(0), outside)
        if order.combo is not None or order.tif is TimeInForce.IOC or self._fund_order(order.symbol):
            return (_ALWAYS, "", Decimal(0), outside)
        buy = order.action is Action.BUY
        waiting_for_stop = order.is_stop and not order.triggered
        if order.status is OrderStatus.SUBMITTED and order.order_type.takes_limit and order.lmt_price is not None \
                and not waiting_for_stop:
            return (_LIMIT_BUY if buy else _LIMIT_SELL, order.symbol, order.lmt_price, outside)
        if order.status is OrderStatus.PRE_SUBMITTED and waiting_for_stop and order.aux_price is not None:
            return (_STOP_BUY if buy else _STOP_SELL, order.symbol, order.aux_price, outside)
        if order.status is OrderStatus.PRE_SUBMITTED and not waiting_for_stop:
            return (_HELD, "", Decimal(0), outside)
        return (_ALWAYS, "", Decimal(0), outside)

    def _fund_order(self, symbol: str) -> bool:
        fund = self._fund.get(symbol)
        if fund is None:
            fund = self._fund[symbol] = self._is_fund(symbol)
        return fund

    def _file(self, order: Order, filed: Filed | None = None) -> None:
        filed = self._filed[order.order_id] = filed or self._classify(order)
        kind, symbol, price, outside = filed
        if kind == _ALWAYS:
            self._always[order.order_id] = None
        elif kind == _HELD:
            self._held[outside][order.order_id] = None
        elif kind != _NEVER:
            insort(self._books.setdefault((symbol, kind, outside), []), (price, order.order_id))

    def _unfile(self, order_id: int) -> None:
        kind, symbol, price, outside = self._filed.pop(order_id)
        if kind == _ALWAYS:
            del self._always[order_id]
        elif kind == _HELD:
            del self._held[outside][order_id]
        elif kind != _NEVER:
            book = self._books[(symbol, kind, outside)]
            del book[bisect_left(book, (price, order_id))]
            if not book:
                del self._books[(symbol, kind, outside)]

    def _sync(self, working: dict[int, Order]) -> None:
        """Build the index from ``working`` when it is not the one indexed, or no longer matches it."""
        if self._source is working and len(self._filed) == len(working):
            return
        self._source = working
        self._filed.clear()
        self._always.clear()
        self._held = {False: {}, True: {}}
        self._books.clear()
        self._arrival.clear()
        for order in working.values():
            self._arrive(order)

    def _arrive(self, order: Order) -> None:
        self._arrival[order.order_id] = self._arrivals
        self._arrivals += 1
        self._file(order)

    def changed(self, working: dict[int, Order], order: Order) -> None:
        """``order``'s status changed (it was placed, modified, triggered, filled, cancelled...)."""
        if self._source is not working:
            self._sync(working)  # files ``order`` as it is now, with every other working order
            return
        filed = self._filed.get(order.order_id)
        if filed is not None:
            if order.order_id in working:
                refiled = self._classify(order)
                if refiled == filed:
                    return  # same file (a market order going Submitted, a partial fill): nothing moves
                self._unfile(order.order_id)
                self._file(order, refiled)
            else:
                self._unfile(order.order_id)
                del self._arrival[order.order_id]
        elif order.order_id in working:
            self._arrive(order)

    def due(self, working: dict[int, Order], quote_of: Callable[[str], Quote], market: MarketState) -> list[Order]:
        """The working orders a market pass could change, in time priority: every order looked at
        always; of those that may trade now (every one in regular hours, those allowed outside them in
        the pre-market and after hours), the held ones (to be released), the limit orders the touch
        reaches and the stops the last trade reaches; of those that may not, the limit orders still
        Submitted (to be held). A held order that may not trade, or a stop that may not trigger, is
        left as it is, as working it would leave it."""
        self._sync(working)
        due = list(self._always)

        def may_trade(outside: bool) -> bool:
            return market is MarketState.OPEN or (outside and market in _EXTENDED_HOURS)

        for outside, held in self._held.items():
            if may_trade(outside):
                due.extend(held)
        for (symbol, kind, outside), book in self._books.items():
            if not may_trade(outside):
                if kind in (_LIMIT_BUY, _LIMIT_SELL):
                    due.extend(order_id for _, order_id in book)
                continue
            quote = quote_of(symbol)
            if kind == _LIMIT_BUY:
                if quote.ask > 0 and quote.ask_size > 0:
                    due.extend(order_id for _, order_id in book[bisect_left(book, (quote.ask, -1)):])
            elif kind == _LIMIT_SELL:
                if quote.bid > 0 and quote.bid_size > 0:
                    due.extend(order_id for _, order_id in book[:bisect_right(book, (quote.bid, _PAST_EVERY_ID))])
            elif kind == _STOP_BUY:
                due.extend(order_id for _, order_id in book[:bisect_right(book, (quote.last, _PAST_EVERY_ID))])
            else:
                due.extend(order_id for _, order_id in book[bisect_left(book, (quote.last, -1)):])
        due.sort(key=self._arrival.__getitem__)
        return [working[order_id] for order_id in due]
