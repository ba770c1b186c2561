"""The brokerage engine's public surface: import what you need from here (``from workstation.engine import Engine,
PlaceOrder, Action, Rejected``). The engine is pure Python and deterministic; it never imports Qt, SQLite or
sockets.

Commands in, events out: ``Engine.execute(command)`` validates (a refusal is a ``Rejected`` and changes nothing),
applies, journals the events it produced and publishes them to subscribers; views read the engine's read models
(``Engine.account_values``, ``Engine.orders``, ...) and never change it except by commands. Every command and
event is listed, with its fields, in the README's event catalogue.

Room map (bottom to top; imports point down only)::

    core/        the vocabulary every room uses: money, refusals, contracts and the universe, IB's terms
                 (Action, OrderType, TimeInForce, OrderStatus, AccountType, MarketState, AllocationMethod),
                 commission and fee schedules, price checks
    messages/    what crosses the boundary: commands, events, their registries, the journal port
    market/      the simulated market: exchange calendar and clock, seeded quotes, option pricing, price bars
    ledger/      accounts, cash per currency and positions; booking executions and transfers; valuation
    orders/      the order and its life: statuses, matching against quotes, commissions per fill,
                 corrections and busts, mutual funds at the NAV, expiry, the Audit Trail; the History
                 port, where done orders, executions and the Audit Trail live outside the live state
    margin/      Reg T, SPAN and portfolio margin, the account-value tags, what-if impacts (MarginModel)
    risk/        beyond margin: cash-account rules, the exposure fee, liquidation, Risk Navigator's P&L curve
    allocation/  sharing one advisor order among client accounts: methods, fills, final distribution, models
    funding/     deposits by method and withdrawals, their holds, limits and fees, the Transaction History
    partitions/  account partitions: the marketplace, requests, timing, permissions, transfers, advisor fees
    trading/     the order desk (place, modify, cancel, work orders) and the what-if previewer
    views/       read models for windows: Advisor Setup, Trades Summary, daily P&L, the activity statement,
                 frozen copies of orders and accounts
    api.py       the facade (Engine): wiring, execute, replay, preview, subscribe; every room hands it its
                 command handlers
    session.py   the clock and the trading day: AdvanceClock and SetPrice, the day's end
    queries.py   the read side, mixed into Engine
    state.py     what a snapshot holds: the live state (each room's book, see ``<room>/book.py``)
    login_reads.py  one login's view of the engine (the UI and API only ever hold this)

The workstation's own logic (the order ticket, staged orders, precautions, the Account Window's view) is
not the broker's: it lives beside the engine in ``workstation.client``.

Where things happen:

- A fill is booked: ``trading/desk`` (``OrderDesk.work`` matches a working order against its quote with
  ``orders/matching``, or ``force_execution``; ``OrderDesk.execute`` books it) -> ``orders`` (``Order.record_fill``
  and the commission the fill adds to the order) -> for an advisor order ``allocation/booking`` (each account's
  share now; its final distribution at the order's end or the close) -> ``ledger/booking`` (``book_execution``:
  cash, position, average cost, realized P&L) -> an ``ExecutionReported`` event.
- A what-if is computed: ``trading/preview`` (``Previewer.preview``: the desk's own checks, the estimated
  price, each account's proposed fills) -> ``margin`` (``MarginModel.impact``) over ``margin/risk_cache`` (each
  account's risk kept by group of positions and tried with the fills, not recomputed) -> ``margin/impact``
  (Before / Change / After, and the refusal a real order would get); the exposure fee's from ``risk/fee_ledger``.
- The day ends: ``session.TradingSession`` crossing a boundary (``_cross_boundary``: ``AdvanceClock`` stops at
  every session boundary of ``market/calendar``). At the close funds fill at the NAV, the SMA is checked for Reg T calls
  (``margin/sma``), the exposure fee assessed (``risk/fee_ledger``), partitions billed and sampled, ready markets
  tested; DAY orders expire at their end; when after hours end, advisor orders still working are distributed for
  the day; at the next pre-market expired contracts are deactivated and settled (``orders/expiration``); at the
  open ``SessionOpened`` rolls the prior closes and the exposure fees are charged.
"""

