"""An account's margin kept up to date incrementally, for the pre-trade check.

Every requirement IB computes is a sum over independent groups of positions: a stock with the
options on it (Reg T strategies, portfolio margin), a futures root with its options (SPAN). So an
account's figures are kept per group, and per position for its values; when the account trades,
only the groups it traded in are computed again, and a what-if computes only the groups its order
touches. The whole account is computed afresh when the market has moved since.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

import numpy as np

from workstation.engine.core.instruments import SecType
from workstation.engine.core.terms import AccountType
from workstation.engine.ledger import booking as ledger
from workstation.engine.ledger.accounts import Account
from workstation.engine.margin.account_margin import margin_figures
from workstation.engine.margin.holdings import InstrumentTable, account_holdings, kind_code
from workstation.engine.margin.impact import Change, MarginImpact, ProposedFill
from workstation.engine.margin.overnight import MarginPeriod
from workstation.engine.margin.rates import MarginRates
from workstation.engine.margin.regt import NUMBERS, regt_requirements, stock_requirement

RateOf = Callable[[str, str], Decimal]
Marks = tuple[np.ndarray, np.ndarray]
_FUT, _FOP = kind_code(SecType.FUT)[0], kind_code(SecType.FOP)[0]
_STOCKS = kind_code(SecType.STK, SecType.FUND)
Requirement = tuple[float, float, float, float, float]  # initial S, initial C, maintenance S, maintenance C, Reg T
_NONE: Requirement = (0.0, 0.0, 0.0, 0.0, 0.0)
Values = tuple[float, float, float]
_NO_VALUES: Values = (0.0, 0.0, 0.0)
_LOOSENESS = 3.0  # times the value (and underlying value) of the units traded since the last computation


@dataclass(frozen=True, slots=True)
class RiskTotals:
    """An account's figures in its base currency (floats)."""

    net_liquidation: float
    equity_with_loan_s: float
    equity_with_loan_c: float
    initial: float
    maintenance: float
    reg_t: float
    maintenance_c: float = 0.0
    initial_c: float = 0.0

    @property
    def equity_with_loan(self) -> float:
        """Securities ELV and the commodities segment's net liquidation: what the requirements are met from
        (the whole account's AvailableFunds is this less InitMarginReq)."""
        return self.equity_with_loan_s + self.equity_with_loan_c

    @property
    def reported_equity_with_loan(self) -> float:
        """IB's EquityWithLoanValue, whose commodities part is net liquidation less the futures maintenance."""
        return self.equity_with_loan - self.maintenance_c


class _Entry:
    """One account's figures at ``marks``: per position its values, per group its requirement,
    and their running sums (so reading the totals costs nothing)."""

    __slots__ = ("marks", "cash", "cash_base", "positions", "values", "groups", "_value", "_requirement", "revision",
                 "derivative_groups", "intraday")

    def __init__(self, marks: Marks, cash: dict[str, Decimal], cash_base: float,
                 positions: dict[str, tuple[Decimal, Decimal]]) -> None:
        self.marks = marks
        self.cash = cash
        self.cash_base = cash_base
        self.positions = positions                    # symbol -> (quantity, average price) when computed
        self.values: dict[str, Values] = {}           # symbol -> (value or futures P&L, loan value, futures P&L)
        self.groups: dict[str, Requirement] = {}
        self._value = [0.0, 0.0, 0.0]
        self._requirement = [0.0] * 5
        self.revision = -1  # the account's revision these figures are for
        self.derivative_groups: set[str] = set()  # groups in which the account holds options or futures
        self.intraday = False  # the futures margin period the requirements are for (``overnight``)

    def set_values(self, symbols: list[str], values: dict[str, Values]) -> None:
        for symbol in symbols:
            old = self.values.pop(symbol, _NO_VALUES)
            new = values.get(symbol, _NO_VALUES)
            if symbol in values:
                self.values[symbol] = new
            for i in range(3):
                self._value[i] += new[i] - old[i]

    def set_groups(self, groups: dict[str, Requirement]) -> None:
        for group, new in groups.items():
            old = self.groups.get(group, _NONE)
            self.groups[group] = new
            for i in range(5):
                self._requirement[i] += new[i] - old[i]

    def trial(self, cash: dict[str, Decimal], cash_base: float) -> _Entry:
        """A copy to book a what-if into, sharing nothing mutable with this one."""
        copy_ = _Entry(self.marks, cash, cash_base, {})
        copy_.values, copy_.groups, copy_.intraday = dict(self.values), dict(self.groups), self.intraday
        copy_._value, copy_._requirement = list(self._value), list(self._requirement)
        return copy_

    def totals(self, cash_base: float | None = None) -> RiskTotals:
        cash = self.cash_base if cash_base is None else cash_base
        value, loan, futures = self._value
        r = self._requirement
        return RiskTotals(cash + value, cash + loan, futures, r[0] + r[1], r[2] + r[3], r[4], r[3], r[1])


