"""Field layouts shared by several messages: contract blocks, combo legs, order conditions, scale and PEG runs.

Each layout is a `Spec` (see fields.py): the attribute names and kinds of a run of consecutive fields,
learnt from ib_async client.py/decoder.py and ibapi client.py/orderdecoder.py (reference section 4).
"""

from __future__ import annotations

from workstation.tws_api.fields import BOOL, FLOAT, INT, STR, Spec

# conId .. tradingClass: reqMktData, reqContractDetails, placeOrder, reqHistoricalData.
CONTRACT_12: Spec = (
    ("con_id", INT), ("symbol", STR), ("sec_type", STR), ("last_trade_date", STR), ("strike", FLOAT),
    ("right", STR), ("multiplier", STR), ("exchange", STR), ("primary_exchange", STR), ("currency", STR),
    ("local_symbol", STR), ("trading_class", STR),
)
# The same without primaryExchange: openOrder, completedOrder, execDetails, position, positionMulti.
CONTRACT_11: Spec = tuple(item for item in CONTRACT_12 if item[0] != "primary_exchange")

# One BAG leg in reqMktData / reqHistoricalData (4 fields) and in placeOrder / openOrder (8 fields).
MKT_DATA_LEG: Spec = (("con_id", INT), ("ratio", INT), ("action", STR), ("exchange", STR))
ORDER_LEG: Spec = MKT_DATA_LEG + (
    ("open_close", INT), ("short_sale_slot", INT), ("designated_location", STR), ("exempt_code", INT),
)
DELTA_NEUTRAL: Spec = (("con_id", INT), ("delta", FLOAT), ("price", FLOAT))
TAG_VALUE: Spec = (("tag", STR), ("value", STR))

# The fields after condType, per condition type (ib_async order.py *Condition, ibapi order_condition.py).
_CONJ_MORE: Spec = (("conjunction", STR), ("is_more", BOOL))
CONDITION_SPECS: dict[int, Spec] = {
    1: _CONJ_MORE + (("price", FLOAT), ("con_id", INT), ("exchange", STR), ("trigger_method", INT)),
    3: _CONJ_MORE + (("time", STR),),
    4: _CONJ_MORE + (("percent", INT),),
    5: (("conjunction", STR), ("sec_type", STR), ("exchange", STR), ("symbol", STR)),
    6: _CONJ_MORE + (("volume", INT), ("con_id", INT), ("exchange", STR)),
    7: _CONJ_MORE + (("change_percent", FLOAT), ("con_id", INT), ("exchange", STR)),
}

# Sent only when 0 < scalePriceIncrement < unset.
SCALE_EXTRA: Spec = (
    ("scale_price_adjust_value", FLOAT), ("scale_price_adjust_interval", INT), ("scale_profit_offset", FLOAT),
    ("scale_auto_reset", BOOL), ("scale_init_position", INT), ("scale_init_fill_qty", INT),
    ("scale_random_percent", BOOL),
)
SCALE_HEAD: Spec = (("scale_init_level_size", INT), ("scale_subs_level_size", INT), ("scale_price_increment", FLOAT))

# Sent only for PEG BENCH orders.
PEG_BENCH_TYPES = frozenset({"PEG BENCH", "PEGBENCH"})
PEG_BENCH: Spec = (
    ("reference_contract_id", INT), ("is_pegged_change_amount_decrease", BOOL), ("pegged_change_amount", FLOAT),
    ("reference_change_amount", FLOAT), ("reference_exchange_id", STR),
)
PEG_BEST_TYPES = frozenset({"PEG BEST", "PEGBEST"})
PEG_MID_TYPES = frozenset({"PEG MID", "PEGMID"})
# openOrder / completedOrder from 170 (PEGBEST_PEGMID_OFFSETS).
PEG_OFFSETS: Spec = (
    ("min_trade_qty", INT), ("min_compete_size", INT), ("compete_against_best_offset", FLOAT),
    ("mid_offset_at_whole", FLOAT), ("mid_offset_at_half", FLOAT),
)

# The eight delta-neutral order fields placeOrder and openOrder carry when deltaNeutralOrderType is set.
DELTA_NEUTRAL_ORDER: Spec = (
    ("delta_neutral_con_id", INT), ("delta_neutral_settling_firm", STR), ("delta_neutral_clearing_account", STR),
    ("delta_neutral_clearing_intent", STR), ("delta_neutral_open_close", STR), ("delta_neutral_short_sale", BOOL),
    ("delta_neutral_short_sale_slot", INT), ("delta_neutral_designated_location", STR),
)
# completedOrder carries only four of them.
DELTA_NEUTRAL_COMPLETED: Spec = (
    ("delta_neutral_con_id", INT), ("delta_neutral_short_sale", BOOL), ("delta_neutral_short_sale_slot", INT),
    ("delta_neutral_designated_location", STR),
)
