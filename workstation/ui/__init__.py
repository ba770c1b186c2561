"""The Qt workstation: the only package that imports PySide6 or pyqtgraph.

Entry points live in :mod:`workstation.ui.app` (``run_gui``, ``render_screenshot``,
``display_available``); importing this package itself loads no Qt.
"""
