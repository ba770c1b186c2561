"""EngineBridge: the one crossing from engine events to Qt signals.

The engine calls its subscribers synchronously inside ``execute``; the bridge turns each event
into a typed Qt signal, and ``NOT_FORWARDED`` names, with the reason, each event no view needs (a
test keeps the two covering every event the engine defines). High-rate updates are coalesced: quote
changes and account values are collected as dirty state and flushed at most once per frame by a
single-shot ``QTimer``, so a burst of engine steps costs the views one repaint. Orders, fills,
corrections, busts and rejections pass through one by one, in engine order.

Threading: the engine is single-threaded and must be driven from the bridge's (GUI) thread,
because the frame timer is started from inside the engine callback.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from PySide6.QtCore import QObject, QThread, QTimer, Signal

from workstation.engine import (
    AccountOpened,
    AccountRestricted,
    AccountTypeChanged,
    AccountTypeRequested,
    AccountValuesChanged,
    AdvisorFeeCharged,
    AllocationBooked,
    AllocationFinalized,
    AllocationPlanned,
    AllocationPresetsChanged,
    BaseCurrencyChanged,
    BaseCurrencyRequested,
    CancelOrder,
    CashBooked,
    CashSettled,
    CashTransferred,
    ClockAdvanced,
    Command,
    CommandRejected,
    CommissionRestated,
    ContractExpired,
    DepositNotified,
    Engine,
    EngineHalted,
    EnteredByUser,
    Event,
    ExcessFundsSweepSet,
    ExecutionBusted,
    ExecutionCorrected,
    ExecutionReported,
    ExposureFeeCharged,
    ExposureFeeNotice,
    FundsDeposited,
    FundsWithdrawn,
    GroupDefined,
    LiquidationStarted,
    LoginReads,
    MarginabilityChanged,
    MarketDataFeeCharged,
    MarketDataFeeWaived,
    MarketDataSubscribed,
    MarketDataUnsubscribed,
    MarketStateChanged,
    ModelDefined,
    ModelInvestmentChanged,
    ModifyOrder,
    OrderModified,
    OrderPlaced,
    OrderPreview,
    OrderStatusChanged,
    PaperAccountReset,
    PaperResetCancelled,
    PaperResetRequested,
    PartitionOpened,
    PartitionRequested,
    PlaceOrder,
    PositionChanged,
    PositionSettled,
    PositionTransferred,
    PriceSet,
    QuotesUpdated,
    RegTCallIssued,
    Rejected,
    Result,
    SecurityDeviceSet,
    SessionOpened,
    TradingPermissionsGranted,
    TradingPermissionsRequested,
    UserDefined,
    WithdrawalFeeCharged,
)
from workstation.ui.qt_binding import apply_binding_guards

apply_binding_guards()  # every window and panel listens to a bridge, so this is built before any of them

_NO_FIELD = object()

FRAME_MS = 50
"""Coalescing period: 20 frames a second is smooth for numbers and cheap for the views."""

NOT_FORWARDED: dict[type[Event], str] = {
    CashSettled: "settlement moves no cash: the SettledCash it raises is an account value, refreshed by "
                 "AccountValuesChanged",
    AccountRestricted: "the restriction is read with the account's values, refreshed by AccountValuesChanged",
    ExcessFundsSweepSet: "no view shows the sweep setting; the segments' cash it moves from the next business day "
                         "are account values, refreshed by AccountValuesChanged",
    ContractExpired: "no view lists expiries: the positions it closes arrive as PositionChanged and their cash as "
                     "CashBooked, and the prices it stops as QuotesUpdated",
    PositionSettled: "the settled position and its cash arrive as PositionChanged and CashBooked, and the values "
                     "they move as AccountValuesChanged",
    RegTCallIssued: "no view shows a Reg T call; the SMA it reports is an account value, refreshed by "
                    "AccountValuesChanged, and a liquidation is LiquidationStarted",
    ExposureFeeNotice: "the chart's Estimated Next fee is read again on AccountValuesChanged and SessionOpened; "
                       "no view lists notices",
    ExposureFeeCharged: "the debit arrives as CashBooked, and the chart reads the fee again on SessionOpened, when "
                        "fees are charged",
    MarginabilityChanged: "the loan value it changes reaches views as AccountValuesChanged of the accounts holding "
                          "the stock; no view lists ready-market changes",
    AdvisorFeeCharged: "the fee's debit and credit arrive as CashBooked; the activity statement reads fees from the "
                       "engine when it is written",
    AllocationBooked: "the journal's record of an advisor execution's bookings, which reach views one account at a "
                      "time as CashBooked and PositionChanged",
    # Users (issue 19): no window lists users yet; the Audit Trail reads a command's user when it is opened.
    UserDefined: "no view lists users and their roles yet",
    EnteredByUser: "the Audit Trail reads the user of an order's commands from the engine when it is opened",
    # Paper trading (issue 19): the reset's money reaches views as CashBooked and AccountValuesChanged.
    PaperResetRequested: "no view lists a paper account's pending reset yet (engine.paper_resets reads it)",
    PaperAccountReset: "the reset's cash reaches views as CashBooked entries and AccountValuesChanged",
    PaperResetCancelled: "no view lists a paper account's pending reset yet; the Log shows refusals only",
    # Market data subscriptions (issue 19): the quotes a login sees change with them, as QuotesUpdated.
    MarketDataSubscribed: "the quotes it turns live reach views as the QuotesUpdated the command raises with it",
    MarketDataUnsubscribed: "the quotes it delays reach views as the QuotesUpdated the command raises with it",
    MarketDataFeeCharged: "the fee's debit arrives as CashBooked; statements read the fee from the funding history",
    MarketDataFeeWaived: "the credit arrives as CashBooked; statements read the waiver from the funding history",
}
"""Events no view needs, each with why: everything else the engine defines has a signal below."""


@dataclass(frozen=True, slots=True)
class QuoteChanges:
    """Quotes that moved since the previous frame; ``symbols`` is None when every instrument did."""

    symbols: frozenset[str] | None

    def includes(self, symbol: str) -> bool:
        return self.symbols is None or symbol in self.symbols


class EngineBridge(QObject):
    """Subscribes to an :class:`Engine` and re-emits its events as Qt signals; submits commands."""

    sig_quotes_updated = Signal(object)
    """QuoteChanges: quotes moved (coalesced, at most once per frame); read them from the engine."""
    sig_account_values_changed = Signal(object)
    """frozenset of account ids whose values may have moved since the previous frame (coalesced,
    at most once per frame); read the values with ``engine.account_values``."""
    sig_clock_advanced = Signal(object)
    """ClockAdvanced: the simulated clock moved; carries the new time and market state."""
    sig_market_state_changed = Signal(object)
    """MarketStateChanged: the market crossed a session boundary (Pre-Market, Open, After Hours, Closed)."""
    sig_session_opened = Signal(object)
    """SessionOpened: a new trading day began; closes rolled and day statistics reset."""
    sig_account_opened = Signal(object)
    """AccountOpened: a new account exists."""
    sig_cash_booked = Signal(object)
    """CashBooked: a ledger entry moved cash in one currency."""
    sig_position_changed = Signal(object)
    """PositionChanged: a position after a booking."""
    sig_order_placed = Signal(object)
    """OrderPlaced: an order was accepted by the engine."""
    sig_order_modified = Signal(object)
    """OrderModified: a working order was changed."""
    sig_order_status_changed = Signal(object)
    """OrderStatusChanged: IB's orderStatus (status, filled, remaining, average price)."""
    sig_execution = Signal(object)
    """ExecutionReported: one fill with its commission."""
    sig_execution_corrected = Signal(object)
    """ExecutionCorrected: a trade correction moved an execution's price (and its order's commissions); read the
    order's executions again."""
    sig_execution_busted = Signal(object)
    """ExecutionBusted: a trade bust cancelled an execution; it stays listed, marked busted, and the order's other
    executions may carry a restated commission."""
    sig_commission_restated = Signal(object)
    """CommissionRestated: a bust, a correction or a final distribution changed an order's commission (and its
    executions'); the Trades Summary row it names is read again."""
    sig_allocation_planned = Signal(object)
    """AllocationPlanned: an advisor order's shares per account were planned (placed, resized, re-shared by its
    model); read its allocation again."""
    sig_allocation_finalized = Signal(object)
    """AllocationFinalized: an advisor order's fills were finally distributed (at its end, or at the close while it
    works); its allocation and its executions' commissions may have changed."""
    sig_price_set = Signal(object)
    """PriceSet: an instrument was marked by hand (scenario, test)."""
    sig_command_rejected = Signal(object)
    """CommandRejected: a command was refused and changed nothing (from any submitter)."""
    sig_liquidation_started = Signal(object)
    """LiquidationStarted: an account is being liquidated (maintenance deficit or Reg T), and why."""
    sig_advisor_setup_changed = Signal(object)
    """GroupDefined, ModelDefined, ModelInvestmentChanged or AllocationPresetsChanged: an advisor's
    allocation setup changed; read it again with ``engine.advisor_setup``."""
    sig_funds_moved = Signal(object)
    """CashTransferred, PositionTransferred, FundsDeposited or FundsWithdrawn: money or a position
    moved between accounts, or to or from the bank."""
    sig_partitions_changed = Signal(object)
    """PartitionRequested or PartitionOpened: a partition was requested or opened; read them again
    with ``engine.partitions``."""
    sig_account_settings_changed = Signal(object)
    """An account's funding or configuration moved without moving cash: a deposit notified, a security device
    or a withdrawal fee set, an account type, trading permission or base currency requested or applied; Account
    Management reads it again."""
    sig_engine_halted = Signal(str)
    """The engine stopped after a fault (e.g. a journal write that did not reach the disk): the reason,
    emitted once. Every later submit is refused with ``ENGINE_HALTED`` without reaching the engine."""

    def __init__(self, engine: Engine, *, frame_ms: int = FRAME_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._engine = engine
        self._halted_reason: str | None = None
        self._reads = LoginReads(engine, None)
        self._submitting = False
        self._dirty_all = False
        self._dirty_symbols: set[str] = set()
        self._pending_accounts: set[str] = set()
        """accounts whose values changed since the last frame"""
        self._frame = QTimer(self)
        self._frame.setSingleShot(True)
        self._frame.setInterval(frame_ms)
        self._frame.timeout.connect(self.flush)
        self._relay: dict[type[Event], Callable[[Event], None]] = {
            ClockAdvanced: self.sig_clock_advanced.emit,
            MarketStateChanged: self.sig_market_state_changed.emit,
            SessionOpened: self._on_session_opened,
            AccountOpened: self.sig_account_opened.emit,
            CashBooked: self.sig_cash_booked.emit,
            PositionChanged: self.sig_position_changed.emit,
            OrderPlaced: self.sig_order_placed.emit,
            OrderModified: self.sig_order_modified.emit,
            OrderStatusChanged: self.sig_order_status_changed.emit,
            ExecutionReported: self._on_execution,
            ExecutionCorrected: self.sig_execution_corrected.emit,
            ExecutionBusted: self.sig_execution_busted.emit,
            CommissionRestated: self.sig_commission_restated.emit,
            AllocationPlanned: self.sig_allocation_planned.emit,
            AllocationFinalized: self.sig_allocation_finalized.emit,
            PriceSet: self._on_price_set,
            QuotesUpdated: self._on_quotes_updated,
            AccountValuesChanged: self._on_account_values,
            CommandRejected: self.sig_command_rejected.emit,
            LiquidationStarted: self.sig_liquidation_started.emit,
            GroupDefined: self.sig_advisor_setup_changed.emit,
            ModelDefined: self.sig_advisor_setup_changed.emit,
            ModelInvestmentChanged: self.sig_advisor_setup_changed.emit,
            AllocationPresetsChanged: self.sig_advisor_setup_changed.emit,
            PartitionRequested: self.sig_partitions_changed.emit,
            PartitionOpened: self.sig_partitions_changed.emit,
            CashTransferred: self.sig_funds_moved.emit,
            PositionTransferred: self.sig_funds_moved.emit,
            FundsDeposited: self.sig_funds_moved.emit,
            FundsWithdrawn: self.sig_funds_moved.emit,
            **dict.fromkeys((DepositNotified, WithdrawalFeeCharged, SecurityDeviceSet, AccountTypeRequested,
                             AccountTypeChanged, TradingPermissionsRequested, TradingPermissionsGranted,
                             BaseCurrencyRequested, BaseCurrencyChanged), self.sig_account_settings_changed.emit),
        }
        self._unsubscribe: Callable[[], None] | None = engine.subscribe(self._on_event)

    @property
    def login(self) -> str | None:
        """Who is logged in: views read only what it may see, and its orders, changes and cancels are
        submitted as entered by it. None (a harness): every account."""
        return self._reads.login

    @login.setter
    def login(self, login: str | None) -> None:
        self._reads.login = login

    @property
    def entered_by(self) -> str | None:
        """A user's login (``USERNAME``, ``USERNAME:read-only``) the window's commands are entered by, which the
        engine checks against the user's role; None: the account's login (:attr:`login`), as before users."""
        return self._reads.user_login

    @entered_by.setter
    def entered_by(self, login: str | None) -> None:
        self._reads.user_login = login

    @property
    def engine(self) -> LoginReads:
        """The engine's read models as the login sees them, for views (the views' only way in).
        Change the engine only through :meth:`submit`."""
        return self._reads

    @property
    def unscoped_engine(self) -> Engine:
        """The engine itself, for the TWS API server in the window: it reads as its own login and its
        clients' commands reach the views through the engine's events, as every command does. Not for views."""
        return self._engine

    @property
    def forwarded(self) -> frozenset[type[Event]]:
        """The event types relayed as signals (the rest are in ``NOT_FORWARDED``)."""
        return frozenset(self._relay)

    @property
    def is_open(self) -> bool:
        return self._unsubscribe is not None

    @property
    def has_pending(self) -> bool:
        """True while coalesced updates wait for the next frame."""
        return self._frame.isActive()

    @property
    def halted_reason(self) -> str | None:
        """Why the engine stopped, or None while it runs."""
        return self._halted_reason

    def submit(self, command: Command) -> Result:
        """Execute ``command``, an order's entered by the login; a refusal is returned and also
        emitted as ``sig_command_rejected``. A halted engine refuses everything (``ENGINE_HALTED``)."""
        if self._halted_reason is None:
            self._submitting = True
            try:
                return self._engine.execute(self._as_login(command))
            except EngineHalted as halt:
                self._halted_reason = str(halt)
                self.sig_engine_halted.emit(self._halted_reason)
            finally:
                self._submitting = False
        return Rejected("ENGINE_HALTED", "command", f"the engine stopped ({self._halted_reason}); nothing more is "
                                         f"accepted until the workstation is restarted")

    def preview(self, command: PlaceOrder) -> OrderPreview:
        """The engine's what-if of ``command`` as entered by the login."""
        return self._engine.preview(self._as_login(command))

    def _as_login(self, command: Command) -> Command:
        """Every command that names who enters it (orders, funding, settings) entered by the user's login; orders
        by the account's without one. The window's account stays what views read as; the login is who acts."""
        if getattr(command, "entered_by", _NO_FIELD) is not None:
            return command
        if self.entered_by is not None:
            return replace(command, entered_by=self.entered_by)
        if self.login is not None and isinstance(command, (PlaceOrder, ModifyOrder, CancelOrder)):
            return replace(command, entered_by=self.login)
        return command

    def flush(self) -> None:
        """Emit whatever is pending now (the frame timer calls this; tests and screenshots may too)."""
        self._frame.stop()
        if self._dirty_all or self._dirty_symbols:
            changes = QuoteChanges(None if self._dirty_all else frozenset(self._dirty_symbols))
            self._dirty_all = False
            self._dirty_symbols = set()
            self.sig_quotes_updated.emit(changes)
        if self._pending_accounts:
            pending, self._pending_accounts = frozenset(self._pending_accounts), set()
            self.sig_account_values_changed.emit(pending)

    def close(self) -> None:
        """Stop listening to the engine and drop pending updates. Safe to call twice."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self._frame.stop()
        self._dirty_all = False
        self._dirty_symbols.clear()
        self._pending_accounts.clear()

    # -- engine callbacks -----------------------------------------------------------------------

    def _on_event(self, event: Event) -> None:
        assert QThread.currentThread() is self.thread(), "drive the engine from the GUI thread"
        relay = self._relay.get(type(event))
        if relay is None:
            return
        reads = self._reads
        if reads.sees_event(event) or (self._submitting and isinstance(event, CommandRejected)):
            relay(reads.scoped(event))

    def _on_quotes_updated(self, event: QuotesUpdated) -> None:
        if event.symbols:
            self._dirty_symbols.update(event.symbols)
        else:
            self._dirty_all = True
        self._schedule()

    def _on_price_set(self, event: PriceSet) -> None:
        self.sig_price_set.emit(event)

    def _on_execution(self, event: ExecutionReported) -> None:
        self.sig_execution.emit(event)

    def _on_session_opened(self, event: SessionOpened) -> None:
        self._dirty_all = True
        self._schedule()
        self.sig_session_opened.emit(event)

    def _on_account_values(self, event: AccountValuesChanged) -> None:
        self._pending_accounts.update(event.account_ids)
        self._schedule()

    def _schedule(self) -> None:
        if not self._frame.isActive():
            self._frame.start()
