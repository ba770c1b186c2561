"""IBKR Pro fixed commissions, charged per order and split across its executions.

The minimum and maximum apply to the whole order, so each execution is charged the difference
between the order's commission after it and before it: a 1,000-share order filled in ten pieces
pays 5.00 in total, not ten minimums.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from workstation.engine.core.instruments import Instrument, SecType

_CENT = Decimal("0.01")
# US stocks/ETFs: 0.005 per share, min 1.00, max 1% of trade value.
US_STOCK_PER_SHARE = Decimal("0.005")
US_STOCK_MINIMUM = Decimal("1.00")
US_STOCK_MAX_RATE = Decimal("0.01")
# German stocks (IBIS): 0.05% of value, min EUR 3.00, max EUR 90.00.
DE_STOCK_RATE = Decimal("0.0005")
DE_STOCK_MINIMUM = Decimal("3.00")
DE_STOCK_MAXIMUM = Decimal("90.00")
OPTION_PER_CONTRACT = Decimal("0.65")
OPTION_MINIMUM = Decimal("1.00")
FUTURE_PER_CONTRACT = Decimal("0.85")  # futures and futures options
FX_RATE = Decimal("0.00002")   # 0.2 basis points of trade value
FX_MINIMUM_USD = Decimal("2.00")
FUND_PER_TRADE = Decimal("14.95")


def commission_currency(instrument: Instrument) -> str:
    """IB charges FX commissions in USD and everything else in the contract's currency."""
    return "USD" if instrument.sec_type is SecType.CASH else instrument.currency


def order_commission(instrument: Instrument, quantity: Decimal, value: Decimal) -> Decimal:
    """Commission for an order that has filled ``quantity`` for a total ``value`` (price x qty x
    multiplier), in ``commission_currency``; zero before anything fills."""
    if quantity == 0:
        return Decimal(0)
    quantity = abs(quantity)
    value = abs(value)
    if instrument.sec_type is SecType.STK:
        if instrument.country == "DE":
            fee = min(max(value * DE_STOCK_RATE, DE_STOCK_MINIMUM), DE_STOCK_MAXIMUM)
        else:
            fee = max(quantity * US_STOCK_PER_SHARE, US_STOCK_MINIMUM)
            fee = min(fee, value * US_STOCK_MAX_RATE) if value else fee
    elif instrument.sec_type is SecType.OPT:
        fee = max(quantity * OPTION_PER_CONTRACT, OPTION_MINIMUM)
    elif instrument.sec_type in (SecType.FUT, SecType.FOP):
        fee = quantity * FUTURE_PER_CONTRACT
    elif instrument.sec_type is SecType.CASH:
        usd_value = quantity if instrument.underlying == "USD" else value
        fee = max(usd_value * FX_RATE, FX_MINIMUM_USD)
    elif instrument.sec_type is SecType.FUND:
        fee = FUND_PER_TRADE
    else:
        raise ValueError(f"symbol: {instrument.symbol} is not tradable")
    return fee.quantize(_CENT, rounding=ROUND_HALF_UP)



def spread_to_cents(total: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """``total`` (whole cents) shared in proportion to ``weights`` so that the parts add up to it
    exactly: each part rounded down to the cent, then the cents left over one each to the largest
    remainders (ties to the earlier part). Equal parts when every weight is zero."""
    if not weights:
        return []
    whole = sum(weights, Decimal(0))
    if not whole:
        weights, whole = [Decimal(1)] * len(weights), Decimal(len(weights))
    cents = int(total / _CENT)
    exact = [cents * weight / whole for weight in weights]
    floors = [int(share.to_integral_value(rounding=ROUND_FLOOR)) for share in exact]
    left = cents - sum(floors)
    by_remainder = sorted(range(len(weights)), key=lambda i: (floors[i] - exact[i], i))
    for i in by_remainder[:left]:
        floors[i] += 1
    return [Decimal(part) * _CENT for part in floors]
