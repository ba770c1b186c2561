"""An order's status and fill accounting have one owner: only ``orders/order.py`` writes an order's
``status``, ``filled``, ``filled_value`` and ``avg_fill_price`` (the status through its transition
table), and only ``orders/allocation_plan.py`` an advisor account's share of the fill value.

The scan reads every module of the package and refuses any other assignment, augmented assignment,
``setattr``, constructor or ``replace`` keyword that sets one of these attributes. Unrelated objects that have a
``status`` of their own are listed by module and target, with what they are."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PACKAGE = ROOT / "workstation"

GUARDED = frozenset({"status", "filled", "filled_value", "avg_fill_price"})
OWNERS: dict[str, frozenset[str]] = {
    "workstation/engine/orders/order.py": GUARDED,
    # AccountAllocation.filled_value: one account's share of the order's fill value.
    "workstation/engine/orders/allocation_plan.py": frozenset({"filled_value"}),
}
NOT_AN_ORDER: dict[tuple[str, str], str] = {
    ("workstation/engine/partitions/lifecycle.py", "partition.status"): "a partition's PartitionStatus",
    ("workstation/ui/main_window.py", "self.status"): "the main window's status bar widget",
    ("workstation/ui/dialogs/order_preview_dialog.py", "self.status"): "the preview dialog's status label",
}
BUILDERS = frozenset({"Order", "AccountAllocation", "replace"})
"""Calls whose keywords set fields: the classes, and ``dataclasses.replace``."""


def writes(source: str) -> list[tuple[int, str, str]]:
    """Every place ``source`` sets a guarded attribute: (line, attribute, what is written to)."""
    found: list[tuple[int, str, str]] = []

    def target(node: ast.expr) -> None:
        if isinstance(node, (ast.Tuple, ast.List)):
            for element in node.elts:
                target(element)
        elif isinstance(node, ast.Starred):
            target(node.value)
        elif isinstance(node, ast.Attribute) and node.attr in GUARDED:
            found.append((node.lineno, node.attr, ast.unparse(node)))

    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assign):
            for each in node.targets:
                target(each)
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            target(node.target)
        elif isinstance(node, ast.Call):
            name = ast.unparse(node.func)
            if name in {"setattr", "object.__setattr__"} and len(node.args) >= 2 \
                    and isinstance(node.args[1], ast.Constant) and node.args[1].value in GUARDED:
                found.append((node.lineno, node.args[1].value, f"{name}({ast.unparse(node.args[0])}, ...)"))
            elif name.rsplit(".", 1)[-1] in BUILDERS:
                found.extend((node.lineno, keyword.arg, f"{name}({keyword.arg}=...)")
                             for keyword in node.keywords if keyword.arg in GUARDED)
    return sorted(found)


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_the_scan_sees_every_way_of_writing_an_attribute():
    source = (
        "order.filled += quantity\n"
        "order.filled_value = value\n"
        "change, order.avg_fill_price = 1, 2\n"
        "order.status: OrderStatus = OrderStatus.FILLED\n"
        "setattr(order, 'filled', 0)\n"
        "object.__setattr__(order, 'status', status)\n"
        "Order(1, 'U1', status=OrderStatus.INACTIVE)\n"
        "rows.AccountAllocation('U1', filled_value=x)\n"
        "dataclasses.replace(order, avg_fill_price=x)\n"
        "order.commission += 1\n"
        "total = order.filled\n"
        "status = order.status\n"
    )
    assert writes(source) == [
        (1, "filled", "order.filled"),
        (2, "filled_value", "order.filled_value"),
        (3, "avg_fill_price", "order.avg_fill_price"),
        (4, "status", "order.status"),
        (5, "filled", "setattr(order, ...)"),
        (6, "status", "object.__setattr__(order, ...)"),
        (7, "status", "Order(status=...)"),
        (8, "filled_value", "rows.AccountAllocation(filled_value=...)"),
        (9, "avg_fill_price", "dataclasses.replace(avg_fill_price=...)"),
    ]


def test_only_the_order_writes_its_status_and_fills():
    offenders = []
    for path in _modules():
        module = _relative(path)
        for line, attribute, written in writes(path.read_text(encoding="utf-8")):
            if attribute in OWNERS.get(module, frozenset()) or (module, written) in NOT_AN_ORDER:
                continue
            offenders.append(f"{module}:{line}: {written} (an order's {attribute} changes in orders/order.py)")
    assert offenders == []


@pytest.mark.parametrize(("module", "written"), sorted(NOT_AN_ORDER))
def test_every_exception_names_a_write_that_exists(module, written):
    """An exception outlives its write only as a hole in the scan."""
    assert any(w == written for _, _, w in writes((ROOT / module).read_text(encoding="utf-8")))


def test_the_owners_exist():
    assert all((ROOT / module).is_file() for module in OWNERS)


def test_inside_the_order_only_move_to_sets_the_status():
    """So every status change is checked against the transition table."""
    tree = ast.parse((ROOT / "workstation/engine/orders/order.py").read_text(encoding="utf-8"))
    setters = {function.name for function in ast.walk(tree) if isinstance(function, ast.FunctionDef)
               for _, attribute, _ in writes(ast.unparse(function)) if attribute == "status"}
    assert setters == {"move_to"}
