"""Margin figures of many accounts at once, for a price tick: every account's positions stacked in
one set of arrays (an account's taken again only when its ledger changes, and brought up to date
in place from a command's bookings where it can), valued and margined in a few vectorised passes,
then summed per account with ``np.bincount``. The last figures are kept, so the consumers of one
command (the SMA floor, the liquidation check) share them.

Accounts whose margin needs grouping across positions (short options, which may form strategies,
or in a cash account commit cash; futures and futures options, under SPAN; portfolio-margin
accounts) are margined one by one by ``MarginModel``; their balances still come from the stacked arrays.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from decimal import Decimal

import numpy as np

from workstation.engine.core.instruments import SecType
from workstation.engine.core.terms import AccountType
from workstation.engine.ledger.accounts import Account
from workstation.engine.margin.holdings import Holdings, InstrumentTable, build_holdings, kind_code, kind_lookup
from workstation.engine.margin.ledger_copies import FloatLedger, LedgerCopies
from workstation.engine.margin.rates import MarginRates
from workstation.engine.margin.regt import regt_requirements
from workstation.engine.messages.events import Event

RateOf = Callable[[str, str], Decimal]
# (initial, maintenance, reg_t, the initial and maintenance of the securities and commodities segments, and the
# commodities' overnight and next-change initial and maintenance)
ComplexFigures = Callable[[Account], tuple[float, ...]]

_OPT, _FUT = kind_code(SecType.OPT)[0], kind_code(SecType.FUT)[0]
_STK, _FOP, _FUND = kind_code(SecType.STK)[0], kind_code(SecType.FOP)[0], kind_code(SecType.FUND)[0]
BALANCE_COLUMNS = ("TotalCashValue", "StockMarketValue", "OptionMarketValue", "FutureOptionValue", "MutualFundValue",
                   "FuturesPNL", "GrossPositionValue", "UnrealizedPnL", "RealizedPnL")
"""The balance sums ``BatchBalances.sums`` holds per account and currency (cash without futures P&L)."""
_BALANCE_SLOT = np.zeros(max(_STK, _OPT, _FOP, _FUND, _FUT) + 8, dtype=np.int64)
_BALANCE_SLOT[[_STK, _OPT, _FOP, _FUND, _FUT]] = [1, 2, 3, 4, 5]
_FUTURES = kind_lookup((SecType.FUT, SecType.FOP))  # kind code -> True for futures and futures options


@dataclass(frozen=True, slots=True)
class BatchFigures:
    """Per account (in ``accounts`` order), base currency floats."""

    accounts: tuple[str, ...]
    net_liquidation: np.ndarray
    total_cash: np.ndarray
    gross_position_value: np.ndarray
    equity_with_loan_s: np.ndarray
    equity_with_loan: np.ndarray
    initial: np.ndarray
    maintenance: np.ndarray
    reg_t: np.ndarray
    # By segment (securities, commodities), when the margin model fills them in (``MarginModel.batch_figures``).
    initial_s: np.ndarray | None = None
    initial_c: np.ndarray | None = None
    maintenance_s: np.ndarray | None = None
    maintenance_c: np.ndarray | None = None
    # The commodities requirements overnight (Full) and at the next change (LookAhead), likewise.
    full_initial_c: np.ndarray | None = None
    full_maintenance_c: np.ndarray | None = None
    next_initial_c: np.ndarray | None = None
    next_maintenance_c: np.ndarray | None = None

    @property
    def available_funds(self) -> np.ndarray:
        return self.equity_with_loan - self.initial

    @property
    def excess_liquidity(self) -> np.ndarray:
        return self.equity_with_loan - self.maintenance

    def take(self, index: list[int]) -> BatchFigures:
        """The figures of the accounts at ``index``, in that order."""
        chosen = np.asarray(index, dtype=np.int64)
        def chosen_of(name: str) -> object:
            value = getattr(self, name)
            if name == "accounts":
                return tuple(self.accounts[i] for i in index)
            return None if value is None else value[chosen]

        return BatchFigures(**{f.name: chosen_of(f.name) for f in fields(self)})


@dataclass(frozen=True, slots=True)
class _Computed:
    """The last figures computed, and what they were computed from: the accounts at their ledger
    revisions, the time and the market's arrays (a new pair whenever the market moves)."""

    key: tuple[tuple[str, int], ...]
    now: datetime
    marks: np.ndarray
    ivs: np.ndarray
    figures: BatchFigures
    where: dict[str, tuple[int, int]]  # account -> (revision, index in figures)


