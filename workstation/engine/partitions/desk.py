"""The engine's partition and funding commands, its clock hooks and its read models in one place,
so the engine facade only routes to them.

Commands: ``RequestPartition``, ``TransferCash``, ``TransferPosition`` (deposits and withdrawals are the
funding room's desk).
Clock: a pending partition opens at its time; at each close, fees are billed and every open
partition's value is sampled for its performance.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from workstation.engine.core.account_tags import AccountTag
from workstation.engine.core.fee_schedule import FeeSchedule
from workstation.engine.core.instruments import InstrumentCatalog
from workstation.engine.funding import bank
from workstation.engine.funding.checks import TagsOf
from workstation.engine.funding.records import FundingRecord
from workstation.engine.market.calendar import ExchangeCalendar
from workstation.engine.messages.commands import RequestPartition, TransferCash, TransferPosition
from workstation.engine.messages.events import Event
from workstation.engine.messages.handlers import Handlers
from workstation.engine.partitions import billing, lifecycle, transfers
from workstation.engine.partitions.book import PartitionsState
from workstation.engine.partitions.performance import PartitionPerformance, performance_samples
from workstation.engine.partitions.records import Partition, PerformancePoint

RateOf = Callable[[str, str], Decimal]


@dataclass(frozen=True, slots=True)
class PartitionView:
    """A partition as screens show it: ``status`` is Pending or Open."""

    partition_id: str
    parent: str
    advisor: str
    advisor_name: str
    status: str
    requested_at: datetime
    ready_at: datetime
    permissions: tuple[str, ...]
    removed: tuple[str, ...]
    fees: FeeSchedule
    high_water: Decimal


class PartitionDesk:
    def __init__(self, state: PartitionsState, catalog: InstrumentCatalog, calendar: ExchangeCalendar, tags_of: TagsOf,
                 rate: RateOf, can_convert: Callable[[str, str], bool], price_of: Callable[[str], Decimal]) -> None:
        self._state = state
        self._catalog = catalog
        self._calendar = calendar
        self._tags_of = tags_of
        self._rate = rate
        self._can_convert = can_convert
        self._price_of = price_of

    def handlers(self) -> Handlers:
        state = self._state
        return {
            RequestPartition: (lambda c: lifecycle.validate_request(state, self._calendar, c),
                               lambda _c, partition, sink: lifecycle.request(state, partition, sink)),
            TransferCash: (lambda c: transfers.validate_cash_transfer(state, self._tags_of, c), self._transfer_cash),
            TransferPosition: (lambda c: transfers.validate_position_transfer(state, self._catalog, self._tags_of, c),
                               self._transfer_position),
        }

    # -- commands --------------------------------------------------------------------------------

    def _transfer_cash(self, command: TransferCash, partition: Partition, sink: list[Event]) -> None:
        transfers.transfer_cash(self._state, command, sink)
        base = self._state.accounts[partition.partition_id].base_currency
        value = command.amount * self._rate(command.currency, base)
        self._follow_flow(partition, value if command.to_account == partition.partition_id else -value)

    def _transfer_position(self, command: TransferPosition, partition: Partition, sink: list[Event]) -> None:
        moved = transfers.transfer_position(self._state, command, sink)
        instrument = self._catalog[command.symbol]
        base = self._state.accounts[partition.partition_id].base_currency
        value = (abs(moved) * self._price_of(command.symbol) * instrument.multiplier
                 * self._rate(instrument.currency, base)) * (1 if moved > 0 else -1)
        self._follow_flow(partition, value if command.to_account == partition.partition_id else -value)

    def _follow_flow(self, partition: Partition, value: Decimal) -> None:
        """A transfer is not performance: sample the value around it and move the high-water mark."""
        base = self._state.accounts[partition.partition_id].base_currency
        partition.high_water += value * self._rate(base, partition.fees.currency)
        partition.performance.append(PerformancePoint(self._state.now, self._net_liquidation(partition), value))

    def _net_liquidation(self, partition: Partition) -> Decimal:
        return self._tags_of(self._state.accounts[partition.partition_id])[AccountTag.NET_LIQUIDATION]

    # -- clock -----------------------------------------------------------------------------------

    def next_deadline(self) -> datetime | None:
        return lifecycle.next_opening(self._state)

    def open_due(self, sink: list[Event]) -> None:
        lifecycle.open_due(self._state, sink)

    def at_close(self, sink: list[Event]) -> None:
        """Bill the fees due today, then sample every open partition's value."""
        state = self._state

        def value_in(account_id: str, currency: str) -> Decimal:
            account = state.accounts[account_id]
            return self._tags_of(account)[AccountTag.NET_LIQUIDATION] * self._rate(account.base_currency, currency)

        billing.bill_at_close(state, self._calendar, value_in, sink)
        for partition in state.partitions.values():
            if partition.is_open:
                partition.performance.append(PerformancePoint(state.now, self._net_liquidation(partition)))

    # -- read models -----------------------------------------------------------------------------

    def partitions(self, account_id: str | None = None) -> list[PartitionView]:
        """Every partition, or those of one parent (or the partition ``account_id`` itself)."""
        return [_view(p) for p in self._state.partitions.values()
                if account_id is None or account_id in (p.parent, p.partition_id)]

    def performance(self, partition_id: str) -> PartitionPerformance:
        """NLV over time and the return net of transfers, ending with the value now."""
        partition = self._state.partitions[partition_id]
        points = list(partition.performance)
        if partition.is_open and (not points or points[-1].time < self._state.now):
            points.append(PerformancePoint(self._state.now, self._net_liquidation(partition)))
        base = self._state.accounts[partition.parent].base_currency
        return PartitionPerformance(partition_id, base, performance_samples(points))

    def funding_history(self, account_id: str, start: date | None = None, end: date | None = None
                        ) -> list[FundingRecord]:
        """Deposits, withdrawals, transfers and fees that involve the account, oldest first."""
        return [r for r in self._state.funding if r.involves(account_id)
                and (start is None or r.time.date() >= start) and (end is None or r.time.date() <= end)]

    def withdrawable(self, account_id: str, currency: str) -> Decimal:
        """Cash of ``currency`` not held as a recent deposit (the margin check still applies)."""
        return bank.withdrawable_cash(self._state, account_id, currency)


def _view(partition: Partition) -> PartitionView:
    return PartitionView(partition.partition_id, partition.parent, partition.advisor, partition.advisor_name,
                         partition.status.value, partition.requested_at, partition.ready_at,
                         tuple(sorted(str(p) for p in partition.permissions)),
                         tuple(str(p) for p in partition.removed), partition.fees, partition.high_water)
