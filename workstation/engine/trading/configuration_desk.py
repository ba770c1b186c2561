"""Account configuration commands: the account type, trading permissions and the base currency, requested now and
applied at the clock's pre-market step of the day they take effect (account-management reference §6).

Account type (Settings > Account Settings > Configuration > Account Type): cash to Reg T margin needs USD 2,000
of net liquidation (IB's minimum for margin, ``MarginRates.minimum_equity_usd``); margin to Portfolio Margin
needs USD 110,000 (``pm_open_minimum_usd``); Portfolio Margin back to Reg T warns at request time when Reg T's
maintenance requirement now exceeds the account's equity with loan value, as IB's downgrade "may trigger
automatic liquidations". Each request carries the risk disclosures' signature: the holder's name, typed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal

from workstation.engine.core.account_tags import AccountTag
from workstation.engine.core.errors import FieldValueError, Rejection
from workstation.engine.core.instruments import InstrumentCatalog
from workstation.engine.core.terms import AccountType
from workstation.engine.ledger.accounts import Account, Permission
from workstation.engine.margin import MarginModel
from workstation.engine.market.calendar import EASTERN, ExchangeCalendar
from workstation.engine.messages.commands import ChangeBaseCurrency, RequestAccountType, RequestTradingPermissions
from workstation.engine.messages.events import (
    AccountTypeChanged,
    AccountTypeRequested,
    BaseCurrencyChanged,
    BaseCurrencyRequested,
    Event,
    TradingPermissionsGranted,
    TradingPermissionsRequested,
)
from workstation.engine.messages.handlers import Handlers
from workstation.engine.trading.book import ConfigurationState
from workstation.engine.trading.configuration import (
    ACCOUNT_TYPE,
    BASE_CURRENCY,
    DEFAULT_TERMS,
    PERMISSIONS,
    ConfigurationRequest,
    ConfigurationTerms,
    business_days_later,
    covers,
    downgrade_effective,
    offered_cells,
    pending_for,
    signs_for,
)

BalancesOf = Callable[[Account], dict[AccountTag, Decimal]]
RateOf = Callable[[str, str], Decimal]
CanConvert = Callable[[str, str], bool]

OFFERED_CHANGES = {AccountType.CASH: (AccountType.MARGIN,), AccountType.MARGIN: (AccountType.PORTFOLIO,),
                   AccountType.PORTFOLIO: (AccountType.MARGIN,)}
"""The account types each type may request (Account Type's drop-down: Cash -> Margin, Margin -> Portfolio Margin,
and the downgrade back to Reg T)."""


class ConfigurationDesk:
    """RequestAccountType, RequestTradingPermissions and ChangeBaseCurrency over a ``ConfigurationState``."""

    def __init__(self, state: ConfigurationState, catalog: InstrumentCatalog, calendar: ExchangeCalendar,
                 margin: MarginModel, balances_of: BalancesOf, rate_of: RateOf, can_convert: CanConvert,
                 terms: ConfigurationTerms = DEFAULT_TERMS) -> None:
        self._state = state
        self._catalog = catalog
        self._calendar = calendar
        self._margin = margin
        self._balances_of = balances_of
        self._rate_of = rate_of
        self._can_convert = can_convert
        self._terms = terms

    def handlers(self) -> Handlers:
        return {
            RequestAccountType: (self._validate_type, self._request),
            RequestTradingPermissions: (self._validate_permissions, self._request_permissions),
            ChangeBaseCurrency: (self._validate_base_currency, self._request),
        }

    # -- validation ------------------------------------------------------------------------------

    def _account(self, account_id: str) -> Account:
        account = self._state.accounts.get(account_id)
        if account is None:
            raise Rejection("UNKNOWN_ACCOUNT", "account", f"account {account_id} does not exist")
        if account.is_advisor:
            raise Rejection("ADVISOR_HOLDS_NO_POSITIONS", "account", f"{account_id} is an advisor master; its "
                            "clients' accounts are configured one by one")
        return account

    def holder_name(self, account: Account) -> str:
        """The name that signs for the account: its own, else its holder's or its parent's (a partition)."""
        accounts = self._state.accounts
        for account_id in (account.account_id, account.holder, account.parent):
            if account_id is not None and accounts[account_id].holder_name:
                return accounts[account_id].holder_name
        return ""

    def _check_signature(self, account: Account, signature: str) -> None:
        if not signs_for(account, self.holder_name(account), signature):
            raise Rejection("SIGNATURE_MISMATCH", "signature", f"the signature {signature.strip()!r} is not the "
                            f"name of {account.account_id}'s holder; type the holder's name to sign the risk "
                            "disclosures")

    def _check_not_pending(self, account: Account, kind: str, what: str) -> None:
        waiting = pending_for(self._state.configuration_requests, account.account_id, kind)
        if waiting:
            raise Rejection("ALREADY_REQUESTED", "account", f"{account.account_id} already has a {what} change "
                            f"taking effect on {waiting[0].effective.isoformat()}")

    def _net_liquidation_usd(self, account: Account) -> Decimal:
        balances = self._balances_of(account)
        return (balances[AccountTag.NET_LIQUIDATION] * self._rate_of(account.base_currency, "USD")).quantize(
            Decimal("0.01"))

    def _not_a_partition(self, account: Account, what: str) -> None:
        """A partition's type and permissions are set from its parent's when it opens, less what its advisor is not
        entitled to (``partitions.permissions``), and are not requested on their own (our choice)."""
        if account.parent is not None:
            raise Rejection("PARTITION_FOLLOWS_PARENT", "account", f"{account.account_id} is a partition of "
                            f"{account.parent}: its {what} come from the parent account when it opens")

    def _validate_type(self, command: RequestAccountType) -> ConfigurationRequest:
        account = self._account(command.account)
        self._not_a_partition(account, "account type and margin")
        current, wanted = account.account_type, command.to
        if wanted is current:
            raise Rejection("ACCOUNT_TYPE_UNCHANGED", "to", f"{account.account_id} is already a {current.value} "
                            "account")
        offered = OFFERED_CHANGES.get(current, ())
        if wanted not in offered:
            raise Rejection("ACCOUNT_TYPE_NOT_OFFERED", "to", f"a {current.value} account may request "
                            f"{' or '.join(t.value for t in offered) or 'no other type'}, not {wanted.value}")
        self._check_not_pending(account, ACCOUNT_TYPE, "account type")
        rates = self._margin.rates
        if current is AccountType.CASH:
            self._check_minimum(account, Decimal(str(rates.minimum_equity_usd)), "MARGIN_MINIMUM", "Reg T margin")
        elif wanted is AccountType.PORTFOLIO:
            self._check_minimum(account, Decimal(str(rates.pm_open_minimum_usd)), "PORTFOLIO_MARGIN_MINIMUM",
                                "Portfolio Margin")
        self._check_signature(account, command.signature)
        now = self._state.now
        if wanted is AccountType.MARGIN and current is AccountType.PORTFOLIO:
            return ConfigurationRequest(account.account_id, ACCOUNT_TYPE, (wanted.value,),
                                        downgrade_effective(self._calendar, now), now,
                                        self._liquidation_warning(account))
        effective = business_days_later(self._calendar, now, self._terms.upgrade_business_days)
        return ConfigurationRequest(account.account_id, ACCOUNT_TYPE, (wanted.value,), effective, now)

    def _check_minimum(self, account: Account, minimum: Decimal, code: str, what: str) -> None:
        usd = self._net_liquidation_usd(account)
        if usd < minimum:
            raise Rejection(code, "to", f"{what} needs {minimum:,.2f} USD of net liquidation to apply; "
                            f"{account.account_id} has {usd:,.2f} USD")

    def _liquidation_warning(self, account: Account) -> str:
        """IB's warning at request time when Reg T would need a liquidation: Reg T's maintenance requirement
        now, against the account's equity with loan value ("" when the equity covers it)."""
        as_reg_t = replace(account, account_type=AccountType.MARGIN)
        figures = self._margin.figures(as_reg_t, self._balances_of(account), self._state.now)
        requirement, equity = Decimal(f"{figures.maintenance:.2f}"), Decimal(f"{figures.equity_with_loan:.2f}")
        if requirement <= equity:
            return ""
        currency = account.base_currency
        return (f"Under Reg T margin {account.account_id} would need {requirement:,.2f} {currency} of maintenance "
                f"margin against {equity:,.2f} {currency} of equity with loan value: unless the account is funded "
                "or positions are reduced first, positions will be liquidated when the change takes effect")

    def _validate_permissions(self, command: RequestTradingPermissions) -> ConfigurationRequest:
        account = self._account(command.account)
        self._not_a_partition(account, "trading permissions")
        if not command.permissions:
            raise Rejection("INVALID_PERMISSION", "permissions", "name at least one permission, such as STK:DE")
        try:
            wanted = [Permission.parse(text) for text in command.permissions]
        except FieldValueError as error:
            raise Rejection("INVALID_PERMISSION", error.field, error.message) from None
        cells = offered_cells(self._catalog)
        for permission in wanted:
            if not any(c == (permission.asset_class, permission.country) or
                       (permission.country == "*" and c[0] == permission.asset_class) for c in cells):
                raise Rejection("PERMISSION_NOT_OFFERED", "permissions", f"{permission} is not in the trading "
                                "permissions grid (no such product trades in that country)")
        waiting = [Permission.parse(text) for r in pending_for(self._state.configuration_requests,
                                                               account.account_id, PERMISSIONS) for text in r.value]
        new = sorted({p for p in wanted if not covers(account.permissions, p) and not covers(waiting, p)}, key=str)
        if not new:
            raise Rejection("ALREADY_PERMITTED", "permissions", f"{account.account_id} already has or has requested "
                            f"{', '.join(sorted(str(p) for p in wanted))}")
        self._check_signature(account, command.signature)
        now = self._state.now
        return ConfigurationRequest(account.account_id, PERMISSIONS, tuple(str(p) for p in new),
                                    business_days_later(self._calendar, now, self._terms.product_business_days), now)

    def _validate_base_currency(self, command: ChangeBaseCurrency) -> ConfigurationRequest:
        account = self._account(command.account)
        currency = command.currency.strip().upper()
        if not account.is_margined:
            raise Rejection("BASE_CURRENCY_NOT_CHANGEABLE", "account", f"{account.account_id} is a "
                            f"{account.account_type.value} account; IB lets margin accounts change their base "
                            "currency (\"Customers who hold a margin account may change their base currency\")")
        if currency == account.base_currency:
            raise Rejection("BASE_CURRENCY_UNCHANGED", "currency", f"{account.account_id}'s base currency is "
                            f"already {currency}")
        if len(currency) != 3 or not currency.isalpha() or not self._can_convert("USD", currency):
            raise Rejection("INVALID_CURRENCY", "currency", f"{command.currency!r} is not a currency this market "
                            "can value")
        self._check_not_pending(account, BASE_CURRENCY, "base currency")
        now = self._state.now
        return ConfigurationRequest(account.account_id, BASE_CURRENCY, (currency,),
                                    business_days_later(self._calendar, now, self._terms.base_currency_business_days),
                                    now)

    # -- applying --------------------------------------------------------------------------------

    def _request(self, _command: object, request: ConfigurationRequest, sink: list[Event]) -> None:
        self._state.configuration_requests.append(request)
        account = self._state.accounts[request.account_id]
        if request.kind == ACCOUNT_TYPE:
            sink.append(AccountTypeRequested(account.account_id, account.account_type, AccountType(request.value[0]),
                                             request.effective, request.warning, request.requested))
        else:
            sink.append(BaseCurrencyRequested(account.account_id, request.value[0], request.effective,
                                              request.requested))

    def _request_permissions(self, _command: RequestTradingPermissions, request: ConfigurationRequest,
                             sink: list[Event]) -> None:
        """A new country of a product class the account trades is granted now; a new product waits."""
        account = self._state.accounts[request.account_id]
        traded = {p.asset_class for p in account.permissions}
        now_granted = tuple(t for t in request.value if Permission.parse(t).asset_class in traded)
        later = tuple(t for t in request.value if t not in now_granted)
        if now_granted:
            account.permissions = account.permissions | {Permission.parse(t) for t in now_granted}
        if later:
            self._state.configuration_requests.append(replace(request, value=later))
        sink.append(TradingPermissionsRequested(account.account_id, now_granted, later,
                                                request.effective if later else None, request.requested))

    def apply_due(self, sink: list[Event]) -> list[str]:
        """At the pre-market step: apply every change due today; returns the accounts that became margin accounts
        (their SMA starts now)."""
        state = self._state
        today: date = state.now.astimezone(EASTERN).date()
        due = [r for r in state.configuration_requests if r.effective <= today]
        if not due:
            return []
        state.configuration_requests[:] = [r for r in state.configuration_requests if r.effective > today]
        margined = []
        for request in due:
            account = state.accounts[request.account_id]
            if request.kind == ACCOUNT_TYPE:
                before, after = account.account_type, AccountType(request.value[0])
                account.account_type = after
                account.revision += 1  # cached margin figures were worked out for the old type
                if before is AccountType.CASH:
                    margined.append(account.account_id)
                sink.append(AccountTypeChanged(account.account_id, before, after, state.now))
            elif request.kind == PERMISSIONS:
                account.permissions = account.permissions | {Permission.parse(t) for t in request.value}
                sink.append(TradingPermissionsGranted(account.account_id, request.value, state.now))
            else:
                before_currency = account.base_currency
                self._rebase(account, request.value[0])
                sink.append(BaseCurrencyChanged(account.account_id, before_currency, account.base_currency, state.now))
            self._margin.account_changed(account.account_id)
        return margined

    def _rebase(self, account: Account, currency: str) -> None:
        """The account's values in ``currency`` from now on. Its cash stays in its currencies (IB converts
        nothing); what the engine keeps in the base currency (SMA, the previous day's equity, the commodities
        segment's cash) is restated at today's rate."""
        state, rate = self._state, self._rate_of(account.base_currency, currency)
        account_id = account.account_id
        for kept in (state.sma, state.previous_day_elv, state.previous_day_nlv_c, state.segment_cash):
            if account_id in kept:
                kept[account_id] = (kept[account_id] * rate).quantize(Decimal("0.01"))
        account.base_currency = currency
        account.revision += 1
