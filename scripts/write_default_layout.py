"""Regenerate ``resources/default_layout.xml``, the arrangement a new user's Mosaic opens with.

Run it after adding, renaming or regrouping panels (and bump ``workspace.STATE_VERSION`` when a
saved layout can no longer apply):

    QT_QPA_PLATFORM=offscreen python scripts/write_default_layout.py

It builds the main window over a fresh demo engine at 1400 x 860, sizes the columns and rows as the
default wants them, and writes QtAds' state as readable XML.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from workstation.scenario.demo import demo_engine  # noqa: E402
from workstation.ui import object_names as names  # noqa: E402
from workstation.ui.app import ensure_application  # noqa: E402
from workstation.ui.bridge import EngineBridge  # noqa: E402
from workstation.ui.main_window import MainWindow  # noqa: E402
from workstation.ui.theme import apply_theme  # noqa: E402
from workstation.ui.workspace import DEFAULT_LAYOUT_RESOURCE  # noqa: E402

WINDOW = (1400, 860)
COLUMNS = (760, 640)
"""Order Entry and Monitor on the left; Chart and Activity on the right."""
LEFT_ROWS = (222, 528)
RIGHT_ROWS = (430, 320)


def main() -> int:
    app = ensure_application()
    apply_theme(app)
    engine, _profile = demo_engine()
    bridge = EngineBridge(engine)
    window = MainWindow(bridge, user="demo", account="", settings=None, default_layout=False)
    window.resize(*WINDOW)
    window.show()
    app.processEvents()
    workspace = window.workspace
    workspace.set_sizes(names.ORDER_ENTRY_DOCK, COLUMNS, outer=True)
    workspace.set_sizes(names.ORDER_ENTRY_DOCK, LEFT_ROWS)
    workspace.set_sizes(names.ACTIVITY_DOCK, RIGHT_ROWS)
    app.processEvents()
    out = Path(__file__).resolve().parent.parent / "resources" / DEFAULT_LAYOUT_RESOURCE
    out.write_bytes(bytes(workspace.save_state().data()))
    print(f"wrote {out}")
    window.close()
    bridge.close()
    QApplication.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
