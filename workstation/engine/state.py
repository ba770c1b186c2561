"""Everything the engine keeps live, in one picklable object: the unit of a snapshot (the history rides beside it)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from workstation.engine.allocation.models import Model
from workstation.engine.allocation.setup import AllocationGroup, AllocationPresets
from workstation.engine.core.terms import MarketState
from workstation.engine.funding.market_data_terms import MarketDataMonth
from workstation.engine.funding.records import DepositHold, FundingRecord, PendingDeposit
from workstation.engine.funding.terms import SecurityDevice
from workstation.engine.ledger.accounts import Account
from workstation.engine.margin.day_trading_call import DayTradingCall
from workstation.engine.market.delayed import DelayedQuotes
from workstation.engine.market.simulator import MarketSimulator
from workstation.engine.orders.history import History, MemoryHistory
from workstation.engine.orders.order import Order
from workstation.engine.partitions.records import Partition, UserGrant
from workstation.engine.trading.configuration import ConfigurationRequest
from workstation.engine.trading.paper import PaperReset


@dataclass(slots=True)
class EngineState:
    """All mutable state: every room's book, composed. Each room declares the fields it owns, with
    their meaning, in a ``typing.Protocol`` named ``...Book`` (``orders/book.py: OrderBook``, ...;
    the comment above each group of fields names it); that book is the source of truth for who owns
    a field. Rooms never import this class: each annotates its ``state`` with a protocol made of the
    books it uses, which this class satisfies structurally (``tests/engine/test_state_books.py``
    holds both sides to it). The fields keep their historical order, which the snapshots' pickles
    depend on, so a room's fields are not always adjacent.

    ``history`` (done orders, executions, the Audit Trail) is not pickled: it lives outside the
    state, and the engine hands it back when it is restored (see ``Engine.from_snapshot``)."""

    # market: MarketBook
    seed: int
    now: datetime
    market_state: MarketState
    market: MarketSimulator
    # ledger: LedgerBook
    accounts: dict[str, Account] = field(default_factory=dict)
    # orders: OrderBook
    orders: dict[int, Order] = field(default_factory=dict)
    working: dict[int, Order] = field(default_factory=dict)
    settled: set[str] = field(default_factory=set)
    busted: set[str] = field(default_factory=set)
    # allocation: GroupBook, ModelBook
    groups: dict[tuple[str, str], AllocationGroup] = field(default_factory=dict)
    presets: dict[str, AllocationPresets] = field(default_factory=dict)
    models: dict[tuple[str, str], Model] = field(default_factory=dict)
    # margin: MarginBook
    previous_day_elv: dict[str, Decimal] = field(default_factory=dict)
    previous_day_nlv_c: dict[str, Decimal] = field(default_factory=dict)
    sma: dict[str, Decimal] = field(default_factory=dict)
    day_traded: set[str] = field(default_factory=set)
    reg_t_calls: dict[str, date] = field(default_factory=dict)
    day_trades: dict[str, dict[date, int]] = field(default_factory=dict)
    opened_today: dict[tuple[str, str], Decimal] = field(default_factory=dict)
    # risk: RiskBook
    exposure_detected: dict[str, date] = field(default_factory=dict)
    exposure_pending: dict[str, list[tuple[date, dict[str, Decimal]]]] = field(default_factory=dict)
    exposure_history: dict[str, list[tuple[date, str, Decimal]]] = field(default_factory=dict)
    soft_edge: set[str] = field(default_factory=set)
    liquidations: dict[str, list[int]] = field(default_factory=dict)
    # margin: MarginBook
    ready_market_days: dict[str, list[tuple[date, Decimal, Decimal]]] = field(default_factory=dict)
    ready_market_failing: dict[str, date] = field(default_factory=dict)
    not_marginable: set[str] = field(default_factory=set)
    # partitions: PartitionBook
    partitions: dict[str, Partition] = field(default_factory=dict)
    # funding: FundingBook
    funding: list[FundingRecord] = field(default_factory=list)
    deposit_holds: list[DepositHold] = field(default_factory=list)
    # orders: OrderBook
    next_order_id: int = 1
    # messages: JournalBook
    commands_applied: int = 0
    # margin: MarginBook
    pattern_day_traders: dict[str, date] = field(default_factory=dict)
    day_trading_excess: dict[str, Decimal] = field(default_factory=dict)
    day_trading_calls: dict[str, DayTradingCall] = field(default_factory=dict)
    segment_cash: dict[str, Decimal] = field(default_factory=dict)
    sweep_period: bool | None = None
    sweep_settings: dict[str, tuple[str, str, date]] = field(default_factory=dict)
    # risk: RiskBook
    cash_up_front: dict[str, date] = field(default_factory=dict)
    # partitions: UserBook
    users: dict[str, tuple[UserGrant, ...]] = field(default_factory=dict)
    # funding: FundingBook
    pending_deposits: list[PendingDeposit] = field(default_factory=list)
    security_devices: dict[str, SecurityDevice] = field(default_factory=dict)
    # trading: ConfigurationBook
    configuration_requests: list[ConfigurationRequest] = field(default_factory=list)
    # trading: PaperBook
    paper_resets: list[PaperReset] = field(default_factory=list)
    # funding: MarketDataBook
    market_data: dict[str, frozenset[str]] = field(default_factory=dict)
    market_data_months: dict[str, MarketDataMonth] = field(default_factory=dict)
    # market: MarketBook
    delayed_quotes: DelayedQuotes = field(default_factory=DelayedQuotes)
    # orders: OrderBook
    history: History = field(default_factory=MemoryHistory, repr=False, compare=False)

    def __getstate__(self) -> list[Any]:
        return [getattr(self, name) for name in _PICKLED]

    def __setstate__(self, values: list[Any]) -> None:
        for name, value in zip(_PICKLED, values, strict=True):
            object.__setattr__(self, name, value)
        self.history = MemoryHistory()  # a stand-in until the engine is given the history it belongs with


_PICKLED = tuple(f.name for f in fields(EngineState) if f.name != "history")
