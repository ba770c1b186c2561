"""LoginReads: the engine's read models as one login sees them (DESIGN §6).

A workstation is signed in as one login and shows only what it may see (``roles.visible_accounts``):
an advisor its master and its clients, an individual the accounts it holds and their partitions, a
partition's advisor the partition. Lists (orders, executions, trades summary, audit trail,
partitions) leave out the rest; a read of one account or order the login may not see raises
``KeyError`` naming it, as an unknown one does. Market-wide reads (quotes, bars, the clock, the
catalog) pass through unchanged. ``events`` tells a listener which engine events the login may see.

With no login (``None``) every account is visible: the back office, a scenario, a test harness.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from workstation.engine.core.account_tags import AccountTag
from workstation.engine.core.errors import Rejected
from workstation.engine.core.instruments import InstrumentCatalog
from workstation.engine.core.terms import Action, MarketState
from workstation.engine.core.universe import Universe
from workstation.engine.funding.history import Transaction, WaitingMoney
from workstation.engine.funding.market_data_terms import Bundle, MarketDataMonth
from workstation.engine.funding.records import FundingRecord
from workstation.engine.funding.terms import SecurityDevice
from workstation.engine.funding.withdrawals import WithdrawalOutlook
from workstation.engine.ledger.accounts import Account, UnsettledCash
from workstation.engine.ledger.valuation import PositionValue
from workstation.engine.margin.batch import BatchFigures
from workstation.engine.margin.day_trading_call import DayTradingCall
from workstation.engine.market.bars import PriceBars
from workstation.engine.market.calendar import ExchangeCalendar
from workstation.engine.market.quotes import Quote
from workstation.engine.messages.commands import PlaceOrder
from workstation.engine.messages.events import (
    AccountOpened,
    AccountTypeChanged,
    AccountTypeRequested,
    AccountValuesChanged,
    AllocationFinalized,
    AllocationPlanned,
    AllocationPresetsChanged,
    BaseCurrencyChanged,
    BaseCurrencyRequested,
    CashBooked,
    ClockAdvanced,
    CommandRejected,
    CommissionRestated,
    DepositNotified,
    EnteredByUser,
    Event,
    ExecutionBusted,
    ExecutionCorrected,
    ExecutionReported,
    FundsDeposited,
    FundsWithdrawn,
    GroupDefined,
    LiquidationStarted,
    MarketDataFeeCharged,
    MarketDataFeeWaived,
    MarketDataSubscribed,
    MarketDataUnsubscribed,
    MarketStateChanged,
    ModelDefined,
    ModelInvestmentChanged,
    OrderModified,
    OrderPlaced,
    OrderStatusChanged,
    PaperAccountReset,
    PaperResetCancelled,
    PaperResetRequested,
    PartitionOpened,
    PartitionRequested,
    PositionChanged,
    PriceSet,
    QuotesUpdated,
    SecurityDeviceSet,
    SessionOpened,
    TradingPermissionsGranted,
    TradingPermissionsRequested,
    UserDefined,
    WithdrawalFeeCharged,
)
from workstation.engine.orders.allocation_plan import DriftRow
from workstation.engine.orders.audit import AuditEntry
from workstation.engine.orders.order import Order
from workstation.engine.orders.rejected import is_rejected_line
from workstation.engine.partitions.desk import PartitionView
from workstation.engine.partitions.performance import PartitionPerformance
from workstation.engine.partitions.records import UserGrant
from workstation.engine.partitions.users import parse_login
from workstation.engine.risk.fee_ledger import ExposureFeeView
from workstation.engine.risk.pnl_curve import PnlCurve
from workstation.engine.trading.configuration import ConfigurationRequest, PermissionCell
from workstation.engine.trading.paper import PaperReset
from workstation.engine.trading.preview import OrderPreview
from workstation.engine.views.account_totals import AccountTotals
from workstation.engine.views.activity_statement import ActivityStatement
from workstation.engine.views.advisor_setup import AdvisorSetupView, FieldProblem, GroupDraft
from workstation.engine.views.trades_summary import TradeSummaryRow

if TYPE_CHECKING:
    from workstation.engine.api import Engine

NOT_READS = frozenset({"execute", "replay", "subscribe", "snapshot", "new", "from_snapshot"})
"""The engine's public names that are not read models: commands, persistence and construction. A
view submits commands through its bridge, as entered by its login."""

_ADVISOR_SETUP_EVENTS = (GroupDefined, ModelDefined, ModelInvestmentChanged, AllocationPresetsChanged)
_ACCOUNT_EVENTS = (AccountOpened, CashBooked, PositionChanged, LiquidationStarted, AccountTypeRequested,
                   AccountTypeChanged, TradingPermissionsRequested, TradingPermissionsGranted, BaseCurrencyRequested,
                   BaseCurrencyChanged, PaperResetRequested, PaperAccountReset, PaperResetCancelled)
_FUNDING_EVENTS = (DepositNotified, FundsDeposited, FundsWithdrawn, WithdrawalFeeCharged, SecurityDeviceSet,
                   MarketDataSubscribed, MarketDataUnsubscribed, MarketDataFeeCharged, MarketDataFeeWaived)
"""Money to or from an account's bank (and what limits it), its market data and their fees: its holder's
business, named by ``account``."""
_ORDER_EVENTS = (OrderPlaced, OrderModified, OrderStatusChanged, ExecutionReported, ExecutionCorrected, ExecutionBusted,
                 CommissionRestated, AllocationPlanned, AllocationFinalized)
_MARKET_WIDE = frozenset({QuotesUpdated, PriceSet, ClockAdvanced, MarketStateChanged, SessionOpened})
"""Events every login sees as they are: checked first, since they stream at the market's rate."""