class RiskCache:
    def __init__(self, table: InstrumentTable, market_arrays: Callable[[], Marks], rate_of: RateOf,
                 rates: MarginRates, period: Callable[[datetime], MarginPeriod]) -> None:
        self._period = period
        self._table = table
        self._market_arrays = market_arrays
        self._rate_of = rate_of
        self._rates = rates
        self._entries: dict[str, _Entry] = {}
        self._group_keys = [self._group_key(row) for row in range(len(table.instruments))]

    def clear(self) -> None:
        self._entries.clear()

    def forget(self, account_id: str) -> None:
        """Drop the account's figures: its type or base currency changed, which no incremental update follows."""
        self._entries.pop(account_id, None)

    # -- groups ----------------------------------------------------------------------------------

    def group_of(self, symbol: str) -> str:
        """The positions a symbol's requirement depends on: its underlying's, or its futures root's."""
        return self._group_keys[self._table.index[symbol]]

    def _group_key(self, row: int) -> str:
        commodity = int(self._table.commodity[row])
        if commodity >= 0:
            return "F:" + self._table.commodity_names[commodity]
        underlying = int(self._table.underlying[row])
        return self._table.instruments[underlying if underlying >= 0 else row].symbol

    def _requirements(self, account: Account, symbols: list[str], marks: Marks, now: datetime,
                      rate: Callable[[str], float],
                      derivative_groups: set[str] | None = None) -> dict[str, Requirement]:
        """Each group's requirement, over the account's positions in ``symbols``' groups
        (``derivative_groups``, when known, are the groups in which the account holds derivatives:
        any other stock's group is the stock alone, found without looking through the account)."""
        cash_account = account.account_type is AccountType.CASH
        if account.is_advisor or cash_account and not any(p.quantity < 0 for p in account.positions.values()):
            return {self.group_of(s): _NONE for s in symbols}  # a cash account commits cash only to short options
        members: dict[str, list[str]] = {}
        for symbol in symbols:
            members.setdefault(self.group_of(symbol), [])
        if derivative_groups is not None and all(self.group_of(symbol) == symbol and symbol not in derivative_groups
                                                 for symbol in symbols):
            # Stocks whose options the account holds none of: each group is the stock alone.
            for group, held in members.items():
                position = account.positions.get(group)
                if position is not None and position.quantity:
                    held.append(group)
        else:
            for symbol, position in account.positions.items():
                if position.quantity:
                    group = self.group_of(symbol)
                    if group in members:
                        members[group].append(symbol)
        result: dict[str, Requirement] = {}
        lone_stocks = []
        for group, held in members.items():
            if not held:
                result[group] = _NONE
            elif len(held) == 1 and account.account_type is not AccountType.PORTFOLIO and not cash_account \
                    and int(self._table.kind[self._table.index[held[0]]]) in _STOCKS:
                lone_stocks.append((group, held[0]))
            else:
                holdings = account_holdings(self._table, account, held, marks[0], marks[1], rate, now)
                f = margin_figures(account, holdings, 0.0, 0.0, self._rates, self._period(now).intraday)
                result[group] = (f.initial_s, f.initial_c, f.maintenance_s, f.maintenance_c, f.reg_t_margin)
        if len(lone_stocks) > 1:  # one vectorised pass for every stock held alone
            holdings = account_holdings(self._table, account, [s for _, s in lone_stocks], marks[0], marks[1], rate,
                                        now)
            regt = regt_requirements(holdings, self._rates)
            for k, (group, _) in enumerate(lone_stocks):
                result[group] = (float(regt.initial[k]), 0.0, float(regt.maintenance[k]), 0.0, float(regt.reg_t[k]))
        elif lone_stocks:  # one stock (a what-if's usual case): the same formula on plain numbers
            group, symbol = lone_stocks[0]
            row = self._table.index[symbol]
            table = self._table
            shares = float(account.positions[symbol].quantity) * float(table.multiplier[row])
            initial, maintenance, reg_t = stock_requirement(shares, float(marks[0][row]),
                                                            rate(table.instruments[row].currency),
                                                            float(table.leverage[row]),
                                                            bool(table.marginable_stock[row]), self._rates, NUMBERS,
                                                            float(table.shares_outstanding[row]))
            result[group] = (float(initial), 0.0, float(maintenance), 0.0, float(reg_t))
        return result

    def _values(self, account: Account, symbols: list[str], marks: Marks,
                rate: Callable[[str], float]) -> dict[str, tuple[float, float, float]]:
        result = {}
        for symbol in symbols:
            position = account.positions.get(symbol)
            if position is None or not position.quantity:
                continue
            row = self._table.index[symbol]
            units = float(position.quantity) * float(self._table.multiplier[row])
            to_base = rate(self._table.instruments[row].currency)
            mark = float(marks[0][row])
            if int(self._table.kind[row]) == _FUT:
                pnl = (mark - float(position.avg_price)) * units * to_base
                result[symbol] = (pnl, 0.0, pnl)
            else:
                value = mark * units * to_base
                lent_against = self._table.loan_value[row] and account.account_type is not AccountType.CASH
                # A futures option's value is the commodities segment's equity (IB: AvailableFunds-C = NLV-C - IM-C).
                commodities = value if int(self._table.kind[row]) == _FOP else 0.0
                result[symbol] = (value, value if lent_against else 0.0, commodities)
        return result

    def _cash_base(self, account: Account, rate: Callable[[str], float]) -> float:
        return sum(float(amount) * rate(currency) for currency, amount in account.cash.items())

    def _rate(self, account: Account) -> Callable[[str], float]:
        rates: dict[str, float] = {}

        def rate(currency: str) -> float:
            if currency not in rates:
                rates[currency] = float(self._rate_of(currency, account.base_currency))
            return rates[currency]
        return rate

    # -- the cache -------------------------------------------------------------------------------

    def totals(self, account: Account, now: datetime) -> RiskTotals:
        return self._entry(account, now).totals()

    def loose_totals(self, account: Account, now: datetime) -> tuple[RiskTotals, float]:
        """The figures last computed for the account and a bound on how far its trades since can
        have moved any of them (equity with loan, a requirement, their differences): exact, with
        no slack, when nothing changed or the market moved. What a trade changes is its cash, which
        is counted exactly, and its position: a requirement moves by at most about the value of
        the units traded plus their underlying's, and the bound takes three times that. A check
        that passes with this slack needs no computation; one that does not computes afresh."""
        marks = self._market_arrays()
        entry = self._entries.get(account.account_id)
        if entry is None or entry.marks is not marks or entry.revision == account.revision \
                or entry.intraday != self._period(now).intraday:
            return self._entry(account, now).totals(), 0.0
        rate = self._rate(account)
        slack = abs(self._cash_base(account, rate) - entry.cash_base)
        index, table = self._table.index, self._table
        for symbol in account.positions.keys() | entry.positions.keys():
            position = account.positions.get(symbol)
            now_quantity = position.quantity if position is not None else Decimal(0)
            before = entry.positions.get(symbol)
            before_quantity = before[0] if before is not None else Decimal(0)
            if now_quantity == before_quantity and (before is None or position is None
                                                    or position.avg_price == before[1]):
                continue
            row = index[symbol]
            underlying = int(table.underlying[row])
            reference = float(marks[0][row]) + (float(marks[0][underlying]) if underlying >= 0 else 0.0)
            moved = abs(float(now_quantity - before_quantity)) or abs(float(now_quantity))
            slack += _LOOSENESS * moved * float(table.multiplier[row]) * reference \
                * rate(table.instruments[row].currency)
        return entry.totals(), slack

    def _entry(self, account: Account, now: datetime) -> _Entry:
        marks = self._market_arrays()
        entry = self._entries.get(account.account_id)
        intraday = self._period(now).intraday
        if entry is not None and entry.intraday != intraday:
            entry = None  # the futures margin period changed: every requirement is computed afresh
        if entry is not None and entry.marks is not marks and self._marks_unchanged_for(entry, account, marks):
            entry.marks = marks  # the market moved, but nothing this account holds or converts through
        if entry is not None and entry.marks is marks and entry.revision == account.revision:
            return entry
        rate = self._rate(account)
        if entry is None or entry.marks is not marks:
            positions = {s: (p.quantity, p.avg_price) for s, p in account.positions.items() if p.quantity}
            symbols = list(positions)
            entry = _Entry(marks, dict(account.cash), self._cash_base(account, rate), positions)
            entry.derivative_groups = self._derivative_groups(positions)
            entry.intraday = intraday
            entry.set_values(symbols, self._values(account, symbols, marks, rate))
            entry.set_groups(self._requirements(account, symbols, marks, now, rate))
            entry.revision = account.revision
            self._entries[account.account_id] = entry
            return entry
        if account.cash != entry.cash:
            entry.cash, entry.cash_base = dict(account.cash), self._cash_base(account, rate)
        known = entry.positions
        changed = [s for s, p in account.positions.items() if known.get(s) != ((p.quantity, p.avg_price)
                                                                               if p.quantity else None)]
        changed += [s for s in known if s not in account.positions]
        if changed:
            for symbol in changed:
                position = account.positions.get(symbol)
                if position is not None and position.quantity:
                    known[symbol] = (position.quantity, position.avg_price)
                else:
                    known.pop(symbol, None)
            if any(self.group_of(symbol) != symbol for symbol in changed):  # a derivative traded
                entry.derivative_groups = self._derivative_groups(known)
            entry.set_values(changed, self._values(account, changed, marks, rate))
            entry.set_groups(self._requirements(account, changed, marks, now, rate, entry.derivative_groups))
        entry.revision = account.revision
        return entry

    def _marks_unchanged_for(self, entry: _Entry, account: Account, marks: Marks) -> bool:
        """Whether every price and volatility the entry was computed from is the same in ``marks``:
        its positions, their underlyings, and the FX rates of every currency it holds. A price mark
        on one instrument then costs only the accounts exposed to it."""
        table, index, base = self._table, self._table.index, account.base_currency
        rows: list[int] = []
        currencies = {c for c, amount in account.cash.items() if amount and c != base}
        for symbol in entry.positions:
            row = index[symbol]
            rows.append(row)
            underlying = int(table.underlying[row])
            if underlying >= 0:
                rows.append(underlying)
            if table.instruments[row].currency != base:
                currencies.add(table.instruments[row].currency)
        for currency in currencies:
            pair = index.get(f"{currency}.{base}", index.get(f"{base}.{currency}"))
            if pair is None:
                return False  # converted through a cross we do not follow here: recompute
            rows.append(pair)
        if not rows:
            return True
        at = np.fromiter(rows, dtype=np.intp, count=len(rows))
        return all(np.array_equal(before[at], after[at]) for before, after in zip(entry.marks, marks))

    def _derivative_groups(self, positions: dict[str, tuple[Decimal, Decimal]]) -> set[str]:
        return {group for group, symbol in ((self.group_of(s), s) for s in positions) if group != symbol}

    def impact(self, account: Account, fills: list[ProposedFill], now: datetime) -> tuple[MarginImpact, float]:
        """The what-if of ``fills``, computed on the groups they touch; and the net liquidation
        before (what the portfolio-margin minimum is judged on)."""
        entry = self._entry(account, now)
        before = entry.totals()
        symbols = {fill.instrument.symbol for fill in fills}
        trial = trial_account(account, fills, now)
        rate = self._rate(trial)
        traded = list(symbols)
        # The trial starts from the account's running sums; only what the order touches is recomputed.
        after_entry = entry.trial(trial.cash, self._cash_base(trial, rate))
        after_entry.set_values(traded, self._values(trial, traded, entry.marks, rate))
        after_entry.set_groups(self._requirements(trial, traded, entry.marks, now, rate, entry.derivative_groups))
        after = after_entry.totals()
        cents = _cents
        elv = Change.of(cents(before.reported_equity_with_loan), cents(after.reported_equity_with_loan))
        equity = Change.of(cents(before.equity_with_loan), cents(after.equity_with_loan))
        if account.account_type is AccountType.CASH and (account.unsettled or trial.unsettled):
            # A cash account's ELV, and the equity its funds are judged on, is its settled cash: what the
            # trades leave unsettled does not count.
            unsettled = Change.of(cents(_unsettled(account, rate)), cents(_unsettled(trial, rate)))
            elv = Change.of(elv.before - unsettled.before, elv.after - unsettled.after)
            equity = Change.of(equity.before - unsettled.before, equity.after - unsettled.after)
        initial = Change.of(cents(before.initial), cents(after.initial))
        maintenance = Change.of(cents(before.maintenance), cents(after.maintenance))
        impact = MarginImpact(account.account_id, account.base_currency, elv, initial, maintenance,
                              Change.of(equity.before - initial.before, equity.after - initial.after),
                              Change.of(equity.before - maintenance.before, equity.after - maintenance.after))
        return impact, before.net_liquidation

    def clearly_fits(self, account: Account, fills: list[ProposedFill], now: datetime, minimum_equity: float,
                     keep_minimum: float) -> bool:
        """The quick credit check: True when the account's funds available now exceed anything the
        fills could ask for (their whole value, twice, plus the underlying's for options, and the
        commission), with the minimum equity kept; then the full what-if is not needed."""
        before, slack = self.loose_totals(account, now)
        # The minimum is IB's on its EquityWithLoanValue, whose commodities part has the futures maintenance off.
        equity = before.reported_equity_with_loan - slack
        if equity < minimum_equity or (account.account_type is AccountType.PORTFOLIO and equity < keep_minimum):
            return False
        worst = self._worst(account, fills)
        return before.equity_with_loan - before.initial - slack > worst

    def clearly_within_day_trading_power(self, account: Account, fills: list[ProposedFill], now: datetime,
                                         previous_day_elv: float | None, segment_cash: float) -> bool:
        """The quick day-trading check: True when a pattern day trader's day-trading buying power after
        ``fills`` (none: as it stands) is surely not negative, min(previous day ELV, ELV-S) staying above
        MaintMarginReq-S by more than the fills could move either (``clearly_fits``'s bound); then the
        exact figures are not needed. An account with futures margin is left to the exact figures."""
        before, slack = self.loose_totals(account, now)
        if before.equity_with_loan_c or before.maintenance_c:
            return False
        worst = self._worst(account, fills) + slack
        equity_s = before.equity_with_loan_s - segment_cash
        equity = equity_s - worst if previous_day_elv is None else min(previous_day_elv, equity_s - worst)
        return equity - (before.maintenance - before.maintenance_c + worst) > 1.0  # clear of rounding to cents

    def _worst(self, account: Account, fills: list[ProposedFill]) -> float:
        """The most ``fills`` could move equity or a requirement: their whole value twice, plus the
        underlying's for options, and their commission, in the account's base."""
        rate = self._rate(account)
        marks = self._market_arrays()[0]
        worst = 0.0
        for fill in fills:
            row = self._table.index[fill.instrument.symbol]
            underlying = int(self._table.underlying[row])
            reference = float(fill.price) + (float(marks[underlying]) if underlying >= 0 else 0.0)
            worst += (2 * abs(float(fill.quantity)) * float(self._table.multiplier[row]) * reference
                      * rate(fill.instrument.currency) + float(fill.commission) * rate(fill.commission_currency))
        return worst


def _cents(value: float) -> Decimal:
    return Decimal(f"{value:.2f}") + 0


def _unsettled(account: Account, rate: Callable[[str], float]) -> float:
    return sum(float(u.amount) * rate(u.currency) for u in account.unsettled)


def trial_account(account: Account, fills: list[ProposedFill], now: datetime) -> Account:
    """The account as it would be after ``fills``, the original untouched."""
    trial = _trial_copy(account, {fill.instrument.symbol for fill in fills})
    for fill in fills:
        ledger.book_execution(trial, fill.instrument, fill.action, fill.quantity, fill.price, fill.commission,
                              fill.commission_currency, now, [])
    return trial


def _trial_copy(account: Account, symbols: set[str]) -> Account:
    """A copy of the account that fills on ``symbols`` can be booked into without touching the
    original: its cash and the traded positions are copied, the other positions shared (the
    ledger changes only the positions it books)."""
    positions = dict(account.positions)
    for symbol in symbols & positions.keys():
        positions[symbol] = copy.copy(positions[symbol])
    return replace(account, cash=dict(account.cash), positions=positions)
