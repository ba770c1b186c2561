"""Finding a window's widgets by object name, as an outside automation would: shared by the tests
that drive dialogs through the automation contract."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel, QWidget


def find(root: QWidget, name: str, kind: type = QObject):
    """``root`` itself or its child named ``name`` of type ``kind``; fails the test if there is none."""
    found = root if root.objectName() == name else root.findChild(kind, name)
    assert found is not None, f"no {kind.__name__} named {name!r}"
    return found


def text_of(root: QWidget, name: str) -> str:
    return find(root, name, QLabel).text()
