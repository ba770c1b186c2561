"""The engine's read side: every public read model, mixed into ``Engine`` so ``engine.account_values(...)`` reads.

Reads change nothing, and what they hand out is the reader's: frozen values, never a live engine
object. Orders and accounts are frozen copies (``views.frozen``), made when first read after a
command and shared by every read until the next one changes the state. Done orders, executions and
the Audit Trail are read from the history (``orders.history``), by key or range.
"""

from __future__ import annotations

import heapq
from collections.abc import Collection
from datetime import date, datetime
from decimal import Decimal
from operator import attrgetter
from typing import TypeVar

from workstation.engine.core.account_tags import DAY_TRADE_TAGS, AccountTag
from workstation.engine.core.errors import Rejected
from workstation.engine.core.instruments import InstrumentCatalog
from workstation.engine.core.terms import Action, MarketState
from workstation.engine.core.universe import Universe
from workstation.engine.funding.desk import FundingDesk
from workstation.engine.funding.history import Transaction, WaitingMoney
from workstation.engine.funding.market_data import MarketDataDesk
from workstation.engine.funding.market_data_terms import Bundle, MarketDataMonth
from workstation.engine.funding.records import FundingRecord
from workstation.engine.funding.terms import SecurityDevice
from workstation.engine.funding.withdrawals import WithdrawalOutlook
from workstation.engine.ledger.accounts import Account, UnsettledCash
from workstation.engine.ledger.valuation import (
    FxRates,
    PositionValue,
    account_values,
    value_position,
    values_by_currency,
)
from workstation.engine.margin import MarginModel
from workstation.engine.margin.batch import BatchFigures
from workstation.engine.margin.day_trades import day_trades_remaining
from workstation.engine.margin.day_trading import buying_power_of
from workstation.engine.margin.day_trading_call import DayTradingCall
from workstation.engine.market.bars import BarBook, PriceBars
from workstation.engine.market.calendar import ExchangeCalendar
from workstation.engine.market.quotes import Quote
from workstation.engine.messages.commands import PlaceOrder
from workstation.engine.messages.events import (
    CommissionRestated,
    Event,
    ExecutionBusted,
    ExecutionCorrected,
    ExecutionReported,
    SessionOpened,
)
from workstation.engine.orders import audit
from workstation.engine.orders.allocation_plan import DriftRow
from workstation.engine.orders.audit import AuditEntry
from workstation.engine.orders.done_orders import find_order
from workstation.engine.orders.history import History
from workstation.engine.orders.order import Order
from workstation.engine.orders.rejected import RejectedOrders, is_rejected_line
from workstation.engine.partitions.desk import PartitionDesk, PartitionView
from workstation.engine.partitions.performance import PartitionPerformance
from workstation.engine.partitions.records import UserGrant
from workstation.engine.partitions.roles import visible_accounts
from workstation.engine.partitions.users import parse_login, visible_to_user
from workstation.engine.risk.fee_ledger import ExposureFees, ExposureFeeView
from workstation.engine.risk.free_riding import restriction_of
from workstation.engine.risk.pnl_curve import PnlCurve, held_underlyings, pnl_curve
from workstation.engine.state import EngineState
from workstation.engine.trading.configuration import (
    ConfigurationRequest,
    PermissionCell,
    pending_for,
    permission_grid,
)
from workstation.engine.trading.paper import DEFAULT_PAPER_TERMS, PaperReset, paper_of
from workstation.engine.views.account_totals import AccountTotals, account_totals
from workstation.engine.views.activity_statement import ActivityStatement, activity_statement
from workstation.engine.views.advisor_setup import (
    AdvisorSetupView,
    FieldProblem,
    GroupDraft,
    advisor_setup,
    check_group,
)
from workstation.engine.views.daily_pnl import TodaysFills, daily_pnl_of
from workstation.engine.views.frozen import freeze
from workstation.engine.views.statement_values import AccountValuation
from workstation.engine.views.trades_summary import TradesSummaryBook, TradeSummaryRow

K = TypeVar("K")
R = TypeVar("R")

# The events the read models that follow events act on (TradesSummaryBook.follow, TodaysFills.follow);
# a new one they follow belongs here too. Most of a command's events are none of these: choosing them
# once per command spares each follower its test of every event.
_READ_MODEL_EVENTS = frozenset({ExecutionReported, ExecutionBusted, ExecutionCorrected, CommissionRestated,
                                SessionOpened})


