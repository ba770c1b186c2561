"""Server -> client order and execution messages: orderStatus, openOrder, completedOrder, execDetails,
commissionReport and their end markers.

Every builder takes the negotiated server version `v` first and returns the message's fields (message id
first) as ASCII text. Layouts: reference tws-api.md section 4.3, checked against ib_async decoder.py
(openOrder, completedOrder, execDetails) and ibapi decoder.py/orderdecoder.py.
"""

from __future__ import annotations

from workstation.tws_api.fields import (
    BOOL,
    DEC,
    FLOAT,
    INT,
    STR,
    UNSET_DOUBLE,
    Spec,
    enc_bool,
    enc_decimal,
    enc_float,
    enc_int,
    enc_text,
    encode_spec,
    ib_datetime,
)
from workstation.tws_api.ids import Outgoing
from workstation.tws_api.layouts import (
    CONDITION_SPECS,
    CONTRACT_11,
    DELTA_NEUTRAL,
    DELTA_NEUTRAL_COMPLETED,
    DELTA_NEUTRAL_ORDER,
    ORDER_LEG,
    PEG_BENCH,
    PEG_BENCH_TYPES,
    PEG_OFFSETS,
    SCALE_EXTRA,
    SCALE_HEAD,
    TAG_VALUE,
)
from workstation.tws_api.model import (
    ApiCommissionReport,
    ApiContract,
    ApiExecution,
    ApiOrder,
    ApiOrderState,
    Quantity,
)

FA_PROFILE_DESUPPORT = 177  # openOrder/completedOrder lose faProfile
DURATION_IN_OPEN_ORDER = 159  # ib_async reads openOrder.duration from 159 (ibapi from 158: never negotiated)
POST_TO_ATS = 160
AUTO_CANCEL_PARENT = 162
PEGBEST_PEGMID_OFFSETS = 170
PENDING_PRICE_REVISION = 178

_OPEN_HEAD: Spec = (
    ("action", STR), ("total_quantity", DEC), ("order_type", STR), ("lmt_price", FLOAT), ("aux_price", FLOAT),
    ("tif", STR), ("oca_group", STR), ("account", STR), ("open_close", STR), ("origin", INT), ("order_ref", STR),
    ("client_id", INT), ("perm_id", INT), ("outside_rth", BOOL), ("hidden", BOOL), ("discretionary_amt", FLOAT),
    ("good_after_time", STR),
)
_COMPLETED_HEAD: Spec = tuple(item for item in _OPEN_HEAD if item[0] != "client_id")
_FA: Spec = (("fa_group", STR), ("fa_method", STR), ("fa_percentage", STR))
_OPEN_MIDDLE: Spec = (
    ("model_code", STR), ("good_till_date", STR), ("rule80a", STR), ("percent_offset", FLOAT),
    ("settling_firm", STR), ("short_sale_slot", INT), ("designated_location", STR), ("exempt_code", INT),
    ("auction_strategy", INT), ("starting_price", FLOAT), ("stock_ref_price", FLOAT), ("delta", FLOAT),
    ("stock_range_lower", FLOAT), ("stock_range_upper", FLOAT), ("display_size", INT), ("block_order", BOOL),
    ("sweep_to_fill", BOOL), ("all_or_none", BOOL), ("min_qty", INT), ("oca_type", INT), ("e_trade_only", BOOL),
    ("firm_quote_only", BOOL), ("nbbo_price_cap", FLOAT), ("parent_id", INT), ("trigger_method", INT),
    ("volatility", FLOAT), ("volatility_type", INT), ("delta_neutral_order_type", STR),
    ("delta_neutral_aux_price", FLOAT),
)
_COMPLETED_MIDDLE: Spec = tuple(
    item for item in _OPEN_MIDDLE
    if item[0] not in {"auction_strategy", "block_order", "e_trade_only", "firm_quote_only", "nbbo_price_cap",
                       "parent_id"}
)
_OPEN_TRAIL: Spec = (
    ("continuous_update", BOOL), ("reference_price_type", INT), ("trail_stop_price", FLOAT),
    ("trailing_percent", FLOAT), ("basis_points", FLOAT), ("basis_points_type", INT),
)
_COMPLETED_TRAIL: Spec = _OPEN_TRAIL[:4]
_OPEN_ADJUSTED: Spec = (
    ("adjusted_order_type", STR), ("trigger_price", FLOAT), ("trail_stop_price", FLOAT),
    ("lmt_price_offset", FLOAT), ("adjusted_stop_price", FLOAT), ("adjusted_stop_limit_price", FLOAT),
    ("adjusted_trailing_amount", FLOAT), ("adjustable_trailing_unit", INT), ("soft_dollar_tier_name", STR),
    ("soft_dollar_tier_value", STR), ("soft_dollar_tier_display_name", STR), ("cash_qty", FLOAT),
    ("dont_use_auto_price_for_hedge", BOOL), ("is_oms_container", BOOL), ("discretionary_up_to_limit_price", BOOL),
    ("use_price_mgmt_algo", INT),
)
_COMPLETED_TAIL: Spec = (
    ("trail_stop_price", FLOAT), ("lmt_price_offset", FLOAT), ("cash_qty", FLOAT),
    ("dont_use_auto_price_for_hedge", BOOL), ("is_oms_container", BOOL), ("auto_cancel_date", STR),
    ("filled_quantity", DEC), ("ref_futures_con_id", INT), ("auto_cancel_parent", BOOL), ("shareholder", STR),
    ("imbalance_only", BOOL), ("route_marketable_to_bbo", BOOL), ("parent_perm_id", INT),
)
_MARGINS = (
    "init_margin_before", "maint_margin_before", "equity_with_loan_before",
    "init_margin_change", "maint_margin_change", "equity_with_loan_change",
    "init_margin_after", "maint_margin_after", "equity_with_loan_after",
)
_EXECUTION: Spec = (
    ("exec_id", STR), ("time", STR), ("acct_number", STR), ("exchange", STR), ("side", STR), ("shares", DEC),
    ("price", FLOAT), ("perm_id", INT), ("client_id", INT), ("liquidation", INT), ("cum_qty", DEC),
    ("avg_price", FLOAT), ("order_ref", STR), ("ev_rule", STR), ("ev_multiplier", FLOAT), ("model_code", STR),
    ("last_liquidity", INT),
)


