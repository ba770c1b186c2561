"""Day-trading buying power (DTBP) of pattern day traders and the day-trading call.

IB's options margin page (https://www.interactivebrokers.ca/html/retailAccount/optionMarginReq.html):
"Day Trading Buying Power = ((lesser of prior night's closing account equity or current account equity) -
account maintenance margin requirement) times 4" and "Opening orders that exceed the account's Day Trading
Buying Power will be rejected." The research note (issue 17, section 6) reads it so:

- D6.1: the maintenance requirement is the current MaintMarginReq-S, live, so DTBP is tracked through the
  day with no bookkeeping: every position opened raises the requirement and lowers DTBP by 4 x its
  maintenance (a stock bought at 25% by its value), every one closed gives it back.
- D6.2: the equity is EquityWithLoanValue-S against PreviousDayEquityWithLoanValue (recorded at the 16:00
  close and moved by money deposited or withdrawn since, ``previous_day``); the USD 25,000 test stays on
  net liquidation (``day_trades``).
- A margin account (not portfolio margin: "Pattern Day Trading rules will not apply to Portfolio Margin
  accounts", IB's PDT page) is flagged a pattern day trader by a fourth day trade in five business days,
  which IB lets through only at or above USD 25,000. The flag stays (IB's 180-day reset is not modelled).
- D6.3: IB refuses at entry. A call is recorded only when fills exceed DTBP anyway (orders accepted one by
  one that fill together, an advisor's allocation): after a command's opening fills left DTBP negative, the
  day's largest shortfall becomes a day-trading call at the 16:00 close, with FINRA's consequences as
  brokers publish them (https://experts123.com/q/what-is-a-day-trading-margin-call-and-how-does-it-affect-
  my-account.html): "day trading buying power will be reduced to two (2) times maintenance margin excess",
  the call is due in five business days, and "If a day trading call is not met by depositing funds within
  five (5) business days, the account will be restricted to trading only on a cash-available basis for
  ninety (90) days or until the call is met". Deposits meet it; the restriction refuses orders that borrow.
- D6.4: FINRA replaced the pattern day trader framework in mid-2026; all of this sits behind
  ``MarginRates.pattern_day_trading`` (on by default, as IB documented it before the change).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

from workstation.engine.core.account_tags import AccountTag
from workstation.engine.core.money import CENT
from workstation.engine.core.terms import AccountType
from workstation.engine.margin.book import MarginState
from workstation.engine.margin.day_trades import window
from workstation.engine.margin.day_trading_call import DayTradingCall
from workstation.engine.margin.previous_day import money_moved
from workstation.engine.market.calendar import ExchangeCalendar
from workstation.engine.messages.events import Event

DAY_TRADING_MULTIPLE = Decimal(4)
CALL_MULTIPLE = Decimal(2)  # while a day-trading call is open
PATTERN_DAY_TRADES = 4  # day trades in five business days that make a pattern day trader
CALL_DUE_BUSINESS_DAYS = 5
RESTRICTION_DAYS = 90
IB_DTBP_WORDS = "Opening orders that exceed the account's Day Trading Buying Power will be rejected."
RateOf = Callable[[str, str], Decimal]


def day_trading_buying_power(previous_day_elv: Decimal, equity_with_loan_s: Decimal, maintenance_s: Decimal,
                             call_open: bool) -> Decimal:
    """4 x (min(previous day ELV, ELV-S) - MaintMarginReq-S); 2 x while a day-trading call is open."""
    multiple = CALL_MULTIPLE if call_open else DAY_TRADING_MULTIPLE
    return (multiple * (min(previous_day_elv, equity_with_loan_s) - maintenance_s)).quantize(CENT) + 0


def buying_power_of(state: MarginState, account_id: str, values: dict[AccountTag, Decimal],
                    equity_change: Decimal = Decimal(0), maintenance_change: Decimal = Decimal(0)) -> Decimal:
    """A pattern day trader's DTBP from its account values, after an order's changes if given."""
    return day_trading_buying_power(values[AccountTag.PREVIOUS_DAY_EQUITY_WITH_LOAN_VALUE],
                                    values[AccountTag.EQUITY_WITH_LOAN_VALUE_S] + equity_change,
                                    values[AccountTag.MAINT_MARGIN_REQ_S] + maintenance_change,
                                    account_id in state.day_trading_calls)


def day_trading_refusal(state: MarginState, account_id: str, values: Callable[[], dict[AccountTag, Decimal]],
                        changes: Callable[[], tuple[Decimal, Decimal]], loan: Callable[[], str | None]) -> str | None:
    """Why a pattern day trader's opening securities order is refused, or None: it would leave day-trading
    buying power negative (``changes``: the order's change of equity with loan value and of maintenance
    margin), or it borrows while an unmet call restricts the account to its cash (``loan``: what it borrows)."""
    if account_id not in state.pattern_day_traders:
        return None
    call = state.day_trading_calls.get(account_id)
    if call is not None and call.restricted_until is not None:
        borrowed = loan()
        if borrowed is not None:
            return (f"account {account_id} has not met its day-trading call of {call.amount:,.2f} (due {call.due}) and "
                    f"trades only on a cash-available basis until {call.restricted_until} or until the call is met; "
                    f"the order borrows: {borrowed}")
    tags = values()
    power = buying_power_of(state, account_id, tags)
    equity_change, maintenance_change = changes()
    after = buying_power_of(state, account_id, tags, equity_change, maintenance_change)
    if after >= 0:
        return None
    currency = state.accounts[account_id].base_currency
    multiple = CALL_MULTIPLE if call is not None else DAY_TRADING_MULTIPLE
    return (f"{IB_DTBP_WORDS} Account {account_id} is a pattern day trader with {power:,.2f} {currency} of day "
            f"trading buying power ({multiple} x (the lesser of previous day equity "
            f"{tags[AccountTag.PREVIOUS_DAY_EQUITY_WITH_LOAN_VALUE]:,.2f} and equity with loan value "
            f"{tags[AccountTag.EQUITY_WITH_LOAN_VALUE_S]:,.2f}, less maintenance margin "
            f"{tags[AccountTag.MAINT_MARGIN_REQ_S]:,.2f})); the order would use {power - after:,.2f} {currency}")


def flag_pattern_day_traders(state: MarginState, calendar: ExchangeCalendar, accounts: Iterable[str]) -> None:
    """Flag the margin accounts among ``accounts`` (those that just made a day trade) with four or more day
    trades in the five business days ending today."""
    today = state.now.date()
    for account_id in accounts:
        if account_id in state.pattern_day_traders or state.accounts[account_id].account_type is not \
                AccountType.MARGIN:
            continue
        counts = state.day_trades.get(account_id, {})
        if sum(counts.get(day, 0) for day in window(calendar, today)) >= PATTERN_DAY_TRADES:
            state.pattern_day_traders[account_id] = today


def record_excess(state: MarginState, account_id: str, buying_power_after: Decimal) -> None:
    """Fills that opened positions left ``buying_power_after``: keep the day's largest shortfall."""
    if buying_power_after < 0:
        state.day_trading_excess[account_id] = max(state.day_trading_excess.get(account_id, Decimal(0)),
                                                   -buying_power_after)


