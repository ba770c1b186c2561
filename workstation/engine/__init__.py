"""The brokerage engine: pure Python, deterministic, never imports Qt, SQLite or sockets.

Start with :class:`workstation.engine.engine.Engine`; commands are in ``commands``, events in
``events``.
"""
