"""The advisor's fees, debited from the partition at the close of each billing period's last
business day as ledger entries labelled with the advisor, and credited to the advisor's master
account (so money is conserved: it changes hands, it does not vanish)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from workstation.engine.funding.records import FundingKind, FundingRecord
from workstation.engine.ledger import booking as ledger
from workstation.engine.market.calendar import ExchangeCalendar
from workstation.engine.messages.events import AdvisorFeeCharged, Event
from workstation.engine.partitions.book import PartitionsState
from workstation.engine.partitions.fees import is_billing_day, period_fees
from workstation.engine.partitions.records import Partition

ValueIn = Callable[[str, str], Decimal]
"""An account's net liquidation value in a currency."""


def bill_at_close(state: PartitionsState, calendar: ExchangeCalendar, value_in: ValueIn, sink: list[Event]) -> None:
    today = state.now.date()
    if not calendar.is_business_day(today):
        return
    following = calendar.business_day_after(today)
    for partition in sorted(state.partitions.values(), key=lambda p: p.partition_id):
        if partition.is_open and partition.fees.kinds and is_billing_day(partition.fees.billing, today, following):
            _bill(state, partition, value_in(partition.partition_id, partition.fees.currency), sink)


def _bill(state: PartitionsState, partition: Partition, net_liquidation: Decimal, sink: list[Event]) -> None:
    schedule = partition.fees
    opened = partition.performance[0].time.date()
    charges = period_fees(schedule, state.now.date(), opened, net_liquidation, partition.high_water)
    client, advisor = state.accounts[partition.partition_id], state.accounts[partition.advisor]
    for charge in charges:
        label = f"Advisor fee {partition.advisor_name} ({partition.advisor}): {charge.description}"
        ledger.book_cash(client, schedule.currency, -charge.amount, label, state.now, sink)
        ledger.book_cash(advisor, schedule.currency, charge.amount, f"Advisor fee from {partition.partition_id}: "
                         f"{charge.description}", state.now, sink)
        sink.append(AdvisorFeeCharged(partition.partition_id, partition.advisor, charge.kind.value,
                                      charge.description, schedule.currency, charge.amount, state.now))
        state.funding.append(FundingRecord(state.now, FundingKind.ADVISOR_FEE, partition.partition_id,
                                           partition.advisor, schedule.currency, charge.amount, label))
    after_fees = net_liquidation - sum((c.amount for c in charges), Decimal(0))
    if after_fees > partition.high_water:
        partition.high_water = after_fees
