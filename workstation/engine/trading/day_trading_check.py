"""The order desk's check of a pattern day trader's opening orders against its day-trading buying power,
and of a borrowing order while an unmet day-trading call restricts it (the rules: ``margin.day_trading``)."""

from __future__ import annotations

from decimal import Decimal

from workstation.engine.allocation.planner import ValuesOf
from workstation.engine.core.instruments import SecType
from workstation.engine.ledger.accounts import Account
from workstation.engine.margin import MarginImpact, MarginModel, ProposedFill
from workstation.engine.margin.day_trading import day_trading_refusal
from workstation.engine.trading.book import TradingState

NOT_DAY_TRADED = (SecType.FUT, SecType.FOP, SecType.CASH)
"""Neither counted as day trades nor limited by day-trading buying power."""


def day_trading_check(state: TradingState, margin: MarginModel, values_of: ValuesOf, account: Account,
                      fills: list[ProposedFill], impact: MarginImpact | None = None) -> str | None:
    """Why a pattern day trader may not place these fills, or None; ``impact``: their Margin Impact, if known.
    Closing orders, futures and FX are always let through, as is everything with the rule switched off."""
    if account.account_id not in state.pattern_day_traders or not margin.rates.pattern_day_trading:
        return None
    if not any(fill.instrument.sec_type not in NOT_DAY_TRADED
               and account.position_quantity(fill.instrument.symbol) * fill.action.sign >= 0 for fill in fills):
        return None

    call = state.day_trading_calls.get(account.account_id)
    if (call is None or call.restricted_until is None) and margin.clearly_within_day_trading_power(
            account, fills, state.now, state.previous_day_elv.get(account.account_id)):
        return None  # far from the limit: the exact figures would say the same

    def changes() -> tuple[Decimal, Decimal]:
        known = impact if impact is not None else margin.impact(account, fills, state.now)
        return known.equity_with_loan.change, known.maintenance_margin.change

    return day_trading_refusal(state, account.account_id, lambda: values_of(account.account_id), changes,
                               lambda: margin.order_loan(account, fills, state.now))
