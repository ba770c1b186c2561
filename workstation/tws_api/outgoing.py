"""Server -> client messages of the session, accounts, positions, market data, contracts, history, P&L and FA.

Every builder takes the negotiated server version `v` first (157..178, never 158 or 163) and returns the
message's fields, message id first, as ASCII text ready for framing. Orders and executions are in
outgoing_orders.py. Layouts: reference tws-api.md section 4.3, checked against ib_async decoder.py and
ibapi decoder.py; the messages ibapi hands to its wrapper by signature (6, 8, 9, 15, 16, 49, 52-55, 57, 58,
62-64, 72-74) must carry exactly the wrapper's parameters, and their text is decoded with "unicode-escape".
"""

from __future__ import annotations

from collections.abc import Sequence

from workstation.tws_api.fields import (
    enc_decimal,
    enc_escaped_text,
    enc_float,
    enc_int,
    enc_text,
    encode_spec,
)
from workstation.tws_api.ids import Outgoing
from workstation.tws_api.layouts import CONTRACT_11, TAG_VALUE
from workstation.tws_api.model import ApiContract, ApiContractDetails, BarData, Quantity

ADVANCED_ORDER_REJECT = 166  # errMsg gains advancedOrderRejectJson
SIZE_RULES = 164  # contractDetails loses its version field and mdSizeMultiplier, gains the size rules

# attrMask bits of tickPrice
CAN_AUTO_EXECUTE, PAST_LIMIT, PRE_OPEN = 1, 2, 4


def _head(msg: Outgoing, version: str | None = "1") -> list[str]:
    return [str(int(msg))] if version is None else [str(int(msg)), version]


# ------------------------------------------------------------------------------------------------ session


def managed_accounts(v: int, accounts: Sequence[str]) -> list[str]:
    """managedAccounts (15): exactly 3 fields, the list comma separated (an advisor's master first)."""
    return _head(Outgoing.MANAGED_ACCTS) + [enc_escaped_text(",".join(accounts))]


def next_valid_id(v: int, order_id: int) -> list[str]:
    """nextValidId (9): exactly 3 fields."""
    return _head(Outgoing.NEXT_VALID_ID) + [enc_int(order_id)]


def current_time(v: int, epoch_seconds: int) -> list[str]:
    """currentTime (49)."""
    return _head(Outgoing.CURRENT_TIME) + [enc_int(epoch_seconds)]


def error_message(v: int, req_id: int, code: int, text: str, advanced_order_reject_json: str = "") -> list[str]:
    """errMsg (4): reqId -1 when not tied to a request; advancedOrderRejectJson from 166."""
    out = _head(Outgoing.ERR_MSG, "2") + [enc_int(req_id), enc_int(code), enc_escaped_text(text)]
    if v >= ADVANCED_ORDER_REJECT:
        out.append(enc_escaped_text(advanced_order_reject_json))
    return out


# ------------------------------------------------------------------------------------------------ accounts


def update_account_value(v: int, key: str, value: str, currency: str, account: str) -> list[str]:
    """updateAccountValue (6)."""
    return _head(Outgoing.ACCT_VALUE, "2") + [enc_escaped_text(t) for t in (key, value, currency, account)]


def update_portfolio(v: int, contract: ApiContract, position: Quantity, market_price: float, market_value: float,
                     average_cost: float, unrealized_pnl: float, realized_pnl: float, account: str) -> list[str]:
    """updatePortfolio (7): exactly 20 fields; the contract block carries primaryExchange, not exchange."""
    c = contract
    return _head(Outgoing.PORTFOLIO_VALUE, "8") + [
        enc_int(c.con_id), enc_text(c.symbol), enc_text(c.sec_type), enc_text(c.last_trade_date),
        enc_float(c.strike), enc_text(c.right), enc_text(c.multiplier), enc_text(c.primary_exchange),
        enc_text(c.currency), enc_text(c.local_symbol), enc_text(c.trading_class), enc_decimal(position),
        enc_float(market_price), enc_float(market_value), enc_float(average_cost), enc_float(unrealized_pnl),
        enc_float(realized_pnl), enc_text(account),
    ]


def update_account_time(v: int, hh_mm: str) -> list[str]:
    """updateAccountTime (8): "HH:MM"."""
    return _head(Outgoing.ACCT_UPDATE_TIME) + [enc_escaped_text(hh_mm)]