@dataclass(frozen=True, slots=True)
class BatchBalances:
    """Per account (in ``accounts`` order) and currency (``currencies``), the balance sums of
    ``BALANCE_COLUMNS`` in that currency, unconverted: ``sums[account, currency, column]``; ``held``
    marks the currencies each account's ledger names. ``holdings`` (base currency) and ``owner``
    (each row's account) are every position, for figures computed over them (stress tests)."""

    accounts: tuple[str, ...]
    currencies: tuple[str, ...]
    sums: np.ndarray
    held: np.ndarray
    holdings: Holdings
    owner: np.ndarray


@dataclass(frozen=True, slots=True)
class _StackFacts:
    """The accounts of one stack: ids, which are cash accounts, which hold no margin (cash accounts
    and advisors), which need grouping and which of those are margined one by one (cash accounts with
    short options among them), their bases,
    and their cash per currency (``many_currencies``: accounts holding more than two)."""

    ids: tuple[str, ...]
    cash_account: np.ndarray
    unmargined: np.ndarray
    grouping: np.ndarray
    grouped: np.ndarray
    bases: list[str]
    base_index: np.ndarray
    currencies: list[str]
    cash: np.ndarray
    many_currencies: np.ndarray


class AccountBook:
    """Stacked ledgers of many accounts, each taken again when its revision changes."""

    def __init__(self, table: InstrumentTable, rates: MarginRates, rate_of: RateOf) -> None:
        self._table = table
        self._rates = rates
        self._rate_of = rate_of
        self._copies = LedgerCopies(table)
        self._stack_key: tuple[tuple[str, int], ...] = ()
        self._stack: tuple[np.ndarray, ...] = ()
        self._last: _Computed | None = None
        self._sums_key: tuple[tuple[str, int], ...] = ()
        self._valued: tuple[object, np.ndarray, np.ndarray, Holdings] | None = None
        self._facts_key: tuple[tuple[str, int], ...] | None = None
        self._facts_kept: _StackFacts | None = None
        # The accounts last asked for, with their type and base: (ids, cash account, unmargined, bases, base index)
        self._account_facts: tuple[tuple[str, ...], np.ndarray, np.ndarray, list[str], np.ndarray] | None = None
        self._sums: tuple[dict[str, int], np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray] = (
            {}, np.zeros((0, 0)), np.zeros(0, dtype=bool), np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0))

    def follow(self, accounts: Mapping[str, Account], events: Sequence[Event]) -> None:
        """Bring the float ledgers of the accounts these bookings changed up to date (see ``LedgerCopies``)."""
        self._copies.follow(accounts, events)

    def forget(self) -> None:
        """Drop the last figures kept (something they depend on changed besides ledgers and prices)."""
        self._last = None

    def forget_account_facts(self) -> None:
        """Drop what was kept of the accounts themselves: an account's type or base currency changed."""
        self._last = None
        self._account_facts = None
        self._facts_key = None

    def figures(self, accounts: list[Account], marks: np.ndarray, ivs: np.ndarray, now: datetime,
                grouped: ComplexFigures) -> BatchFigures:
        """Balances and margin of every account in ``accounts`` at the given marks.

        The last figures are kept: a command's consumers (the SMA floor, the liquidation check)
        asking for the same accounts, or some of them, unchanged since, at the same time and
        marks, share one computation."""
        key = tuple([(a.account_id, a.revision) for a in accounts])
        kept = self._kept(key, marks, ivs, now)
        if kept is not None:
            return kept
        figures = self._computed(accounts, key, marks, ivs, now, grouped)
        for f in fields(figures):  # shared from now on: no reader may change them under another
            value = getattr(figures, f.name)
            if isinstance(value, np.ndarray):
                value.flags.writeable = False
        self._last = _Computed(key, now, marks, ivs, figures, {})
        return figures

    def _kept(self, key: tuple[tuple[str, int], ...], marks: np.ndarray, ivs: np.ndarray,
              now: datetime) -> BatchFigures | None:
        last = self._last
        if last is None or last.marks is not marks or last.ivs is not ivs or last.now != now:
            return None
        if last.key == key:
            return last.figures
        if key and key[0] not in last.key:  # the usual miss (a ledger moved) found without indexing them all
            return None
        where = last.where
        if not where:
            where.update((account_id, (revision, i)) for i, (account_id, revision) in enumerate(last.key))
        index = []
        for account_id, revision in key:
            found = where.get(account_id)
            if found is None or found[0] != revision:
                return None
            index.append(found[1])
        return last.figures.take(index)

    def _computed(self, accounts: list[Account], key: tuple[tuple[str, int], ...], marks: np.ndarray,
                  ivs: np.ndarray, now: datetime, grouped: ComplexFigures) -> BatchFigures:
        ledgers = self._copies.of_all(accounts)
        n = len(accounts)
        owner, rows, quantity, futures_basis, _ = self._stacked(key, ledgers)
        holdings = self._holdings(accounts, owner, rows, quantity, marks, ivs, now, fresh=True)
        to_base = holdings.to_base
        kinds = self._table.kind[rows]
        value = holdings.value
        futures_pnl = np.where(kinds == _FUT, (holdings.price - futures_basis) * quantity
                               * self._table.multiplier[rows] * to_base, 0.0)

        def per_account(weights: np.ndarray, among: np.ndarray = owner) -> np.ndarray:
            # astype: bincount of nothing is an integer array, which would truncate what is put in it
            return np.bincount(among, weights=weights, minlength=n).astype(np.float64)

        facts = self._facts(accounts, ledgers)
        cash = self._cash_in_base(accounts, ledgers, facts)
        not_future = kinds != _FUT
        positions_value = per_account(np.where(not_future, value, 0.0))
        futures_pnl_sum = per_account(futures_pnl)
        lent_against = (holdings.loan_value_mask() & ~facts.cash_account[owner] if owner.size
                        else np.zeros(0, dtype=bool))
        loan_value = per_account(np.where(lent_against, value, 0.0))
        # Futures options' value is the commodities segment's, which IB's Available Funds counts (NLV-C - IM-C).
        futures = futures_pnl_sum + per_account(np.where(kinds == _FOP, value, 0.0))
        gross = per_account(np.where(not_future, np.abs(value), 0.0))
        simple = ~facts.grouping[owner]
        requirements = regt_requirements(holdings if simple.all() else _rows(holdings, simple), self._rates)
        simple_owner = owner[simple]
        initial = per_account(requirements.initial, simple_owner)
        maintenance = per_account(requirements.maintenance, simple_owner)
        reg_t = per_account(requirements.reg_t, simple_owner)
        initial[facts.unmargined] = maintenance[facts.unmargined] = reg_t[facts.unmargined] = 0.0
        # By segment: only futures and futures options, margined one account at a time, have a commodities part.
        initial_s, maintenance_s = initial.copy(), maintenance.copy()
        initial_c, maintenance_c = np.zeros(n), np.zeros(n)
        full_initial_c, full_maintenance_c, next_initial_c, next_maintenance_c = (np.zeros(n) for _ in range(4))
        for i in facts.grouped:
            (initial[i], maintenance[i], reg_t[i], initial_s[i], initial_c[i], maintenance_s[i],
             maintenance_c[i], full_initial_c[i], full_maintenance_c[i], next_initial_c[i],
             next_maintenance_c[i]) = grouped(accounts[i])
        return BatchFigures(facts.ids, cash + futures_pnl_sum + positions_value, cash + futures_pnl_sum,
                            gross, cash + loan_value, cash + futures + loan_value, initial, maintenance, reg_t,
                            initial_s, initial_c, maintenance_s, maintenance_c, full_initial_c, full_maintenance_c,
                            next_initial_c, next_maintenance_c)

    def _facts(self, accounts: list[Account], ledgers: list[FloatLedger]) -> _StackFacts:
        """What the figures need of the accounts themselves, kept while the stack is the same; what
        never changes for an account (its type, its base) kept while the same accounts are asked for."""
        if self._facts_key is not self._stack_key:
            ids, cash_account, unmargined, bases, base_index = self._account_facts_of(accounts)
            # One pass over the ledgers (see ``_stacked``): each one's grouping and its cash by currency.
            needs_grouping: list[bool] = []
            counts: list[int] = []
            named: list[str] = []
            amounts: list[float] = []
            for ledger in ledgers:
                needs_grouping.append(ledger.needs_grouping)
                balances = ledger.cash
                counts.append(len(balances))
                named += balances
                amounts += balances.values()
            grouping = np.array(needs_grouping, dtype=bool)
            currencies = sorted(set(named))
            column = {currency: k for k, currency in enumerate(currencies)}
            cash = np.zeros((len(accounts), len(currencies)))
            if currencies:  # each account's row, in its ledger's currency columns (each named once per ledger)
                owner = np.repeat(np.arange(len(ledgers)), np.array(counts, dtype=np.int64))
                cash[owner, [column[c] for c in named]] = amounts
            self._facts_key = self._stack_key
            self._facts_kept = _StackFacts(ids, cash_account, unmargined, grouping,
                                           np.flatnonzero(grouping & (cash_account | ~unmargined)), bases, base_index,
                                           currencies,
                                           cash, np.flatnonzero((cash != 0).sum(axis=1) > 2))
        return self._facts_kept

    def _account_facts_of(self, accounts: list[Account]
                          ) -> tuple[tuple[str, ...], np.ndarray, np.ndarray, list[str], np.ndarray]:
        """The accounts' ids, which are cash accounts, which are not margined (those and advisors), their
        bases and each one's base among them: what never changes for an account, kept while the same
        accounts are asked for."""
        ids = tuple([a.account_id for a in accounts])
        kept = self._account_facts
        if kept is None or kept[0] != ids:
            cash_account = np.array([a.account_type is AccountType.CASH for a in accounts], dtype=bool)
            unmargined = cash_account | np.array([a.is_advisor for a in accounts], dtype=bool)
            bases = sorted({a.base_currency for a in accounts})
            base_index = np.array([bases.index(a.base_currency) for a in accounts], dtype=np.int64)
            kept = self._account_facts = (ids, cash_account, unmargined, bases, base_index)
        return kept

    def _cash_in_base(self, accounts: list[Account], ledgers: list[FloatLedger], facts: _StackFacts) -> np.ndarray:
        """Each account's cash in every currency, converted to its base and added in its ledger's order
        (one or two terms add up the same in any order; an account with more is added in Python)."""
        if not facts.currencies:
            return np.zeros(len(accounts))
        matrix = np.array([[self._rate(base, currency) for currency in facts.currencies] for base in facts.bases])
        cash = (facts.cash * matrix[facts.base_index]).sum(axis=1)
        for i in facts.many_currencies:
            base = accounts[i].base_currency
            cash[i] = sum(amount * self._rate(base, currency) for currency, amount in ledgers[i].cash.items())
        return cash


    def _stacked(self, key: tuple[tuple[str, int], ...], ledgers: list[FloatLedger]) -> tuple[np.ndarray, ...]:
        """Every position of the accounts (``key``: each at its revision) in one set of arrays,
        reused while no ledger changes."""
        if key != self._stack_key:
            # One pass over the ledgers: with thousands of accounts, reading each ledger once costs less
            # than a pass per column (the ledgers lie all over memory).
            counts: list[int] = []
            rows: list[int] = []
            quantity: list[float] = []
            futures_basis: list[float] = []
            avg_cost: list[float] = []
            for ledger in ledgers:
                counts.append(len(ledger.rows))
                rows += ledger.rows
                quantity += ledger.quantity
                futures_basis += ledger.futures_basis
                avg_cost += ledger.avg_cost
            self._stack = (
                np.repeat(np.arange(len(ledgers)), np.array(counts, dtype=np.int64)),
                np.array(rows, dtype=np.int64), np.array(quantity, dtype=np.float64),
                np.array(futures_basis, dtype=np.float64), np.array(avg_cost, dtype=np.float64))
            self._stack_key = key
        return self._stack

    def balances(self, accounts: list[Account], marks: np.ndarray, ivs: np.ndarray, now: datetime) -> BatchBalances:
        """Every account's balance sums per currency at the given marks (see ``BatchBalances``)."""
        ledgers = self._copies.of_all(accounts)
        n = len(accounts)
        key = tuple([(a.account_id, a.revision) for a in accounts])
        owner, rows, quantity, futures_basis, avg_cost = self._stacked(key, ledgers)
        codes, static, held, key, slot, units = self._ledger_sums(ledgers, owner, rows, quantity)
        width = len(codes)
        sums = static.copy()
        price = marks[rows]
        value = price * units
        future = slot == 5

        def per_key(weights: np.ndarray) -> np.ndarray:
            return np.bincount(key, weights=weights, minlength=n * width)

        by_kind = np.bincount(key * 6 + slot, weights=value, minlength=n * width * 6).reshape(n * width, 6)
        sums[:, 1:5] += by_kind[:, 1:5]
        sums[:, 5] += per_key(np.where(future, (price - futures_basis) * units, 0.0))
        sums[:, 6] += per_key(np.where(future, 0.0, np.abs(value)))
        sums[:, 7] += per_key((price - avg_cost) * units)
        holdings = self._holdings(accounts, owner, rows, quantity, marks, ivs, now)
        return BatchBalances(tuple(a.account_id for a in accounts), tuple(codes), sums.reshape(n, width, -1),
                             held.reshape(n, width), holdings, owner[quantity != 0])

    def _holdings(self, accounts: list[Account], owner: np.ndarray, rows: np.ndarray, quantity: np.ndarray,
                  marks: np.ndarray, ivs: np.ndarray, now: datetime, fresh: bool = False) -> Holdings:
        """The stacked positions valued at ``marks``. ``figures`` values them afresh every time (each
        call is a new read); ``balances``, called for the same accounts right after it (the Account
        Window's totals), takes the same valuation again while the ledgers, the market arrays (new
        whenever prices move, and FX rates with them) and the clock are the same."""
        key = (self._stack_key, now)
        cached = self._valued
        if fresh or cached is None or cached[0] != key or cached[1] is not marks or cached[2] is not ivs:
            to_base = self._row_rates(accounts, owner, rows)
            cached = self._valued = (key, marks, ivs, build_holdings(self._table, rows, quantity, marks, ivs,
                                                                     to_base, now))
        return cached[3]

    def _ledger_sums(self, ledgers: list[FloatLedger], owner: np.ndarray, rows: np.ndarray, quantity: np.ndarray
                     ) -> tuple[dict[str, int], np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """What does not move with prices, reused while no ledger changes (the stack is the same):
        the currencies the ledgers name (the table's first), cash and realized P&L per account and
        currency, which currencies each names, and per position its (account, currency) key, its
        balance column (1-4 a market value, 5 futures, 0 neither) and its units."""
        if self._sums_key is not self._stack_key:
            codes = {currency: i for i, currency in enumerate(self._table.currencies)}
            for ledger in ledgers:
                for currency in ledger.currencies:
                    codes.setdefault(currency, len(codes))
            width = len(codes)
            static = np.zeros((len(ledgers) * width, len(BALANCE_COLUMNS)))
            held = np.zeros(len(ledgers) * width, dtype=bool)
            for i, ledger in enumerate(ledgers):
                start = i * width
                for currency, amount in ledger.cash.items():
                    static[start + codes[currency], 0] += amount
                for currency, amount in (ledger.realized_by_currency or {}).items():
                    static[start + codes[currency], 8] += amount
                for currency in ledger.currencies:
                    held[start + codes[currency]] = True
            slot = _BALANCE_SLOT[self._table.kind[rows]]
            self._sums_key = self._stack_key
            self._sums = (codes, static, held, owner * width + self._table.currency[rows], slot,
                          quantity * self._table.multiplier[rows])
        return self._sums

    def _rate(self, base: str, currency: str) -> float:
        return float(self._rate_of(currency, base))

    def _row_rates(self, accounts: list[Account], owner: np.ndarray, rows: np.ndarray) -> np.ndarray:
        _ids, _cash_account, _unmargined, bases, base_index = self._account_facts_of(accounts)
        matrix = np.array([[self._rate(base, currency) for currency in self._table.currencies] for base in bases])
        if not rows.size:
            return np.zeros(0)
        return matrix[base_index[owner], self._table.currency[rows]]


def _rows(holdings: Holdings, keep: np.ndarray) -> Holdings:
    """The holdings' ``keep`` rows."""
    return Holdings(holdings.table, holdings.rows[keep], holdings.quantity[keep], holdings.price[keep],
                    holdings.to_base[keep], holdings.underlying_price[keep], holdings.years[keep], holdings.iv[keep])
