"""Staged orders: tickets saved in Order Entry to transmit later from Activity's Staged page.

In TWS an order that was never transmitted lives in the workstation, not at IB. So these are
``OrderTicket``s, not engine orders: nothing is journaled, and a ticket is checked again when it
is transmitted. The workstation keeps them with its layout, as JSON (``to_json``/``load_json``).
Qt-free, so that the rules and the file format are tested without a GUI; listeners registered with
``subscribe`` hear of every change.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from workstation.client.allocation_choices import AllocationChoice, AllocationKind
from workstation.client.ticket import OrderTicket
from workstation.engine.core.instruments import InstrumentCatalog
from workstation.engine.core.terms import Action, AllocationMethod, OrderType, TimeInForce
from workstation.engine.messages.commands import PlaceOrder

FORMAT = 1
"""Version of the JSON written by ``StagedOrders.to_json``."""


@dataclass(frozen=True, slots=True)
class StagedOrder:
    """One saved ticket, numbered in the order it was saved, with the simulated time it was saved at."""

    staged_id: int
    ticket: OrderTicket
    saved_at: datetime

    @property
    def symbol(self) -> str:
        return self.ticket.symbol.strip().upper()

    @property
    def quantity(self) -> Decimal | None:
        """The quantity typed (None in the % Change mode, where each account's position sizes it)."""
        return None if self.percent_change is not None else _decimal(self.ticket.quantity)

    @property
    def percent_change(self) -> Decimal | None:
        return _decimal(self.ticket.fa_percentage) if self.ticket.fa_method is AllocationMethod.PCT_CHANGE else None

    @property
    def lmt_price(self) -> Decimal | None:
        """The limit price, when the order type takes one."""
        return _decimal(self.ticket.lmt_price) if self.ticket.order_type.takes_limit else None

    @property
    def aux_price(self) -> Decimal | None:
        """The stop price, when the order type takes one."""
        return _decimal(self.ticket.aux_price) if self.ticket.order_type.takes_stop else None

    def allocation_name(self, login: str) -> str:
        """Who the order is for: the account, or the group or model (with any method override)."""
        choice = self.ticket.allocation
        name = login if choice is None else choice.name
        return name if self.ticket.fa_method is None else f"{name} ({self.ticket.fa_method.value})"


class StagedOrders:
    """The staged tickets of one login, oldest first."""

    def __init__(self, login: str) -> None:
        self.login = login
        self._orders: dict[int, StagedOrder] = {}
        self._next_id = 1
        self._listeners: list[Callable[[], None]] = []

    def __iter__(self) -> Iterator[StagedOrder]:
        return iter(list(self._orders.values()))

    def __len__(self) -> int:
        return len(self._orders)

    def get(self, staged_id: int) -> StagedOrder | None:
        return self._orders.get(staged_id)

    def add(self, ticket: OrderTicket, saved_at: datetime) -> StagedOrder:
        """Stage ``ticket`` (already checked by the caller, as Submit checks it)."""
        staged = StagedOrder(self._next_id, ticket, saved_at)
        self._orders[staged.staged_id] = staged
        self._next_id += 1
        self._changed()
        return staged

    def remove(self, staged_id: int) -> StagedOrder | None:
        """Take a ticket off the list (transmitted or discarded); None if it is not staged."""
        staged = self._orders.pop(staged_id, None)
        if staged is not None:
            self._changed()
        return staged

    def order(self, staged_id: int, catalog: InstrumentCatalog) -> PlaceOrder:
        """The order a staged ticket asks for now; raises ``TicketError`` as ``OrderTicket.to_order``
        does (and ``KeyError`` for a ticket not staged)."""
        return self._orders[staged_id].ticket.to_order(self.login, catalog)

    def subscribe(self, listener: Callable[[], None]) -> Callable[[], None]:
        """Call ``listener`` after every change; returns an unsubscriber."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    # -- persistence ----------------------------------------------------------------------------

    def to_json(self) -> str:
        return json.dumps({"format": FORMAT, "orders": [
            {"saved_at": staged.saved_at.isoformat(), "ticket": ticket_to_dict(staged.ticket)}
            for staged in self._orders.values()]})

    def load_json(self, text: str) -> None:
        """Replace the staged tickets with those in ``text`` (numbered afresh from 1). Raises
        ``ValueError``, ``TypeError`` or ``KeyError`` on unreadable data, and then changes nothing."""
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError(f"format: expected staged orders in format {FORMAT}")
        loaded = [(ticket_from_dict(item["ticket"]), _moment(item["saved_at"])) for item in data["orders"]]
        self._orders = {n: StagedOrder(n, ticket, saved_at) for n, (ticket, saved_at) in enumerate(loaded, start=1)}
        self._next_id = len(loaded) + 1
        self._changed()

    def _changed(self) -> None:
        for listener in list(self._listeners):
            listener()


def ticket_to_dict(ticket: OrderTicket) -> dict[str, Any]:
    """A ticket as plain JSON data: text as typed, enums by their IB value."""
    choice = ticket.allocation
    return {
        "symbol": ticket.symbol, "action": ticket.action.value, "quantity": ticket.quantity,
        "order_type": ticket.order_type.value, "lmt_price": ticket.lmt_price, "aux_price": ticket.aux_price,
        "tif": ticket.tif.value, "outside_rth": ticket.outside_rth,
        "allocation": None if choice is None else {
            "kind": choice.kind.value, "name": choice.name, "label": choice.label,
            "method": None if choice.method is None else choice.method.value,
            "amounts": [[account, f"{amount:f}"] for account, amount in choice.amounts]},
        "fa_method": None if ticket.fa_method is None else ticket.fa_method.value,
        "fa_percentage": ticket.fa_percentage,
    }


def ticket_from_dict(data: dict[str, Any]) -> OrderTicket:
    """The ticket ``ticket_to_dict`` wrote; raises ``KeyError``, ``TypeError`` or ``ValueError``
    naming what is missing or wrong."""
    if not isinstance(data, dict):
        raise TypeError(f"ticket: expected an object, got {type(data).__name__}")
    choice = data["allocation"]
    if choice is not None:
        amounts = tuple((str(account), Decimal(str(amount))) for account, amount in choice.get("amounts", ()))
        choice = AllocationChoice(AllocationKind(choice["kind"]), _text(choice, "name"), _text(choice, "label"),
                                  None if choice["method"] is None else AllocationMethod(choice["method"]), amounts)
    if not isinstance(data["outside_rth"], bool):
        raise TypeError("outside_rth: expected true or false")
    return OrderTicket(
        symbol=_text(data, "symbol"), action=Action(data["action"]), quantity=_text(data, "quantity"),
        order_type=OrderType(data["order_type"]), lmt_price=_text(data, "lmt_price"),
        aux_price=_text(data, "aux_price"), tif=TimeInForce(data["tif"]), outside_rth=data["outside_rth"],
        allocation=choice, fa_method=None if data["fa_method"] is None else AllocationMethod(data["fa_method"]),
        fa_percentage=_text(data, "fa_percentage"))


def _text(data: dict[str, Any], key: str) -> str:
    value = data[key]
    if not isinstance(value, str):
        raise TypeError(f"{key}: expected text, got {type(value).__name__}")
    return value


def _moment(text: object) -> datetime:
    if not isinstance(text, str):
        raise TypeError(f"saved_at: expected an ISO time, got {type(text).__name__}")
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError(f"saved_at: {text} has no time zone")
    return moment


def _decimal(text: str) -> Decimal | None:
    """A number as Order Entry reads it (thousands separators allowed), or None if it is not one."""
    try:
        return Decimal(text.strip().replace(",", ""))
    except InvalidOperation:
        return None
