"""Plain data the TWS API codec reads and writes: contracts, orders, order states, executions, details.

Field names follow IB's (EClient/EWrapper) in snake_case. Every field has a default, so a caller fills only
what it knows. A number that IB calls "unset" is None here and travels as "" (reference section 2); a
quantity is a Decimal (an int or float is accepted on the way out).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

Quantity = Decimal | int | float  # a quantity on the way out; parsed quantities are always Decimal


@dataclass
class TagValue:
    """One tag=value pair (algo params, smart combo routing params, secIdList)."""

    tag: str = ""
    value: str = ""


@dataclass
class ComboLeg:
    """One leg of a BAG contract."""

    con_id: int | None = 0
    ratio: int | None = 0
    action: str = ""
    exchange: str = ""
    open_close: int | None = 0
    short_sale_slot: int | None = 0
    designated_location: str = ""
    exempt_code: int | None = -1


@dataclass
class DeltaNeutralContract:
    """The delta-neutral underlying attached to a contract."""

    con_id: int | None = 0
    delta: float | None = 0.0
    price: float | None = 0.0


@dataclass
class ApiContract:
    """A contract as the API carries it (the 12-field block plus the request-only extras)."""

    con_id: int | None = 0
    symbol: str = ""
    sec_type: str = ""
    last_trade_date: str = ""
    strike: float | None = 0.0
    right: str = ""
    multiplier: str = ""
    exchange: str = ""
    primary_exchange: str = ""
    currency: str = ""
    local_symbol: str = ""
    trading_class: str = ""
    include_expired: bool = False
    sec_id_type: str = ""
    sec_id: str = ""
    issuer_id: str = ""
    combo_legs_descrip: str = ""
    combo_legs: list[ComboLeg] = field(default_factory=list)
    delta_neutral_contract: DeltaNeutralContract | None = None


@dataclass
class OrderCondition:
    """One order condition; which fields travel depends on `cond_type` (1 price, 3 time, 4 margin,
    5 execution, 6 volume, 7 percent change)."""

    cond_type: int = 1
    conjunction: str = "a"
    is_more: bool = True
    price: float | None = 0.0
    time: str = ""
    percent: int | None = 0
    volume: int | None = 0
    change_percent: float | None = 0.0
    con_id: int | None = 0
    exchange: str = ""
    trigger_method: int | None = 0
    sec_type: str = ""
    symbol: str = ""


@dataclass
class ApiOrder:
    """An order with every field placeOrder, openOrder and completedOrder carry."""

    order_id: int = 0
    client_id: int | None = 0
    perm_id: int | None = 0
    action: str = ""
    total_quantity: Decimal | None = Decimal(0)
    order_type: str = ""
    lmt_price: float | None = None
    aux_price: float | None = None
    tif: str = ""
    oca_group: str = ""
    account: str = ""
    open_close: str = ""
    origin: int | None = 0
    order_ref: str = ""
    transmit: bool = True
    parent_id: int | None = 0
    block_order: bool = False
    sweep_to_fill: bool = False
    display_size: int | None = 0
    trigger_method: int | None = 0
    outside_rth: bool = False
    hidden: bool = False
    order_combo_legs: list[float | None] = field(default_factory=list)
    smart_combo_routing_params: list[TagValue] = field(default_factory=list)
    discretionary_amt: float | None = 0.0
    good_after_time: str = ""
    good_till_date: str = ""
    fa_group: str = ""
    fa_method: str = ""
    fa_percentage: str = ""
    fa_profile: str = ""
    model_code: str = ""
    short_sale_slot: int | None = 0
    designated_location: str = ""
    exempt_code: int | None = -1
    oca_type: int | None = 0
    rule80a: str = ""
    settling_firm: str = ""
    all_or_none: bool = False
    min_qty: int | None = None
    percent_offset: float | None = None
    e_trade_only: bool = False
    firm_quote_only: bool = False
    nbbo_price_cap: float | None = None
    auction_strategy: int | None = 0
    starting_price: float | None = None
    stock_ref_price: float | None = None
    delta: float | None = None
    stock_range_lower: float | None = None
    stock_range_upper: float | None = None
    override_percentage_constraints: bool = False
    volatility: float | None = None
    volatility_type: int | None = None
    delta_neutral_order_type: str = ""
    delta_neutral_aux_price: float | None = None
    delta_neutral_con_id: int | None = 0
    delta_neutral_settling_firm: str = ""
    delta_neutral_clearing_account: str = ""
    delta_neutral_clearing_intent: str = ""
    delta_neutral_open_close: str = ""
    delta_neutral_short_sale: bool = False
    delta_neutral_short_sale_slot: int | None = 0
    delta_neutral_designated_location: str = ""
    continuous_update: bool = False
    reference_price_type: int | None = None
    trail_stop_price: float | None = None
    trailing_percent: float | None = None
    basis_points: float | None = None
    basis_points_type: int | None = None
    scale_init_level_size: int | None = None
    scale_subs_level_size: int | None = None
    scale_price_increment: float | None = None
    scale_price_adjust_value: float | None = None
    scale_price_adjust_interval: int | None = None
    scale_profit_offset: float | None = None
    scale_auto_reset: bool = False
    scale_init_position: int | None = None
    scale_init_fill_qty: int | None = None
    scale_random_percent: bool = False
    scale_table: str = ""
    active_start_time: str = ""
    active_stop_time: str = ""
    hedge_type: str = ""
    hedge_param: str = ""
    opt_out_smart_routing: bool = False
    clearing_account: str = ""
    clearing_intent: str = ""
    not_held: bool = False
    algo_strategy: str = ""
    algo_params: list[TagValue] = field(default_factory=list)
    algo_id: str = ""
    what_if: bool = False
    order_misc_options: str = ""
    solicited: bool = False
    randomize_size: bool = False
    randomize_price: bool = False
    reference_contract_id: int | None = 0
    is_pegged_change_amount_decrease: bool = False
    pegged_change_amount: float | None = 0.0
    reference_change_amount: float | None = 0.0
    reference_exchange_id: str = ""
    conditions: list[OrderCondition] = field(default_factory=list)
    conditions_ignore_rth: bool = False
    conditions_cancel_order: bool = False
    adjusted_order_type: str = ""
    trigger_price: float | None = None
    lmt_price_offset: float | None = None
    adjusted_stop_price: float | None = None
    adjusted_stop_limit_price: float | None = None
    adjusted_trailing_amount: float | None = None
    adjustable_trailing_unit: int | None = 0
    ext_operator: str = ""
    soft_dollar_tier_name: str = ""
    soft_dollar_tier_value: str = ""
    soft_dollar_tier_display_name: str = ""
    cash_qty: float | None = None
    mifid2_decision_maker: str = ""
    mifid2_decision_algo: str = ""
    mifid2_execution_trader: str = ""
    mifid2_execution_algo: str = ""
    dont_use_auto_price_for_hedge: bool = False
    is_oms_container: bool = False
    discretionary_up_to_limit_price: bool = False
    use_price_mgmt_algo: int | None = None
    duration: int | None = None
    post_to_ats: int | None = None
    auto_cancel_parent: bool = False
    advanced_error_override: str = ""
    manual_order_time: str = ""
    min_trade_qty: int | None = None
    min_compete_size: int | None = None
    compete_against_best_offset: float | None = None
    mid_offset_at_whole: float | None = None
    mid_offset_at_half: float | None = None
    auto_cancel_date: str = ""
    filled_quantity: Decimal | None = None
    ref_futures_con_id: int | None = None
    shareholder: str = ""
    imbalance_only: bool = False
    route_marketable_to_bbo: bool = False
    parent_perm_id: int | None = None


@dataclass
class ApiOrderState:
    """An order's state in openOrder/completedOrder; the margin figures are what a whatIf answer carries.

    Margin and equity figures are floats (None = not known); commission None = unset.
    """

    status: str = ""
    init_margin_before: float | None = None
    maint_margin_before: float | None = None
    equity_with_loan_before: float | None = None
    init_margin_change: float | None = None
    maint_margin_change: float | None = None
    equity_with_loan_change: float | None = None
    init_margin_after: float | None = None
    maint_margin_after: float | None = None
    equity_with_loan_after: float | None = None
    commission: float | None = None
    min_commission: float | None = None
    max_commission: float | None = None
    commission_currency: str = ""
    warning_text: str = ""
    completed_time: str = ""
    completed_status: str = ""


@dataclass
class ApiExecution:
    """One execution (a fill, or one account's allocation of it)."""

    order_id: int = 0
    exec_id: str = ""
    time: datetime | str = ""
    acct_number: str = ""
    exchange: str = ""
    side: str = ""
    shares: Decimal | int | float = Decimal(0)
    price: float = 0.0
    perm_id: int = 0
    client_id: int = 0
    liquidation: int = 0
    cum_qty: Decimal | int | float = Decimal(0)
    avg_price: float = 0.0
    order_ref: str = ""
    ev_rule: str = ""
    ev_multiplier: float | None = None
    model_code: str = ""
    last_liquidity: int = 0
    pending_price_revision: bool = False


@dataclass
class ApiCommissionReport:
    """The commission of one execution (sent after its execDetails)."""

    exec_id: str = ""
    commission: float = 0.0
    currency: str = ""
    realized_pnl: float | None = None
    yield_: float | None = None
    yield_redemption_date: int | None = None


@dataclass
class ApiContractDetails:
    """What contractDetails carries about one contract."""

    contract: ApiContract = field(default_factory=ApiContract)
    market_name: str = ""
    min_tick: float = 0.01
    order_types: str = ""
    valid_exchanges: str = ""
    price_magnifier: int = 1
    under_con_id: int = 0
    long_name: str = ""
    contract_month: str = ""
    industry: str = ""
    category: str = ""
    subcategory: str = ""
    time_zone_id: str = ""
    trading_hours: str = ""
    liquid_hours: str = ""
    ev_rule: str = ""
    ev_multiplier: int | None = None
    sec_id_list: list[TagValue] = field(default_factory=list)
    agg_group: int | None = None
    under_symbol: str = ""
    under_sec_type: str = ""
    market_rule_ids: str = ""
    real_expiration_date: str = ""
    stock_type: str = ""
    min_size: Decimal | int | float | None = None
    size_increment: Decimal | int | float | None = None
    suggested_size_increment: Decimal | int | float | None = None


@dataclass
class BarData:
    """One historical bar; `date` is IB's text ("20250517" for daily bars, "20250517 14:30:00 UTC" or epoch
    seconds for intraday, as the request's formatDate asked)."""

    date: str = ""
    open: float = 0.0
    high: float = 0.0
    low: float = 0.0
    close: float = 0.0
    volume: Decimal | int | float = Decimal(0)
    wap: Decimal | int | float = Decimal(0)
    bar_count: int = 0


@dataclass
class ExecutionFilter:
    """reqExecutions' filter; empty or 0 means "any"."""

    client_id: int | None = 0
    acct_code: str = ""
    time: str = ""
    symbol: str = ""
    sec_type: str = ""
    exchange: str = ""
    side: str = ""
