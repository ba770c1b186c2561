"""The layout the workstation's windows share: a row of labelled controls above the window's body."""

from __future__ import annotations

from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

MARGIN = 8


def controls_row(parent: QWidget, label: str, control: QWidget, info: QWidget | None = None) -> QHBoxLayout:
    """``label`` and its ``control`` on the left, then ``info`` (a heading, a count) taking the rest."""
    row = QHBoxLayout()
    row.addWidget(QLabel(label, parent))
    row.addWidget(control, 1 if info is None else 0)
    if info is not None:
        row.addSpacing(12)
        row.addWidget(info, 1)
    return row


def stack(window: QWidget, top: QBoxLayout, *body: QWidget) -> QVBoxLayout:
    """``top`` above the ``body`` widgets; the last one takes the spare height."""
    layout = QVBoxLayout(window)
    layout.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
    layout.addLayout(top)
    for number, widget in enumerate(body):
        layout.addWidget(widget, 1 if number == len(body) - 1 else 0)
    return layout
