"""The scenario runner's JSON shapes: orders, accounts and previews as plain numbers and text."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from workstation.engine.api import Engine
from workstation.engine.funding.records import FundingKind, FundingRecord
from workstation.engine.funding.terms import SecurityDevice
from workstation.engine.ledger.valuation import avg_cost_per_contract
from workstation.engine.margin import MarginImpact
from workstation.engine.messages.events import ExecutionReported
from workstation.engine.orders.allocation_plan import AllocationPlan
from workstation.engine.orders.order import Order
from workstation.engine.partitions.desk import PartitionView
from workstation.engine.trading.preview import OrderPreview


def number(value: Decimal) -> int | float:
    """A JSON number: integral amounts as ints, others as the nearest double (JSON readers hold
    doubles, so 15 to 17 significant digits survive; ledger amounts are far shorter)."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def optional_number(value: Decimal | None) -> int | float | None:
    return None if value is None else number(value)


def execution_json(execution: ExecutionReported, busted: bool = False) -> dict[str, Any]:
    result: dict[str, Any] = {
        "exec_id": execution.exec_id,
        "quantity": number(execution.quantity),
        "price": number(execution.price),
        "time": execution.time.isoformat(),
        "commission": number(execution.commission),
        "allocations": {account: number(units) for account, units in execution.allocations},
    }
    if execution.random_picks:
        result["random_picks"] = list(execution.random_picks)
    if busted:
        result["busted"] = True
    return result


def allocation_json(plan: AllocationPlan) -> dict[str, Any]:
    """The advisor's drift view: per account desired, allowed, allocated and fill ratio."""
    return {
        "group": plan.group,
        "method": plan.method.value,
        "finalized": plan.finalized,
        "random_picks": list(plan.random_picks),
        "accounts": {
            row.account: {
                "position": number(row.position),
                "desired_quantity": row.desired_quantity,
                "allowed_quantity": row.allowed_quantity,
                "allocated": row.allocated,
                "fill_ratio": number(row.fill_ratio.quantize(Decimal("0.0001"))),
                "position_desired": number(row.position_desired),
                "position_after": number(row.position_after),
                "note": row.note,
                **({"desired_amount": number(row.desired_amount), "amount": number(row.amount)}
                   if plan.cash_qty is not None else {}),
            } for row in plan.drift()
        },
    }


def order_json(engine: Engine, order: Order) -> dict[str, Any]:
    return {
        "order_id": order.order_id,
        "account": order.account,
        "symbol": order.symbol,
        "action": order.action.value,
        "order_type": order.order_type.value,
        "total_quantity": number(order.total_quantity),
        **({"cash_qty": number(order.cash_qty)} if order.cash_qty is not None else {}),
        "lmt_price": optional_number(order.lmt_price),
        "aux_price": optional_number(order.aux_price),
        "tif": order.tif.value,
        "outside_rth": order.outside_rth,
        "status": order.status.value,
        "status_reason": order.status_reason,
        "filled": number(order.filled),
        "remaining": number(order.remaining),
        "avg_price": number(order.avg_fill_price),
        "commission": number(order.commission),
        "allocations": ({order.account: number(order.filled)} if order.allocation is None else
                        {row.account: row.allocated for row in order.allocation.rows}),
        "executions": [execution_json(e, engine.is_busted(e.exec_id)) for e in engine.executions(order.order_id)],
        **({"allocation": allocation_json(order.allocation)} if order.allocation is not None else {}),
        **({"combo": combo_json(engine, order)} if order.combo is not None else {}),
    }


def combo_json(engine: Engine, order: Order) -> dict[str, Any]:
    """A combo's legs, each with the fills, executions and (for an advisor) allocation of its own order."""
    assert order.combo is not None
    legs = []
    for leg, leg_id in zip(order.combo.legs, order.combo.leg_ids, strict=True):
        leg_order = engine.order(leg_id)
        legs.append({"symbol": leg.symbol, "action": leg.action.value, "ratio": leg.ratio,
                     "side": leg_order.action.value,
                     **{key: value for key, value in order_json(engine, leg_order).items()
                        if key in _LEG_FIELDS}})
    return {"guaranteed": order.combo.guaranteed, "legs": legs}


