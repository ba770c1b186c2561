"""Booking: accounts opened, executions turned into cash and position entries.

Each function validates nothing and appends the events it caused to ``sink``; validation is the
caller's job and happens before any booking, so a command is applied whole or not at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import NamedTuple

from workstation.engine.core.errors import FieldValueError, Rejection
from workstation.engine.core.instruments import Instrument, InstrumentCatalog, SecType
from workstation.engine.core.money import ZERO
from workstation.engine.core.terms import AccountType, Action
from workstation.engine.ledger.accounts import Account, FillEffect, Permission, Position, Restriction, apply_fill
from workstation.engine.ledger.book import LedgerState
from workstation.engine.ledger.settlement import follow_trade, owe, take_back
from workstation.engine.ledger.valuation import FxRates
from workstation.engine.messages.commands import OpenAccount, SeedPosition
from workstation.engine.messages.events import AccountOpened, CashBooked, Event, PositionChanged

Sink = list[Event]


_LARGEST_AMOUNT = Decimal("1e12")


def validate_open_account(state: LedgerState, catalog: InstrumentCatalog, fx: FxRates,
                          command: OpenAccount) -> frozenset[Permission] | None:
    """Check an OpenAccount command; returns the parsed permissions (None: the defaults)."""
    account_id = command.account_id
    if not account_id or account_id != account_id.strip():
        raise Rejection("INVALID_ACCOUNT_ID", "account_id", f"{account_id!r} must be non-empty with no outer spaces")
    if account_id in state.accounts:
        raise Rejection("DUPLICATE_ACCOUNT", "account_id", f"{account_id} already exists")
    base = command.base_currency
    if not _is_currency_code(base) or not fx.can_convert("USD", base):
        raise Rejection("INVALID_CURRENCY", "base_currency", f"{base!r} is not a currency this market can value")
    for field_name in ("advisor", "parent"):
        linked = getattr(command, field_name)
        if linked is not None and linked not in state.accounts:
            raise Rejection("UNKNOWN_ACCOUNT", field_name, f"account {linked} does not exist")
    if command.advisor is not None and not state.accounts[command.advisor].is_advisor:
        raise Rejection("NOT_AN_ADVISOR", "advisor", f"{command.advisor} is not an advisor master account")
    if command.holder is not None:
        _check_holder(state, command)
    is_cash = command.account_type is AccountType.CASH
    if command.account_type is AccountType.ADVISOR and command.positions:
        raise Rejection("ADVISOR_HOLDS_NO_POSITIONS", "positions", f"advisor master {account_id} cannot hold positions")
    currencies = [currency for currency, _ in command.cash]
    if len(set(currencies)) != len(currencies):
        raise Rejection("INVALID_CURRENCY", "cash", "a currency is listed twice")
    for currency, amount in command.cash:
        if not _is_currency_code(currency) or not fx.can_convert(currency, base):
            raise Rejection("INVALID_CURRENCY", "cash", f"{currency!r} has no FX pair to value it in {base}")
        if abs(amount) >= _LARGEST_AMOUNT:
            raise Rejection("INVALID_AMOUNT", f"cash.{currency}", f"{amount} is too large")
        if is_cash and amount < 0:
            raise Rejection("INVALID_AMOUNT", f"cash.{currency}", "a cash account cannot open with a debit balance")
    symbols = [seed.symbol for seed in command.positions]
    if len(set(symbols)) != len(symbols):
        raise Rejection("INVALID_POSITION", "positions.symbol", "a contract is listed twice")
    for seed in command.positions:
        _check_seed_position(catalog, fx, base, is_cash, seed, state.now.date())
    known = {r.value for r in Restriction}
    for restriction in command.restrictions:
        if restriction not in known:
            raise Rejection("INVALID_RESTRICTION",
                            "restrictions", f"{restriction!r} is not one of {', '.join(sorted(known))}")
    if command.permissions is None:
        return None
    try:
        return frozenset(Permission.parse(p) for p in command.permissions)
    except FieldValueError as error:
        raise Rejection("INVALID_PERMISSION", error.field, error.message) from None


def _is_currency_code(text: str) -> bool:
    return len(text) == 3 and text.isalpha() and text.isupper()


def _check_seed_position(catalog: InstrumentCatalog, fx: FxRates, base: str, is_cash: bool, seed: SeedPosition,
                         today: date) -> None:
    instrument = catalog.get(seed.symbol)
    if instrument is None or not instrument.tradable:
        raise Rejection("UNKNOWN_CONTRACT", "positions.symbol", f"{seed.symbol!r} is not a tradable contract")
    if instrument.is_expired(today):
        raise Rejection("CONTRACT_EXPIRED", "positions.symbol", f"{seed.symbol} expired on {instrument.expiry}")
    if instrument.sec_type is SecType.CASH:
        raise Rejection("INVALID_POSITION", "positions.symbol", f"{seed.symbol} is an FX pair; hold currency as cash")
    if not fx.can_convert(instrument.currency, base):
        raise Rejection("INVALID_POSITION", "positions.symbol", f"{seed.symbol} trades in {instrument.currency}, "
                        f"which cannot be valued in {base}")
    if seed.quantity == 0 or seed.quantity % 1 or abs(seed.quantity) >= _LARGEST_AMOUNT:
        raise Rejection("INVALID_QUANTITY", "positions.quantity", f"{seed.symbol} needs a whole, non-zero quantity")
    if seed.avg_cost < 0 or seed.avg_cost >= _LARGEST_AMOUNT:
        raise Rejection("INVALID_PRICE",
                        "positions.avg_cost", f"{seed.symbol} average cost {seed.avg_cost} is out of range")
    if is_cash and (seed.quantity < 0 or instrument.sec_type in (SecType.FUT, SecType.FOP)):
        raise Rejection("INVALID_POSITION", "positions.symbol", f"a cash account cannot hold {seed.symbol} "
                        f"{'short' if seed.quantity < 0 else 'futures'}")


def _check_holder(state: LedgerState, command: OpenAccount) -> None:
    """A held account belongs to an individual customer: the holder is an individual account that
    is its own holder, and neither side is an advisor master or a partition."""
    holder = state.accounts.get(command.holder or "")
    if holder is None:
        raise Rejection("UNKNOWN_ACCOUNT", "holder", f"account {command.holder} does not exist")
    if holder.is_advisor or holder.parent is not None or holder.holder is not None:
        raise Rejection("INVALID_HOLDER", "holder", f"{command.holder} is not an individual account holding its own "
                        "login (an advisor master, a partition or an account held by another)")
    if command.account_type is AccountType.ADVISOR or command.parent is not None:
        raise Rejection("INVALID_HOLDER", "holder", f"{command.account_id} is an advisor master or a partition, "
                        "which no individual login holds")


OPENING_BALANCE = "Opening balance"  # the reason of an account's first deposits


def open_account(state: LedgerState, command: OpenAccount, permissions: frozenset[Permission] | None,
                 now: datetime, sink: Sink) -> Account:
    account = Account(command.account_id, command.account_type, command.base_currency,
                      advisor=command.advisor, parent=command.parent, holder=command.holder,
                      restrictions=frozenset(Restriction(r) for r in command.restrictions),
                      holder_name=command.holder_name.strip(), paper=command.paper, paper_of=command.paper_of)
    if permissions is not None:
        account.permissions = permissions
    state.accounts[account.account_id] = account
    sink.append(AccountOpened(account.account_id, account.account_type, account.base_currency,
                              tuple(sorted(str(p) for p in account.permissions)), account.advisor, account.parent,
                              tuple(sorted(r.value for r in account.restrictions))))
    for currency, amount in command.cash:
        book_cash(account, currency, amount, OPENING_BALANCE, now, sink)
    for seed in command.positions:
        position = Position(seed.symbol, seed.quantity, seed.avg_cost, seed.avg_cost)
        account.positions[seed.symbol] = position
        account.revision += 1
        sink.append(PositionChanged(account.account_id, seed.symbol, position.quantity, position.avg_cost,
                                    position.realized_pnl))
    return account


def book_cash(account: Account, currency: str, amount: Decimal, reason: str, now: datetime, sink: Sink) -> None:
    balance = account.cash.get(currency, Decimal(0)) + amount
    account.cash[currency] = balance
    account.revision += 1
    sink.append(CashBooked(account.account_id, currency, amount, balance, reason, now))


def book_execution(account: Account, instrument: Instrument, action: Action, quantity: Decimal, price: Decimal,
                   commission: Decimal, commission_currency: str, now: datetime, sink: Sink,
                   reason: str = "") -> FillEffect:
    """Post one execution (or an exercise, assignment or settlement, named by ``reason``) to the
    account's cash and position; returns what it did to the position (realized P&L, units closed)."""
    signed = quantity if action is Action.BUY else -quantity
    label = f"{reason}{' ' if reason else ''}{action.value} {quantity.normalize():f} {instrument.symbol} @ {price}"
    if commission:
        book_cash(account, commission_currency, -commission, f"Commission {label}", now, sink)
    if instrument.sec_type is SecType.CASH:
        # FX: the pair is two cash balances, never a position; the currency bought settles later.
        book_cash(account, instrument.underlying or "", signed, label, now, sink)
        book_cash(account, instrument.currency, -signed * price, label, now, sink)
        if signed > 0:
            owe(account, instrument, instrument.underlying or "", signed, now)
        else:
            owe(account, instrument, instrument.currency, -signed * price, now)
        return FillEffect(Decimal(0), Decimal(0))
    position = account.positions.get(instrument.symbol)
    if position is None:
        position = account.positions[instrument.symbol] = Position(instrument.symbol)
    effect = apply_fill(position, signed, price, commission, instrument.multiplier)
    if instrument.sec_type is SecType.FUT:
        # Futures exchange no premium; only the gain on the closed part moves cash.
        if effect.price_pnl:
            book_cash(account, instrument.currency, effect.price_pnl, f"Futures P&L {label}", now, sink)
    else:
        amount = -signed * price * instrument.multiplier
        book_cash(account, instrument.currency, amount, label, now, sink)
        owe(account, instrument, instrument.currency, amount, now)
        follow_trade(account, instrument, signed > 0, -amount, now, abs(signed))
    account.revision += 1
    sink.append(PositionChanged(account.account_id, instrument.symbol, position.quantity, position.avg_cost,
                                position.realized_pnl, signed, price))
    if position.quantity == 0 and position.realized_pnl == 0:
        del account.positions[instrument.symbol]
    return effect