def close_day_trading(state: MarginState, calendar: ExchangeCalendar) -> None:
    """At the 16:00 close: issue a call for each shortfall of the day (added to one still open, due anew),
    restrict the accounts whose call is due unmet, and lift restrictions that ran their 90 days."""
    today = state.now.date()
    calls = state.day_trading_calls
    for account_id, excess in sorted(state.day_trading_excess.items()):
        open_call = calls.get(account_id)
        owed = excess + (open_call.outstanding if open_call is not None else Decimal(0))
        calls[account_id] = DayTradingCall(owed, today, calendar.business_day_after(today, CALL_DUE_BUSINESS_DAYS))
    state.day_trading_excess.clear()
    for account_id, call in sorted(calls.items()):
        if call.restricted_until is None and today >= call.due:
            calls[account_id] = replace(call, restricted_until=call.due + timedelta(days=RESTRICTION_DAYS))
        elif call.restricted_until is not None and today >= call.restricted_until:
            del calls[account_id]


def meet_calls(state: MarginState, events: Iterable[Event], rate_of: RateOf) -> None:
    """Money deposited (or transferred in) meets an open call; a call met in full is closed, lifting DTBP
    back to 4 x and any cash-available restriction."""
    calls = state.day_trading_calls
    for event in events:
        for account_id, currency, amount in money_moved(event):
            call = calls.get(account_id)
            if call is None or amount <= 0:
                continue
            paid = amount * rate_of(currency, state.accounts[account_id].base_currency)
            call = replace(call, met=(call.met + paid).quantize(CENT))
            if call.outstanding <= 0:
                del calls[account_id]
            else:
                calls[account_id] = call


def is_restricted(state: MarginState, account_id: str) -> bool:
    """Whether an unmet day-trading call restricts the account to trading on a cash-available basis."""
    call = state.day_trading_calls.get(account_id)
    return call is not None and call.restricted_until is not None
