"""The TWS API: the socket protocol real IB API programs (ib_async, ibapi) speak, served above the engine.

The codec is pure: ``fields`` encodes and reads fields, ``ids`` names the messages, ``model`` holds the
API's data, ``incoming``/``incoming_orders`` parse requests and ``outgoing``/``outgoing_orders`` build
messages for a negotiated server version. The server: ``wire`` frames and negotiates, ``server`` owns
the sockets on its own thread, ``session`` answers one client's requests, ``replies`` builds the
session's messages, ``adapter`` is the engine as a session sees it and ``link`` the one marshalling
point between the socket thread and the engine's thread. ``gateway`` serves an engine headless
(``workstation gateway``). This package never imports Qt or the UI.
"""
