"""Fund Transfers and Position Transfers between a parent account and its open partition, both
ways. Each is atomic: it is tried on copies of both accounts, refused if either side would go
below zero or break margin, and only then booked. Cash is conserved per currency and positions
per contract: what one side loses the other gains, positions at their cost basis."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from workstation.engine.core.errors import Rejection
from workstation.engine.core.instruments import InstrumentCatalog, SecType
from workstation.engine.core.terms import AccountType
from workstation.engine.funding.bank import check_no_deficit
from workstation.engine.funding.checks import (
    TagsOf,
    check_amount,
    check_balance,
    check_margin_after,
    existing,
    trial_copy,
)
from workstation.engine.funding.records import FundingKind, FundingRecord
from workstation.engine.ledger import booking as ledger
from workstation.engine.ledger.accounts import Account, Position
from workstation.engine.margin.cash_cover import cash_cover
from workstation.engine.messages.commands import TransferCash, TransferPosition
from workstation.engine.messages.events import CashTransferred, Event, PositionChanged, PositionTransferred
from workstation.engine.partitions.book import PartitionsState
from workstation.engine.partitions.records import Partition

_LARGEST_QUANTITY = Decimal("1e12")


def linked_pair(state: PartitionsState, from_id: str, to_id: str) -> tuple[Account, Account, Partition]:
    """The two accounts, which must be a parent and its open partition (either way round)."""
    source = existing(state, from_id, "from_account")
    target = existing(state, to_id, "to_account")
    if from_id == to_id:
        raise Rejection("INVALID_TRANSFER", "to_account", "a transfer needs two different accounts")
    for partition in state.partitions.values():
        if {partition.parent, partition.partition_id} == {from_id, to_id}:
            if not partition.is_open:
                raise Rejection("PARTITION_NOT_OPEN", "to_account", f"{partition.describe()} opens at "
                                f"{partition.ready_at:%H:%M ET on %a %d %b %Y}; fund it once it is open")
            return source, target, partition
    raise Rejection("NOT_LINKED", "to_account", f"{to_id} is neither a partition of {from_id} nor its parent; "
                    "transfers move funds only between an account and its partition")


def validate_cash_transfer(state: PartitionsState, tags_of: TagsOf, command: TransferCash) -> Partition:
    source, target, partition = linked_pair(state, command.from_account, command.to_account)
    check_amount(command.currency, command.amount)
    check_balance(source, command.currency, command.amount, "transfer")
    _check_no_deficits(state, tags_of, source, target)
    source_after, target_after = trial_copy(source), trial_copy(target)
    _move_cash(source_after, target_after, command.currency, command.amount, state.now, [])
    check_margin_after(source, source_after, tags_of, "amount", "transfer")
    check_margin_after(target, target_after, tags_of, "amount", "transfer")
    return partition


def transfer_cash(state: PartitionsState, command: TransferCash, sink: list[Event]) -> None:
    source, target = state.accounts[command.from_account], state.accounts[command.to_account]
    _move_cash(source, target, command.currency, command.amount, state.now, sink)
    sink.append(CashTransferred(source.account_id, target.account_id, command.currency, command.amount, state.now))
    state.funding.append(FundingRecord(state.now, FundingKind.CASH_TRANSFER, source.account_id, target.account_id,
                                       command.currency, command.amount,
                                       f"Fund transfer {source.account_id} to {target.account_id}"))


def _move_cash(source: Account, target: Account, currency: str, amount: Decimal, now: datetime,
               sink: list[Event]) -> None:
    ledger.book_cash(source, currency, -amount, f"Fund transfer to {target.account_id}", now, sink)
    ledger.book_cash(target, currency, amount, f"Fund transfer from {source.account_id}", now, sink)


def _check_no_deficits(state: PartitionsState, tags_of: TagsOf, source: Account, target: Account) -> None:
    """IB allows no transfer while either side is in a margin deficit: it is liquidated, not funded."""
    check_no_deficit(state, source, tags_of, "from_account", "transfer")
    check_no_deficit(state, target, tags_of, "to_account", "transfer")


def validate_position_transfer(state: PartitionsState, catalog: InstrumentCatalog, tags_of: TagsOf,
                               command: TransferPosition) -> Partition:
    source, target, partition = linked_pair(state, command.from_account, command.to_account)
    instrument = catalog.get(command.symbol)
    if instrument is None or not instrument.tradable or instrument.sec_type is SecType.CASH:
        raise Rejection("UNKNOWN_CONTRACT", "symbol", f"{command.symbol!r} is not a contract an account holds; "
                        "move currency with a fund transfer")
    quantity = command.quantity
    if not quantity.is_finite() or quantity <= 0 or quantity % 1 or quantity >= _LARGEST_QUANTITY:
        raise Rejection("INVALID_QUANTITY", "quantity", f"{quantity} must be a whole number of units above zero")
    held = source.position_quantity(instrument.symbol)
    if not held:
        raise Rejection("NO_POSITION", "symbol", f"{source.account_id} holds no {instrument.symbol}")
    if quantity > abs(held):
        raise Rejection("INVALID_QUANTITY", "quantity", f"{source.account_id} holds {held.normalize():f} "
                        f"{instrument.symbol}; at most {abs(held).normalize():f} can be transferred")
    if instrument.is_expired(state.now.date()):
        raise Rejection("CONTRACT_EXPIRED", "symbol", f"{instrument.symbol} expired on {instrument.expiry}")
    if not target.may_trade(instrument):
        why = f" ({partition.advisor_name} is not entitled to it)" if target.account_id == partition.partition_id \
            else ""
        raise Rejection("NO_TRADING_PERMISSION", "symbol", f"{target.account_id} has no {instrument.permission_class} "
                        f"trading permission for {instrument.symbol}{why}")
    kept = target.position_quantity(instrument.symbol)
    if kept * held < 0:
        raise Rejection("OPPOSITE_POSITION", "symbol", f"{target.account_id} holds {kept.normalize():f} "
                        f"{instrument.symbol}, the opposite side; close it before transferring")
    if target.account_type is AccountType.CASH and (held < 0 or instrument.sec_type in (SecType.FUT, SecType.FOP)):
        raise Rejection("INVALID_POSITION", "symbol", f"{target.account_id} is a cash account and cannot hold "
                        f"{instrument.symbol} {'short' if held < 0 else 'futures'}")
    _check_no_deficits(state, tags_of, source, target)
    source_after, target_after = trial_copy(source), trial_copy(target)
    _move_position(source_after, target_after, instrument.symbol, quantity, [])
    _check_cover_kept(catalog, source, source_after)
    check_margin_after(source, source_after, tags_of, "quantity", "transfer")
    check_margin_after(target, target_after, tags_of, "quantity", "transfer")
    return partition


def _check_cover_kept(catalog: InstrumentCatalog, before: Account, after: Account) -> None:
    """A cash account may not transfer away the shares (or the long leg of a European spread) covering a
    short call: the call would be naked, which a cash account may not hold (see ``margin.cash_cover``)."""
    if before.account_type is not AccountType.CASH:
        return
    was, now = (cash_cover({s: p.quantity for s, p in a.positions.items() if p.quantity}, catalog.get)
                for a in (before, after))
    uncovered = sorted(s for s, contracts in now.uncovered.items() if contracts > was.uncovered.get(s, Decimal(0)))
    if uncovered:
        raise Rejection("SHARES_COVER_SHORT_CALL", "quantity", f"the transfer would leave short {', '.join(uncovered)} "
                        f"uncovered in cash account {before.account_id}, which may hold only covered calls; buy the "
                        "call back first")


def transfer_position(state: PartitionsState, command: TransferPosition, sink: list[Event]) -> Decimal:
    """Book the transfer; returns the units moved, signed as held (negative for a short)."""
    source, target = state.accounts[command.from_account], state.accounts[command.to_account]
    cost = source.positions[command.symbol].avg_cost
    moved = _move_position(source, target, command.symbol, command.quantity, sink)
    sink.append(PositionTransferred(source.account_id, target.account_id, command.symbol, moved, cost, state.now))
    state.funding.append(FundingRecord(state.now, FundingKind.POSITION_TRANSFER, source.account_id,
                                       target.account_id, "", cost,
                                       f"Position transfer {source.account_id} to {target.account_id}",
                                       command.symbol, moved))
    return moved


def _move_position(source: Account, target: Account, symbol: str, quantity: Decimal, sink: list[Event]) -> Decimal:
    """Move ``quantity`` units of the source's position to the target at its cost basis; the
    realized P&L stays where it was made."""
    given = source.positions[symbol]
    moved = quantity if given.quantity > 0 else -quantity
    taken = target.positions.get(symbol)
    if taken is None:
        taken = target.positions[symbol] = Position(symbol)
    total = abs(taken.quantity) + quantity
    taken.avg_cost = (taken.avg_cost * abs(taken.quantity) + given.avg_cost * quantity) / total
    taken.avg_price = (taken.avg_price * abs(taken.quantity) + given.avg_price * quantity) / total
    taken.quantity += moved
    given.quantity -= moved
    if given.quantity == 0:
        given.avg_cost = given.avg_price = Decimal(0)
    for account, position in ((source, given), (target, taken)):
        account.revision += 1
        sink.append(PositionChanged(account.account_id, symbol, position.quantity, position.avg_cost,
                                    position.realized_pnl))
        if position.quantity == 0 and position.realized_pnl == 0:
            del account.positions[symbol]
    return moved