class BookedParts(NamedTuple):
    """What booking many accounts' parts of one execution did: the realized P&L of them all (summed
    in booking order), the parts that closed a position (by index, with what the fill did) and the
    cash each part's trade moved in the contract's currency."""

    realized: Decimal
    closed: list[tuple[int, FillEffect]]
    cash: list[Decimal]


def book_executions(accounts: Sequence[Account], instrument: Instrument, action: Action, quantities: Sequence[Decimal],
                    price: Decimal, commissions: Sequence[Decimal], commission_currency: str, now: datetime,
                    sink: Sink) -> BookedParts:
    """``book_execution`` of many accounts' parts of one execution, in one loop: the same entries
    and events, account by account, with the fill, its cash and its labels worked out once per
    group of alike accounts (below). Keeps only the effects of the parts that closed a position."""
    realized = Decimal(0)
    closed: list[tuple[int, FillEffect]] = []
    if instrument.sec_type is SecType.CASH:
        for i, (account, quantity, commission) in enumerate(zip(accounts, quantities, commissions, strict=True)):
            effect = book_execution(account, instrument, action, quantity, price, commission, commission_currency,
                                    now, sink)
            realized += effect.realized
            if effect.closed:
                closed.append((i, effect))
        sign = action.sign
        return BookedParts(realized, closed, [-sign * quantity * price for quantity in quantities])
    symbol, currency, multiplier = instrument.symbol, instrument.currency, instrument.multiplier
    is_future = instrument.sec_type is SecType.FUT
    buying = action is Action.BUY
    # Accounts whose position holds the same Decimal objects and that receive the same part (the
    # same objects) at the same commission get the same fill: computed once per such group, and the
    # results' objects shared, so the next execution groups them again (and the journal and history
    # encode each shared value once). Keys hold ids; ``alive`` keeps their objects from being reused.
    fills: dict[tuple[int, ...], tuple[Decimal, Decimal, Decimal, Decimal, FillEffect, Decimal, Decimal, str, str]] = {}
    alive: list[object] = []
    fresh = Position(symbol)
    moved = []
    append = sink.append
    fill = None
    key: tuple[int, ...] = ()
    last: tuple[Decimal, ...] = ()  # the part, commission and position the latest look-up was for
    for i, (account, quantity, commission) in enumerate(zip(accounts, quantities, commissions, strict=True)):
        position = account.positions.get(symbol)
        if position is None:
            position = account.positions[symbol] = Position(symbol)
        # Alike accounts tend to follow each other: one holding what the one before held takes its
        # fill without a look-up.
        if fill is None or quantity is not last[0] or commission is not last[1] or position.quantity is not last[2] \
                or position.avg_cost is not last[3] or position.avg_price is not last[4] \
                or position.realized_pnl is not last[5]:
            last = (quantity, commission, position.quantity, position.avg_cost, position.avg_price,
                    position.realized_pnl)
            key = tuple(map(id, last))
            fill = fills.get(key)
        if fill is None:
            alive.append(last)
            signed = quantity if buying else -quantity
            fresh.quantity, fresh.avg_cost = position.quantity, position.avg_cost
            fresh.avg_price, fresh.realized_pnl = position.avg_price, position.realized_pnl
            effect = apply_fill(fresh, signed, price, commission, multiplier)
            amount = effect.price_pnl if is_future else -signed * price * multiplier
            label = f"{action.value} {quantity.normalize():f} {symbol} @ {price}"
            fill = fills[key] = (fresh.quantity, fresh.avg_cost, fresh.avg_price, fresh.realized_pnl, effect, signed,
                                 amount, f"Futures P&L {label}" if is_future else label, f"Commission {label}")
        new_quantity, avg_cost, avg_price, realized_pnl, effect, signed, amount, label, commission_label = fill
        account_id = account.account_id
        cash = account.cash
        changes = 1  # the position; then one per cash entry, as ``book_cash`` counts them
        if commission:
            debit = -commission
            balance = cash.get(commission_currency, ZERO) + debit
            cash[commission_currency] = balance
            append(CashBooked(account_id, commission_currency, debit, balance, commission_label, now))
            changes += 1
        position.quantity, position.avg_cost, position.avg_price = new_quantity, avg_cost, avg_price
        position.realized_pnl = realized_pnl
        if amount or not is_future:
            balance = cash.get(currency, ZERO) + amount
            cash[currency] = balance
            append(CashBooked(account_id, currency, amount, balance, label, now))
            changes += 1
            if not is_future:
                owe(account, instrument, currency, amount, now)
                follow_trade(account, instrument, buying, -amount, now, abs(signed))
        account.revision += changes
        append(PositionChanged(account_id, symbol, new_quantity, avg_cost, realized_pnl, signed, price))
        if new_quantity == 0 and realized_pnl == 0:
            del account.positions[symbol]
        realized += effect.realized
        if effect.closed:
            closed.append((i, effect))
        moved.append(amount)
    return BookedParts(realized, closed, moved)