def order_status(v: int, order_id: int, status: str, filled: Quantity, remaining: Quantity, avg_fill_price: float,
                 perm_id: int, parent_id: int, last_fill_price: float, client_id: int, why_held: str = "",
                 mkt_cap_price: float = 0.0) -> list[str]:
    """orderStatus (3): no version field since 131; `filled`/`remaining` are quantities."""
    return [str(Outgoing.ORDER_STATUS), enc_int(order_id), enc_text(status), enc_decimal(filled),
            enc_decimal(remaining), enc_float(avg_fill_price), enc_int(perm_id), enc_int(parent_id),
            enc_float(last_fill_price), enc_int(client_id), enc_text(why_held), enc_float(mkt_cap_price)]


def _combo_and_scale(contract: ApiContract, order: ApiOrder) -> list[str]:
    """comboLegsDescrip, the contract legs, the order legs' prices, smart combo params, the scale run, hedge."""
    out = [enc_text(contract.combo_legs_descrip), enc_int(len(contract.combo_legs))]
    for leg in contract.combo_legs:
        out += encode_spec(leg, ORDER_LEG)
    out.append(enc_int(len(order.order_combo_legs)))
    out += [enc_float(price) for price in order.order_combo_legs]
    out.append(enc_int(len(order.smart_combo_routing_params)))
    for tag in order.smart_combo_routing_params:
        out += encode_spec(tag, TAG_VALUE)
    out += encode_spec(order, SCALE_HEAD)
    increment = order.scale_price_increment
    if increment is not None and 0 < increment < UNSET_DOUBLE:
        out += encode_spec(order, SCALE_EXTRA)
    out.append(enc_text(order.hedge_type))
    if order.hedge_type:
        out.append(enc_text(order.hedge_param))
    return out


def _delta_neutral_and_algo(contract: ApiContract, order: ApiOrder) -> list[str]:
    """dncPresent (+ its 3 fields) and algoStrategy (+ its params)."""
    dnc = contract.delta_neutral_contract
    out = [enc_bool(dnc is not None)]
    if dnc is not None:
        out += encode_spec(dnc, DELTA_NEUTRAL)
    out.append(enc_text(order.algo_strategy))
    if order.algo_strategy:
        out.append(enc_int(len(order.algo_params)))
        for tag in order.algo_params:
            out += encode_spec(tag, TAG_VALUE)
    return out


def _peg_bench_and_conditions(order: ApiOrder) -> list[str]:
    """The PEG BENCH run (for those order types) and the conditions with their two trailing flags."""
    out = encode_spec(order, PEG_BENCH) if order.order_type in PEG_BENCH_TYPES else []
    out.append(enc_int(len(order.conditions)))
    for condition in order.conditions:
        out.append(enc_int(condition.cond_type))
        out += encode_spec(condition, CONDITION_SPECS[condition.cond_type])
    if order.conditions:
        out += [enc_bool(order.conditions_ignore_rth), enc_bool(order.conditions_cancel_order)]
    return out


def _margin_text(value: float | None, what_if: bool) -> str:
    # ib_async recognises a whatIf answer by float(initMarginChange) != unset: never "" in a whatIf reply.
    if value is None:
        return "1.7976931348623157E308" if what_if else ""
    return f"{value:.2f}"