def account_download_end(v: int, account: str) -> list[str]:
    """accountDownloadEnd (54)."""
    return _head(Outgoing.ACCT_DOWNLOAD_END) + [enc_escaped_text(account)]


def position(v: int, account: str, contract: ApiContract, quantity: Quantity, avg_cost: float) -> list[str]:
    """position (61): exactly 16 fields; `exchange` holds the listing exchange as real TWS sends it."""
    return (_head(Outgoing.POSITION_DATA, "3") + [enc_text(account)] + encode_spec(contract, CONTRACT_11)
            + [enc_decimal(quantity), enc_float(avg_cost)])


def position_end(v: int) -> list[str]:
    """positionEnd (62)."""
    return _head(Outgoing.POSITION_END)


def position_multi(v: int, req_id: int, account: str, model_code: str, contract: ApiContract, quantity: Quantity,
                   avg_cost: float) -> list[str]:
    """positionMulti (71): exactly 18 fields."""
    return (_head(Outgoing.POSITION_MULTI) + [enc_int(req_id), enc_text(account)]
            + encode_spec(contract, CONTRACT_11) + [enc_decimal(quantity), enc_float(avg_cost), enc_text(model_code)])


def position_multi_end(v: int, req_id: int) -> list[str]:
    """positionMultiEnd (72)."""
    return _head(Outgoing.POSITION_MULTI_END) + [enc_int(req_id)]


def account_summary(v: int, req_id: int, account: str, tag: str, value: str, currency: str) -> list[str]:
    """accountSummary (63); AccountType, Cushion and Leverage have an empty currency."""
    return _head(Outgoing.ACCOUNT_SUMMARY) + [enc_int(req_id)] + [
        enc_escaped_text(t) for t in (account, tag, value, currency)]


def account_summary_end(v: int, req_id: int) -> list[str]:
    """accountSummaryEnd (64)."""
    return _head(Outgoing.ACCOUNT_SUMMARY_END) + [enc_int(req_id)]


def account_update_multi(v: int, req_id: int, account: str, model_code: str, key: str, value: str,
                         currency: str) -> list[str]:
    """accountUpdateMulti (73)."""
    return _head(Outgoing.ACCOUNT_UPDATE_MULTI) + [enc_int(req_id)] + [
        enc_escaped_text(t) for t in (account, model_code, key, value, currency)]


def account_update_multi_end(v: int, req_id: int) -> list[str]:
    """accountUpdateMultiEnd (74)."""
    return _head(Outgoing.ACCOUNT_UPDATE_MULTI_END) + [enc_int(req_id)]


def pnl(v: int, req_id: int, daily_pnl: float | None, unrealized_pnl: float | None,
        realized_pnl: float | None) -> list[str]:
    """pnl (94): no version field."""
    return _head(Outgoing.PNL, None) + [enc_int(req_id), enc_float(daily_pnl), enc_float(unrealized_pnl),
                                        enc_float(realized_pnl)]


def pnl_single(v: int, req_id: int, quantity: Quantity, daily_pnl: float | None, unrealized_pnl: float | None,
               realized_pnl: float | None, value: float | None) -> list[str]:
    """pnlSingle (95): no version field."""
    return _head(Outgoing.PNL_SINGLE, None) + [enc_int(req_id), enc_decimal(quantity), enc_float(daily_pnl),
                                               enc_float(unrealized_pnl), enc_float(realized_pnl), enc_float(value)]


# ------------------------------------------------------------------------------------------------ market data


def tick_price(v: int, req_id: int, tick_type: int, price: float | None, size: Quantity | None = None,
               attr_mask: int = 0) -> list[str]:
    """tickPrice (1): exactly 7 fields; the size rides with bid (1), ask (2) and last (4)."""
    return _head(Outgoing.TICK_PRICE, "6") + [enc_int(req_id), enc_int(tick_type), enc_float(price),
                                              enc_decimal(size), enc_int(attr_mask)]


def tick_size(v: int, req_id: int, tick_type: int, size: Quantity | None) -> list[str]:
    """tickSize (2): 0 bid, 3 ask, 5 last size, 8 volume, ..."""
    return _head(Outgoing.TICK_SIZE, "6") + [enc_int(req_id), enc_int(tick_type), enc_decimal(size)]


