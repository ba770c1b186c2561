"""Everything the engine knows, in one picklable object: the unit of a snapshot."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from workstation.engine.allocation.models import Model
from workstation.engine.allocation.setup import AllocationGroup, AllocationPresets
from workstation.engine.core.terms import MarketState
from workstation.engine.funding.records import DepositHold, FundingRecord
from workstation.engine.ledger.accounts import Account
from workstation.engine.market.simulator import MarketSimulator
from workstation.engine.messages.events import ExecutionReported
from workstation.engine.orders.audit import AuditedEvent
from workstation.engine.orders.order import Order
from workstation.engine.partitions.records import Partition


@dataclass(slots=True)
class EngineState:
    """All mutable state. ``accounts``: account_id -> Account; ``orders``: order_id -> Order;
    ``working``: the subset of ``orders`` not yet done, in time priority; ``executions``: every
    fill in time order (the events themselves are the records); ``settled``: expired contracts
    already settled; ``busted``: executions cancelled by a trade bust; ``groups``: (advisor, name)
    -> group; ``presets``: advisor -> presets; ``models``: (advisor, name) -> model portfolio;
    ``previous_day_elv``: account_id -> its securities Equity with Loan Value at the last 16:00 ET;
    ``sma``: margin account -> its Special Memorandum Account; ``day_traded``: accounts that traded
    securities since the open; ``reg_t_calls``: account -> the day of its last Reg T call;
    ``day_trades``: account -> its day trades on each recent day; ``opened_today``:
    (account, symbol) -> units opened since the open that a close would make a day trade;
    ``exposure_detected``: account -> the day its exposure fee was first detected (its notice);
    ``exposure_pending``: fees assessed at a close, by calendar day and product class, to charge at
    the next open; ``exposure_history``: every fee charged (day, product class, amount);
    ``soft_edge``: accounts in a maintenance deficit that Soft Edge Margin shelters until 15:45 ET;
    ``liquidations``: account -> the ids of the liquidation orders placed for it;
    ``ready_market_days``: foreign stock -> its recent (day, volume, close in USD) for the ready-market
    test; ``ready_market_failing``: the day a stock began failing it; ``not_marginable``: stocks
    without a ready market, margined at 100%; ``audit``: the latest events that changed orders,
    oldest first (the Audit Trail); ``partitions``: partition account id -> its partition, pending
    or open; ``funding``: every deposit, withdrawal, transfer and advisor fee, oldest first;
    ``deposit_holds``: deposits not yet withdrawable."""

    seed: int
    now: datetime
    market_state: MarketState
    market: MarketSimulator
    accounts: dict[str, Account] = field(default_factory=dict)
    orders: dict[int, Order] = field(default_factory=dict)
    working: dict[int, Order] = field(default_factory=dict)
    executions: list[ExecutionReported] = field(default_factory=list)
    settled: set[str] = field(default_factory=set)
    busted: set[str] = field(default_factory=set)
    groups: dict[tuple[str, str], AllocationGroup] = field(default_factory=dict)
    presets: dict[str, AllocationPresets] = field(default_factory=dict)
    models: dict[tuple[str, str], Model] = field(default_factory=dict)
    previous_day_elv: dict[str, Decimal] = field(default_factory=dict)
    sma: dict[str, Decimal] = field(default_factory=dict)
    day_traded: set[str] = field(default_factory=set)
    reg_t_calls: dict[str, date] = field(default_factory=dict)
    day_trades: dict[str, dict[date, int]] = field(default_factory=dict)
    opened_today: dict[tuple[str, str], Decimal] = field(default_factory=dict)
    exposure_detected: dict[str, date] = field(default_factory=dict)
    exposure_pending: dict[str, list[tuple[date, dict[str, Decimal]]]] = field(default_factory=dict)
    exposure_history: dict[str, list[tuple[date, str, Decimal]]] = field(default_factory=dict)
    soft_edge: set[str] = field(default_factory=set)
    liquidations: dict[str, list[int]] = field(default_factory=dict)
    ready_market_days: dict[str, list[tuple[date, Decimal, Decimal]]] = field(default_factory=dict)
    ready_market_failing: dict[str, date] = field(default_factory=dict)
    not_marginable: set[str] = field(default_factory=set)
    audit: list[AuditedEvent] = field(default_factory=list)
    partitions: dict[str, Partition] = field(default_factory=dict)
    funding: list[FundingRecord] = field(default_factory=list)
    deposit_holds: list[DepositHold] = field(default_factory=list)
    next_order_id: int = 1
    commands_applied: int = 0
