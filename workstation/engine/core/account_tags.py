"""The account-value tags the engine publishes, spelled exactly as IB's ``reqAccountUpdates`` spells them.

Account values are ``dict[AccountTag, Decimal]``. ``AccountTag`` is a ``StrEnum``: a member hashes
and compares equal to its spelling, so ``values["NetLiquidation"]`` and ``values[AccountTag.NET_LIQUIDATION]``
find the same entry, JSON writes a member as its spelling, and sorting orders members as strings.
Segment suffixes follow IB: ``-S`` securities, ``-C`` commodities; no suffix is the whole account.
"""

from __future__ import annotations

from enum import StrEnum


class AccountTag(StrEnum):
    """One account-value tag. Every member is published by ``Engine.account_values`` for every
    non-advisor account, except ``EXCHANGE_RATE``, which only the per-currency values carry
    (``Engine.account_values_by_currency``, IB's ``$LEDGER:ALL``), and ``DAY_TRADING_BUYING_POWER``,
    published only for a pattern day trader."""

    # Balances (ledger.valuation): no margin model needed.
    NET_LIQUIDATION = "NetLiquidation"
    TOTAL_CASH_VALUE = "TotalCashValue"
    SETTLED_CASH = "SettledCash"
    STOCK_MARKET_VALUE = "StockMarketValue"
    OPTION_MARKET_VALUE = "OptionMarketValue"
    FUTURE_OPTION_VALUE = "FutureOptionValue"
    MUTUAL_FUND_VALUE = "MutualFundValue"
    FUTURES_PNL = "FuturesPNL"
    GROSS_POSITION_VALUE = "GrossPositionValue"
    UNREALIZED_PNL = "UnrealizedPnL"
    REALIZED_PNL = "RealizedPnL"
    EXCHANGE_RATE = "ExchangeRate"

    # Margin (margin.account_margin).
    EQUITY_WITH_LOAN_VALUE = "EquityWithLoanValue"
    EQUITY_WITH_LOAN_VALUE_S = "EquityWithLoanValue-S"
    EQUITY_WITH_LOAN_VALUE_C = "EquityWithLoanValue-C"
    PREVIOUS_DAY_EQUITY_WITH_LOAN_VALUE = "PreviousDayEquityWithLoanValue"
    REG_T_EQUITY = "RegTEquity"
    REG_T_MARGIN = "RegTMargin"
    INIT_MARGIN_REQ = "InitMarginReq"
    INIT_MARGIN_REQ_S = "InitMarginReq-S"
    INIT_MARGIN_REQ_C = "InitMarginReq-C"
    MAINT_MARGIN_REQ = "MaintMarginReq"
    MAINT_MARGIN_REQ_S = "MaintMarginReq-S"
    MAINT_MARGIN_REQ_C = "MaintMarginReq-C"
    AVAILABLE_FUNDS = "AvailableFunds"
    AVAILABLE_FUNDS_S = "AvailableFunds-S"
    AVAILABLE_FUNDS_C = "AvailableFunds-C"
    EXCESS_LIQUIDITY = "ExcessLiquidity"
    EXCESS_LIQUIDITY_S = "ExcessLiquidity-S"
    EXCESS_LIQUIDITY_C = "ExcessLiquidity-C"
    FULL_INIT_MARGIN_REQ = "FullInitMarginReq"
    FULL_MAINT_MARGIN_REQ = "FullMaintMarginReq"
    FULL_AVAILABLE_FUNDS = "FullAvailableFunds"
    FULL_EXCESS_LIQUIDITY = "FullExcessLiquidity"
    LOOK_AHEAD_NEXT_CHANGE = "LookAheadNextChange"
    LOOK_AHEAD_INIT_MARGIN_REQ = "LookAheadInitMarginReq"
    LOOK_AHEAD_MAINT_MARGIN_REQ = "LookAheadMaintMarginReq"
    LOOK_AHEAD_AVAILABLE_FUNDS = "LookAheadAvailableFunds"
    LOOK_AHEAD_EXCESS_LIQUIDITY = "LookAheadExcessLiquidity"
    CUSHION = "Cushion"
    LEVERAGE = "Leverage"
    BUYING_POWER = "BuyingPower"
    SMA = "SMA"
    # The segments' cash (margin.segments): commodities cash with the futures P&L, the rest securities.
    TOTAL_CASH_VALUE_S = "TotalCashValue-S"
    TOTAL_CASH_VALUE_C = "TotalCashValue-C"

    # Pattern day trading (margin.day_trades): today, then each of the next four business days.
    DAY_TRADES_REMAINING = "DayTradesRemaining"
    DAY_TRADES_REMAINING_T1 = "DayTradesRemainingT+1"
    DAY_TRADES_REMAINING_T2 = "DayTradesRemainingT+2"
    DAY_TRADES_REMAINING_T3 = "DayTradesRemainingT+3"
    DAY_TRADES_REMAINING_T4 = "DayTradesRemainingT+4"
    # A pattern day trader's day-trading buying power (margin.day_trading); not one of IB's API tags.
    DAY_TRADING_BUYING_POWER = "DayTradingBuyingPower"


DAY_TRADE_TAGS = (AccountTag.DAY_TRADES_REMAINING, AccountTag.DAY_TRADES_REMAINING_T1,
                  AccountTag.DAY_TRADES_REMAINING_T2, AccountTag.DAY_TRADES_REMAINING_T3,
                  AccountTag.DAY_TRADES_REMAINING_T4)
"""Day trades left today and on each of the next four business days, in that order (-1: unlimited)."""

TIME_TAGS = frozenset({AccountTag.LOOK_AHEAD_NEXT_CHANGE})
"""Tags that are a moment (seconds since the Unix epoch), not an amount: never summed or converted."""

RATIO_TAGS = frozenset({AccountTag.LEVERAGE, AccountTag.CUSHION})
"""Tags that are ratios of two money tags, not amounts."""