from workstation.engine.allocation.models import Model
from workstation.engine.allocation.setup import AllocationGroup, AllocationPresets
from workstation.engine.api import SNAPSHOT_FORMAT, Accepted, Engine, EngineHalted, Result
from workstation.engine.core.account_tags import AccountTag
from workstation.engine.core.errors import Rejected, Rejection
from workstation.engine.core.fee_schedule import Billing, FeeKind, FeeSchedule
from workstation.engine.core.instruments import Instrument, InstrumentCatalog, ProductClass, Right, SecType
from workstation.engine.core.terms import (
    AccountType,
    Action,
    AllocationMethod,
    ComboLeg,
    MarketState,
    OrderStatus,
    OrderType,
    TimeInForce,
)
from workstation.engine.core.universe import Universe, build_universe
from workstation.engine.funding.history import Transaction, WaitingMoney
from workstation.engine.funding.market_data_terms import MARKET_DATA_TERMS, Bundle, MarketDataMonth, MarketDataTerms
from workstation.engine.funding.records import FundingKind, FundingRecord
from workstation.engine.funding.terms import FundingTerms, SecurityDevice
from workstation.engine.funding.withdrawals import WithdrawalOutlook
from workstation.engine.ledger.accounts import Account, Permission, Position, UnsettledCash
from workstation.engine.ledger.valuation import PositionValue, avg_cost_per_contract, avg_cost_per_unit
from workstation.engine.login_reads import LoginReads
from workstation.engine.margin.batch import BatchFigures
from workstation.engine.margin.day_trading_call import DayTradingCall
from workstation.engine.margin.impact import MarginImpact
from workstation.engine.market.bars import PriceBars
from workstation.engine.market.calendar import EASTERN, ExchangeCalendar
from workstation.engine.market.quotes import Quote
from workstation.engine.messages.commands import (
    AdvanceClock,
    BustExecution,
    CancelOrder,
    ChangeBaseCurrency,
    Command,
    CorrectExecution,
    DefineGroup,
    DefineModel,
    DefineUser,
    Deposit,
    DivestFromModel,
    ForceExecution,
    InvestInModel,
    ModifyOrder,
    OpenAccount,
    PlaceOrder,
    RequestAccountType,
    RequestPartition,
    RequestTradingPermissions,
    ResetPaperAccount,
    SeedPosition,
    SetAllocationPresets,
    SetExcessFundsSweep,
    SetPrice,
    SetSecurityDevice,
    SubscribeMarketData,
    TransferCash,
    TransferPosition,
    UnsubscribeMarketData,
    Withdraw,
    command_types,
)
from workstation.engine.messages.events import (
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
    AllocationRow,
    BaseCurrencyChanged,
    BaseCurrencyRequested,
    CashBooked,
    CashSettled,
    CashTransferred,
    ClockAdvanced,
    CommandRejected,
    CommissionRestated,
    ContractExpired,
    DepositNotified,
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
    MarginabilityChanged,
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
    PositionSettled,
    PositionTransferred,
    PriceSet,
    QuotesUpdated,
    RegTCallIssued,
    SecurityDeviceSet,
    SessionOpened,
    TradingPermissionsGranted,
    TradingPermissionsRequested,
    UserDefined,
    WithdrawalFeeCharged,
    event_types,
)
from workstation.engine.messages.journal import Journal, MemoryJournal, NullJournal
from workstation.engine.orders.allocation_plan import DriftRow
from workstation.engine.orders.audit import AuditEntry
from workstation.engine.orders.history import History, MemoryHistory
from workstation.engine.orders.order import DONE_STATUSES, WORKING_STATUSES, Order
from workstation.engine.partitions.desk import PartitionView
from workstation.engine.partitions.performance import PartitionPerformance
from workstation.engine.partitions.records import UserGrant
from workstation.engine.risk.fee_ledger import ExposureFeeImpact, ExposureFeeView
from workstation.engine.risk.liquidation import LIQUIDATION_REF
from workstation.engine.risk.pnl_curve import PnlCurve
from workstation.engine.trading.configuration import ConfigurationRequest, PermissionCell
from workstation.engine.trading.paper import PaperReset, open_paper_account
from workstation.engine.trading.preview import OrderPreview
from workstation.engine.views.account_totals import AccountTotals
from workstation.engine.views.activity_statement import ActivityStatement
from workstation.engine.views.advisor_setup import AdvisorSetupView, FieldProblem, GroupDraft
from workstation.engine.views.trades_summary import TradeSummaryRow

