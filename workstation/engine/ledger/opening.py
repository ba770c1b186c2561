"""Opening an account: the OpenAccount command, with IB's minimum for a portfolio-margin account."""

from __future__ import annotations

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
        if command.account_type is AccountType.PORTFOLIO:
            self._check_portfolio_margin_minimum(command)
        return permissions

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