_LEG_FIELDS = ("order_id", "status", "filled", "remaining", "avg_price", "commission", "allocations", "executions",
               "allocation")


def account_json(engine: Engine, account_id: str) -> dict[str, Any]:
    account = engine.account(account_id)
    values = {} if account.is_advisor else engine.account_values(account_id)
    return {
        "type": account.account_type.value,
        "base_currency": account.base_currency,
        "values": {str(tag): number(amount) for tag, amount in sorted(values.items())},
        "cash": {currency: number(amount) for currency, amount in sorted(account.cash.items())},
        "positions": {
            p.symbol: {"quantity": number(p.quantity),
                       "avg_cost": number(avg_cost_per_contract(p.avg_cost, engine.catalog[p.symbol])),
                       "market_value": number(p.market_value), "unrealized_pnl": number(p.unrealized_pnl),
                       "realized_pnl": number(p.realized_pnl)}
            for p in engine.positions(account_id)
        },
        **_exposure_json(engine, account_id, account.is_advisor),
        **_funding_json(engine, account_id),
        **_settlement_json(engine, account_id),
        **_paper_json(engine, account_id),
    }


def _paper_json(engine: Engine, account_id: str) -> dict[str, Any]:
    """A paper account's flag, its live account and a reset waiting for its day ({} for a live account, so
    other scenarios' output keeps its shape)."""
    account = engine.account(account_id)
    if not account.paper:
        return {}
    return {"paper": True, **({"paper_of": account.paper_of} if account.paper_of else {}),
            **({"pending_reset": [{"amount": number(r.amount), "effective": r.effective.isoformat()}
                                  for r in engine.paper_resets(account_id)]} if engine.paper_resets(account_id)
               else {})}


def configuration_json(engine: Engine, account_id: str) -> dict[str, Any]:
    """The account's trading permissions and its configuration changes waiting for their day (shown for the
    accounts a scenario's configuration steps name, so other scenarios' output keeps its shape)."""
    return {
        "permissions": sorted(str(p) for p in engine.account(account_id).permissions),
        "pending": [{"change": r.kind, "value": list(r.value), "effective": r.effective.isoformat(),
                     **({"warning": r.warning} if r.warning else {})}
                    for r in engine.configuration_requests(account_id)],
    }


def market_data_json(engine: Engine, account_id: str) -> dict[str, Any]:
    """The account's market data subscriptions and this month's bill (shown for the accounts a scenario's
    market data steps name, so other scenarios' output keeps its shape)."""
    month = engine.market_data_month(account_id)
    bill = None if month is None else {
        "month": month.month.isoformat(), "charged": sorted(month.charged), "waivable": number(month.waivable),
        "commissions": number(month.commissions), "waived": number(month.waived)}
    return {"market_data": {"subscriptions": sorted(engine.market_data_subscriptions(account_id)), "bill": bill}}


def _settlement_json(engine: Engine, account_id: str) -> dict[str, Any]:
    """Trade cash still waiting to settle (with its settlement date) and a free-riding restriction, when any."""
    unsettled = engine.unsettled_cash(account_id)
    restriction = engine.trading_restriction(account_id)
    result: dict[str, Any] = {}
    if unsettled:
        result["unsettled"] = [{"symbol": u.symbol, "currency": u.currency, "amount": number(u.amount),
                                "settles": u.settles.isoformat()} for u in unsettled]
    if restriction is not None:
        result["restriction"] = restriction
    return result


def _funding_json(engine: Engine, account_id: str) -> dict[str, Any]:
    """The account's funding ledger (deposits, withdrawals, transfers, advisor fees), when it has one."""
    records = engine.funding_history(account_id)
    result: dict[str, Any] = {"funding": [funding_record_json(r, engine) for r in records]} if records else {}
    pending = [w for w in engine.pending_funds(account_id) if w.status == "Pending"]
    if pending:
        result["pending_deposits"] = [{"currency": w.currency, "amount": number(w.amount), "method": w.method,
                                       "bank": w.bank, "credited_on": w.until.isoformat()} for w in pending]
    device = engine.security_device(account_id)
    if device is not SecurityDevice.NONE:
        result["security_device"] = device.value
    return result


