"""Display text for engine values, TWS style. Pure functions: no Qt, no business arithmetic.

The engine hands out exact ``Decimal`` values; these functions only choose how many places to show
and how to abbreviate large counts.
"""

from __future__ import annotations

from datetime import datetime
from decimal import ROUND_HALF_EVEN, Decimal

from workstation.engine import EASTERN, OrderPreview, PlaceOrder

_THOUSAND = Decimal(1_000)
_MILLION = Decimal(1_000_000)
_BILLION = Decimal(1_000_000_000)


def places_for_tick(tick: Decimal) -> int:
    """Decimal places that show every price on a ``tick`` grid, never fewer than two."""
    exponent = tick.normalize().as_tuple().exponent
    return max(2, -exponent) if isinstance(exponent, int) else 2


def price(value: Decimal, places: int = 2) -> str:
    """``232.5`` -> ``232.50``; grouped thousands so index levels stay readable (``5,931.25``)."""
    return f"{_quantize(value, places):,.{places}f}"


def average(value: Decimal, places: int = 2, most: int = 4) -> str:
    """An average price or cost: at least ``places`` decimals and up to ``most`` when the average has
    them, so a commission spread over the units stays visible (``4.9935``, ``198.40``, ``198.405``)."""
    shown = max(places, min(most, -_quantize(value, most).normalize().as_tuple().exponent))
    return price(value, shown)


def signed(value: Decimal, places: int = 2) -> str:
    """A change with an explicit sign: ``+1.25``, ``-0.40``, ``0.00``."""
    text = price(value, places)
    return f"+{text}" if value > 0 and _quantize(value, places) != 0 else text


def percent(value: Decimal) -> str:
    """A signed percentage with two places: ``+0.54%``."""
    return f"{signed(value, 2)}%"


def percent_of_one(value: Decimal) -> str:
    """A fraction as a percentage with two places: ``0.7353`` -> ``73.53%``."""
    return f"{_quantize(value * 100, 2):.2f}%"


def size(value: Decimal) -> str:
    """Displayed size: whole units with grouping, millions abbreviated (FX books quote ``7M``)."""
    if abs(value) >= _MILLION:
        return compact(value)
    return f"{int(value):,}"


def compact(value: Decimal) -> str:
    """Volume style: ``428200`` -> ``428.2K``, ``12345678`` -> ``12.35M``."""
    magnitude = abs(value)
    for threshold, suffix, places in ((_BILLION, "B", 2), (_MILLION, "M", 2), (_THOUSAND, "K", 1)):
        if magnitude >= threshold:
            text = f"{_quantize(value / threshold, places):.{places}f}".rstrip("0").rstrip(".")
            return f"{text}{suffix}"
    return f"{int(value):,}"


def money(value: Decimal) -> str:
    """An account value: grouped, two places (``250,000.00``)."""
    return price(value, 2)


def order_description(command: PlaceOrder) -> str:
    """An order in TWS's words: ``BUY 100 AAPL LMT 232.50 DAY for account DU1`` (or its group)."""
    quantity = f"{command.fa_percentage:f}% change" if command.fa_percentage is not None \
        else f"{command.total_quantity:,f}"
    price = "" if command.lmt_price is None else f" {command.lmt_price:f}"
    stop = "" if command.aux_price is None else f" stop {command.aux_price:f}"
    if command.model_code is not None:
        target = f"model {command.model_code}"
    elif command.fa_group is not None:
        target = f"group {command.fa_group}"
    else:
        target = f"account {command.account}"
    method = f" ({command.fa_method.value})" if command.fa_method is not None else ""
    rth = " outside RTH" if command.outside_rth else ""
    return (f"{command.action.value} {quantity} {command.symbol} {command.order_type.value}{price}{stop} "
            f"{command.tif.value}{rth} for {target}{method}")


def commission_estimate(preview: OrderPreview) -> str:
    """``1.00 USD``, or ``1.00 USD (min 1.00 – max 2.32)`` when the commission depends on the fills."""
    text = f"{money(preview.commission)} {preview.commission_currency}"
    if preview.min_commission != preview.max_commission:
        text += f" (min {money(preview.min_commission)} – max {money(preview.max_commission)})"
    return text


def clock(moment: datetime) -> str:
    """The status bar clock in exchange time: ``Tue Nov 24 10:00:05 ET``."""
    local = moment.astimezone(EASTERN)
    return f"{local:%a %b %d %H:%M:%S} ET"


def opening_time(moment: datetime) -> str:
    """When something scheduled happens, in exchange time: ``18:00 ET Tue Nov 24``."""
    local = moment.astimezone(EASTERN)
    return f"{local:%H:%M} ET {local:%a %b %d}"


def _quantize(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)
