"""Margin figures of many accounts at once, for a price tick: every account's positions stacked in
one set of arrays (an account's taken again only when its ledger changes, and brought up to date
in place from a command's bookings where it can), valued and margined in a few vectorised passes,
then summed per account with ``np.bincount``. The last figures are kept, so the consumers of one
command (the SMA floor, the liquidation check) share them.

Accounts whose margin needs grouping across positions (short options, which may form strategies;
futures and futures options, under SPAN; portfolio-margin accounts) are margined one by one by
``MarginModel``; their balances still come from the stacked arrays.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from decimal import Decimal
from itertools import chain

import numpy as np

from workstation.engine.core.instruments import SecType
from workstation.engine.core.terms import AccountType
from workstation.engine.ledger.accounts import Account
from workstation.engine.margin.holdings import Holdings, InstrumentTable, build_holdings, kind_code, kind_lookup
from workstation.engine.margin.rates import MarginRates
from workstation.engine.margin.regt import regt_requirements
from workstation.engine.messages.events import CashBooked, Event, PositionChanged

RateOf = Callable[[str, str], Decimal]
ComplexFigures = Callable[[Account], tuple[float, float, float]]  # (initial, maintenance, reg_t)

_OPT, _FUT = kind_code(SecType.OPT)[0], kind_code(SecType.FUT)[0]
_FUTURES = kind_lookup((SecType.FUT, SecType.FOP))  # kind code -> True for futures and futures options


@dataclass(slots=True)
class _Ledger:
    """One account's positions and cash as floats (a snapshot of its ledger): what the batch
    values, nothing more, since each float taken from a Decimal costs a microsecond."""

    rows: list[int]
    quantity: list[float]
    futures_basis: list[float]  # a future's average trade price, its P&L's basis (0.0 on other rows)
    cash: dict[str, float]
    needs_grouping: bool
    revision: int  # the account's ledger revision this snapshot is of


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

    @property
    def available_funds(self) -> np.ndarray:
        return self.equity_with_loan - self.initial

    @property
    def excess_liquidity(self) -> np.ndarray:
        return self.equity_with_loan - self.maintenance

    def take(self, index: list[int]) -> BatchFigures:
        """The figures of the accounts at ``index``, in that order."""
        chosen = np.asarray(index, dtype=np.int64)
        return BatchFigures(**{f.name: tuple(self.accounts[i] for i in index) if f.name == "accounts"
                               else getattr(self, f.name)[chosen] for f in fields(self)})


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


def _take_cash(ledger: _Ledger, account: Account, currency: str) -> bool:
    """Take the balance in ``currency`` into ``ledger`` in place; False where a currency appears or goes."""
    amount = account.cash.get(currency)
    if bool(amount) != (currency in ledger.cash):
        return False
    if amount:
        ledger.cash[currency] = float(amount)
    return True


class AccountBook:
    """Stacked ledgers of many accounts, each taken again when its revision changes."""

    def __init__(self, table: InstrumentTable, rates: MarginRates, rate_of: RateOf) -> None:
        self._table = table
        self._rates = rates
        self._rate_of = rate_of
        self._ledgers: dict[str, _Ledger] = {}
        self._stack_key: tuple[tuple[str, int], ...] = ()
        self._stack: tuple[np.ndarray, ...] = ()
        self._last: _Computed | None = None
        # Rows by what the ledgers need of them, as Python sets: asked per booking, not per array.
        self._futures_rows = frozenset(np.flatnonzero(table.kind == _FUT).tolist())
        self._grouping_rows = frozenset(np.flatnonzero(_FUTURES[table.kind] | (table.kind == _OPT)).tolist())

    def forget(self) -> None:
        """Drop the last figures kept (something they depend on changed besides ledgers and prices)."""
        self._last = None

    def follow(self, accounts: Mapping[str, Account], events: Sequence[Event]) -> None:
        """Bring the ledgers of the accounts these bookings changed up to date by what they changed,
        instead of taking them again whole (an advisor's execution books a thousand accounts at
        once). Only a ledger that was current before them is brought up to date (the account's
        revision is the ledger's plus one per booking), and only while no position and no
        currency appears or goes: anything else is taken again whole when next needed. Two passes
        over the events and nothing made per account, so a large execution feeds the garbage
        collector no more than it must."""
        bookings: dict[str, int] = {}
        for event in events:
            kind = type(event)
            if kind is CashBooked or kind is PositionChanged:
                account_id = event.account_id  # type: ignore[attr-defined]
                bookings[account_id] = bookings.get(account_id, 0) + 1
        ledgers = self._ledgers
        current: dict[str, _Ledger] = {}
        for account_id, count in bookings.items():
            ledger = ledgers.get(account_id)
            if ledger is not None and ledger.revision + count == accounts[account_id].revision:
                current[account_id] = ledger
        if not current:
            return
        index, grouping_rows = self._table.index, self._grouping_rows
        regroup: dict[str, None] = {}
        for event in events:
            kind = type(event)
            if kind is not CashBooked and kind is not PositionChanged:
                continue
            account_id = event.account_id  # type: ignore[attr-defined]
            ledger = current.get(account_id)  # type: ignore[assignment]
            if ledger is None:
                continue
            account = accounts[account_id]
            if kind is CashBooked:
                taken = _take_cash(ledger, account, event.currency)  # type: ignore[attr-defined]
            else:
                row = index[event.symbol]  # type: ignore[attr-defined]
                taken = self._take_position(ledger, account, event.symbol, row)  # type: ignore[attr-defined]
                if row in grouping_rows:
                    regroup[account_id] = None
            if not taken:
                del current[account_id], ledgers[account_id]
        for account_id, ledger in current.items():
            account = accounts[account_id]
            if account_id in regroup:  # only options and futures decide it
                ledger.needs_grouping = self._needs_grouping(account, ledger.rows, ledger.quantity)
            ledger.revision = account.revision

    def _take_position(self, ledger: _Ledger, account: Account, symbol: str, row: int) -> bool:
        """Take the position in ``symbol`` into ``ledger`` in place; False where the change needs
        the whole ledger taken again (a row to add or drop, in the order a new one keeps)."""
        position = account.positions.get(symbol)
        held = position is not None and bool(position.quantity)
        if row not in ledger.rows:
            return not held
        if not held:
            return False
        assert position is not None
        at = ledger.rows.index(row)
        ledger.quantity[at] = float(position.quantity)
        if row in self._futures_rows:
            ledger.futures_basis[at] = float(position.avg_price)
        return True

    def _needs_grouping(self, account: Account, rows: list[int], quantity: list[float]) -> bool:
        kind = self._table.kind
        return account.account_type is AccountType.PORTFOLIO or bool(rows) and any(
            _FUTURES[kind[r]] or (kind[r] == _OPT and q < 0) for r, q in zip(rows, quantity, strict=True))

    def _ledger(self, account: Account) -> _Ledger:
        ledger = self._ledgers.get(account.account_id)
        if ledger is None or ledger.revision != account.revision:
            # Plain lists: taken for one account at a time, they are stacked into arrays once.
            index, futures_rows = self._table.index, self._futures_rows
            rows: list[int] = []
            quantity: list[float] = []
            futures_basis: list[float] = []
            for p in account.positions.values():
                if p.quantity:
                    row = index[p.symbol]
                    rows.append(row)
                    quantity.append(float(p.quantity))
                    futures_basis.append(float(p.avg_price) if row in futures_rows else 0.0)
            ledger = _Ledger(rows, quantity, futures_basis, {c: float(a) for c, a in account.cash.items() if a},
                             self._needs_grouping(account, rows, quantity), account.revision)
            self._ledgers[account.account_id] = ledger
        return ledger

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
        ledgers = [self._ledger(account) for account in accounts]
        n = len(accounts)
        owner, rows, quantity, futures_basis = self._stacked(key, ledgers)
        to_base = self._row_rates(accounts, owner, rows)
        holdings = build_holdings(self._table, rows, quantity, marks, ivs, to_base, now)
        kinds = self._table.kind[rows]
        value = holdings.value
        futures_pnl = np.where(kinds == _FUT, (holdings.price - futures_basis) * quantity
                               * self._table.multiplier[rows] * to_base, 0.0)

        def per_account(weights: np.ndarray, among: np.ndarray = owner) -> np.ndarray:
            # astype: bincount of nothing is an integer array, which would truncate what is put in it
            return np.bincount(among, weights=weights, minlength=n).astype(np.float64)

        # One pass over the accounts for what is not in the stacked arrays: cash in base currency,
        # the cash accounts, and those whose margin is not the sum of their positions' (below).
        rates: dict[str, dict[str, float]] = {}  # base -> currency -> rate
        cash_in_base: list[float] = []
        cash_accounts: list[bool] = []
        own_margin: list[int] = []
        for i, (account, ledger) in enumerate(zip(accounts, ledgers, strict=True)):
            base = account.base_currency
            to_base_of = rates.get(base)
            if to_base_of is None:
                to_base_of = rates[base] = {}
            total = 0
            for currency, amount in ledger.cash.items():
                rate = to_base_of.get(currency)
                if rate is None:
                    rate = to_base_of[currency] = self._rate(base, currency)
                total += amount * rate
            cash_in_base.append(total)
            is_cash = account.account_type is AccountType.CASH
            cash_accounts.append(is_cash)
            if is_cash or account.is_advisor or ledger.needs_grouping:
                own_margin.append(i)
        cash = np.array(cash_in_base)
        not_future = kinds != _FUT
        positions_value = per_account(np.where(not_future, value, 0.0))
        futures = per_account(futures_pnl)
        cash_account = np.array(cash_accounts, dtype=bool)
        lent_against = holdings.loan_value_mask() & ~cash_account[owner] if owner.size else np.zeros(0, dtype=bool)
        loan_value = per_account(np.where(lent_against, value, 0.0))
        gross = per_account(np.where(not_future, np.abs(value), 0.0))
        grouping = np.array([ledger.needs_grouping for ledger in ledgers], dtype=bool)
        simple = ~grouping[owner]
        requirements = regt_requirements(_rows(holdings, simple), self._rates)
        simple_owner = owner[simple]
        initial = per_account(requirements.initial, simple_owner)
        maintenance = per_account(requirements.maintenance, simple_owner)
        reg_t = per_account(requirements.reg_t, simple_owner)
        for i in own_margin:
            account = accounts[i]
            if account.account_type is AccountType.CASH or account.is_advisor:
                initial[i] = maintenance[i] = reg_t[i] = 0.0
            else:
                initial[i], maintenance[i], reg_t[i] = grouped(account)
        return BatchFigures(tuple(a.account_id for a in accounts), cash + futures + positions_value, cash + futures,
                            gross, cash + loan_value, cash + futures + loan_value, initial, maintenance, reg_t)

    def _stacked(self, key: tuple[tuple[str, int], ...], ledgers: list[_Ledger]) -> tuple[np.ndarray, ...]:
        """Every position of the accounts (``key``: each at its revision) in one set of arrays,
        reused while no ledger changes."""
        if key != self._stack_key:
            counts = np.array([len(ledger.rows) for ledger in ledgers], dtype=np.int64)
            self._stack = (
                np.repeat(np.arange(len(ledgers)), counts),
                np.fromiter(chain.from_iterable(ledger.rows for ledger in ledgers), dtype=np.int64),
                np.fromiter(chain.from_iterable(ledger.quantity for ledger in ledgers), dtype=np.float64),
                np.fromiter(chain.from_iterable(ledger.futures_basis for ledger in ledgers), dtype=np.float64))
            self._stack_key = key
        return self._stack

    def _rate(self, base: str, currency: str) -> float:
        return float(self._rate_of(currency, base))

    def _row_rates(self, accounts: list[Account], owner: np.ndarray, rows: np.ndarray) -> np.ndarray:
        bases = sorted({account.base_currency for account in accounts})
        base_index = np.array([bases.index(account.base_currency) for account in accounts], dtype=np.int64)
        matrix = np.array([[self._rate(base, currency) for currency in self._table.currencies] for base in bases])
        if not rows.size:
            return np.zeros(0)
        return matrix[base_index[owner], self._table.currency[rows]]


def _rows(holdings: Holdings, keep: np.ndarray) -> Holdings:
    """The holdings' ``keep`` rows."""
    return Holdings(holdings.table, holdings.rows[keep], holdings.quantity[keep], holdings.price[keep],
                    holdings.to_base[keep], holdings.underlying_price[keep], holdings.years[keep], holdings.iv[keep])
