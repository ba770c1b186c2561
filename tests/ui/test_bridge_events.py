"""The bridge forwards every event a view needs: each event the engine defines has a signal or is named,
with the reason, as needed by no view; corrections, busts and allocations arrive as signals of their own,
scoped to the login."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from decimal import Decimal

import pytest
from PySide6.QtTest import QSignalSpy

import workstation.engine
from tests.two_customers import ADVISOR, CLIENTS, INDIVIDUAL, opening, run
from workstation.engine.api import Engine
from workstation.engine.core.terms import Action, OrderType
from workstation.engine.messages.commands import (
    BustExecution,
    CancelOrder,
    CorrectExecution,
    ForceExecution,
    PlaceOrder,
)
from workstation.engine.messages.events import (
    AllocationFinalized,
    AllocationPlanned,
    CommissionRestated,
    ExecutionBusted,
    ExecutionCorrected,
    event_types,
)
from workstation.ui.bridge import NOT_FORWARDED, EngineBridge

D = Decimal


def every_event_type() -> set[type]:
    """The registry after every engine module is imported, so an event defined anywhere is counted."""
    for module in pkgutil.walk_packages(workstation.engine.__path__, "workstation.engine."):
        importlib.import_module(module.name)
    return set(event_types())


def test_every_event_the_engine_defines_is_forwarded_or_named_as_needed_by_no_view(bridge: EngineBridge) -> None:
    defined = every_event_type()
    forwarded, not_needed = bridge.forwarded, set(NOT_FORWARDED)

    assert not forwarded & not_needed, "an event both forwarded and said to be needed by no view"
    assert defined - forwarded - not_needed == set(), "forward these, or say in NOT_FORWARDED why no view needs them"
    assert (forwarded | not_needed) - defined == set(), "events the engine no longer defines"
    assert all(len(reason.split()) >= 5 for reason in NOT_FORWARDED.values()), "each reason says why"


def filled_execution(bridge: EngineBridge, account: str, quantity: str = "10") -> tuple[int, str]:
    bridge.submit(PlaceOrder(account, "AAPL", Action.BUY, D(quantity), OrderType.MKT))
    [execution] = bridge.engine.executions()[-1:]
    return execution.order_id, execution.exec_id


def test_a_correction_is_its_own_signal_with_the_old_and_new_price(qtbot, bridge: EngineBridge, account: str) -> None:
    order_id, exec_id = filled_execution(bridge, account)
    old_price = bridge.engine.executions(order_id)[0].price

    with qtbot.waitSignal(bridge.sig_execution_corrected, timeout=0) as corrected:
        bridge.submit(CorrectExecution(exec_id, D("199.10")))

    [event] = corrected.args
    assert isinstance(event, ExecutionCorrected)
    assert (event.exec_id, event.order_id, event.old_price, event.new_price) == (exec_id, order_id, old_price,
                                                                                 D("199.10"))


def test_a_bust_is_its_own_signal_with_the_units_taken_back(qtbot, bridge: EngineBridge, account: str) -> None:
    order_id, exec_id = filled_execution(bridge, account)
    corrections = QSignalSpy(bridge.sig_execution_corrected)

    with qtbot.waitSignal(bridge.sig_execution_busted, timeout=0) as busted:
        bridge.submit(BustExecution(exec_id))

    [event] = busted.args
    assert isinstance(event, ExecutionBusted)
    assert (event.exec_id, event.order_id, event.allocations) == (exec_id, order_id, ((account, D(10)),))
    assert corrections.count() == 0


# -- who hears what -------------------------------------------------------------------------------

@pytest.fixture
def customers(engine: Engine) -> Engine:
    """The two customers' accounts beside the demo account; the advisor's group G is C1 20, C2 10."""
    return run(engine, opening())


@pytest.fixture
def client_bridge(customers: Engine) -> Iterator[EngineBridge]:
    """A bridge whose views are signed in as the advisor's first client."""
    bridge = EngineBridge(customers)
    bridge.login = CLIENTS[0]
    yield bridge
    bridge.close()


def test_a_login_hears_no_bust_of_an_order_it_does_not_see(client_bridge: EngineBridge, customers: Engine) -> None:
    run(customers, [PlaceOrder(INDIVIDUAL, "AAPL", Action.BUY, D(10), entered_by=INDIVIDUAL)])
    [execution] = customers.executions()
    busts, corrections = QSignalSpy(client_bridge.sig_execution_busted), QSignalSpy(
        client_bridge.sig_execution_corrected)

    run(customers, [CorrectExecution(execution.exec_id, execution.price - 1), BustExecution(execution.exec_id)])

    assert (busts.count(), corrections.count()) == (0, 0)


def test_a_client_hears_the_bust_and_allocations_of_its_advisors_order_as_its_own_share(
        qtbot, client_bridge: EngineBridge, customers: Engine) -> None:
    mine = CLIENTS[0]
    with qtbot.waitSignal(client_bridge.sig_allocation_planned, timeout=0) as planned:
        run(customers, [PlaceOrder(ADVISOR, "KO", Action.BUY, D(0), OrderType.LMT, D(1), fa_group="G")])
    [event] = planned.args
    order_id = event.order_id
    assert isinstance(event, AllocationPlanned)
    assert [row.account for row in event.rows] == [mine]

    run(customers, [ForceExecution(order_id, D(9), D(1))])
    [execution] = customers.executions(order_id)
    assert {account for account, _ in execution.allocations} == set(CLIENTS)
    with qtbot.waitSignal(client_bridge.sig_execution_busted, timeout=0) as busted:
        run(customers, [BustExecution(execution.exec_id)])
    assert [account for account, _ in busted.args[0].allocations] == [mine]

    run(customers, [ForceExecution(order_id, D(9), D(1))])
    with qtbot.waitSignal(client_bridge.sig_allocation_finalized, timeout=0) as finalized:
        run(customers, [CancelOrder(order_id)])
    [event] = finalized.args
    assert isinstance(event, AllocationFinalized)
    assert event.order_id == order_id
    assert [account for account, _ in event.allocations] == [mine]


def test_a_client_hears_its_advisors_restated_commission_as_its_own_part(qtbot, client_bridge: EngineBridge,
                                                                        customers: Engine) -> None:
    mine = CLIENTS[0]
    run(customers, [PlaceOrder(ADVISOR, "KO", Action.BUY, D(0), OrderType.LMT, D(1), fa_group="G")])
    order_id = customers.newest_order_id()
    run(customers, [ForceExecution(order_id, D(9), D(1)), ForceExecution(order_id, D(9), D(1))])
    first = customers.executions(order_id)[0]

    with qtbot.waitSignal(client_bridge.sig_commission_restated, timeout=0) as restated:
        run(customers, [BustExecution(first.exec_id)])

    [event] = restated.args
    assert isinstance(event, CommissionRestated)
    assert (event.order_id, event.account, event.symbol, event.action) == (order_id, ADVISOR, "KO", Action.BUY)
    assert [account for account, _ in event.accounts] == [mine]
