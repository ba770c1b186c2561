"""The workstation survives the Qt binding's known faults (see ``workstation.ui.qt_binding``)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from workstation.ui.qt_binding import needs_bool_guard

EMITS = """
import sys
from PySide6.QtCore import QCoreApplication, QObject, Signal
{guard}
app = QCoreApplication([])
class Emitter(QObject):
    sig_value = Signal(object)
emitter = Emitter()
for value in range(20_000):
    emitter.sig_value.emit(value)
    emitter.setObjectName("emitter")  # returns None
    emitter.findChild(QObject, "nothing")  # finds nothing: None
print("survived", sys.getrefcount(True) > 0 and sys.getrefcount(None) > 0)
"""


@pytest.mark.parametrize(("version", "python", "needed"), [
    ("6.12.0", (3, 11), True), ("6.12.0", (3, 12), False), ("6.11.2", (3, 11), False), ("6.12.1", (3, 11), False)])
def test_the_guard_is_only_for_the_faulty_release_on_python_before_3_12(version, python, needed) -> None:
    assert needs_bool_guard(version, python) is needed


def test_a_process_emitting_many_signals_runs_and_exits_cleanly_with_the_guard() -> None:
    script = EMITS.format(guard="from workstation.ui.qt_binding import apply_binding_guards; apply_binding_guards()")

    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False)

    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "survived True"
