"""Refusals carry their field apart from their reason, and nothing reads the field back out of the text.

Every refusal an engine test provokes is checked by ``tests/conftest.py``; these tests check the
source itself: how refusals are raised, and that no code parses a message for its field.
"""

from __future__ import annotations

import ast
import dataclasses
import re
from decimal import Decimal
from pathlib import Path

import pytest

from tests.factories import WHOLE_COMMAND, assert_names_a_field_of, ok, order
from workstation.engine.core.errors import FieldTypeError, FieldValueError, Rejected, Rejection
from workstation.engine.core.money import to_decimal
from workstation.engine.core.terms import AccountType
from workstation.engine.messages.commands import OpenAccount, PlaceOrder, TransferCash, command_types

WORKSTATION = Path(__file__).resolve().parents[3] / "workstation"
ENGINE = WORKSTATION / "engine"

FIELD_PREFIX = re.compile(r"[A-Za-z_][\w.\[\]{}]*: ")
"""How a message that still carries its field starts: ``total_quantity: ``, ``legs[{i}].ratio: ``."""

REFUSALS = {"Rejection": 3, "Rejected": 3, "FieldValueError": 2, "FieldTypeError": 2}
"""Refusal constructors and how many arguments each takes: (code,) field, message."""

COMMAND_FIELDS = {f.name for command in command_types() for f in dataclasses.fields(command)}


def calls(root: Path, names: set[str]):
    """(path, call) for every call of a function named in ``names`` under ``root``."""
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names:
                yield path.relative_to(WORKSTATION.parent), node


def opening_text(node: ast.expr) -> str | None:
    """The literal text a string argument starts with (up to its first placeholder), or None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(part.value for part in node.values[:1] if isinstance(part, ast.Constant))
    return None


def test_every_refusal_is_raised_with_its_field_apart_from_its_reason():
    wrong = []
    for path, call in calls(WORKSTATION, set(REFUSALS)):
        if call.func.id in ("FieldValueError", "FieldTypeError") and path.name == "errors.py":
            continue
        if len(call.args) != REFUSALS[call.func.id] or call.keywords:
            wrong.append(f"{path}:{call.lineno}: {call.func.id} takes {REFUSALS[call.func.id]} arguments")
            continue
        message = opening_text(call.args[-1])
        if message is not None and FIELD_PREFIX.match(message):
            wrong.append(f"{path}:{call.lineno}: the reason starts with a field: {message!r}")
    assert wrong == []


def test_a_field_the_engine_names_by_name_is_a_command_field():
    """A field written out (not computed) is a command's field, a path into one, or the command."""
    strays = []
    for path, call in calls(ENGINE, {"Rejection", "Rejected"}):
        field = call.args[1] if len(call.args) == 3 else None
        text = opening_text(field) if field is not None else None
        if not text:
            continue  # computed: the refusals the suites provoke are checked as they happen
        root = re.split(r"[.\[{]", text, maxsplit=1)[0]
        if root != WHOLE_COMMAND and root not in COMMAND_FIELDS:
            strays.append(f"{path}:{call.lineno}: {text!r}")
    assert strays == []


def test_command_constructors_name_a_refused_value_with_a_typed_error():
    """A value a command (or the money gate, a fee schedule, a permission) cannot take raises
    ``FieldValueError``/``FieldTypeError``, never a bare ``ValueError("field: ...")`` to be parsed."""
    sources = [ENGINE / "messages" / "commands.py", ENGINE / "core" / "money.py", ENGINE / "core" / "fee_schedule.py",
               ENGINE / "ledger" / "accounts.py"]
    bare = []
    for source in sources:
        for node in ast.walk(ast.parse(source.read_text())):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
                    node.func.id in ("ValueError", "TypeError") and node.args:
                text = opening_text(node.args[0])
                if text is not None and FIELD_PREFIX.match(text):
                    bare.append(f"{source.name}:{node.lineno}: {text!r}")
    assert bare == []


PARSING_ALLOWED = {
    ("workstation/engine/ledger/accounts.py", 'text.strip().upper().partition(":")'),   # "STK:US", a permission
    ("workstation/ui/app.py", 'os.environ.get("QT_QPA_PLATFORM", "").split(":", 1)'),   # "offscreen:..."
}
"""Code that splits text on a colon for reasons other than a refusal's field."""


