"""Margin figures of many accounts at once, for a price tick: every account's positions stacked in
one set of arrays (rebuilt for an account only when its ledger changes), valued and margined in a
few vectorised passes, then summed per account with ``np.bincount``.

Accounts whose margin needs grouping across positions (short options, which may form strategies;
futures and futures options, under SPAN; portfolio-margin accounts) are margined one by one by
``MarginModel``; their balances still come from the stacked arrays.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
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

RateOf = Callable[[str, str], Decimal]
ComplexFigures = Callable[[Account], tuple[float, float, float]]  # (initial, maintenance, reg_t)

_OPT, _FUT = kind_code(SecType.OPT)[0], kind_code(SecType.FUT)[0]
_FUTURES = kind_lookup((SecType.FUT, SecType.FOP))  # kind code -> True for futures and futures options


@dataclass(slots=True)
class _Ledger:
    """One account's positions and cash as arrays (a snapshot of its ledger)."""

    rows: list[int]
    quantity: list[float]
    avg_cost: list[float]
    avg_price: list[float]
    cash: dict[str, float]
    realized: float
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


class AccountBook:
    """Stacked ledgers of many accounts, each taken again when its revision changes."""

    def __init__(self, table: InstrumentTable, rates: MarginRates, rate_of: RateOf) -> None:
        self._table = table
        self._rates = rates
        self._rate_of = rate_of
        self._ledgers: dict[str, _Ledger] = {}
        self._stack_key: tuple[tuple[str, int], ...] = ()
        self._stack: tuple[np.ndarray, ...] = ()

    def _ledger(self, account: Account) -> _Ledger:
        ledger = self._ledgers.get(account.account_id)
        if ledger is None or ledger.revision != account.revision:
            # Plain lists: taken for one account at a time, they are stacked into arrays once.
            held = [p for p in account.positions.values() if p.quantity]
            index, kind = self._table.index, self._table.kind
            rows = [index[p.symbol] for p in held]
            quantity = [float(p.quantity) for p in held]
            grouping = account.account_type is AccountType.PORTFOLIO or any(
                _FUTURES[kind[r]] or (kind[r] == _OPT and q < 0) for r, q in zip(rows, quantity, strict=True))
            ledger = _Ledger(rows, quantity, [float(p.avg_cost) for p in held], [float(p.avg_price) for p in held],
                             {c: float(a) for c, a in account.cash.items() if a},
                             float(sum(p.realized_pnl for p in account.positions.values())), grouping,
                             account.revision)
            self._ledgers[account.account_id] = ledger
        return ledger

    def figures(self, accounts: list[Account], marks: np.ndarray, ivs: np.ndarray, now: datetime,
                grouped: ComplexFigures) -> BatchFigures:
        """Balances and margin of every account in ``accounts`` at the given marks."""
        ledgers = [self._ledger(account) for account in accounts]
        n = len(accounts)
        owner, rows, quantity, avg_price = self._stacked(accounts, ledgers)
        to_base = self._row_rates(accounts, owner, rows)
        holdings = build_holdings(self._table, rows, quantity, marks, ivs, to_base, now)
        kinds = self._table.kind[rows]
        value = holdings.value
        futures_pnl = np.where(kinds == _FUT,
                               (holdings.price - avg_price) * quantity * self._table.multiplier[rows] * to_base, 0.0)

        def per_account(weights: np.ndarray, among: np.ndarray = owner) -> np.ndarray:
            # astype: bincount of nothing is an integer array, which would truncate what is put in it
            return np.bincount(among, weights=weights, minlength=n).astype(np.float64)

        rates: dict[tuple[str, str], float] = {}

        def rate(base: str, currency: str) -> float:
            key = (base, currency)
            if key not in rates:
                rates[key] = self._rate(base, currency)
            return rates[key]

        cash = np.array([sum(amount * rate(account.base_currency, currency) for currency, amount in ledger.cash.items())
                         for account, ledger in zip(accounts, ledgers, strict=True)])
        not_future = kinds != _FUT
        positions_value = per_account(np.where(not_future, value, 0.0))
        futures = per_account(futures_pnl)
        cash_account = np.array([a.account_type is AccountType.CASH for a in accounts], dtype=bool)
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
        for i, (account, ledger) in enumerate(zip(accounts, ledgers, strict=True)):
            if account.account_type is AccountType.CASH or account.is_advisor:
                initial[i] = maintenance[i] = reg_t[i] = 0.0
            elif ledger.needs_grouping:
                initial[i], maintenance[i], reg_t[i] = grouped(account)
        return BatchFigures(tuple(a.account_id for a in accounts), cash + futures + positions_value, cash + futures,
                            gross, cash + loan_value, cash + futures + loan_value, initial, maintenance, reg_t)

    def _stacked(self, accounts: list[Account], ledgers: list[_Ledger]) -> tuple[np.ndarray, ...]:
        """Every position of ``accounts`` in one set of arrays, reused while no ledger changes."""
        key = tuple((a.account_id, a.revision) for a in accounts)
        if key != self._stack_key:
            counts = np.array([len(ledger.rows) for ledger in ledgers], dtype=np.int64)
            self._stack = (
                np.repeat(np.arange(len(accounts)), counts),
                np.fromiter(chain.from_iterable(ledger.rows for ledger in ledgers), dtype=np.int64),
                np.fromiter(chain.from_iterable(ledger.quantity for ledger in ledgers), dtype=np.float64),
                np.fromiter(chain.from_iterable(ledger.avg_price for ledger in ledgers), dtype=np.float64))
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
