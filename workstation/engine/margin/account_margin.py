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
from workstation.engine.margin.overnight import MarginPeriod
from workstation.engine.margin.portfolio import portfolio_requirements
from workstation.engine.margin.rates import MarginRates
from workstation.engine.margin.regt import regt_requirements
from workstation.engine.margin.span import span_requirements

BUYING_POWER_MULTIPLE = 4  # the reciprocal of the 25% maintenance rate (seed: "Buying Power")


@dataclass(frozen=True, slots=True)
class MarginFigures:
    """Equity with loan value and requirements per segment, in the base currency (floats). The commodities
    requirements are the current period's (``overnight``); ``full_*_c`` are the overnight figures, with no
    intraday credit, and ``next_*_c`` the next period's (IB's Full and LookAhead values). Without futures all
    three are equal."""

    equity_with_loan_s: float
    equity_with_loan_c: float
    initial_s: float
    initial_c: float
    maintenance_s: float
    maintenance_c: float
    reg_t_margin: float
    full_initial_c: float = 0.0
    full_maintenance_c: float = 0.0
    next_initial_c: float = 0.0
    next_maintenance_c: float = 0.0

    @property
    def equity_with_loan(self) -> float:
        return self.equity_with_loan_s + self.equity_with_loan_c

    @property
    def initial(self) -> float:
        return self.initial_s + self.initial_c

    @property
    def maintenance(self) -> float:
        return self.maintenance_s + self.maintenance_c


def intraday_ratio(account: Account, rates: MarginRates) -> float:
    """The share of the overnight futures margin charged intraday: ``futures_intraday_ratio`` in margin and
    portfolio-margin accounts; cash accounts have no intraday rate (decision D7.1)."""
    return 1.0 if account.account_type is AccountType.CASH else rates.futures_intraday_ratio


def margin_figures(account: Account, holdings: Holdings, cash_in_base: float, futures_pnl: float,
                   rates: MarginRates, intraday: bool = False) -> MarginFigures:
    """The account's margin figures. ``cash_in_base`` is its cash in every currency, converted;
    ``futures_pnl`` its open futures P&L; ``intraday``: whether the intraday futures rate applies now
    (``overnight.margin_period``)."""
    if account.account_type is AccountType.CASH:  # a cash account's ELV is its (settled) cash
        # Its requirement is the cash its short options commit (``cash_cover``): IB's "Put Strike Price".
        committed = _cash_account_requirement(holdings)
        return MarginFigures(cash_in_base, futures_pnl, committed, 0.0, committed, 0.0, 0.0)
    elv_s = cash_in_base + float((holdings.value * holdings.loan_value_mask()).sum())
    if not holdings.size:
        return MarginFigures(elv_s, futures_pnl, 0.0, 0.0, 0.0, 0.0, 0.0)
    regt = regt_requirements(holdings, rates)
    span = span_requirements(holdings, rates)
    maintenance_c = sum(span.maintenance.values())  # SPAN's is the overnight (full) requirement
    initial_c = maintenance_c * rates.futures_initial_ratio
    if account.account_type is AccountType.PORTFOLIO:
        # Risk-based: the worst loss of each underlying's positions across the grid, initial and
        # maintenance alike; Reg T's end-of-day figure is still reported as RegTMargin.
        initial_s = maintenance_s = float(portfolio_requirements(holdings, rates).sum())
    else:
        initial_s, maintenance_s = float(regt.initial.sum()), float(regt.maintenance.sum())
    ratio = intraday_ratio(account, rates)
    day_initial_c, day_maintenance_c = initial_c * ratio, maintenance_c * ratio
    current = (day_initial_c, day_maintenance_c) if intraday else (initial_c, maintenance_c)
    following = (initial_c, maintenance_c) if intraday else (day_initial_c, day_maintenance_c)
    return MarginFigures(elv_s, futures_pnl, initial_s, current[0], maintenance_s, current[1],
                         float(regt.reg_t.sum()), initial_c, maintenance_c, following[0], following[1])


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


@dataclass(frozen=True, slots=True)
class CommoditiesRequirements:
    """The commodities segment's initial and maintenance requirements now, overnight (Full: no intraday
    credit) and at the next change (LookAhead), each an ``Amount``."""

    initial: Amount
    maintenance: Amount
    full_initial: Amount
    full_maintenance: Amount
    next_initial: Amount
    next_maintenance: Amount