class Queries:
    """The read models over the engine's state; ``Engine`` sets up what they read."""

    universe: Universe
    _state: EngineState
    _history: History
    _calendar: ExchangeCalendar
    _fx: FxRates
    _margin: MarginModel
    _fees: ExposureFees
    _partitions: PartitionDesk
    _funding: FundingDesk
    _market_data: MarketDataDesk
    _bars: BarBook
    _rejected_orders: RejectedOrders

    def _start_reads(self) -> None:
        """The read side's own indexes and caches: derived from the state, never part of it."""
        self._visible: dict[str, tuple[int, frozenset[str]]] = {}
        """login -> (accounts open when it was worked out, the accounts it sees)"""
        self._frozen_orders: dict[int, Order] = {}
        self._frozen_accounts: dict[str, Account] = {}
        self._frozen_after = -1
        """the commands applied when the frozen copies above were made: one more, and they are dropped"""
        # Derived read models fed from each command's events (see ``_follow_reads``), kept in snapshots.
        self._trades_summary = TradesSummaryBook()
        self._todays_fills = TodaysFills(self._history.execution)

    def _follow_reads(self, events: list[Event]) -> None:
        """Feed an applied or replayed command's events to the read models that follow events."""
        followed = [event for event in events if type(event) in _READ_MODEL_EVENTS]
        if followed:
            self._trades_summary.follow(followed)
            self._todays_fills.follow(followed)

    def _export_reads(self) -> tuple:
        """What a snapshot keeps of the read models that follow events."""
        return self._trades_summary.export(), self._todays_fills.export()

    def _restore_reads(self, data: tuple) -> None:
        summary, fills = data
        self._trades_summary.restore(summary)
        self._todays_fills.restore(fills)

    def _frozen(self, cache: dict[K, R], key: K, live: R) -> R:
        """The frozen copy of ``live`` as it is now, made once per applied command."""
        applied = self._state.commands_applied
        if applied != self._frozen_after:
            self._frozen_orders.clear()
            self._frozen_accounts.clear()
            self._frozen_after = applied
        copy = cache.get(key)
        if copy is None:
            copy = cache[key] = freeze(live)
        return copy

    def _frozen_since_applied(self, order_id: int) -> Order | None:
        """The frozen copy of order ``order_id`` made since the last applied command, if one was."""
        return self._frozen_orders.get(order_id) if self._frozen_after == self._state.commands_applied else None

    def _frozen_order(self, order: Order) -> Order:
        return self._frozen(self._frozen_orders, order.order_id, order)

    @property
    def now(self) -> datetime:
        return self._state.now

    @property
    def market_state(self) -> MarketState:
        return self._state.market_state

    @property
    def seed(self) -> int:
        return self._state.seed

    @property
    def catalog(self) -> InstrumentCatalog:
        return self.universe.catalog

    @property
    def calendar(self) -> ExchangeCalendar:
        return self._calendar

    @property
    def commands_applied(self) -> int:
        return self._state.commands_applied

    def quote(self, symbol: str) -> Quote:
        return self._state.market.quote(symbol)

    def price_of(self, symbol: str) -> Decimal:
        return self._state.market.last_price(symbol)

    # -- market data subscriptions (funding.market_data): what an Account Management page reads --

    def market_data_bundles(self) -> tuple[Bundle, ...]:
        """The bundles on offer, with the feeds each covers, its monthly fee and whether it can be waived."""
        return self._market_data.terms.bundles

    def market_data_subscriptions(self, account_id: str) -> frozenset[str]:
        return self._market_data.subscriptions(account_id)

    def market_data_month(self, account_id: str) -> MarketDataMonth | None:
        """This month's market data bill (charged, waivable, commissions counted, waived); None: never billed."""
        return self._market_data.month(account_id)

    def market_data_type(self, account_id: str | None, symbol: str) -> int:
        """1 live, 2 frozen, 3 delayed, 4 delayed frozen: the quote ``account_id``'s holder sees (None: live)."""
        return self._market_data.data_type(account_id, symbol)

    def quote_type(self, symbol: str) -> int:
        """The type of the quote ``quote`` gives (the back office's: live, or frozen while the market is closed)."""
        return self._market_data.data_type(None, symbol)

    @property
    def delays_quotes(self) -> bool:
        """Whether some account has delayed data (the delayed series is kept): False, every quote is live."""
        return self._state.delayed_quotes.keeping

    def quote_seen_by(self, account_id: str | None, symbol: str) -> Quote:
        """The quote ``account_id``'s holder sees: 15 minutes late without a subscription covering it."""
        return self._market_data.quote_for(account_id, symbol)

    def account_ids(self) -> list[str]:
        return list(self._state.accounts)

    def visible_accounts(self, login: str) -> frozenset[str]:
        """The accounts ``login`` may see: an advisor its master and clients, an individual the
        accounts it holds and their partitions, a partition's login the partition (see ``roles``)."""
        opened = len(self._state.accounts)  # who sees what changes only when an account opens
        known = self._visible.get(login)
        users = self._state.users
        if users and parse_login(login)[0] in users:  # a user sees what its grants let it (partitions.users)
            grants = users[parse_login(login)[0]]
            if known is None or known[0] != (opened, grants):
                seen = visible_to_user(self._state, login, self.visible_accounts) or frozenset()
                known = self._visible[login] = ((opened, grants), seen)  # type: ignore[assignment]
            return known[1]
        if known is None or known[0] != opened:
            known = self._visible[login] = (opened, visible_accounts(self._state, login))
        return known[1]

    def users(self) -> dict[str, tuple[UserGrant, ...]]:
        """Every user and its role on each account (empty: no users, logins are accounts)."""
        return dict(self._state.users)

    def account(self, account_id: str) -> Account:
        """The account as it is now: a frozen copy (cash, positions, permissions, hierarchy)."""
        return self._frozen(self._frozen_accounts, account_id, self._state.accounts[account_id])

    def trading_permissions(self, account_id: str) -> list[PermissionCell]:
        """The Trading Permissions grid of the account: every asset class x country, granted, pending (with the
        day it takes effect) or available to request."""
        return permission_grid(self._state.accounts[account_id], self._state.configuration_requests,
                               self.universe.catalog)

    def configuration_requests(self, account_id: str) -> list[ConfigurationRequest]:
        """The account's accepted configuration changes not yet in effect (type, permissions, base currency)."""
        return pending_for(self._state.configuration_requests, account_id)

    def paper_of(self, live_account_id: str) -> str | None:
        """The paper trading account paired with a live account (None: it has none). A paper login may use its
        live account's market data subscriptions (account-management reference §1.6): ask here which live
        account's they are (the paper account's ``Account.paper_of``)."""
        return paper_of(self._state.accounts, live_account_id)

    def paper_resets(self, account_id: str) -> list[PaperReset]:
        """The paper account's accepted reset not yet made (at most one)."""
        return [r for r in self._state.paper_resets if r.account_id == account_id and not r.outcome]

    def paper_reset_history(self, account_id: str) -> list[PaperReset]:
        """The paper account's resets made or cancelled, oldest first: a statement's "Paper Account Reset" lines
        (``changes``: the cash each moved), which are no deposits or withdrawals."""
        return [r for r in self._state.paper_resets if r.account_id == account_id and r.outcome]

    def paper_reset_amounts(self) -> tuple[Decimal, ...]:
        """The amounts (USD) the Paper Trading Account Reset drop-down offers."""
        return DEFAULT_PAPER_TERMS.reset_amounts

    def cash(self, account_id: str) -> dict[str, Decimal]:
        return dict(self._state.accounts[account_id].cash)

    def positions(self, account_id: str) -> list[PositionValue]:
        account = self._state.accounts[account_id]
        catalog = self.universe.catalog
        return [value_position(account_id, p, catalog[p.symbol], self.price_of(p.symbol))
                for p in account.positions.values()]

    def daily_pnl(self, account_id: str) -> dict[str, Decimal]:
        """symbol -> Daily P&L since the prior close, for each position held or traded this session."""
        return daily_pnl_of(self._state.accounts[account_id], self._todays_fills.traded(account_id),
                            self.universe.catalog, self.price_of, lambda symbol: self.quote(symbol).close)

    def account_values(self, account_id: str) -> dict[AccountTag, Decimal]:
        """Every account-value tag of the account (IB's names), balances and margin, in its base currency."""
        account = self._state.accounts[account_id]
        tags = self._tags_of(account)
        tags |= self._day_trade_tags(account_id, tags[AccountTag.NET_LIQUIDATION])
        if account_id in self._state.pattern_day_traders and self._margin.rates.pattern_day_trading:
            tags[AccountTag.DAY_TRADING_BUYING_POWER] = buying_power_of(self._state, account_id, tags)
        return tags

    def _tags_of(self, account: Account) -> dict[AccountTag, Decimal]:
        """The balance and margin tags of an account object, which may be a trial copy."""
        balances = account_values(account, self.universe.catalog, self.price_of, self._fx)
        account_id = account.account_id
        return balances | self._margin.tags(account, balances, self._state.now,
                                            self._state.previous_day_elv.get(account_id),
                                            self._state.sma.get(account_id),
                                            self._state.segment_cash.get(account_id, Decimal(0)),
                                            self._state.previous_day_nlv_c.get(account_id, Decimal(0)))

    def advisor_setup(self, advisor: str) -> AdvisorSetupView:
        """Advisor Setup's view of ``advisor``: client accounts, groups, models and presets."""
        return advisor_setup(self._state, advisor)

    def check_group(self, draft: GroupDraft) -> list[FieldProblem]:
        """Why ``DefineGroup`` would refuse the group as typed so far, field by field (empty if it
        would be accepted): the command's own rules, for a form to check on every edit."""
        return check_group(self._state, draft)

    def rejected_command(self, order_id: int) -> PlaceOrder:
        """A refused order's command exactly as it was entered (``order_id``: its line, see
        :meth:`rejected_orders`); KeyError for any other id."""
        if not is_rejected_line(order_id):
            raise KeyError(order_id)
        return self._rejected_orders.command(order_id)

    def refusal_for(self, order_id: int) -> Rejected:
        """Why the rejected order ``order_id`` (a line of ``rejected_orders``) was refused."""
        return self._rejected_orders.refusal(order_id)

    def account_values_by_currency(self, account_id: str) -> dict[str, dict[AccountTag, Decimal]]:
        """The balance tags per currency held, in that currency, with its ExchangeRate to base."""
        return values_by_currency(self._state.accounts[account_id], self.universe.catalog, self.price_of, self._fx)

    def exposure_fee(self, account_id: str) -> ExposureFeeView:
        """The exposure fee as the Account Window shows it: Last and Estimated Next, by product class."""
        return self._fees.view(self._state, self._state.accounts[account_id])

    def trading_restriction(self, account_id: str) -> str | None:
        """The account's free-riding restriction as the Account Window shows it ("Cash Up Front until ..."), or None."""
        return restriction_of(self._state, account_id)

    def unsettled_cash(self, account_id: str) -> tuple[UnsettledCash, ...]:
        """The account's trade cash booked but not yet settled, each with its settlement date."""
        return self._state.accounts[account_id].unsettled

    def exposure_fee_history(self, account_id: str) -> list[tuple[date, str, Decimal]]:
        """Every exposure fee charged to the account: (calendar day, product class, amount)."""
        return list(self._state.exposure_history.get(account_id, []))

    def is_liquidating(self, account_id: str) -> bool:
        """Whether liquidation orders for the account are still working."""
        return any(i in self._state.working for i in self._state.liquidations.get(account_id, ()))

    def margin_summary(self, account_ids: list[str] | None = None) -> BatchFigures:
        """Net liquidation, equity with loan value and margin of many accounts (default: every one)
        at once, vectorised: what a monitor of many accounts reads after each price tick."""
        ids = self.account_ids() if account_ids is None else account_ids
        return self._margin.batch_figures([self._state.accounts[a] for a in ids], self._state.now)

    def account_totals(self, account_ids: list[str]) -> AccountTotals:
        """The values of many accounts (none an advisor) computed together from the vectorised batch
        figures: what a window totalling a group or All of an advisor's clients reads."""
        state = self._state

        def day_trades(account_id: str, net_liquidation_usd: Decimal) -> tuple[int, ...]:
            return day_trades_remaining(state, self._calendar, account_id, net_liquidation_usd,
                                        self._margin.rates.pattern_day_trading)

        wanted = set(account_ids)
        last_fees = Decimal(0)
        for account_id in wanted.intersection(state.exposure_history):
            history = state.exposure_history[account_id]
            last_fees += sum((a for d, _, a in history if d == history[-1][0]), Decimal(0))
        liquidating = {a for a in wanted.intersection(state.liquidations) if self.is_liquidating(a)}
        return account_totals(state, self._margin, [state.accounts[a] for a in account_ids], self._fx.rate,
                              day_trades, last_fees, liquidating, state.now)

    def day_trading_call(self, account_id: str) -> DayTradingCall | None:
        """The pattern day trader's open day-trading call (see ``margin.day_trading``), or None."""
        return self._state.day_trading_calls.get(account_id)

    def _day_trade_tags(self, account_id: str, net_liquidation: Decimal) -> dict[AccountTag, Decimal]:
        """DayTradesRemaining and DayTradesRemainingT+1..T+4 (-1: unlimited)."""
        usd = net_liquidation * self._fx.rate(self._state.accounts[account_id].base_currency, "USD")
        left = day_trades_remaining(self._state, self._calendar, account_id, usd,
                                    self._margin.rates.pattern_day_trading)
        return {tag: Decimal(n) for tag, n in zip(DAY_TRADE_TAGS, left, strict=True)}

    def newest_order_id(self) -> int:
        """The id of the newest order placed (0 before any): ids count up from 1 with no gaps (a
        combo's legs take the ids after its own), so a view can read a long history page by page
        with :meth:`order`, newest first, instead of every order at once."""
        return self._state.next_order_id - 1

    def orders(self) -> list[Order]:
        """Every order in placement (id) order, done and live, each a frozen copy as it is now."""
        every = heapq.merge(self._history.orders(), self._state.orders.values(), key=attrgetter("order_id"))
        return [self._frozen_order(order) for order in every]

    def order(self, order_id: int) -> Order:
        """An order as it is now (a frozen copy), or a rejected order's line (a negative id, see
        :meth:`rejected_orders`)."""
        if is_rejected_line(order_id):
            return self._frozen_order(self._rejected_orders.order(order_id))
        # A done order is read from the history: the copy made since the last command saves the read.
        return self._frozen_since_applied(order_id) or self._frozen_order(self._known_order(order_id))

    def _known_order(self, order_id: int) -> Order:
        """The order with ``order_id``, live or done; KeyError for an id no order has."""
        order = find_order(self._state, order_id)
        if order is None:
            raise KeyError(order_id)
        return order

    def rejected_orders(self) -> list[Order]:
        """Orders the engine refused this session, as TWS lists them: Inactive, the refusal as the
        reason, numbered -1, -2, ... (never an accepted order's id); oldest first, not kept across
        a restart. Frozen copies, as every order read is."""
        return [self._frozen_order(order) for order in self._rejected_orders.orders()]

    def allocation_drift(self, order_id: int) -> tuple[DriftRow, ...]:
        """The drift view of an advisor order (empty for an order to one account)."""
        order = self._rejected_orders.order(order_id) if is_rejected_line(order_id) else self._known_order(order_id)
        return () if order.allocation is None else order.allocation.drift()

    def order_accounts(self, order_id: int) -> frozenset[str]:
        """The accounts an order is for: its account and, for an advisor order, every account it may
        allocate to (who may see it is decided by these; no copy of the order is made)."""
        order = self._rejected_orders.order(order_id) if is_rejected_line(order_id) else \
            self._frozen_since_applied(order_id) or self._known_order(order_id)
        plan = order.allocation
        return frozenset((order.account, *(() if plan is None else (row.account for row in plan.rows))))

    def working_orders(self) -> list[Order]:
        """The orders not yet done, in time priority: frozen copies."""
        return [self._frozen_order(order) for order in self._state.working.values()]

    def audit_trail(self, order_id: int | None = None) -> list[AuditEntry]:
        """The Audit Trail, oldest first: the latest ``audit.MAX_ENTRIES`` changes of every order,
        or every change of one order."""
        if order_id is None:
            return audit.entries(self._history.recent_audit(audit.MAX_ENTRIES))
        return audit.entries(self._history.audit(order_id))

    def is_busted(self, exec_id: str) -> bool:
        return exec_id in self._state.busted

    def executions(self, order_id: int | None = None) -> list[ExecutionReported]:
        """Every execution, or one order's, in the order they happened, as last reported."""
        return self._history.executions(order_id)

    def execution_count(self) -> int:
        """How many executions happened (busted ones included): positions for :meth:`executions_in`."""
        return self._history.execution_count()

    def executions_in(self, start: int, stop: int) -> list[ExecutionReported]:
        """The executions at positions ``start`` to ``stop - 1`` in the order they happened, as last
        reported: a view of a long history reads the newest first and older ones as it needs them."""
        return self._history.execution_range(max(0, start), max(0, stop))

    def trades_summary(self) -> list[TradeSummaryRow]:
        """Trades Summary: every execution not busted, added up per account, symbol and side."""
        return self._trades_summary.rows()

    def trades_summary_row(self, account: str, symbol: str, action: Action) -> TradeSummaryRow | None:
        """One row of the Trades Summary (None: no execution of it stands), for a view that updates
        the row an event names instead of reading the whole summary again."""
        return self._trades_summary.row(account, symbol, action)

    def bars(self, symbol: str) -> PriceBars:
        """Five-minute price bars of ``symbol`` for a chart: generated history, then the market as
        recorded since the engine started, the last bar still forming (see ``market.bars``)."""
        return self._bars.bars(symbol)

    def underlyings(self, account_id: str) -> list[str]:
        """The underlyings the account holds positions on (a stock and its options count once)."""
        account = self._state.accounts[account_id]
        return list(held_underlyings(self._margin.holdings(account, self._state.now)))

    def partitions(self, account_id: str | None = None) -> list[PartitionView]:
        """Every partition, pending or open, or those of one parent (or that one partition)."""
        return self._partitions.partitions(account_id)

    def partition_labels(self) -> dict[str, str]:
        """partition account -> ``Partition of U1, managed by Name (F…)``: how statements and the
        Trade Log label a partition's activity."""
        return {p.partition_id: f"Partition of {p.parent}, managed by {p.advisor_name} ({p.advisor})"
                for p in self._partitions.partitions() if p.status == "Open"}

    def partition_performance(self, partition_id: str) -> PartitionPerformance:
        """A partition's NLV over time and its return net of transfers, up to now."""
        return self._partitions.performance(partition_id)

    def funding_history(self, account_id: str, start: date | None = None,
                        end: date | None = None) -> list[FundingRecord]:
        """Deposits, withdrawals, transfers and advisor fees involving the account, oldest first."""
        return self._partitions.funding_history(account_id, start, end)

    def withdrawable(self, account_id: str, currency: str) -> Decimal:
        """Cash of ``currency`` not held as a recent deposit (a withdrawal must also keep margin)."""
        return self._partitions.withdrawable(account_id, currency)

    def transaction_history(self, account_id: str, start: date | None = None,
                            end: date | None = None) -> list[Transaction]:
        """Transfer & Pay > Transaction History: every deposit (pending ones too), withdrawal, fee and transfer
        of the account with its method, bank and status, and its refused requests, oldest first."""
        return self._funding.transaction_history(account_id, start, end)

    def pending_funds(self, account_id: str) -> list[WaitingMoney]:
        """The account's deposits not credited yet (Pending, with the credit day) and those credited but held
        from withdrawal (Held, with the first day they may leave)."""
        return self._funding.waiting_money(account_id)

    def withdrawal_outlook(self, account_id: str, currency: str, method: str = "wire") -> WithdrawalOutlook:
        """What the account's next withdrawal of ``currency`` by ``method`` meets: its security device's limits
        and what is left of them, the month's free withdrawals left and the fee it would pay."""
        return self._funding.withdrawal_outlook(account_id, currency, method)

    def security_device(self, account_id: str) -> SecurityDevice:
        """The security device that sets the account's withdrawal limits (``SetSecurityDevice``; default none)."""
        return self._funding.security_device(account_id)

    def activity_statement(self, account_id: str, start: date, end: date,
                           partitions: Collection[str] | None = None) -> ActivityStatement:
        """The account's activity statement for the days ``start`` to ``end``, its partitions'
        activity included and labelled (see ``statements``), or only those of ``partitions``.
        ValueError names a bad argument."""
        return activity_statement(self._state, self.universe.catalog, account_id, start, end, partitions,
                                  self._valuation)

    def _valuation(self, account_id: str) -> AccountValuation:
        """An account's values now, as a statement up to today shows them."""
        by_currency = self.account_values_by_currency(account_id)
        return AccountValuation(self._state.accounts[account_id].base_currency, self.account_values(account_id),
                                tuple(self.positions(account_id)),
                                {c: tags[AccountTag.EXCHANGE_RATE] for c, tags in by_currency.items()})

    def pnl_curve(self, account_id: str, underlying: str) -> PnlCurve:
        """Risk Navigator: the account's P&L on ``underlying`` across moves of its price, -30%..+30%."""
        account = self._state.accounts[account_id]
        return pnl_curve(account_id, account.base_currency, self._margin.holdings(account, self._state.now),
                         underlying, float(self.price_of(underlying)))