__all__ = [
    # the facade
    "Engine", "Accepted", "Result", "EngineHalted", "SNAPSHOT_FORMAT", "LoginReads",
    "Journal", "MemoryJournal", "NullJournal", "History", "MemoryHistory",
    # refusals
    "Rejected", "Rejection", "AccountTag",
    # IB's terms
    "AccountType", "Action", "AllocationMethod", "ComboLeg", "MarketState", "OrderStatus", "OrderType",
    "TimeInForce", "DONE_STATUSES", "WORKING_STATUSES",
    # contracts, the universe, the calendar
    "Universe", "build_universe", "Instrument", "InstrumentCatalog", "SecType", "Right", "ProductClass",
    "ExchangeCalendar", "EASTERN",
    # fees
    "FeeSchedule", "FeeKind", "Billing",
    # commands
    "Command", "command_types", "SeedPosition",
    "OpenAccount", "PlaceOrder", "DefineGroup", "DefineModel", "InvestInModel", "DivestFromModel",
    "SetAllocationPresets", "ModifyOrder", "CancelOrder", "ForceExecution", "CorrectExecution", "BustExecution",
    "SetPrice", "AdvanceClock", "RequestPartition", "TransferCash", "TransferPosition", "Deposit", "Withdraw",
    "SetExcessFundsSweep", "DefineUser", "SetSecurityDevice", "RequestAccountType", "RequestTradingPermissions",
    "ChangeBaseCurrency", "ResetPaperAccount", "SubscribeMarketData", "UnsubscribeMarketData",
    # events
    "Event", "event_types", "AllocationRow",
    "AccountOpened", "CashBooked", "PositionChanged", "OrderPlaced", "OrderModified", "OrderStatusChanged",
    "ExecutionReported", "ContractExpired", "PositionSettled", "GroupDefined", "AllocationPresetsChanged",
    "ModelDefined", "ModelInvestmentChanged", "AllocationPlanned", "AllocationBooked", "AllocationFinalized",
    "ExecutionBusted", "ExecutionCorrected", "CommissionRestated", "PriceSet", "ClockAdvanced", "MarketStateChanged",
    "SessionOpened", "QuotesUpdated",
    "AccountValuesChanged", "RegTCallIssued", "ExposureFeeNotice", "ExposureFeeCharged", "LiquidationStarted",
    "MarginabilityChanged", "CommandRejected", "PartitionRequested", "PartitionOpened", "CashTransferred",
    "PositionTransferred", "FundsDeposited", "FundsWithdrawn", "AdvisorFeeCharged", "CashSettled", "AccountRestricted",
    "ExcessFundsSweepSet", "UserDefined", "EnteredByUser", "DepositNotified", "WithdrawalFeeCharged",
    "SecurityDeviceSet",
    "AccountTypeRequested", "AccountTypeChanged", "TradingPermissionsRequested", "TradingPermissionsGranted",
    "BaseCurrencyRequested", "BaseCurrencyChanged", "PaperResetRequested", "PaperAccountReset", "PaperResetCancelled",
    "MarketDataSubscribed", "MarketDataUnsubscribed", "MarketDataFeeCharged", "MarketDataFeeWaived",
    # read models: what the engine's reads return
    "Account", "Position", "Permission", "UnsettledCash", "PositionValue", "Quote", "PriceBars", "Order",
    "LIQUIDATION_REF",
    "avg_cost_per_contract", "avg_cost_per_unit",
    "DriftRow", "AuditEntry", "TradeSummaryRow", "OrderPreview", "MarginImpact", "ExposureFeeImpact",
    "ExposureFeeView", "BatchFigures", "AccountTotals", "PnlCurve", "FundingRecord", "FundingKind", "PartitionView",
    "UserGrant",
    "PartitionPerformance", "ActivityStatement", "AdvisorSetupView", "FieldProblem", "GroupDraft",
    "AllocationGroup", "AllocationPresets", "Model", "DayTradingCall", "ConfigurationRequest", "PermissionCell",
    "PaperReset", "open_paper_account",
    "Transaction", "WaitingMoney", "SecurityDevice", "FundingTerms", "WithdrawalOutlook",
    "Bundle", "MarketDataMonth", "MarketDataTerms", "MARKET_DATA_TERMS",
]
