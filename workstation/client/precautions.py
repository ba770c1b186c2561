"""TWS's precautionary settings: an order much larger than usual, or worth over USD 100,000, is
shown with warnings and needs Override and Transmit. The workstation checks this before the order
leaves it; the broker never sees the warnings."""

from __future__ import annotations

from decimal import Decimal

from workstation.client.ticket import default_quantity
from workstation.engine.core.instruments import Instrument
from workstation.engine.ledger.valuation import FxRates
from workstation.engine.login_reads import LoginReads
from workstation.engine.messages.commands import PlaceOrder
from workstation.engine.orders.price_estimate import estimate_price

PRECAUTION_SIZE_MULTIPLE = 5
"""A ticket over this many times the instrument's default size asks for confirmation."""
PRECAUTION_VALUE_USD = Decimal(100_000)
"""A ticket worth more than this (in USD) asks for confirmation."""


def precautions(reads: LoginReads, command: PlaceOrder) -> list[str]:
    """The warnings for an order about to be transmitted, priced as the engine estimates it from the
    quote (none for a combo or a contract that does not trade)."""
    instrument = reads.catalog.get(command.symbol)
    if instrument is None or command.is_combo or not instrument.tradable:
        return []
    price = estimate_price(command.action, command.order_type, command.lmt_price, command.aux_price,
                           reads.quote(command.symbol))
    usd_per_unit = FxRates(reads.catalog, reads.price_of).rate(instrument.currency, "USD")
    return _warnings(instrument, command.total_quantity, price, usd_per_unit)


def _warnings(instrument: Instrument, quantity: Decimal, price: Decimal, usd_per_unit: Decimal) -> list[str]:
    """The warnings for ``quantity`` of ``instrument`` at ``price``; ``usd_per_unit`` converts one
    unit of the instrument's currency to USD."""
    warnings = []
    usual = default_quantity(instrument)
    if quantity > usual * PRECAUTION_SIZE_MULTIPLE:
        warnings.append(f"The order size {quantity:,} is more than {PRECAUTION_SIZE_MULTIPLE} times the default "
                        f"size of {usual:,}.")
    value = abs(quantity * price * instrument.multiplier * usd_per_unit)
    if value > PRECAUTION_VALUE_USD:
        warnings.append(f"The order value of {value:,.2f} USD is over {PRECAUTION_VALUE_USD:,.0f} USD.")
    return warnings
