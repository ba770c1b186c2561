"""Account -> Audit Trail: the engine's trail of order changes, live and filterable."""

from __future__ import annotations

from decimal import Decimal

from workstation.engine.api import Engine
from workstation.engine.core.terms import Action, OrderType
from workstation.engine.messages.commands import CancelOrder, PlaceOrder
from workstation.ui.bridge import EngineBridge
from workstation.ui.dialogs.audit_trail_dialog import AuditTrailDialog, AuditTrailTableModel

D = Decimal


def events_shown(dialog: AuditTrailDialog) -> list[str]:
    return [dialog.proxy.index(r, 2).data() for r in range(dialog.proxy.rowCount())]


def test_the_trail_follows_orders_as_they_change(qtbot, bridge: EngineBridge, engine: Engine, account: str) -> None:
    dialog = AuditTrailDialog(bridge)
    qtbot.addWidget(dialog)

    placed = bridge.submit(PlaceOrder(account, "AAPL", Action.BUY, D(10), OrderType.LMT, D("100.00")))
    order_id = placed.events[0].order_id
    bridge.submit(CancelOrder(order_id))

    assert events_shown(dialog) == ["Placed", "PendingSubmit", "Submitted", "PendingCancel", "Cancelled"]
    assert dialog.model.rowCount() == len(engine.audit_trail())


def test_the_filter_keeps_the_lines_that_mention_the_text(qtbot, bridge: EngineBridge, account: str) -> None:
    bridge.submit(PlaceOrder(account, "AAPL", Action.BUY, D(10)))
    bridge.submit(PlaceOrder(account, "MSFT", Action.BUY, D(5), OrderType.LMT, D("1.00")))
    dialog = AuditTrailDialog(bridge)
    qtbot.addWidget(dialog)

    qtbot.keyClicks(dialog.filter, "msft")

    assert events_shown(dialog) == ["Placed"]


def test_the_model_passes_the_model_tester_as_it_grows_and_reloads(qtmodeltester, engine: Engine,
                                                                    account: str) -> None:
    model = AuditTrailTableModel(engine.audit_trail())
    qtmodeltester.check(model, force_py=True)

    engine.execute(PlaceOrder(account, "AAPL", Action.BUY, D(10)))
    model.follow(engine.audit_trail())
    grown = model.rowCount()
    model.follow(engine.audit_trail()[2:])  # the engine dropped its oldest lines: reload

    assert grown > 0 and model.rowCount() == grown - 2