def requirement_tags(elv_s: Amount, previous: Amount, reg_t: Amount, initial_s: Amount, maint_s: Amount,
                     commodities: CommoditiesRequirements, nlv_c: Amount, multiple: Amount,
                     minimum: Callable[[Amount, Amount], Amount] = min,
                     previous_c: Amount = 0) -> dict[AccountTag, Amount]:
    """Equity with loan value, the requirements and what they leave, whole and by segment, now, in full and
    at the next change, and BuyingPower: one account's in Decimal, or many accounts' as arrays
    (``views.account_totals``, with ``np.minimum``), by the same formulas. ``elv_s`` is the securities
    segment's (its own cash), ``nlv_c`` the commodities segment's net liquidation (its cash, futures P&L and
    futures options' value). ``multiple`` is 1 for a cash account, BUYING_POWER_MULTIPLE for a margin account.
    ``previous`` is the previous close's securities ELV, ``previous_c`` its commodities net liquidation."""
    c = commodities
    # IB's commodities ELV: "Total cash value + commodities option value - futures maintenance margin"
    # (TWS guide, Account Window; decision D8.3). The whole account's funds and liquidity are then the sums
    # of the segments' (securities from ELV, commodities from net liquidation, ib-domain §3.3): total ELV
    # less total IM would count the futures margin twice.
    elv_c = nlv_c - c.maintenance
    available_s, excess_s = elv_s - initial_s, elv_s - maint_s
    tags = {
        AccountTag.EQUITY_WITH_LOAN_VALUE: elv_s + elv_c,
        AccountTag.EQUITY_WITH_LOAN_VALUE_S: elv_s,
        AccountTag.EQUITY_WITH_LOAN_VALUE_C: elv_c,
        AccountTag.PREVIOUS_DAY_EQUITY_WITH_LOAN_VALUE: previous,
        AccountTag.REG_T_EQUITY: elv_s,
        AccountTag.REG_T_MARGIN: reg_t,
        AccountTag.INIT_MARGIN_REQ: initial_s + c.initial,
        AccountTag.INIT_MARGIN_REQ_S: initial_s,
        AccountTag.INIT_MARGIN_REQ_C: c.initial,
        AccountTag.MAINT_MARGIN_REQ: maint_s + c.maintenance,
        AccountTag.MAINT_MARGIN_REQ_S: maint_s,
        AccountTag.MAINT_MARGIN_REQ_C: c.maintenance,
        AccountTag.AVAILABLE_FUNDS: available_s + (nlv_c - c.initial),
        AccountTag.AVAILABLE_FUNDS_S: available_s,
        AccountTag.AVAILABLE_FUNDS_C: nlv_c - c.initial,
        AccountTag.EXCESS_LIQUIDITY: excess_s + (nlv_c - c.maintenance),
        AccountTag.EXCESS_LIQUIDITY_S: excess_s,
        AccountTag.EXCESS_LIQUIDITY_C: nlv_c - c.maintenance,
        # IB's API: "FullInitMarginReq - Initial Margin of whole portfolio with no discounts or intraday
        # credits"; "LookAheadInitMarginReq - Initial Margin requirement of whole portfolio as of next period's
        # margin change" (AccountSummaryTags). Only futures have an intraday rate (decision D7.2: securities'
        # Reg T end-of-day 50% is enforced through SMA, not a changed requirement).
        AccountTag.FULL_INIT_MARGIN_REQ: initial_s + c.full_initial,
        AccountTag.FULL_MAINT_MARGIN_REQ: maint_s + c.full_maintenance,
        AccountTag.FULL_AVAILABLE_FUNDS: available_s + (nlv_c - c.full_initial),
        AccountTag.FULL_EXCESS_LIQUIDITY: excess_s + (nlv_c - c.full_maintenance),
        AccountTag.LOOK_AHEAD_INIT_MARGIN_REQ: initial_s + c.next_initial,
        AccountTag.LOOK_AHEAD_MAINT_MARGIN_REQ: maint_s + c.next_maintenance,
        AccountTag.LOOK_AHEAD_AVAILABLE_FUNDS: available_s + (nlv_c - c.next_initial),
        AccountTag.LOOK_AHEAD_EXCESS_LIQUIDITY: excess_s + (nlv_c - c.next_maintenance),
        # IB's API: "Cash Account: Minimum (Equity with Loan Value, Previous Day Equity with Loan Value) -
        # Initial Margin, Standard Margin Account: Minimum (Equity with Loan Value, Previous Day Equity with
        # Loan Value) - Initial Margin *4", read as 4 x (min - IM) (decision D9.4): the literal precedence,
        # min - 4 x IM, would be negative for any account using more than a quarter of its equity. The
        # equity is the segments' before the futures maintenance IB's ELV-C takes off (IM counts it), the
        # previous close's likewise: the securities ELV alone would drop the cash swept to commodities.
        AccountTag.BUYING_POWER: (minimum(elv_s + nlv_c, previous + previous_c) - (initial_s + c.initial)) * multiple,
    }
    return tags