class LoginReads:
    """The engine's reads scoped to ``login``: what one signed-in workstation may show."""

    def __init__(self, engine: Engine, login: str | None, user_login: str | None = None) -> None:
        self._engine = engine
        self.login = login
        self._data_account: tuple[int, str] | None = None
        self.user_login = user_login
        """The user's login (``USERNAME``, ``USERNAME:read-only``) a workstation signed in as an account enters
        its commands by: its refused orders' lines are the workstation's too."""

    # -- who sees what --------------------------------------------------------------------------

    def visible_accounts(self) -> frozenset[str] | None:
        """The accounts the login sees; None: every account (no login)."""
        return None if self.login is None else self._engine.visible_accounts(self.login)

    def sees_account(self, account_id: str) -> bool:
        visible = self.visible_accounts()
        return visible is None or account_id in visible

    def sees_order(self, order_id: int) -> bool:
        """An order is seen by whoever sees its account, or an account it allocates to; a refused
        order's line by the login that entered it (or, entered by nobody, as an order is)."""
        visible = self.visible_accounts()
        if visible is None:
            return True
        if is_rejected_line(order_id):
            entered_by = self._engine.rejected_command(order_id).entered_by
            if entered_by is not None:
                return entered_by == self.login or (self.user_login is not None and entered_by == self.user_login)
        return not visible.isdisjoint(self._engine.order_accounts(order_id))

    def sees_partition(self, partition: PartitionView) -> bool:
        """A partition, pending or open, is seen by its advisor and by whoever holds its parent."""
        visible = self.visible_accounts()
        if visible is None:
            return True
        return partition.partition_id in visible or partition.advisor == self.login or (
            partition.parent in visible and not self._login_is_advisor())

    def sees_event(self, event: Event) -> bool:
        """Whether the login may see ``event`` as it is published (market-wide events: always)."""
        if self.login is None or type(event) in _MARKET_WIDE:
            return True
        if isinstance(event, _ACCOUNT_EVENTS):
            return self.sees_account(event.account_id)
        if isinstance(event, _ORDER_EVENTS):
            return self.sees_order(event.order_id)
        if isinstance(event, _FUNDING_EVENTS):
            return self.sees_account(event.account)
        if isinstance(event, _ADVISOR_SETUP_EVENTS):
            return event.advisor == self.login
        if isinstance(event, (PartitionRequested, PartitionOpened)):
            return self.sees_partition_event(event)
        if isinstance(event, AccountValuesChanged):
            return any(self.sees_account(a) for a in event.account_ids)
        if isinstance(event, UserDefined):
            return self.sees_account(event.account)
        if isinstance(event, EnteredByUser):
            return self.sees_order(event.order_id) if event.order_id is not None else event.user == self.login
        return not isinstance(event, CommandRejected)  # a refusal is its submitter's to see

    def sees_partition_event(self, event: PartitionRequested | PartitionOpened) -> bool:
        return any(self.sees_partition(p) for p in self._engine.partitions(event.parent)
                   if p.partition_id == event.partition)

    def scoped(self, event: Event) -> Event:
        """``event`` as the login sees it: an account-values change names only its accounts, an
        advisor order's execution, bust and allocation only the accounts it sees."""
        if type(event) in _MARKET_WIDE:
            return event
        visible = self.visible_accounts()
        if visible is None:
            return event
        if isinstance(event, AccountValuesChanged):
            seen = tuple(a for a in event.account_ids if a in visible)
            return event if len(seen) == len(event.account_ids) else replace(event, account_ids=seen)
        if isinstance(event, ExecutionReported):
            return self._execution(event, visible)
        if isinstance(event, ExecutionBusted):
            return replace(event, allocations=_seen(event.allocations, visible))
        if isinstance(event, AllocationPlanned):
            return replace(event, rows=tuple(row for row in event.rows if row.account in visible))
        if isinstance(event, CommissionRestated):
            return replace(event, accounts=_seen(event.accounts, visible))
        if isinstance(event, AllocationFinalized):
            return replace(event, allocations=_seen(event.allocations, visible),
                           adjustments=_seen(event.adjustments, visible),
                           random_picks=tuple(account for account in event.random_picks if account in visible))
        return event

    def _login_is_advisor(self) -> bool:
        login = self.login
        return login is not None and login in self._engine.visible_accounts(login) and \
            self._engine.account(login).is_advisor

    def _check_account(self, account_id: str) -> str:
        if not self.sees_account(account_id):
            raise KeyError(f"account: {account_id} is not an account {self.login} may see")
        return account_id

    def _check_order(self, order_id: int) -> int:
        if not self.sees_order(order_id):
            raise KeyError(f"order: {order_id} is not an order {self.login} may see")
        return order_id

    def _check_login(self, login: str) -> str:
        if self.login is not None and login != self.login:
            raise KeyError(f"login: {self.login} may not read what {login} sees")
        return login

    def _execution(self, execution: ExecutionReported, visible: frozenset[str]) -> ExecutionReported:
        if execution.account in visible or len(execution.allocations) < 2:
            return execution
        return replace(execution, allocations=tuple(a for a in execution.allocations if a[0] in visible),
                       allocation_commissions=tuple(c for c in execution.allocation_commissions if c[0] in visible))

    # -- market-wide ----------------------------------------------------------------------------

    @property
    def now(self) -> datetime:
        return self._engine.now

    @property
    def market_state(self) -> MarketState:
        return self._engine.market_state

    @property
    def seed(self) -> int:
        return self._engine.seed

    @property
    def catalog(self) -> InstrumentCatalog:
        return self._engine.catalog

    @property
    def calendar(self) -> ExchangeCalendar:
        return self._engine.calendar

    @property
    def universe(self) -> Universe:
        return self._engine.universe

    @property
    def commands_applied(self) -> int:
        return self._engine.commands_applied

    def quote(self, symbol: str) -> Quote:
        """The quote the login sees: 15 minutes late on a feed its account has no subscription for."""
        engine = self._engine
        if self.login is None or not engine.delays_quotes:  # the common case: nobody has delayed data
            return engine.quote(symbol)
        return engine.quote_seen_by(self.market_data_account, symbol)

    def quote_type(self, symbol: str) -> int:
        """1 live, 2 frozen, 3 delayed, 4 delayed frozen: IB's type of the quote the login sees (watchlist
        rows: yellow when delayed, grey values when frozen)."""
        return self._engine.market_data_type(None if self.login is None else self.market_data_account, symbol)

    @property
    def delays_quotes(self) -> bool:
        return self._engine.delays_quotes

    def market_data_bundles(self) -> tuple[Bundle, ...]:
        return self._engine.market_data_bundles()

    def market_data_subscriptions(self, account_id: str) -> frozenset[str]:
        return self._engine.market_data_subscriptions(self._check_account(account_id))

    def market_data_month(self, account_id: str) -> MarketDataMonth | None:
        return self._engine.market_data_month(self._check_account(account_id))

    def market_data_type(self, account_id: str | None, symbol: str) -> int:
        return self._engine.market_data_type(None if account_id is None else self._check_account(account_id), symbol)

    def quote_seen_by(self, account_id: str | None, symbol: str) -> Quote:
        return self._engine.quote_seen_by(None if account_id is None else self._check_account(account_id), symbol)

    @property
    def market_data_account(self) -> str:
        """The account whose subscriptions the login reads with: its own, or a user's first account (the
        subscriptions are kept per account, ``funding.market_data``)."""
        applied = self._engine.commands_applied
        if self._data_account is None or self._data_account[0] != applied:
            name = parse_login(self.login or "")[0]
            grants = self._engine.users().get(name) if name not in self._engine.account_ids() else None
            self._data_account = (applied, grants[0].account if grants else name)
        return self._data_account[1]

    def price_of(self, symbol: str) -> Decimal:
        return self._engine.price_of(symbol)

    def bars(self, symbol: str) -> PriceBars:
        return self._engine.bars(symbol)

    def is_busted(self, exec_id: str) -> bool:
        return self._engine.is_busted(exec_id)

    def check_group(self, draft: GroupDraft) -> list[FieldProblem]:
        self._check_login(draft.advisor)
        return self._engine.check_group(draft)

    def preview(self, command: PlaceOrder) -> OrderPreview:
        """A what-if entered by the login (the engine checks its rights as it would the order)."""
        return self._engine.preview(command if self.login is None or command.entered_by is not None
                                    else replace(command, entered_by=self.login))

    # -- the login's own --------------------------------------------------------------------------

    def advisor_setup(self, advisor: str) -> AdvisorSetupView:
        return self._engine.advisor_setup(self._check_login(advisor))

    # -- accounts ---------------------------------------------------------------------------------

    def users(self) -> dict[str, tuple[UserGrant, ...]]:
        """The users with a role on an account the login sees, with those roles only."""
        users = self._engine.users()
        if self.login is None:
            return users
        seen = {name: tuple(g for g in grants if self.sees_account(g.account)) for name, grants in users.items()}
        return {name: grants for name, grants in seen.items() if grants}

    def account_ids(self) -> list[str]:
        return [a for a in self._engine.account_ids() if self.sees_account(a)]

    def account(self, account_id: str) -> Account:
        return self._engine.account(self._check_account(account_id))

    def cash(self, account_id: str) -> dict[str, Decimal]:
        return self._engine.cash(self._check_account(account_id))

    def positions(self, account_id: str) -> list[PositionValue]:
        return self._engine.positions(self._check_account(account_id))

    def daily_pnl(self, account_id: str) -> dict[str, Decimal]:
        return self._engine.daily_pnl(self._check_account(account_id))

    def account_values(self, account_id: str) -> dict[AccountTag, Decimal]:
        return self._engine.account_values(self._check_account(account_id))

    def account_values_by_currency(self, account_id: str) -> dict[str, dict[AccountTag, Decimal]]:
        return self._engine.account_values_by_currency(self._check_account(account_id))

    def exposure_fee(self, account_id: str) -> ExposureFeeView:
        return self._engine.exposure_fee(self._check_account(account_id))

    def exposure_fee_history(self, account_id: str) -> list[tuple[date, str, Decimal]]:
        return self._engine.exposure_fee_history(self._check_account(account_id))

    def trading_restriction(self, account_id: str) -> str | None:
        return self._engine.trading_restriction(self._check_account(account_id))

    def trading_permissions(self, account_id: str) -> list[PermissionCell]:
        return self._engine.trading_permissions(self._check_account(account_id))

    def configuration_requests(self, account_id: str) -> list[ConfigurationRequest]:
        return self._engine.configuration_requests(self._check_account(account_id))

    def paper_of(self, live_account_id: str) -> str | None:
        return self._engine.paper_of(self._check_account(live_account_id))

    def paper_resets(self, account_id: str) -> list[PaperReset]:
        return self._engine.paper_resets(self._check_account(account_id))

    def paper_reset_history(self, account_id: str) -> list[PaperReset]:
        return self._engine.paper_reset_history(self._check_account(account_id))

    def paper_reset_amounts(self) -> tuple[Decimal, ...]:
        return self._engine.paper_reset_amounts()

    def unsettled_cash(self, account_id: str) -> tuple[UnsettledCash, ...]:
        return self._engine.unsettled_cash(self._check_account(account_id))

    def is_liquidating(self, account_id: str) -> bool:
        return self._engine.is_liquidating(self._check_account(account_id))

    def day_trading_call(self, account_id: str) -> DayTradingCall | None:
        return self._engine.day_trading_call(self._check_account(account_id))

    def margin_summary(self, account_ids: list[str] | None = None) -> BatchFigures:
        ids = self.account_ids() if account_ids is None else [self._check_account(a) for a in account_ids]
        return self._engine.margin_summary(ids)

    def account_totals(self, account_ids: list[str]) -> AccountTotals:
        visible = self.visible_accounts()
        if visible is not None and not visible.issuperset(account_ids):
            self._check_account(next(a for a in account_ids if a not in visible))
        return self._engine.account_totals(account_ids)

    def underlyings(self, account_id: str) -> list[str]:
        return self._engine.underlyings(self._check_account(account_id))

    def pnl_curve(self, account_id: str, underlying: str) -> PnlCurve:
        return self._engine.pnl_curve(self._check_account(account_id), underlying)

    def withdrawable(self, account_id: str, currency: str) -> Decimal:
        return self._engine.withdrawable(self._check_account(account_id), currency)

    def funding_history(self, account_id: str, start: date | None = None,
                        end: date | None = None) -> list[FundingRecord]:
        return self._engine.funding_history(self._check_account(account_id), start, end)

    def transaction_history(self, account_id: str, start: date | None = None,
                            end: date | None = None) -> list[Transaction]:
        return self._engine.transaction_history(self._check_account(account_id), start, end)

    def pending_funds(self, account_id: str) -> list[WaitingMoney]:
        return self._engine.pending_funds(self._check_account(account_id))

    def withdrawal_outlook(self, account_id: str, currency: str, method: str = "wire") -> WithdrawalOutlook:
        return self._engine.withdrawal_outlook(self._check_account(account_id), currency, method)

    def security_device(self, account_id: str) -> SecurityDevice:
        return self._engine.security_device(self._check_account(account_id))

    def activity_statement(self, account_id: str, start: date, end: date) -> ActivityStatement:
        """The statement of an account the login sees, with only the partitions it may see."""
        shown = {p.partition_id for p in self._engine.partitions(self._check_account(account_id))
                 if self.sees_partition(p)}
        return self._engine.activity_statement(account_id, start, end, partitions=shown)

    # -- orders and trades ------------------------------------------------------------------------

    def orders(self) -> list[Order]:
        return [o for o in self._engine.orders() if self.sees_order(o.order_id)]

    def order_accounts(self, order_id: int) -> frozenset[str]:
        """The accounts an order the login sees is for, those the login sees among them."""
        accounts = self._engine.order_accounts(self._check_order(order_id))
        visible = self.visible_accounts()
        return accounts if visible is None else accounts & visible

    def newest_order_id(self) -> int:
        """The engine's newest order id (the login may not see that order: :meth:`order` says)."""
        return self._engine.newest_order_id()

    def rejected_orders(self) -> list[Order]:
        """The session's refused orders this login entered (one entered by nobody, a scenario's, is
        seen by whoever sees its account): another customer's refused attempt on an account is not
        listed to the account's holder."""
        return [line for line in self._engine.rejected_orders() if self.sees_order(line.order_id)]

    def working_orders(self) -> list[Order]:
        return [o for o in self._engine.working_orders() if self.sees_order(o.order_id)]

    def order(self, order_id: int) -> Order:
        # Read first: who may see a done order is then decided on the copy just made, not on a second
        # read of the history.
        order = self._engine.order(order_id)
        self._check_order(order_id)
        return order

    def rejected_command(self, order_id: int) -> PlaceOrder:
        """A refused order's line as it was entered: the command itself, ``entered_by`` and all."""
        if not is_rejected_line(order_id):
            raise KeyError(f"order: {order_id} is not a refused order's line")
        return self._engine.rejected_command(self._check_order(order_id))

    def refusal_for(self, order_id: int) -> Rejected:
        return self._engine.refusal_for(self._check_order(order_id))

    def allocation_drift(self, order_id: int) -> tuple[DriftRow, ...]:
        visible = self.visible_accounts()
        rows = self._engine.allocation_drift(self._check_order(order_id))
        return rows if visible is None else tuple(r for r in rows if r.account in visible)

    def executions(self, order_id: int | None = None) -> list[ExecutionReported]:
        """Executions of the orders the login sees; an advisor order's, seen by one of its clients,
        with only that client's allocations."""
        executions = self._engine.executions(order_id)
        visible = self.visible_accounts()
        if visible is None:
            return executions
        return [self._execution(e, visible) for e in executions if self.sees_order(e.order_id)]

    def execution_count(self) -> int:
        """The engine's count (positions for :meth:`executions_in`, which leaves out what the login may not see)."""
        return self._engine.execution_count()

    def executions_in(self, start: int, stop: int) -> list[ExecutionReported]:
        """The executions at positions ``start`` to ``stop - 1`` of orders the login sees, scoped as
        :meth:`executions` scopes them."""
        executions = self._engine.executions_in(start, stop)
        visible = self.visible_accounts()
        if visible is None:
            return executions
        return [self._execution(e, visible) for e in executions if self.sees_order(e.order_id)]

    def trades_summary(self) -> list[TradeSummaryRow]:
        """Trades Summary of the login's accounts (an advisor's block executions included)."""
        # A row adds up one account's executions, all of orders for that account: the login sees the
        # whole row when it sees the account, and no part of the others.
        rows = self._engine.trades_summary()
        return rows if self.login is None else [row for row in rows if self.sees_account(row.account)]

    def trades_summary_row(self, account: str, symbol: str, action: Action) -> TradeSummaryRow | None:
        """One Trades Summary row of an account the login sees (None for any other account)."""
        return self._engine.trades_summary_row(account, symbol, action) if self.sees_account(account) else None

    def audit_trail(self, order_id: int | None = None) -> list[AuditEntry]:
        return [e for e in self._engine.audit_trail(order_id) if self.sees_order(e.order_id)]

    # -- partitions -------------------------------------------------------------------------------

    def partitions(self, account_id: str | None = None) -> list[PartitionView]:
        return [p for p in self._engine.partitions(account_id) if self.sees_partition(p)]

    def partition_labels(self) -> dict[str, str]:
        return {a: label for a, label in self._engine.partition_labels().items() if self.sees_account(a)}

    def partition_performance(self, partition_id: str) -> PartitionPerformance:
        return self._engine.partition_performance(self._check_account(partition_id))


def unscoped(reads: Iterable[str]) -> list[str]:
    """The names in ``reads`` (an engine's public names) that ``LoginReads`` neither scopes nor
    passes through and that are not commands: each new engine read must choose (the test says)."""
    return sorted(name for name in reads if name not in NOT_READS and not hasattr(LoginReads, name))


def _seen(amounts: tuple[tuple[str, Decimal], ...], visible: frozenset[str]) -> tuple[tuple[str, Decimal], ...]:
    """The (account, amount) pairs of the accounts in ``visible``."""
    return tuple(pair for pair in amounts if pair[0] in visible)
