"""The order reads a request asks for at once: reqExecutions with its filter, and a whatIf's OrderState.

reqExecutions follows IB's FA reporting (reference §4.4 "FA block orders"): an advisor order's execution
is reported once, as the block on the advisor's master account; each client account's share of it (its
own exec id: the block's with the account's place in the allocation appended) only to a request whose
filter names that account in acctCode.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from workstation.tws_api.model import ApiOrderState, ExecutionFilter
from workstation.tws_api.order_feed import ApiOrderBook

if TYPE_CHECKING:
    from workstation.engine.trading.preview import OrderPreview

_FILTER_TIME = re.compile(r"^(\d{8})([ -])(\d{2}:\d{2}:\d{2})(?: (\S+))?$")
_SIDES = {"BUY": "BUY", "BOT": "BUY", "SELL": "SELL", "SLD": "SELL"}


def execution_messages(book: ApiOrderBook, v: int, req_id: int, wanted: ExecutionFilter,
                       visible: frozenset[str]) -> list[list[str]]:
    """execDetails and commissionReport for every execution the filter lets through, oldest first."""
    engine = book.engine
    since = _filter_time(wanted.time)
    side = _SIDES.get(wanted.side.upper(), "") if wanted.side else ""
    totals: dict[int, tuple[Decimal, Decimal]] = defaultdict(lambda: (Decimal(0), Decimal(0)))
    out: list[list[str]] = []
    for event in engine.executions():
        if engine.is_busted(event.exec_id):
            continue
        quantity, value = totals[event.order_id]
        quantity, value = quantity + event.quantity, value + event.quantity * event.price
        totals[event.order_id] = (quantity, value)
        if event.account not in visible or (since is not None and event.time < since):
            continue
        if side and event.action.value != side:
            continue
        order = engine.order(event.order_id)
        owner_id = order.parent_id if order.parent_id is not None else order.order_id
        client_id, _order_id = book.ids_of(owner_id)
        if wanted.client_id and wanted.client_id != client_id:
            continue
        instrument = engine.catalog.get(event.symbol)
        if instrument is None:
            continue
        contract = book.contracts.contract(instrument)
        if (wanted.symbol and wanted.symbol.upper() != contract.symbol) or (
                wanted.sec_type and wanted.sec_type.upper() != contract.sec_type) or (
                wanted.exchange and wanted.exchange.upper() not in (contract.exchange, contract.primary_exchange)):
            continue
        average = value / quantity
        if not wanted.acct_code or wanted.acct_code == event.account:
            out += book.execution_messages(v, req_id, event, quantity, average)
            continue
        commissions = dict(event.allocation_commissions)
        for place, (account, shares) in enumerate(event.allocations, start=1):
            if account == wanted.acct_code and shares:
                exec_id = f"{book.reported_exec_id(event.exec_id)}.{place:02d}"
                allocation = (account, shares, commissions.get(account, Decimal(0)), exec_id)
                out += book.execution_messages(v, req_id, event, quantity, average, allocation)
    return out


def _filter_time(text: str) -> datetime | None:
    """IB's filter time: "yyyymmdd hh:mm:ss" with an optional IANA zone (else UTC), or "yyyymmdd-hh:mm:ss" (UTC)."""
    match = _FILTER_TIME.match(text.strip()) if text else None
    if match is None:
        return None
    day, _sep, clock, zone = match.groups()
    moment = datetime.strptime(f"{day} {clock}", "%Y%m%d %H:%M:%S")
    try:
        return moment.replace(tzinfo=ZoneInfo(zone) if zone else UTC)
    except (KeyError, ValueError):
        return moment.replace(tzinfo=UTC)


def what_if_state(preview: OrderPreview) -> ApiOrderState:
    """The OrderState of a whatIf answer: the Margin Impact (summed over the client accounts of an advisor
    order), the commission with its range, and the preview's warnings."""
    impacts = preview.account_margins or ((preview.margin,) if preview.margin is not None else ())

    def total(row: str, part: str) -> float:
        return float(sum((getattr(getattr(impact, row), part) for impact in impacts), Decimal(0)))

    state = ApiOrderState(status="PreSubmitted", commission=float(preview.commission),
                          min_commission=float(preview.min_commission or 0),
                          max_commission=float(preview.max_commission or 0),
                          commission_currency=preview.commission_currency, warning_text="\n".join(preview.warnings))
    for row, prefix in (("equity_with_loan", "equity_with_loan"), ("initial_margin", "init_margin"),
                        ("maintenance_margin", "maint_margin")):
        for part in ("before", "change", "after"):
            setattr(state, f"{prefix}_{part}", total(row, part))
    return state
