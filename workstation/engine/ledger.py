"""Booking: accounts opened, executions turned into cash and position entries.

Each function validates nothing and appends the events it caused to ``sink``; validation is the
caller's job and happens before any booking, so a command is applied whole or not at all.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from workstation.engine.accounts import Account, Permission, Position, apply_fill
from workstation.engine.commands import OpenAccount
from workstation.engine.errors import Rejection
from workstation.engine.events import (
    AccountOpened, CashBooked, Event, PositionChanged,
)
from workstation.engine.instruments import Instrument, InstrumentCatalog, SecType
from workstation.engine.orders import Action
from workstation.engine.state import EngineState

Sink = list[Event]


def validate_open_account(state: EngineState, catalog: InstrumentCatalog, command: OpenAccount) -> frozenset[Permission] | None:
    """Check an OpenAccount command; returns the parsed permissions (None: the defaults)."""
    account_id = command.account_id.strip()
    if not account_id:
        raise Rejection("INVALID_ACCOUNT_ID", "account_id: must not be empty")
    if account_id in state.accounts:
        raise Rejection("DUPLICATE_ACCOUNT", f"account_id: {account_id} already exists")
    if len(command.base_currency) != 3 or not command.base_currency.isupper():
        raise Rejection("INVALID_CURRENCY", f"base_currency: {command.base_currency!r} is not an ISO currency code")
    for field_name in ("advisor", "parent"):
        linked = getattr(command, field_name)
        if linked is not None and linked not in state.accounts:
            raise Rejection("UNKNOWN_ACCOUNT", f"{field_name}: account {linked} does not exist")
    if command.advisor is not None and not state.accounts[command.advisor].is_advisor:
        raise Rejection("NOT_AN_ADVISOR", f"advisor: {command.advisor} is not an advisor master account")
    if command.account_type.value == "advisor" and command.positions:
        raise Rejection("ADVISOR_HOLDS_NO_POSITIONS", f"positions: advisor master {account_id} cannot hold positions")
    for currency, _amount in command.cash:
        if len(currency) != 3 or not currency.isupper():
            raise Rejection("INVALID_CURRENCY", f"cash: {currency!r} is not an ISO currency code")
    for seed in command.positions:
        instrument = catalog.get(seed.symbol)
        if instrument is None or not instrument.tradable:
            raise Rejection("UNKNOWN_CONTRACT", f"positions.symbol: {seed.symbol!r} is not a tradable contract")
        if instrument.sec_type is SecType.CASH:
            raise Rejection("INVALID_POSITION", f"positions.symbol: {seed.symbol} is an FX pair; hold currency as cash")
        if seed.quantity == 0:
            raise Rejection("INVALID_QUANTITY", f"positions.quantity: {seed.symbol} quantity must not be zero")
        if seed.avg_cost < 0:
            raise Rejection("INVALID_PRICE", f"positions.avg_cost: {seed.symbol} average cost must not be negative")
    if command.permissions is None:
        return None
    try:
        return frozenset(Permission.parse(p) for p in command.permissions)
    except ValueError as error:
        raise Rejection("INVALID_PERMISSION", str(error)) from None


def open_account(state: EngineState, command: OpenAccount, permissions: frozenset[Permission] | None,
                 now: datetime, sink: Sink) -> Account:
    account = Account(command.account_id.strip(), command.account_type, command.base_currency,
                      advisor=command.advisor, parent=command.parent)
    if permissions is not None:
        account.permissions = permissions
    state.accounts[account.account_id] = account
    sink.append(AccountOpened(account.account_id, account.account_type, account.base_currency,
                              tuple(sorted(str(p) for p in account.permissions)), account.advisor, account.parent))
    for currency, amount in command.cash:
        book_cash(account, currency, amount, "Opening balance", now, sink)
    for seed in command.positions:
        position = Position(seed.symbol, seed.quantity, seed.avg_cost, seed.avg_cost)
        account.positions[seed.symbol] = position
        sink.append(PositionChanged(account.account_id, seed.symbol, position.quantity, position.avg_cost,
                                    position.realized_pnl))
    return account


def book_cash(account: Account, currency: str, amount: Decimal, reason: str, now: datetime, sink: Sink) -> None:
    balance = account.cash.get(currency, Decimal(0)) + amount
    account.cash[currency] = balance
    sink.append(CashBooked(account.account_id, currency, amount, balance, reason, now))


def book_execution(account: Account, instrument: Instrument, action: Action, quantity: Decimal, price: Decimal,
                   commission: Decimal, commission_currency: str, now: datetime, sink: Sink) -> Decimal:
    """Post one execution to the account's cash and position; returns the realized P&L."""
    signed = quantity if action is Action.BUY else -quantity
    label = f"{action.value} {quantity.normalize():f} {instrument.symbol} @ {price}"
    if commission:
        book_cash(account, commission_currency, -commission, f"Commission {label}", now, sink)
    if instrument.sec_type is SecType.CASH:
        # FX: the pair is two cash balances, never a position.
        book_cash(account, instrument.underlying or "", signed, label, now, sink)
        book_cash(account, instrument.currency, -signed * price, label, now, sink)
        return Decimal(0)
    position = account.positions.get(instrument.symbol)
    if position is None:
        position = account.positions[instrument.symbol] = Position(instrument.symbol)
    effect = apply_fill(position, signed, price, commission, instrument.multiplier)
    if instrument.sec_type is SecType.FUT:
        # Futures exchange no premium; only the gain on the closed part moves cash.
        if effect.price_pnl:
            book_cash(account, instrument.currency, effect.price_pnl, f"Futures P&L {label}", now, sink)
    else:
        book_cash(account, instrument.currency, -signed * price * instrument.multiplier, label, now, sink)
    sink.append(PositionChanged(account.account_id, instrument.symbol, position.quantity, position.avg_cost,
                                position.realized_pnl))
    if position.quantity == 0 and position.realized_pnl == 0:
        del account.positions[instrument.symbol]
    return effect.realized