def restate_fill(account: Account, instrument: Instrument, action: Action, closing: int, opening: int,
                 value_correction: Decimal, commission_correction: Decimal, commission_ccy: str, now: datetime,
                 sink: Sink, reason: str) -> None:
    """Correct fills already booked without trading: the account should have dealt
    ``value_correction`` more (price x units, before the multiplier) and paid
    ``commission_correction`` more.

    The ``closing`` units' part lands in realized P&L; the ``opening`` part in the cost basis of
    the units still held on the order's side (whatever is no longer held goes to realized P&L
    too). Cash follows, except that futures exchange no premium: their opening part moves only
    the cost basis, and cash moves when those units close.
    """
    sign = action.sign
    multiplier = instrument.multiplier
    if instrument.sec_type is SecType.CASH:
        # FX holds no position: only the quote currency and the commission move.
        if value_correction:
            book_cash(account, instrument.currency, -sign * value_correction, reason, now, sink)
            if action is Action.SELL:  # the quote currency a sale bought has not settled either
                _restate_unsettled(account, instrument, instrument.currency, value_correction, now)
        if commission_correction:
            book_cash(account, commission_ccy, -commission_correction, f"Commission {reason}", now, sink)
        return
    total = closing + opening
    position = account.positions.get(instrument.symbol)
    if position is None:
        position = account.positions[instrument.symbol] = Position(instrument.symbol)
    held = max(position.quantity * sign, Decimal(0))  # units on the order's side still in the position
    if total == 0:
        # No units of the order remain (all taken back): what is left to correct, such as their
        # commission, sits in the cost basis of whatever the account still holds on that side.
        opening = total = int(held)
    opening = int(min(Decimal(opening), held))
    closing_share = Decimal(1) if total == 0 else Decimal(total - opening) / total
    value_close, commission_close = value_correction * closing_share, commission_correction * closing_share
    value_open, commission_open = value_correction - value_close, commission_correction - commission_close
    cash_value = value_close if instrument.sec_type is SecType.FUT else value_correction
    if cash_value:
        book_cash(account, instrument.currency, -sign * cash_value * multiplier, reason, now, sink)
        if action is Action.SELL and instrument.sec_type is not SecType.FUT:
            _restate_unsettled(account, instrument, instrument.currency, cash_value * multiplier, now)
    if commission_correction:
        book_cash(account, commission_ccy, -commission_correction, f"Commission {reason}", now, sink)
    position.realized_pnl += -sign * value_close * multiplier - commission_close
    if opening:
        units = abs(position.quantity) * multiplier
        # A long's cost rises by what it paid more; a short's proceeds rise by what it received more.
        position.avg_cost += (value_open * multiplier + sign * commission_open) / units
        position.avg_price += value_open * multiplier / units
    account.revision += 1
    sink.append(PositionChanged(account.account_id, instrument.symbol, position.quantity, position.avg_cost,
                                position.realized_pnl))


