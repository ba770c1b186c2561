"""An advisor's or broker's fee schedule: how often it bills and what it charges (see
``partitions.fees`` for what a schedule bills a partition)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from workstation.engine.core.errors import FieldValueError
from workstation.engine.core.money import to_decimal

_LARGEST_PERCENT = Decimal(50)
_LARGEST_FLAT = Decimal(1_000_000)



class Billing(Enum):
    """How often a schedule is billed."""

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"

    @property
    def periods_per_year(self) -> int:
        return 12 if self is Billing.MONTHLY else 4


class FeeKind(Enum):
    ASSETS = "assets"
    PERFORMANCE = "performance"
    FLAT = "flat"


@dataclass(frozen=True, slots=True)
class FeeSchedule:
    """What the advisor charges. ``asset_percent`` is per year; ``performance_percent`` of the
    gain above the high-water mark; ``flat_fee`` per period in ``currency``. Zero means none."""

    billing: Billing = Billing.QUARTERLY
    asset_percent: Decimal = Decimal(0)
    performance_percent: Decimal = Decimal(0)
    flat_fee: Decimal = Decimal(0)
    currency: str = "USD"

    def __post_init__(self) -> None:
        if not isinstance(self.billing, Billing):
            try:
                object.__setattr__(self, "billing", Billing(self.billing))
            except ValueError:
                raise FieldValueError("fees.billing", f"{self.billing!r} is not one of monthly, quarterly") from None
        for name, largest in (("asset_percent", _LARGEST_PERCENT), ("performance_percent", _LARGEST_PERCENT),
                              ("flat_fee", _LARGEST_FLAT)):
            value = to_decimal(getattr(self, name), f"fees.{name}")
            if value < 0 or value > largest:
                raise FieldValueError(f"fees.{name}", f"{value} must be between 0 and {largest}")
            object.__setattr__(self, name, value)

    @property
    def kinds(self) -> tuple[FeeKind, ...]:
        return tuple(kind for kind, amount in ((FeeKind.ASSETS, self.asset_percent),
                                               (FeeKind.PERFORMANCE, self.performance_percent),
                                               (FeeKind.FLAT, self.flat_fee)) if amount)

    def describe(self) -> list[str]:
        """One line per part, as the wizard and the statement show them."""
        every = "month" if self.billing is Billing.MONTHLY else "quarter"
        lines = []
        if self.asset_percent:
            lines.append(f"{self.asset_percent.normalize():f}% of assets a year, billed {self.billing.value}")
        if self.performance_percent:
            lines.append(f"{self.performance_percent.normalize():f}% of gains above the high-water mark, "
                         f"billed {self.billing.value}")
        if self.flat_fee:
            lines.append(f"{self.flat_fee:,.2f} {self.currency} a {every}")
        return lines or ["No fees"]
