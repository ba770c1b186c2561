"""What an order would do to an account's margin: IB's Margin Impact (Before / Change / After for
Equity with Loan Value, Initial and Maintenance Margin), the fills it is computed for, and the
pre-trade check's verdict on it. The computation itself is ``risk_cache``'s: the order is booked,
in full at its estimated price and with its commission, into a copy of the account through the
same ledger code real executions use; the original is never touched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from workstation.engine.core.instruments import Instrument
from workstation.engine.core.terms import AccountType, Action
from workstation.engine.ledger.accounts import Account

BalancesOf = Callable[[Account], dict[str, Decimal]]


@dataclass(frozen=True, slots=True)
class Change:
    """One Margin Impact row. ``after`` is ``before + change`` exactly (both in cents)."""

    before: Decimal
    change: Decimal
    after: Decimal

    @classmethod
    def of(cls, before: Decimal, after: Decimal) -> Change:
        return cls(before, after - before, after)


@dataclass(frozen=True, slots=True)
class MarginImpact:
    """IB's what-if figures for one account, in its base currency, plus the funds left after."""

    account: str
    currency: str
    equity_with_loan: Change
    initial_margin: Change
    maintenance_margin: Change
    available_funds: Change
    excess_liquidity: Change


@dataclass(frozen=True, slots=True)
class ProposedFill:
    """An order assumed to fill in full at ``price``, paying ``commission``."""

    instrument: Instrument
    action: Action
    quantity: Decimal
    price: Decimal
    commission: Decimal
    commission_currency: str


def margin_refusal(account: Account, impact: MarginImpact, portfolio_minimum: Decimal, equity_with_loan: Decimal,
                   under_minimum: Callable[[], str | None]) -> str | None:
    """Why a margin account may not take the order, or None. An order is accepted when the funds
    available after it are not negative, or when it leaves them no lower than they were (closing
    and risk-reducing orders are always welcome); an order that borrows needs the account to keep
    USD 2,000 of equity (``under_minimum``: that refusal, see ``minimum_equity``). ``equity_with_loan``: what a
    Portfolio Margin account keeps above ``portfolio_minimum`` (IB's wording)."""
    if account.account_type is AccountType.CASH or account.is_advisor:
        return None
    funds = impact.available_funds
    currency = impact.currency
    if funds.after < 0 and funds.after < funds.before:
        # What the requirement is met from: securities ELV and the commodities segment's net liquidation (IB's
        # ELV-C already takes the futures maintenance off, so it is not the EquityWithLoanValue reported).
        equity = funds.after + impact.initial_margin.after
        return (f"the order needs {impact.initial_margin.after:,.2f} {currency} of initial margin but account "
                f"{account.account_id} would have {equity:,.2f} {currency} of equity with "
                f"loan value: available funds {funds.before:,.2f} -> {funds.after:,.2f} {currency}")
    if account.account_type is AccountType.PORTFOLIO and impact.initial_margin.change > 0 \
            and equity_with_loan < portfolio_minimum:
        return portfolio_floor_text(account.account_id, equity_with_loan, currency)
    return under_minimum()


PORTFOLIO_FLOOR_TEXT = ("Your order is not accepted, margin requirement increase not allowed. Equity with loan value "
                        "is less than 100,000.00 USD.")
"""TWS's refusal of an order that raises the margin of a Portfolio Margin account under USD 100,000 of equity with
loan value (IB KB article 85, account-management reference §6)."""


def portfolio_floor_text(account_id: str, equity_with_loan: Decimal, currency: str) -> str:
    """IB's text, then the account's figure."""
    return f"{PORTFOLIO_FLOOR_TEXT} ({account_id} has {equity_with_loan:,.2f} {currency}; only orders that reduce " \
           "margin are accepted)"