def funding_record_json(record: FundingRecord, engine: Engine) -> dict[str, Any]:
    """One funding movement: ``account`` gave or paid, ``counterparty`` received (empty: the bank).
    A position transfer moves ``quantity`` of ``symbol`` (signed as held) at ``avg_cost``, per
    contract for derivatives as every average cost in the output."""
    result: dict[str, Any] = {"time": record.time.isoformat(), "kind": record.kind.value,
                              "account": record.account, "counterparty": record.counterparty}
    if record.kind is FundingKind.POSITION_TRANSFER:
        result.update(symbol=record.symbol, quantity=number(record.quantity),
                      avg_cost=number(avg_cost_per_contract(record.amount, engine.catalog[record.symbol])))
    else:
        result.update(currency=record.currency, amount=number(record.amount))
    if record.method:
        result["method"] = record.method
    if record.bank:
        result["bank"] = record.bank
    result["description"] = record.description
    return result


def partition_json(partition: PartitionView) -> dict[str, Any]:
    """A partition's state: who it belongs to, who manages it, when it was asked for and opens
    (or opened), what it may trade and on what terms."""
    fees = partition.fees
    return {
        "parent": partition.parent,
        "advisor": partition.advisor,
        "advisor_name": partition.advisor_name,
        "status": partition.status,
        "requested_at": partition.requested_at.isoformat(),
        "opens_at": partition.ready_at.isoformat(),
        "permissions": list(partition.permissions),
        "removed_permissions": list(partition.removed),
        "fees": {"billing": fees.billing.value, "asset_percent": number(fees.asset_percent),
                 "performance_percent": number(fees.performance_percent), "flat_fee": number(fees.flat_fee),
                 "currency": fees.currency},
        "high_water": number(partition.high_water),
    }


def _exposure_json(engine: Engine, account_id: str, is_advisor: bool) -> dict[str, Any]:
    """The exposure fee, for accounts that have one estimated or charged."""
    if is_advisor:
        return {}
    view = engine.exposure_fee(account_id)
    history = engine.exposure_fee_history(account_id)
    if not view.estimated_next and not history:
        return {}
    return {"exposure_fee": {
        "last": {c: number(a) for c, a in view.last.items()},
        "estimated_next": {c: number(a) for c, a in view.estimated_next.items()},
        "charged": [{"day": day.isoformat(), "product_class": c, "amount": number(a)} for day, c, a in history],
    }}


def preview_json(preview: OrderPreview) -> dict[str, Any]:
    result: dict[str, Any] = {
        "accepted": preview.rejected is None,
        "estimated_price": number(preview.estimated_price),
        "commission": number(preview.commission),
        "min_commission": number(preview.min_commission),
        "max_commission": number(preview.max_commission),
        "commission_currency": preview.commission_currency,
    }
    if preview.allocation is not None:
        result["allocation"] = allocation_json(preview.allocation)
    if preview.margin is not None:
        result["margin_impact"] = margin_impact_json(preview.margin)
    if preview.account_margins:
        result["account_margin_impacts"] = {m.account: margin_impact_json(m) for m in preview.account_margins}
    if preview.exposure_fee is not None:
        fee = preview.exposure_fee
        result["exposure_fee_impact"] = {name: {c: number(a) for c, a in rows.items()} for name, rows in (
            ("current", fee.current), ("change", fee.change), ("post_trade", fee.post_trade))}
    if preview.warnings:
        result["warnings"] = list(preview.warnings)
    if preview.rejected is not None:
        result["code"] = preview.rejected.code
        result["message"] = preview.rejected.text
    return result


def margin_impact_json(impact: MarginImpact) -> dict[str, Any]:
    """TWS's Margin Impact grid: Current, Change and Post-Trade for each row."""
    rows = {"equity_with_loan": impact.equity_with_loan, "initial_margin": impact.initial_margin,
            "maintenance_margin": impact.maintenance_margin, "available_funds": impact.available_funds,
            "excess_liquidity": impact.excess_liquidity}
    return {"currency": impact.currency, **{name: {"current": number(row.before), "change": number(row.change),
                                                   "post_trade": number(row.after)} for name, row in rows.items()}}
