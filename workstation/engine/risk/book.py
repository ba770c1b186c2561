"""The risk room's book (exposure fees, Soft Edge, liquidations) and the state the room works over."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Protocol

from workstation.engine.margin.book import MarginState
from workstation.engine.orders.book import OrdersState


class RiskBook(Protocol):
    """``exposure_detected``: account -> the day its exposure fee was first detected (its notice);
    ``exposure_pending``: fees assessed at a close, by calendar day and product class, to charge at the
    next open; ``exposure_history``: every fee charged (day, product class, amount); ``soft_edge``:
    accounts in a maintenance deficit that Soft Edge Margin shelters until 15:45 ET; ``liquidations``:
    account -> the ids of the liquidation orders placed for it; ``cash_up_front``: cash account -> the last day
    of its 90-day "Cash Up Front" restriction after free riding (IB KB 3101)."""

    exposure_detected: dict[str, date]
    exposure_pending: dict[str, list[tuple[date, dict[str, Decimal]]]]
    exposure_history: dict[str, list[tuple[date, str, Decimal]]]
    soft_edge: set[str]
    liquidations: dict[str, list[int]]
    cash_up_front: dict[str, date]


class RiskState(OrdersState, MarginState, RiskBook, Protocol):
    """What the cash-account checks, the exposure fee and liquidation work over: the working orders,
    the margin book and the risk book."""
