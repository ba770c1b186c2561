"""Order preview: would the engine accept this order, and what would it cost to trade?

Runs the same validation as placing the order and changes nothing. The margin module extends
this with the Margin Impact figures (current / change / post-trade).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from workstation.engine.commissions import commission_currency, order_commission
from workstation.engine.errors import Rejected
from workstation.engine.funds import shares_for
from workstation.engine.instruments import Instrument
from workstation.engine.market.quotes import Quote
from workstation.engine.orders import Action, OrderType

if TYPE_CHECKING:
    from workstation.engine.allocation.plan import AllocationPlan


@dataclass(frozen=True, slots=True)
class OrderPreview:
    """``rejected`` is set when the order would be refused; the estimate is then still shown."""

    rejected: Rejected | None
    estimated_price: Decimal
    commission: Decimal
    commission_currency: str
    allocation: AllocationPlan | None = None


def estimate_price(action: Action, order_type: OrderType, lmt_price: Decimal | None, aux_price: Decimal | None,
                   quote: Quote) -> Decimal:
    """The price an order is assumed to trade at before it does: its limit, else its stop, else the
    touch a market order would take."""
    if order_type in (OrderType.LMT, OrderType.STP_LMT) and lmt_price is not None:
        return lmt_price
    if order_type is OrderType.STP and aux_price is not None:
        return aux_price
    return quote.ask if action is Action.BUY else quote.bid


def build_preview(instrument: Instrument, quantity: Decimal, price: Decimal, rejected: Rejected | None,
                  plan: AllocationPlan | None = None) -> OrderPreview:
    """The estimate; an allocated order's commission is each account's own, added up."""
    if plan is not None:
        # A fund order for cash has no shares yet: each account's amount buys them at the estimate.
        multiplier = instrument.multiplier
        shares = [row.allowed_quantity if plan.cash_qty is None else shares_for(row.amount, price, multiplier)
                  for row in plan.rows]
        commission = sum((order_commission(instrument, Decimal(units), units * price * multiplier)
                          for units in shares if units), Decimal(0))
    else:
        value = quantity * price * instrument.multiplier
        commission = order_commission(instrument, quantity, value) if quantity > 0 else Decimal(0)
    return OrderPreview(rejected, price, commission, commission_currency(instrument), plan)