def margin_tags(account: Account, figures: MarginFigures, balances: dict[AccountTag, Decimal],
                previous_day_elv: Decimal | None, sma: Decimal | None = None,
                cash_c: Decimal = Decimal(0), unsettled: Decimal = Decimal(0),
                previous_c: Decimal = Decimal(0)) -> dict[AccountTag, Decimal]:
    """The margin tags of ``account`` (IB's names), from its figures and its balance tags;
    ``sma`` is the account's Special Memorandum Account as last booked (margin accounts); ``cash_c`` the
    part of its cash in the commodities segment (``segments``), in its base currency; ``unsettled`` the
    trade cash booked but not yet settled, in the base currency, to the cent; ``previous_c`` the commodities
    segment's net liquidation at the previous close (``previous_day_nlv_c``).

    IB's SettledCash ("Cash recognized at the time of settlement - purchases at the time of trade -
    commissions - taxes - fees") is reported for every account (decision D1.1); only a cash account's
    Equity with Loan Value is its settled cash ("Cash Account: Settled Cash", TWS Account Window)."""
    elv_s = _cents(figures.equity_with_loan_s) - cash_c
    if unsettled and account.account_type is AccountType.CASH:
        elv_s -= unsettled
    commodities = CommoditiesRequirements(
        _cents(figures.initial_c), _cents(figures.maintenance_c), _cents(figures.full_initial_c),
        _cents(figures.full_maintenance_c), _cents(figures.next_initial_c), _cents(figures.next_maintenance_c))
    nlv = balances[AccountTag.NET_LIQUIDATION]
    futures_pnl = balances[AccountTag.FUTURES_PNL]
    nlv_c = cash_c + futures_pnl + balances[AccountTag.FUTURE_OPTION_VALUE]
    previous = elv_s if previous_day_elv is None else previous_day_elv  # None: a trial account never opened
    multiple = 1 if account.account_type is AccountType.CASH else BUYING_POWER_MULTIPLE
    reg_t = _cents(figures.reg_t_margin)
    tags = {
        AccountTag.SETTLED_CASH: balances[AccountTag.TOTAL_CASH_VALUE] - balances[AccountTag.FUTURES_PNL] - unsettled,
        AccountTag.TOTAL_CASH_VALUE_S: balances[AccountTag.TOTAL_CASH_VALUE] - (cash_c + futures_pnl),
        AccountTag.TOTAL_CASH_VALUE_C: cash_c + futures_pnl,
        **requirement_tags(elv_s, previous, reg_t, _cents(figures.initial_s), _cents(figures.maintenance_s),
                           commodities, nlv_c, multiple, previous_c=previous_c),
        AccountTag.LEVERAGE: ((balances[AccountTag.GROSS_POSITION_VALUE] / nlv).quantize(Decimal("0.01"))
                              if nlv > 0 else Decimal(0)),
        # SMA never falls below ELV less the Reg T margin (gains raise it); cash accounts have none.
        AccountTag.SMA: Decimal(0) if account.account_type is AccountType.CASH
        else max(sma or Decimal(0), elv_s - reg_t),
    }
    excess = tags[AccountTag.EXCESS_LIQUIDITY]
    tags[AccountTag.CUSHION] = (excess / nlv).quantize(Decimal("0.0001")) if nlv > 0 else Decimal(0)
    return tags


def next_change_seconds(period: MarginPeriod) -> Decimal:
    """IB's LookAheadNextChange ("Time when look-ahead values take effect"), as seconds since the Unix epoch."""
    return Decimal(int(period.next_change.timestamp()))
