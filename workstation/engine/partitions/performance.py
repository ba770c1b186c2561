"""A partition's performance: its net liquidation value over time and its return net of transfers.

The return is time-weighted: the value is sampled at every transfer (before and after it) and at
every close, and the growth of each stretch between transfers is chained, so money moved in or out
is not counted as gain or loss. Fees and commissions are costs, so they do count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from workstation.engine.partitions.records import PerformancePoint


@dataclass(frozen=True, slots=True)
class PerformanceSample:
    time: datetime
    net_liquidation: Decimal
    net_transfers: Decimal
    """Everything transferred in less everything transferred out, up to this moment."""
    cumulative_return: Decimal
    """Time-weighted, as a fraction (0.05 is 5%)."""


@dataclass(frozen=True, slots=True)
class PartitionPerformance:
    partition: str
    currency: str
    samples: tuple[PerformanceSample, ...]

    @property
    def latest(self) -> PerformanceSample | None:
        return self.samples[-1] if self.samples else None


def performance_samples(points: list[PerformancePoint]) -> tuple[PerformanceSample, ...]:
    growth = Decimal(1)
    transfers = Decimal(0)
    previous: Decimal | None = None  # the value right after the previous sample
    samples = []
    for point in points:
        before_flow = point.net_liquidation - point.flow
        if previous is not None and previous > 0:
            growth *= before_flow / previous
        transfers += point.flow
        previous = point.net_liquidation
        samples.append(PerformanceSample(point.time, point.net_liquidation, transfers,
                                         (growth - 1).quantize(Decimal("0.000001"))))
    return tuple(samples)
