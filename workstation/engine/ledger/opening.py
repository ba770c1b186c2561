"""Opening an account: the OpenAccount command, with IB's minimum for a portfolio-margin account and the rules of
a paper trading account (account-management reference §1.6: a DU id, one paper account per live account)."""

from __future__ import annotations

from collections.abc import Collection
from decimal import Decimal

from workstation.engine.core.account_tags import AccountTag
from workstation.engine.core.errors import Rejection
from workstation.engine.core.instruments import InstrumentCatalog
from workstation.engine.core.terms import AccountType
from workstation.engine.ledger import booking
from workstation.engine.ledger.accounts import Account, Permission, Position
from workstation.engine.ledger.book import LedgerState
from workstation.engine.ledger.valuation import FxRates, PriceOf, account_values
from workstation.engine.messages.commands import OpenAccount
from workstation.engine.messages.events import Event
from workstation.engine.messages.handlers import Handlers

PAPER_ID_PREFIX = "DU"
"""IB's paper trading accounts' ids start with DU (live individual accounts with U)."""


def paper_account_id(live_account_id: str, taken: Collection[str] = ()) -> str:
    """The id of a live account's paper account: DU and the live id's digits (U1234567 -> DU1234567; an id not
    letters then digits: DU and the whole id). IB numbers a paper account on its own; pairing the digits is our
    choice, so the pair reads at a glance. Where that id is ``taken`` (the demo's own accounts have DU ids), DUP and
    the digits (DU1234567 -> DUP1234567)."""
    digits = live_account_id.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
    digits = digits if digits.isdigit() else live_account_id
    paired = PAPER_ID_PREFIX + digits
    return paired if paired != live_account_id and paired not in taken else f"{PAPER_ID_PREFIX}P{digits}"


class AccountOpening:
    """OpenAccount over ``state``. ``portfolio_minimum_usd``: the net liquidation a portfolio-margin
    account needs to open (the margin rates')."""

    def __init__(self, state: LedgerState, catalog: InstrumentCatalog, price_of: PriceOf, fx: FxRates,
                 portfolio_minimum_usd: Decimal) -> None:
        self._state = state
        self._catalog = catalog
        self._price_of = price_of
        self._fx = fx
        self._portfolio_minimum_usd = portfolio_minimum_usd

    def handlers(self) -> Handlers:
        return {OpenAccount: (self._validate, self._apply)}

    def _validate(self, command: OpenAccount) -> frozenset[Permission] | None:
        permissions = booking.validate_open_account(self._state, self._catalog, self._fx, command)
        if command.paper or command.paper_of is not None:
            self._check_paper(command)
        if command.account_type is AccountType.PORTFOLIO:
            self._check_portfolio_margin_minimum(command)
        return permissions

    def _check_paper(self, command: OpenAccount) -> None:
        if not command.paper:
            raise Rejection("NOT_A_PAPER_ACCOUNT", "paper_of", f"{command.account_id} is not opened as a paper "
                            "account; only a paper account is paired with a live one")
        if not command.account_id.startswith(PAPER_ID_PREFIX):
            raise Rejection("PAPER_ACCOUNT_ID", "account_id", f"a paper trading account's id starts with "
                            f"{PAPER_ID_PREFIX}, as IB's do; {command.account_id} does not")
        live_id = command.paper_of
        if live_id is None:
            return
        live = self._state.accounts.get(live_id)
        if live is None:
            raise Rejection("UNKNOWN_ACCOUNT", "paper_of", f"account {live_id} does not exist")
        if live.paper:
            raise Rejection("NOT_A_LIVE_ACCOUNT", "paper_of", f"{live_id} is itself a paper account")
        if live.is_advisor:  # our choice: an advisor's paper trading (a DF master and its clients) is not modelled
            raise Rejection("NOT_A_LIVE_ACCOUNT", "paper_of", f"{live_id} is an advisor master; its clients' "
                            "accounts are paired with paper accounts one by one")
        paired = next((a.account_id for a in self._state.accounts.values() if a.paper_of == live_id), None)
        if paired is not None:
            raise Rejection("PAPER_ACCOUNT_EXISTS", "paper_of", f"{live_id} already has its paper account "
                            f"{paired}: IB allows one paper account per live account")

    def _check_portfolio_margin_minimum(self, command: OpenAccount) -> None:
        """IB opens a portfolio-margin account only with USD 110,000 of net liquidation."""
        trial = Account(command.account_id, command.account_type, command.base_currency,
                        cash=dict(command.cash),
                        positions={p.symbol: Position(p.symbol, p.quantity, p.avg_cost, p.avg_cost)
                                   for p in command.positions})
        balances = account_values(trial, self._catalog, self._price_of, self._fx)
        usd = balances[AccountTag.NET_LIQUIDATION] * self._fx.rate(command.base_currency, "USD")
        minimum = self._portfolio_minimum_usd
        if usd < minimum:
            raise Rejection("PORTFOLIO_MARGIN_MINIMUM", "account_type", f"a portfolio-margin account needs "
                            f"{minimum:,.2f} USD of net liquidation to open; {command.account_id} would have "
                            f"{usd:,.2f} USD")

    def _apply(self, command: OpenAccount, permissions: frozenset[Permission] | None, sink: list[Event]) -> None:
        booking.open_account(self._state, command, permissions, self._state.now, sink)
