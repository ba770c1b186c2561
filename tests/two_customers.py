"""Two customers on one brokerage, for tests of who sees what (engine read models and the views).

- Individual ``DU1`` holds a second account ``DU1B``; it bought 10 AAPL in DU1 and 5 KO in DU1B.
- Advisor ``DF1`` manages ``C1`` and ``C2`` (group ``G``: C1 20, C2 10) and bought 30 KO for G.
- Individual ``DU9`` is nobody's client: it bought 20 MSFT, and has a partition managed by
  ``F5100001`` (Avery Stone), funded with 20,000 USD, in which the advisor bought 10 XOM.

The script starts on Tuesday 24 Nov 2026 at 10:00 ET and ends on Wednesday at 10:00.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from workstation.engine.api import Accepted, Engine
from workstation.engine.core.terms import AccountType, Action, AllocationMethod
from workstation.engine.market.calendar import EASTERN
from workstation.engine.messages.commands import (
    AdvanceClock,
    Command,
    DefineGroup,
    OpenAccount,
    PlaceOrder,
    RequestPartition,
    TransferCash,
)

INDIVIDUAL, SECOND, ADVISOR, CLIENTS, STRANGER = "DU1", "DU1B", "DF1", ("C1", "C2"), "DU9"
PARTITION_ADVISOR = "F5100001"
START = datetime(2026, 11, 24, 10, 0, tzinfo=EASTERN)


def _usd(amount: int) -> tuple[tuple[str, Decimal], ...]:
    return (("USD", Decimal(amount)),)


def opening() -> list[Command]:
    """The accounts and the advisor's group."""
    return [
        OpenAccount(INDIVIDUAL, AccountType.MARGIN, cash=_usd(250_000)),
        OpenAccount(SECOND, AccountType.CASH, cash=_usd(40_000), holder=INDIVIDUAL),
        OpenAccount(ADVISOR, AccountType.ADVISOR),
        *(OpenAccount(client, AccountType.MARGIN, cash=_usd(100_000), advisor=ADVISOR) for client in CLIENTS),
        OpenAccount(STRANGER, AccountType.MARGIN, cash=_usd(100_000)),
        DefineGroup(ADVISOR, "G", AllocationMethod.CONTRACTS_OR_SHARES,
                    (("C1", Decimal(20)), ("C2", Decimal(10)))),
    ]


def trading() -> list[Command]:
    """Each customer's trades, the stranger's partition and the advisor's trade in it."""
    return [
        PlaceOrder(INDIVIDUAL, "AAPL", Action.BUY, Decimal(10), entered_by=INDIVIDUAL),
        PlaceOrder(SECOND, "KO", Action.BUY, Decimal(5), entered_by=INDIVIDUAL),
        PlaceOrder(ADVISOR, "KO", Action.BUY, Decimal(30), fa_group="G", entered_by=ADVISOR),
        PlaceOrder(STRANGER, "MSFT", Action.BUY, Decimal(20), entered_by=STRANGER),
        RequestPartition(STRANGER, PARTITION_ADVISOR, "Avery Stone", ("STK:US", "CASH")),
        AdvanceClock(datetime(2026, 11, 24, 18, 30, tzinfo=EASTERN)),
        TransferCash(STRANGER, partition_id(), "USD", Decimal(20_000)),
        AdvanceClock(datetime(2026, 11, 25, 10, 0, tzinfo=EASTERN)),
        PlaceOrder(partition_id(), "XOM", Action.BUY, Decimal(10), entered_by=PARTITION_ADVISOR),
    ]


def partition_id() -> str:
    """The stranger's partition account (the engine names a partition after its parent)."""
    return f"{STRANGER}-P1"


def run(engine: Engine, commands: list[Command]) -> Engine:
    for command in commands:
        result = engine.execute(command)
        assert isinstance(result, Accepted), (command, result)
    return engine