def test_nothing_reads_a_field_back_out_of_a_message():
    """No code splits text at a colon (``partition(":")``, ``split(": ")``, ...) to find a field,
    and the old parser ``field_of`` is gone."""
    found = []
    for path in sorted(WORKSTATION.rglob("*.py")):
        source = path.read_text()
        where = str(path.relative_to(WORKSTATION.parent))
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef) and node.name == "field_of":
                found.append(f"{where}:{node.lineno}: def field_of")
            if isinstance(node, ast.Name) and node.id == "field_of" or \
                    isinstance(node, ast.alias) and node.name == "field_of":
                found.append(f"{where}: uses field_of")
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                    node.func.attr in ("partition", "rpartition", "split", "rsplit", "index", "find") and \
                    any(isinstance(a, ast.Constant) and isinstance(a.value, str) and ":" in a.value
                        for a in node.args):
                call = ast.get_source_segment(source, node)
                if (where, call) not in PARSING_ALLOWED:
                    found.append(f"{where}:{node.lineno}: {call}")
    assert found == []


def test_the_text_is_the_field_then_the_reason_or_the_reason_alone():
    refused = Rejected("INVALID_QUANTITY", "total_quantity", "must be positive")
    assert refused.text == "total_quantity: must be positive"
    assert str(refused) == "INVALID_QUANTITY: total_quantity: must be positive"
    assert Rejected("HALTED", "", "the engine stopped").text == "the engine stopped"
    raised = Rejection("INVALID_COMBO", "legs[1].ratio", "2000 is more than the 1,000 a combo takes")
    assert str(raised) == "INVALID_COMBO: legs[1].ratio: 2000 is more than the 1,000 a combo takes"
    assert raised.rejected() == Rejected("INVALID_COMBO", "legs[1].ratio", "2000 is more than the 1,000 a combo takes")


@pytest.mark.parametrize(("build", "error", "field", "text"), [
    (lambda: to_decimal("abc", "amount"), FieldValueError, "amount", "amount: 'abc' is not a number"),
    (lambda: to_decimal(1.5, "amount"), FieldTypeError, "amount",
     "amount: floats are not accepted for money or quantities (1.5); pass a string or a Decimal"),
    (lambda: TransferCash("U1", "U1-P1", "USD", "1,00"), FieldValueError, "amount",
     "amount: '1,00' is not a number (commas only group thousands)"),
    (lambda: OpenAccount("U9", "Savings"), FieldValueError, "account_type",
     "account_type: 'Savings' is not one of " + ", ".join(t.value for t in AccountType)),
    (lambda: PlaceOrder("U1", "", "BUY", Decimal(1), legs=(("AAPL", "BUY", 1), ("MSFT", "HOLD", 1))),
     FieldValueError, "legs[1].action", "legs[1].action: 'HOLD' is not one of BUY, SELL"),
])
def test_a_value_a_command_cannot_take_names_its_field(build, error, field, text):
    with pytest.raises(error) as raised:
        build()
    assert (raised.value.field, str(raised.value)) == (field, text)
    assert str(raised.value) == f"{raised.value.field}: {raised.value.message}"


def test_the_check_of_every_refusal_fails_a_refusal_without_its_field():
    command = order()
    assert_names_a_field_of(command, Rejected("INVALID_QUANTITY", "total_quantity", "must be positive"))
    for unnamed in (Rejected("INVALID_QUANTITY", "", "total_quantity: must be positive"),       # not split
                    Rejected("INVALID_QUANTITY", "quantity_typed", "must be positive"),         # no such field
                    Rejected("INVALID_QUANTITY", "total_quantity", "total_quantity: twice")):   # field kept in
        with pytest.raises(AssertionError):
            assert_names_a_field_of(command, unnamed)


def test_a_refused_order_keeps_its_refusal_beside_its_inactive_line(engine):
    """The event and the Inactive line carry the field apart; the line's reason is the full text."""
    from workstation.engine.messages.events import CommandRejected
    heard: list[CommandRejected] = []
    engine.subscribe(heard.append, CommandRejected)
    result = engine.execute(order(quantity="0"))
    assert isinstance(result, Rejected) and result.field == "total_quantity"
    [event] = heard
    assert (event.code, event.field, event.message) == (result.code, result.field, result.message)
    assert engine.refusal_for(event.order_id) == result
    assert engine.order(event.order_id).status_reason == result.text
    ok(engine.execute(order(quantity="1")))
