"""Order preview: would the engine accept this order, and what would it cost to trade?

Runs the same validation as placing the order and changes nothing. The margin module extends
this with the Margin Impact figures (current / change / post-trade).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from workstation.engine.core.commissions import commission_currency, order_commission
from workstation.engine.core.errors import Rejected
from workstation.engine.core.instruments import Instrument
from workstation.engine.core.terms import Action, ComboLeg
from workstation.engine.market.quotes import Quote
from workstation.engine.orders.mutual_funds import shares_for

if TYPE_CHECKING:
    from workstation.engine.allocation.combo_plans import ComboPlans
    from workstation.engine.margin import MarginImpact
    from workstation.engine.orders.allocation_plan import AllocationPlan
    from workstation.engine.risk.fee_ledger import ExposureFeeImpact


@dataclass(frozen=True, slots=True)
class OrderPreview:
    """``rejected`` is set when the order would be refused; the estimate is then still shown.
    ``margin`` is the Margin Impact on the order's account; an advisor order has one per client
    account in ``account_margins`` instead. ``exposure_fee`` is "Check Exposure Fee Impact", offered
    to accounts charged an exposure fee in the last 30 days (else ``exposure_fee_unavailable`` says why)."""

    rejected: Rejected | None
    estimated_price: Decimal
    commission: Decimal
    commission_currency: str
    allocation: AllocationPlan | None = None
    margin: MarginImpact | None = None
    account_margins: tuple[MarginImpact, ...] = ()
    exposure_fee: ExposureFeeImpact | None = None
    exposure_fee_unavailable: str = ""
    warnings: tuple[str, ...] = ()
    # The least and the most the order's commission can be once it has filled completely: a fee
    # that is a share of the trade's value (IBKR Pro's 1% cap on US stocks, German stocks, FX)
    # depends on the prices the order may fill at, between the touch and its limit.
    min_commission: Decimal | None = None
    max_commission: Decimal | None = None
    # The order's value at the estimated price (quantity x price x multiplier), in ``value_currency``,
    # the contract's currency; None for a combo, whose legs may differ in multiplier.
    value: Decimal | None = None
    value_currency: str = ""

    def __post_init__(self) -> None:
        if self.min_commission is None:
            object.__setattr__(self, "min_commission", self.commission)
        if self.max_commission is None:
            object.__setattr__(self, "max_commission", self.commission)






def build_preview(instrument: Instrument, quantity: Decimal, price: Decimal, rejected: Rejected | None,
                  plan: AllocationPlan | None = None,
                  price_range: tuple[Decimal, Decimal] | None = None) -> OrderPreview:
    """The estimate at ``price``, with the commission's range over ``price_range``; an allocated
    order's commission is each account's own, added up."""
    multiplier = instrument.multiplier
    if plan is not None:
        # A fund order for cash has no shares yet: each account's amount buys them at the estimate.
        shares = [Decimal(row.allowed_quantity) if plan.cash_qty is None
                  else Decimal(shares_for(row.amount, price, multiplier)) for row in plan.rows]
    else:
        shares = [quantity]

    def commission_at(at: Decimal) -> Decimal:
        return sum((order_commission(instrument, units, units * at * multiplier) for units in shares if units > 0),
                   Decimal(0))

    commission = commission_at(price)
    bounds = [commission] + [commission_at(at) for at in (price_range or ())]
    value = sum(shares, Decimal(0)) * price * multiplier
    return OrderPreview(rejected, price, commission, commission_currency(instrument), plan,
                        min_commission=min(bounds), max_commission=max(bounds), value=value,
                        value_currency=instrument.currency)


def build_combo_preview(legs: list[tuple[ComboLeg, Instrument, Quote]], action: Action, units: Decimal,
                        lmt_price: Decimal | None, rejected: Rejected | None,
                        plans: ComboPlans | None = None) -> OrderPreview:
    """A combo's estimate: its limit, else the net of the touches its legs would take; the
    commission is every leg's own (each account's, for an advisor), added up."""
    net = Decimal(0)
    commission = Decimal(0)
    for i, (leg, instrument, quote) in enumerate(legs):
        side = leg.side(action)
        price = quote.ask if side is Action.BUY else quote.bid
        net += leg.action.sign * leg.ratio * price
        sizes = [units * leg.ratio] if plans is None else [Decimal(r.allowed_quantity) for r in plans.legs[i].rows]
        commission += sum((order_commission(instrument, size, size * price * instrument.multiplier)
                           for size in sizes if size > 0), Decimal(0))
    price = lmt_price if lmt_price is not None else net
    return OrderPreview(rejected, price, commission, commission_currency(legs[0][1]),
                        None if plans is None else plans.units)