def _restate_unsettled(account: Account, instrument: Instrument, currency: str, more: Decimal, now: datetime) -> None:
    """A sale corrected to ``more`` proceeds (negative: less): the difference settles with the sale."""
    if more > 0:
        owe(account, instrument, currency, more, now)
    elif more < 0:
        take_back(account, instrument.symbol, currency, -more)


def unbook_fill(account: Account, instrument: Instrument, action: Action, opened: Decimal, closed: Decimal,
                price: Decimal, closed_basis: tuple[Decimal, Decimal], now: datetime, sink: Sink, reason: str) -> None:
    """Take back units an order booked at ``price`` as if they had never traded (a bust, or units
    a final distribution moves to another account); commissions are left to the caller.

    The ``opened`` units leave the position with their share of its cost basis and their cash comes
    back, realizing nothing. The ``closed`` units return to the position they had closed at the
    basis it had then (``closed_basis``: cost with commissions, trade price), the price P&L their
    close realized is reversed and so is its cash (for futures, the P&L that moved it). The caller
    makes sure the position still holds the opened units and has not since crossed zero.
    """
    sign = action.sign
    multiplier = instrument.multiplier
    if instrument.sec_type is SecType.CASH:
        book_cash(account, instrument.underlying or "", -sign * (opened + closed), reason, now, sink)
        book_cash(account, instrument.currency, sign * (opened + closed) * price, reason, now, sink)
        if action is Action.BUY:  # the currency the trade bought, unsettled until its value date
            take_back(account, instrument.symbol, instrument.underlying or "", opened + closed)
        else:
            take_back(account, instrument.symbol, instrument.currency, (opened + closed) * price)
        return
    position = account.positions.get(instrument.symbol)
    if position is None:
        position = account.positions[instrument.symbol] = Position(instrument.symbol)
    if opened:
        _remove_opened(position, sign, opened, price, multiplier)
    if closed:
        closed_cost, closed_price = closed_basis
        held = abs(position.quantity)
        position.avg_cost = (position.avg_cost * held + closed_cost * closed) / (held + closed)
        position.avg_price = (position.avg_price * held + closed_price * closed) / (held + closed)
        position.quantity -= sign * closed
        # The close realized (price - basis) on the side it closed, which is the order's opposite.
        position.realized_pnl += (price - closed_cost) * closed * multiplier * sign
    if instrument.sec_type is SecType.FUT:
        if closed:
            book_cash(account, instrument.currency, (price - closed_basis[1]) * closed * multiplier * sign, reason,
                      now, sink)
    else:
        book_cash(account, instrument.currency, sign * (opened + closed) * price * multiplier, reason, now, sink)
        if action is Action.SELL:  # a sale's proceeds taken back: what has not settled goes first
            take_back(account, instrument.symbol, instrument.currency, (opened + closed) * price * multiplier)
    account.revision += 1
    sink.append(PositionChanged(account.account_id, instrument.symbol, position.quantity, position.avg_cost,
                                position.realized_pnl, -sign * (opened + closed), price))
    if position.quantity == 0 and position.realized_pnl == 0:
        del account.positions[instrument.symbol]


def _remove_opened(position: Position, sign: int, units: Decimal, price: Decimal, multiplier: Decimal) -> None:
    held = abs(position.quantity)
    left = held - units
    if left:
        position.avg_cost = (position.avg_cost * held - price * units) / left
        position.avg_price = (position.avg_price * held - price * units) / left
    else:
        # Flat now: the commission those units carried in their cost is spent, not an asset.
        position.realized_pnl -= (position.avg_cost - position.avg_price) * held * multiplier * sign
        position.avg_cost = position.avg_price = Decimal(0)
    position.quantity -= sign * units
