"""An account's margin figures and the account-value tags IB reports for them.

Segments as at IB: securities (-S: stocks, funds, securities options, FX and cash) and
commodities (-C: futures and futures options, whose P&L is the segment's cash). Equity with
Loan Value (the seed's "Key Margin Definitions") is cash plus stocks, funds and non-US/Canadian
securities options: US options and futures options are paid in full, not lent against.

Margin accounts are margined by Reg T for securities, portfolio-margin accounts by the TIMS-style
grid (``portfolio``); both by SPAN for commodities. Cash accounts pay for everything in full: no
margin, and Equity with Loan Value is their settled cash; their requirement is the cash their
short puts and European spreads commit (``cash_cover``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from workstation.engine.core.account_tags import AccountTag
from workstation.engine.core.terms import AccountType
from workstation.engine.ledger.accounts import Account
from workstation.engine.margin.cash_cover import cash_requirement
from workstation.engine.margin.holdings import Holdings
from workstation.engine.margin.portfolio import portfolio_requirements
from workstation.engine.margin.rates import MarginRates
from workstation.engine.margin.regt import regt_requirements
from workstation.engine.margin.span import span_requirements

BUYING_POWER_MULTIPLE = 4  # the reciprocal of the 25% maintenance rate (seed: "Buying Power")


@dataclass(frozen=True, slots=True)
class MarginFigures:
    """Equity with loan value and requirements per segment, in the base currency (floats)."""

    equity_with_loan_s: float
    equity_with_loan_c: float
    initial_s: float
    initial_c: float
    maintenance_s: float
    maintenance_c: float
    reg_t_margin: float

    @property
    def equity_with_loan(self) -> float:
        return self.equity_with_loan_s + self.equity_with_loan_c

    @property
    def initial(self) -> float:
        return self.initial_s + self.initial_c

    @property
    def maintenance(self) -> float:
        return self.maintenance_s + self.maintenance_c


def margin_figures(account: Account, holdings: Holdings, cash_in_base: float, futures_pnl: float,
                   rates: MarginRates) -> MarginFigures:
    """The account's margin figures. ``cash_in_base`` is its cash in every currency, converted;
    ``futures_pnl`` its open futures P&L (the commodities segment's cash)."""
    if account.account_type is AccountType.CASH:  # a cash account's ELV is its (settled) cash
        # Its requirement is the cash its short options commit (``cash_cover``): IB's "Put Strike Price".
        committed = _cash_account_requirement(holdings)
        return MarginFigures(cash_in_base, futures_pnl, committed, 0.0, committed, 0.0, 0.0)
    elv_s = cash_in_base + float((holdings.value * holdings.loan_value_mask()).sum())
    if not holdings.size:
        return MarginFigures(elv_s, futures_pnl, 0.0, 0.0, 0.0, 0.0, 0.0)
    regt = regt_requirements(holdings, rates)
    span = span_requirements(holdings, rates)
    maintenance_c = sum(span.maintenance.values())
    if account.account_type is AccountType.PORTFOLIO:
        # Risk-based: the worst loss of each underlying's positions across the grid, initial and
        # maintenance alike; Reg T's end-of-day figure is still reported as RegTMargin.
        initial_s = maintenance_s = float(portfolio_requirements(holdings, rates).sum())
    else:
        initial_s, maintenance_s = float(regt.initial.sum()), float(regt.maintenance.sum())
    return MarginFigures(elv_s, futures_pnl, initial_s, maintenance_c * rates.futures_initial_ratio,
                         maintenance_s, maintenance_c, float(regt.reg_t.sum()))


def _cash_account_requirement(holdings: Holdings) -> float:
    if not holdings.size or not (holdings.quantity < 0).any():
        return 0.0
    table = holdings.table
    rates = {instrument.currency: float(rate) for instrument, rate in zip(holdings.instruments,
                                                                            holdings.to_base.tolist(), strict=True)}
    positions = [(instrument, Decimal(repr(quantity))) for instrument, quantity in zip(holdings.instruments,
                                                                                     holdings.quantity.tolist(),
                                                                                     strict=True)]
    return cash_requirement(positions, rates.__getitem__,
                            lambda symbol: table.instruments[table.index[symbol]] if symbol in table.index else None)


def _cents(value: float) -> Decimal:
    return Decimal(f"{value:.2f}") + 0  # + 0 turns -0.00 into 0.00


Amount = Any  # a Decimal for one account, a numpy array of floats for many


def requirement_tags(elv: Amount, elv_s: Amount, elv_c: Amount, previous: Amount, reg_t: Amount,
                     initial: Amount, initial_s: Amount, initial_c: Amount, maint: Amount, maint_s: Amount,
                     maint_c: Amount, nlv_c: Amount, multiple: Amount,
                     minimum: Callable[[Amount, Amount], Amount] = min) -> dict[AccountTag, Amount]:
    """Equity with loan value, the requirements and what they leave, whole and by segment, and BuyingPower:
    one account's in Decimal, or many accounts' as arrays (``views.account_totals``, with ``np.minimum``), by
    the same formulas. ``multiple`` is 1 for a cash account, BUYING_POWER_MULTIPLE for a margin account."""
    return {
        AccountTag.EQUITY_WITH_LOAN_VALUE: elv,
        AccountTag.EQUITY_WITH_LOAN_VALUE_S: elv_s,
        AccountTag.EQUITY_WITH_LOAN_VALUE_C: elv_c,
        AccountTag.PREVIOUS_DAY_EQUITY_WITH_LOAN_VALUE: previous,
        AccountTag.REG_T_EQUITY: elv_s,
        AccountTag.REG_T_MARGIN: reg_t,
        AccountTag.INIT_MARGIN_REQ: initial,
        AccountTag.INIT_MARGIN_REQ_S: initial_s,
        AccountTag.INIT_MARGIN_REQ_C: initial_c,
        AccountTag.MAINT_MARGIN_REQ: maint,
        AccountTag.MAINT_MARGIN_REQ_S: maint_s,
        AccountTag.MAINT_MARGIN_REQ_C: maint_c,
        # IB's segment formulas: securities from ELV, commodities from net liquidation (ib-domain §3.3).
        AccountTag.AVAILABLE_FUNDS: elv - initial,
        AccountTag.AVAILABLE_FUNDS_S: elv_s - initial_s,
        AccountTag.AVAILABLE_FUNDS_C: nlv_c - initial_c,
        AccountTag.EXCESS_LIQUIDITY: elv - maint,
        AccountTag.EXCESS_LIQUIDITY_S: elv_s - maint_s,
        AccountTag.EXCESS_LIQUIDITY_C: nlv_c - maint_c,
        # IB's API: "Cash Account: Minimum (Equity with Loan Value, Previous Day Equity with Loan Value) -
        # Initial Margin, Standard Margin Account: Minimum (Equity with Loan Value, Previous Day Equity with
        # Loan Value) - Initial Margin *4", read as 4 x (min - IM) (decision D9.4): the literal precedence,
        # min - 4 x IM, would be negative for any account using more than a quarter of its equity.
        AccountTag.BUYING_POWER: (minimum(elv, previous) - initial) * multiple,
    }


def margin_tags(account: Account, figures: MarginFigures, balances: dict[AccountTag, Decimal],
                previous_day_elv: Decimal | None, sma: Decimal | None = None,
                unsettled: Decimal = Decimal(0)) -> dict[AccountTag, Decimal]:
    """The margin tags of ``account`` (IB's names), from its figures and its balance tags;
    ``sma`` is the account's Special Memorandum Account as last booked (margin accounts);
    ``unsettled`` the trade cash booked but not yet settled, in the base currency, to the cent.

    IB's SettledCash ("Cash recognized at the time of settlement - purchases at the time of trade -
    commissions - taxes - fees") is reported for every account (decision D1.1); only a cash account's
    Equity with Loan Value is its settled cash ("Cash Account: Settled Cash", TWS Account Window)."""
    elv = _cents(figures.equity_with_loan)
    elv_s, elv_c = _cents(figures.equity_with_loan_s), _cents(figures.equity_with_loan_c)
    if unsettled and account.account_type is AccountType.CASH:
        elv, elv_s = elv - unsettled, elv_s - unsettled
    initial, initial_s, initial_c = _cents(figures.initial), _cents(figures.initial_s), _cents(figures.initial_c)
    maint, maint_s, maint_c = (_cents(figures.maintenance), _cents(figures.maintenance_s),
                               _cents(figures.maintenance_c))
    nlv = balances[AccountTag.NET_LIQUIDATION]
    nlv_c = balances[AccountTag.FUTURES_PNL] + balances[AccountTag.FUTURE_OPTION_VALUE]
    excess = elv - maint
    previous = elv if previous_day_elv is None else previous_day_elv  # None: a trial account never opened
    multiple = 1 if account.account_type is AccountType.CASH else BUYING_POWER_MULTIPLE
    tags = {
        AccountTag.SETTLED_CASH: balances[AccountTag.TOTAL_CASH_VALUE] - balances[AccountTag.FUTURES_PNL] - unsettled,
        **requirement_tags(elv, elv_s, elv_c, previous, _cents(figures.reg_t_margin), initial, initial_s,
                           initial_c, maint, maint_s, maint_c, nlv_c, multiple),
        AccountTag.CUSHION: (excess / nlv).quantize(Decimal("0.0001")) if nlv > 0 else Decimal(0),
        AccountTag.LEVERAGE: ((balances[AccountTag.GROSS_POSITION_VALUE] / nlv).quantize(Decimal("0.01"))
                              if nlv > 0 else Decimal(0)),
        # SMA never falls below ELV less the Reg T margin (gains raise it); cash accounts have none.
        AccountTag.SMA: Decimal(0) if account.account_type is AccountType.CASH
        else max(sma or Decimal(0), elv_s - _cents(figures.reg_t_margin)),
    }
    # No intraday discounts or scheduled margin changes are modelled: the Full and LookAhead
    # figures equal the current ones.
    for current, full, look_ahead in FULL_AND_LOOK_AHEAD:
        tags[full] = tags[current]
        tags[look_ahead] = tags[current]
    return tags


FULL_AND_LOOK_AHEAD = (  # (current, Full, LookAhead): the tags whose next and full figures IB reports
    (AccountTag.INIT_MARGIN_REQ, AccountTag.FULL_INIT_MARGIN_REQ, AccountTag.LOOK_AHEAD_INIT_MARGIN_REQ),
    (AccountTag.MAINT_MARGIN_REQ, AccountTag.FULL_MAINT_MARGIN_REQ, AccountTag.LOOK_AHEAD_MAINT_MARGIN_REQ),
    (AccountTag.AVAILABLE_FUNDS, AccountTag.FULL_AVAILABLE_FUNDS, AccountTag.LOOK_AHEAD_AVAILABLE_FUNDS),
    (AccountTag.EXCESS_LIQUIDITY, AccountTag.FULL_EXCESS_LIQUIDITY, AccountTag.LOOK_AHEAD_EXCESS_LIQUIDITY),
)