def open_order(v: int, contract: ApiContract, order: ApiOrder, state: ApiOrderState) -> list[str]:
    """openOrder (5): no version field; faProfile below 177; duration 159+, postToAts 160+,
    autoCancelParent 162+, the PEG offsets 170+. A whatIf answer carries the margin figures of `state`."""
    out = [str(Outgoing.OPEN_ORDER), enc_int(order.order_id)]
    out += encode_spec(contract, CONTRACT_11)
    out += encode_spec(order, _OPEN_HEAD)
    out.append("")  # sharesAllocation, deprecated
    out += encode_spec(order, _FA)
    if v < FA_PROFILE_DESUPPORT:
        out.append(enc_text(order.fa_profile))
    out += encode_spec(order, _OPEN_MIDDLE)
    if order.delta_neutral_order_type:
        out += encode_spec(order, DELTA_NEUTRAL_ORDER)
    out += encode_spec(order, _OPEN_TRAIL)
    out += _combo_and_scale(contract, order)
    out += [enc_bool(order.opt_out_smart_routing), enc_text(order.clearing_account),
            enc_text(order.clearing_intent), enc_bool(order.not_held)]
    out += _delta_neutral_and_algo(contract, order)
    out += [enc_bool(order.solicited), enc_bool(order.what_if), enc_text(state.status)]
    out += [_margin_text(getattr(state, name), order.what_if) for name in _MARGINS]
    out += [enc_float(state.commission), enc_float(state.min_commission), enc_float(state.max_commission),
            enc_text(state.commission_currency), enc_text(state.warning_text),
            enc_bool(order.randomize_size), enc_bool(order.randomize_price)]
    out += _peg_bench_and_conditions(order)
    out += encode_spec(order, _OPEN_ADJUSTED)
    if v >= DURATION_IN_OPEN_ORDER:
        out.append(enc_int(order.duration))
    if v >= POST_TO_ATS:
        out.append(enc_int(order.post_to_ats))
    if v >= AUTO_CANCEL_PARENT:
        out.append(enc_bool(order.auto_cancel_parent))
    if v >= PEGBEST_PEGMID_OFFSETS:
        out += encode_spec(order, PEG_OFFSETS)
    return out


def open_order_end(v: int) -> list[str]:
    """openOrderEnd (53)."""
    return [str(Outgoing.OPEN_ORDER_END), "1"]


def completed_order(v: int, contract: ApiContract, order: ApiOrder, state: ApiOrderState) -> list[str]:
    """completedOrder (101): no version field, no orderId, no sharesAllocation; faProfile below 177."""
    out = [str(Outgoing.COMPLETED_ORDER)]
    out += encode_spec(contract, CONTRACT_11)
    out += encode_spec(order, _COMPLETED_HEAD)
    out += encode_spec(order, _FA)
    if v < FA_PROFILE_DESUPPORT:
        out.append(enc_text(order.fa_profile))
    out += encode_spec(order, _COMPLETED_MIDDLE)
    if order.delta_neutral_order_type:
        out += encode_spec(order, DELTA_NEUTRAL_COMPLETED)
    out += encode_spec(order, _COMPLETED_TRAIL)
    out += _combo_and_scale(contract, order)
    out += [enc_text(order.clearing_account), enc_text(order.clearing_intent), enc_bool(order.not_held)]
    out += _delta_neutral_and_algo(contract, order)
    out += [enc_bool(order.solicited), enc_text(state.status), enc_bool(order.randomize_size),
            enc_bool(order.randomize_price)]
    out += _peg_bench_and_conditions(order)
    out += encode_spec(order, _COMPLETED_TAIL)
    out += [enc_text(state.completed_time), enc_text(state.completed_status)]
    if v >= PEGBEST_PEGMID_OFFSETS:
        out += encode_spec(order, PEG_OFFSETS)
    return out


def completed_orders_end(v: int) -> list[str]:
    """completedOrdersEnd (102): no version field, no payload."""
    return [str(Outgoing.COMPLETED_ORDERS_END)]


def exec_details(v: int, req_id: int, contract: ApiContract, execution: ApiExecution) -> list[str]:
    """execDetails (11): no version field; `req_id` -1 for live fills; pendingPriceRevision from 178.

    The time travels as "YYYYMMDD HH:MM:SS <IANA zone>" (ib_async's parseIBDatetime calls ZoneInfo on it).
    """
    out = [str(Outgoing.EXECUTION_DATA), enc_int(req_id), enc_int(execution.order_id)]
    out += encode_spec(contract, CONTRACT_11)
    out += encode_spec(execution, _EXECUTION[:1])
    moment = execution.time
    out.append(enc_text(moment) if isinstance(moment, str) else ib_datetime(moment))
    out += encode_spec(execution, _EXECUTION[2:])
    if v >= PENDING_PRICE_REVISION:
        out.append(enc_bool(execution.pending_price_revision))
    return out


def exec_details_end(v: int, req_id: int) -> list[str]:
    """execDetailsEnd (55)."""
    return [str(Outgoing.EXECUTION_DATA_END), "1", enc_int(req_id)]


def commission_report(v: int, report: ApiCommissionReport) -> list[str]:
    """commissionReport (59), exactly 8 fields; send it after the matching execDetails."""
    return [str(Outgoing.COMMISSION_REPORT), "1", enc_text(report.exec_id), enc_float(report.commission),
            enc_text(report.currency), enc_float(report.realized_pnl), enc_float(report.yield_),
            enc_int(report.yield_redemption_date)]
