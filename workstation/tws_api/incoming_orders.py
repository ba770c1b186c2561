"""placeOrder: the whole request (reference tws-api.md section 4.2) read into an ApiContract and an ApiOrder.

No version field since 145. The conditional runs follow the client encoders (ib_async client.placeOrder,
ibapi EClient.placeOrder): BAG legs, delta-neutral order fields, scale fields, hedge param, delta-neutral
contract, algo params, PEG BENCH fields, conditions; faProfile below 177; duration 158+ (never negotiated),
postToAts 160+, autoCancelParent 162+, advancedErrorOverride 166+, manualOrderTime 169+, PEG offsets 170+.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from workstation.tws_api.fields import BOOL, DEC, FLOAT, INT, STR, UNSET_DOUBLE, FieldReader, RequestError, Spec
from workstation.tws_api.ids import Incoming
from workstation.tws_api.layouts import (
    CONDITION_SPECS,
    DELTA_NEUTRAL,
    DELTA_NEUTRAL_ORDER,
    ORDER_LEG,
    PEG_BENCH,
    PEG_BENCH_TYPES,
    PEG_BEST_TYPES,
    PEG_MID_TYPES,
    SCALE_EXTRA,
    SCALE_HEAD,
    TAG_VALUE,
)
from workstation.tws_api.model import (
    ApiContract,
    ApiOrder,
    ComboLeg,
    DeltaNeutralContract,
    OrderCondition,
    TagValue,
)
from workstation.tws_api.registry import read_contract_12, request

DURATION, POST_TO_ATS, AUTO_CANCEL_PARENT = 158, 160, 162
ADVANCED_ORDER_REJECT, MANUAL_ORDER_TIME, PEGBEST_PEGMID_OFFSETS = 166, 169, 170
FA_PROFILE_DESUPPORT = 177
_SMALLEST_CONDITION = 4  # condType + the three fields of a time or margin condition

_HEAD: Spec = (
    ("action", STR), ("total_quantity", DEC), ("order_type", STR), ("lmt_price", FLOAT), ("aux_price", FLOAT),
    ("tif", STR), ("oca_group", STR), ("account", STR), ("open_close", STR), ("origin", INT), ("order_ref", STR),
    ("transmit", BOOL), ("parent_id", INT), ("block_order", BOOL), ("sweep_to_fill", BOOL), ("display_size", INT),
    ("trigger_method", INT), ("outside_rth", BOOL), ("hidden", BOOL),
)
_AFTER_LEGS: Spec = (
    ("discretionary_amt", FLOAT), ("good_after_time", STR), ("good_till_date", STR),
    ("fa_group", STR), ("fa_method", STR), ("fa_percentage", STR),
)
_MIDDLE: Spec = (
    ("model_code", STR), ("short_sale_slot", INT), ("designated_location", STR), ("exempt_code", INT),
    ("oca_type", INT), ("rule80a", STR), ("settling_firm", STR), ("all_or_none", BOOL), ("min_qty", INT),
    ("percent_offset", FLOAT), ("e_trade_only", BOOL), ("firm_quote_only", BOOL), ("nbbo_price_cap", FLOAT),
    ("auction_strategy", INT), ("starting_price", FLOAT), ("stock_ref_price", FLOAT), ("delta", FLOAT),
    ("stock_range_lower", FLOAT), ("stock_range_upper", FLOAT), ("override_percentage_constraints", BOOL),
    ("volatility", FLOAT), ("volatility_type", INT), ("delta_neutral_order_type", STR),
    ("delta_neutral_aux_price", FLOAT),
)
_TRAIL: Spec = (
    ("continuous_update", BOOL), ("reference_price_type", INT), ("trail_stop_price", FLOAT),
    ("trailing_percent", FLOAT),
)
_ACTIVE: Spec = (("scale_table", STR), ("active_start_time", STR), ("active_stop_time", STR), ("hedge_type", STR))
_CLEARING: Spec = (
    ("opt_out_smart_routing", BOOL), ("clearing_account", STR), ("clearing_intent", STR), ("not_held", BOOL),
)
_MISC: Spec = (
    ("algo_id", STR), ("what_if", BOOL), ("order_misc_options", STR), ("solicited", BOOL),
    ("randomize_size", BOOL), ("randomize_price", BOOL),
)
_ADJUSTED: Spec = (
    ("adjusted_order_type", STR), ("trigger_price", FLOAT), ("lmt_price_offset", FLOAT),
    ("adjusted_stop_price", FLOAT), ("adjusted_stop_limit_price", FLOAT), ("adjusted_trailing_amount", FLOAT),
    ("adjustable_trailing_unit", INT), ("ext_operator", STR), ("soft_dollar_tier_name", STR),
    ("soft_dollar_tier_value", STR), ("cash_qty", FLOAT), ("mifid2_decision_maker", STR),
    ("mifid2_decision_algo", STR), ("mifid2_execution_trader", STR), ("mifid2_execution_algo", STR),
    ("dont_use_auto_price_for_hedge", BOOL), ("is_oms_container", BOOL), ("discretionary_up_to_limit_price", BOOL),
    ("use_price_mgmt_algo", INT),
)


def _read_tag_values(r: FieldReader, name: str) -> list[TagValue]:
    pairs = []
    for _ in range(r.count(name, len(TAG_VALUE))):
        pair = TagValue()
        r.read_spec(pair, TAG_VALUE)
        pairs.append(pair)
    return pairs


def _read_bag(r: FieldReader, contract: ApiContract, order: ApiOrder) -> None:
    for _ in range(r.count("comboLegsCount", len(ORDER_LEG))):
        leg = ComboLeg()
        r.read_spec(leg, ORDER_LEG)
        contract.combo_legs.append(leg)
    order.order_combo_legs = [r.float("orderComboLegPrice") for _ in range(r.count("orderComboLegsCount", 1))]
    order.smart_combo_routing_params = _read_tag_values(r, "smartComboRoutingParamsCount")


def _read_conditions(r: FieldReader, order: ApiOrder) -> None:
    count = r.count("conditionsCount", _SMALLEST_CONDITION)
    for _ in range(count):
        cond_type = r.int("conditionType")
        spec = CONDITION_SPECS.get(cond_type)  # type: ignore[arg-type]
        if spec is None:
            raise RequestError(r.message, "conditionType", f"unknown order condition type {cond_type}")
        condition = OrderCondition(cond_type=cond_type)  # type: ignore[arg-type]
        r.read_spec(condition, spec)
        order.conditions.append(condition)
    if count:
        order.conditions_ignore_rth = r.bool("conditionsIgnoreRth")
        order.conditions_cancel_order = r.bool("conditionsCancelOrder")


def _read_version_tail(r: FieldReader, contract: ApiContract, order: ApiOrder) -> None:
    v = r.version
    if v >= DURATION:
        order.duration = r.int("duration")
    if v >= POST_TO_ATS:
        order.post_to_ats = r.int("postToAts")
    if v >= AUTO_CANCEL_PARENT:
        order.auto_cancel_parent = r.bool("autoCancelParent")
    if v >= ADVANCED_ORDER_REJECT:
        order.advanced_error_override = r.str("advancedErrorOverride")
    if v >= MANUAL_ORDER_TIME:
        order.manual_order_time = r.str("manualOrderTime")
    if v < PEGBEST_PEGMID_OFFSETS:
        return
    if contract.exchange == "IBKRATS":
        order.min_trade_qty = r.int("minTradeQty")
    if order.order_type in PEG_BEST_TYPES:
        order.min_compete_size = r.int("minCompeteSize")
        order.compete_against_best_offset = r.float("competeAgainstBestOffset")
        if order.compete_against_best_offset == math.inf:
            order.mid_offset_at_whole = r.float("midOffsetAtWhole")
            order.mid_offset_at_half = r.float("midOffsetAtHalf")
    elif order.order_type in PEG_MID_TYPES:
        order.mid_offset_at_whole = r.float("midOffsetAtWhole")
        order.mid_offset_at_half = r.float("midOffsetAtHalf")


@request(Incoming.PLACE_ORDER, "placeOrder")
@dataclass
class PlaceOrder:
    """placeOrder: a new order, or a modification when the (client, order id) is live; whatIf only previews."""

    order_id: int = 0
    contract: ApiContract = field(default_factory=ApiContract)
    order: ApiOrder = field(default_factory=ApiOrder)

    @classmethod
    def read(cls, r: FieldReader) -> PlaceOrder:
        order_id = r.required_int("orderId")
        contract = read_contract_12(r)
        contract.sec_id_type = r.str("secIdType")
        contract.sec_id = r.str("secId")
        order = ApiOrder(order_id=order_id)
        r.read_spec(order, _HEAD)
        if contract.sec_type == "BAG":
            _read_bag(r, contract, order)
        r.str("sharesAllocation")  # deprecated, always empty
        r.read_spec(order, _AFTER_LEGS)
        if r.version < FA_PROFILE_DESUPPORT:
            order.fa_profile = r.str("faProfile")
        r.read_spec(order, _MIDDLE)
        if order.delta_neutral_order_type:
            r.read_spec(order, DELTA_NEUTRAL_ORDER)
        r.read_spec(order, _TRAIL)
        r.read_spec(order, SCALE_HEAD)
        increment = order.scale_price_increment
        if increment is not None and 0 < increment < UNSET_DOUBLE:
            r.read_spec(order, SCALE_EXTRA)
        r.read_spec(order, _ACTIVE)
        if order.hedge_type:
            order.hedge_param = r.str("hedgeParam")
        r.read_spec(order, _CLEARING)
        if r.bool("deltaNeutralContractPresent"):
            dnc = DeltaNeutralContract()
            r.read_spec(dnc, DELTA_NEUTRAL)
            contract.delta_neutral_contract = dnc
        order.algo_strategy = r.str("algoStrategy")
        if order.algo_strategy:
            order.algo_params = _read_tag_values(r, "algoParamsCount")
        r.read_spec(order, _MISC)
        if order.order_type in PEG_BENCH_TYPES:
            r.read_spec(order, PEG_BENCH)
        _read_conditions(r, order)
        r.read_spec(order, _ADJUSTED)
        _read_version_tail(r, contract, order)
        return cls(order_id=order_id, contract=contract, order=order)