def tick_req_params(v: int, req_id: int, min_tick: float, bbo_exchange: str, snapshot_permissions: int) -> list[str]:
    """tickReqParams (81): no version field."""
    return _head(Outgoing.TICK_REQ_PARAMS, None) + [enc_int(req_id), enc_float(min_tick), enc_text(bbo_exchange),
                                                    enc_int(snapshot_permissions)]


def market_data_type(v: int, req_id: int, data_type: int) -> list[str]:
    """marketDataType (58): 1 live, 2 frozen, 3 delayed, 4 delayed frozen."""
    return _head(Outgoing.MARKET_DATA_TYPE) + [enc_int(req_id), enc_int(data_type)]


def tick_snapshot_end(v: int, req_id: int) -> list[str]:
    """tickSnapshotEnd (57): ends a snapshot (ib_async's reqTickers waits for it)."""
    return _head(Outgoing.TICK_SNAPSHOT_END) + [enc_int(req_id)]


# ------------------------------------------------------------------------------------------------ contracts


def contract_details(v: int, req_id: int, details: ApiContractDetails) -> list[str]:
    """contractDetails (10): below 164 with version 8 and mdSizeMultiplier; from 164 with the size rules."""
    d, c = details, details.contract
    out = _head(Outgoing.CONTRACT_DATA, "8" if v < SIZE_RULES else None)
    out += [enc_int(req_id), enc_text(c.symbol), enc_text(c.sec_type), enc_text(c.last_trade_date),
            enc_float(c.strike), enc_text(c.right), enc_text(c.exchange), enc_text(c.currency),
            enc_text(c.local_symbol), enc_text(d.market_name), enc_text(c.trading_class), enc_int(c.con_id),
            enc_float(d.min_tick)]
    if v < SIZE_RULES:
        out.append("1")  # mdSizeMultiplier, no longer used
    out += [enc_text(c.multiplier), enc_text(d.order_types), enc_text(d.valid_exchanges), enc_int(d.price_magnifier),
            enc_int(d.under_con_id), enc_escaped_text(d.long_name), enc_text(c.primary_exchange),
            enc_text(d.contract_month), enc_text(d.industry), enc_text(d.category), enc_text(d.subcategory),
            enc_text(d.time_zone_id), enc_text(d.trading_hours), enc_text(d.liquid_hours), enc_text(d.ev_rule),
            enc_int(d.ev_multiplier), enc_int(len(d.sec_id_list))]
    for tag in d.sec_id_list:
        out += encode_spec(tag, TAG_VALUE)
    out += [enc_int(d.agg_group), enc_text(d.under_symbol), enc_text(d.under_sec_type), enc_text(d.market_rule_ids),
            enc_text(d.real_expiration_date), enc_text(d.stock_type)]
    if v >= SIZE_RULES:
        out += [enc_decimal(d.min_size), enc_decimal(d.size_increment), enc_decimal(d.suggested_size_increment)]
    return out


def contract_details_end(v: int, req_id: int) -> list[str]:
    """contractDetailsEnd (52)."""
    return _head(Outgoing.CONTRACT_DATA_END) + [enc_int(req_id)]


def historical_data(v: int, req_id: int, start: str, end: str, bars: Sequence[BarData]) -> list[str]:
    """historicalData (17) with its end built in (below 196): no version field since 124; start and end
    are the period's texts; each bar date, open, high, low, close, volume, wap, barCount."""
    out = _head(Outgoing.HISTORICAL_DATA, None) + [enc_int(req_id), enc_text(start), enc_text(end),
                                                   enc_int(len(bars))]
    for bar in bars:
        out += [enc_text(bar.date), enc_float(bar.open), enc_float(bar.high), enc_float(bar.low),
                enc_float(bar.close), enc_decimal(bar.volume), enc_decimal(bar.wap), enc_int(bar.bar_count)]
    return out


# ------------------------------------------------------------------------------------------------ FA


FA_GROUPS, FA_PROFILES, FA_ALIASES = 1, 2, 3  # faDataType of requestFA / receiveFA


def receive_fa(v: int, fa_data_type: int, xml: str) -> list[str]:
    """receiveFA (16): the FA configuration of one kind as IB's XML."""
    return _head(Outgoing.RECEIVE_FA) + [enc_int(fa_data_type), enc_escaped_text(xml)]


def replace_fa_end(v: int, req_id: int, text: str) -> list[str]:
    """replaceFAEnd (103): no version field."""
    return _head(Outgoing.REPLACE_FA_END, None) + [enc_int(req_id), enc_text(text)]

