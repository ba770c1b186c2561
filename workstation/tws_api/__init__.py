"""The TWS API socket server: real IB API programs (ib_async, ibapi) connect to the engine.

``wire`` frames and negotiates, ``server`` owns the sockets on its own thread, ``session`` answers
one client's requests, ``replies`` builds the session's messages, ``adapter`` is the engine as a
session sees it and ``link`` the one marshalling point between the socket thread and the engine's
thread. ``gateway`` serves an engine headless (``workstation gateway``). This package never
imports Qt or the UI.
"""
