"""EngineHaltedBanner: the red bar across the main window when the engine stops after a fault."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QToolBar, QWidget

from workstation.ui import object_names as names


class EngineHaltedBanner(QToolBar):
    """Says once why trading stopped and what to do; hidden while the engine runs.

    A tool bar under the main tool bar, so it spans the window above the docked panels without
    taking part in the dock layout; it cannot be moved, floated or hidden by the user.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Engine stopped", parent)
        self.setObjectName(names.ENGINE_HALTED_BANNER)
        self.setMovable(False)
        self.setFloatable(False)
        self.toggleViewAction().setVisible(False)
        self.message = QLabel(self)
        self.message.setObjectName(names.ENGINE_HALTED_MESSAGE)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        # A tool bar lays out without height-for-width, so a wrapped label would ask for far too
        # much height: three lines are enough for the message at any usable window width.
        self.message.setMaximumHeight(self.message.fontMetrics().lineSpacing() * 3 + 12)
        self.addWidget(self.message)
        self.hide()

    def show_reason(self, reason: str) -> None:
        self.message.setText(
            f"Trading stopped: {reason}. Nothing after this point was accepted or saved, and the market "
            f"clock is stopped. Close the workstation and start it again: it reopens from the database as of "
            f"the last accepted command.")
        self.show()
