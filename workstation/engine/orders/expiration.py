"""Expiration: contracts past their expiry settle before the next day's trading.

- Futures settle in cash at their final price.
- Index options and futures options settle in cash at intrinsic value.
- Stock and ETF options in the money are exercised (long) or assigned (short) into the
  underlying at the strike, as OCC's automatic exercise does; out of the money they expire
  worthless.
- In a cash account a long option is exercised only as far as the account can pay for the shares
  in full (calls: strike x multiplier of cash each) or deliver shares it holds (puts); the rest
  lapse. IB "reserves the right to prohibit the exercise of stock options ... if the effect of the
  exercise/assignment would be to place the account in margin deficit ... pay for the ensuing long
  stock position in full (in the case of a call exercised in a cash account ...)", and may "allow
  the options to lapse" (IB KB 1767, https://ibkr.info/article/1767; decision D4.3). Assignments
  need no test: a cash account's short calls are covered by shares and its short puts by cash.
"""

from __future__ import annotations

from decimal import Decimal

from workstation.engine.core.instruments import Instrument, InstrumentCatalog, Right, SecType
from workstation.engine.core.terms import AccountType, Action
from workstation.engine.ledger import booking as ledger
from workstation.engine.ledger.accounts import Account
from workstation.engine.messages.events import ContractExpired, Event, PositionSettled
from workstation.engine.orders.book import OrdersState

Sink = list[Event]
ZERO = Decimal(0)


def _physically_settled(instrument: Instrument, catalog: InstrumentCatalog) -> bool:
    underlying = catalog.get(instrument.underlying or "")
    return instrument.sec_type is SecType.OPT and underlying is not None and underlying.sec_type is SecType.STK


def _intrinsic(instrument: Instrument, underlying_price: Decimal) -> Decimal:
    strike = instrument.strike or ZERO
    gain = underlying_price - strike if instrument.right is Right.CALL else strike - underlying_price
    return max(gain, ZERO)


def _exercisable(account: Account, option: Instrument, stock: Instrument, held: Decimal) -> Decimal:
    """How many of a long option's contracts a cash account can exercise: as many as its settled cash pays the
    strike for (calls) or its shares deliver (puts); every contract elsewhere."""
    contracts = abs(held)
    if held < 0 or account.account_type is not AccountType.CASH:
        return contracts
    units = option.multiplier
    if option.right is Right.CALL:
        price = (option.strike or ZERO) * units
        affordable = account.settled_cash_in(stock.currency) // price if price > 0 else contracts
    else:
        affordable = max(account.position_quantity(stock.symbol) * stock.multiplier, ZERO) // units
    return min(contracts, max(affordable, ZERO))


def settle_expired(state: OrdersState, catalog: InstrumentCatalog, sink: Sink) -> None:
    """Settle every contract that expired before today and has not been settled yet."""
    today = state.now.date()
    due = sorted((i for i in catalog if i.is_expired(today) and i.symbol not in state.settled),
                 key=lambda i: (i.sec_type is SecType.FUT, i.symbol))  # options before their futures
    for instrument in due:
        _settle(state, catalog, instrument, sink)


def _settle(state: OrdersState, catalog: InstrumentCatalog, instrument: Instrument, sink: Sink) -> None:
    symbol = instrument.symbol
    if instrument.is_option:
        underlying_price = state.market.last_price(instrument.underlying or "")
        final = _intrinsic(instrument, underlying_price)
    else:
        final = state.market.last_price(symbol)
    state.market.settle(symbol)
    state.settled.add(symbol)
    sink.append(ContractExpired(symbol, final, state.now))
    for account_id in sorted(state.accounts):
        account = state.accounts[account_id]
        position = account.positions.get(symbol)
        if position is None or position.quantity == 0:
            continue
        held = position.quantity
        closing = Action.SELL if held > 0 else Action.BUY
        quantity = abs(held)
        if instrument.is_option and _physically_settled(instrument, catalog) and final > 0:
            kind = "Exercise" if held > 0 else "Assignment"
            exercisable = _exercisable(account, instrument, catalog[instrument.underlying or ""], held)
            if exercisable < quantity:
                lapsed = quantity - exercisable
                ledger.book_execution(account, instrument, closing, lapsed, ZERO, ZERO, instrument.currency, state.now,
                                      sink, reason="Lapse")
                sink.append(PositionSettled(account_id, symbol, lapsed * held / quantity, "Lapse", ZERO, state.now))
                held, quantity = held - lapsed * held / quantity, exercisable
                if not quantity:
                    continue
            ledger.book_execution(account, instrument, closing, quantity, ZERO, ZERO, instrument.currency, state.now,
                                  sink, reason=kind)
            stock = catalog[instrument.underlying or ""]
            buys_stock = (instrument.right is Right.CALL) == (held > 0)
            ledger.book_execution(account, stock, Action.BUY if buys_stock else Action.SELL,
                                  quantity * instrument.multiplier, instrument.strike or ZERO, ZERO, stock.currency,
                                  state.now, sink, reason=kind)
            sink.append(PositionSettled(account_id, symbol, held, kind, instrument.strike or ZERO, state.now))
            continue
        kind = "Expiration" if instrument.is_option and final == 0 else "Cash Settlement"
        ledger.book_execution(account, instrument, closing, quantity, final, ZERO, instrument.currency, state.now, sink,
                              reason=kind)
        sink.append(PositionSettled(account_id, symbol, held, kind, final, state.now))
