"""The margin room's book (SMA, day trades, ready-market history) and the state the room works over."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Protocol

from workstation.engine.ledger.book import LedgerState
from workstation.engine.margin.day_trading_call import DayTradingCall


class MarginBook(Protocol):
    """``previous_day_elv``: account_id -> its securities Equity with Loan Value at the last 16:00 ET
    (recorded by the engine at the open, read by the margin figures); ``previous_day_nlv_c``: a margin account
    -> its commodities segment's net liquidation at that close, where not zero (BuyingPower compares both
    segments' equity with both segments' then); ``sma``: margin account -> its
    Special Memorandum Account; ``day_traded``: accounts that traded securities since the open;
    ``reg_t_calls``: account -> the day of its last Reg T call; ``day_trades``: account -> its day
    trades on each recent day; ``opened_today``: (account, symbol) -> units opened since the open that
    a close would make a day trade; ``ready_market_days``: foreign stock -> its recent (day, volume,
    close in USD) for the ready-market test; ``ready_market_failing``: the day a stock began failing
    it; ``not_marginable``: stocks without a ready market, margined at 100%; ``pattern_day_traders``: margin
    account -> the day it was flagged a pattern day trader; ``day_trading_excess``: pattern day trader -> the
    largest amount today's fills took it beyond its day-trading buying power; ``day_trading_calls``: its open
    day-trading call (see ``day_trading``); ``segment_cash``: margin account ->
    the part of its cash in the commodities segment, in its base currency (``segments``); ``sweep_period``:
    whether futures were on the intraday rate when the segments were last swept (``overnight``);
    ``sweep_settings``: account -> its Excess Funds Sweep setting before a change, after it, and the day the
    change takes effect (``segments``; none recorded: IB's default, "Do not sweep excess funds")."""

    previous_day_elv: dict[str, Decimal]
    previous_day_nlv_c: dict[str, Decimal]
    sma: dict[str, Decimal]
    day_traded: set[str]
    reg_t_calls: dict[str, date]
    day_trades: dict[str, dict[date, int]]
    opened_today: dict[tuple[str, str], Decimal]
    ready_market_days: dict[str, list[tuple[date, Decimal, Decimal]]]
    ready_market_failing: dict[str, date]
    not_marginable: set[str]
    pattern_day_traders: dict[str, date]
    day_trading_excess: dict[str, Decimal]
    day_trading_calls: dict[str, DayTradingCall]
    segment_cash: dict[str, Decimal]
    sweep_period: bool | None
    sweep_settings: dict[str, tuple[str, str, date]]


class MarginState(LedgerState, MarginBook, Protocol):
    """What the SMA, day-trade and ready-market keepers work over: the accounts and the margin book."""
