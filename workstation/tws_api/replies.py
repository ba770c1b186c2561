"""The session's own texts: the handshake reply, the farm messages TWS sends after startApi, and the
error codes and texts the server answers with (IB's "Message Codes"; reference §1.2, §1.4, §4.4).

Every other message is built by the codec (``outgoing``, ``outgoing_orders``).
"""

from __future__ import annotations

from datetime import datetime

from workstation.tws_api import outgoing

NO_REQUEST = -1

FARM_MESSAGES = (
    (2104, "Market data farm connection is OK:usfarm"),
    (2106, "HMDS data farm connection is OK:ushmds"),
    (2158, "Sec-def data farm connection is OK:secdefnj"),
)
"""The informational messages TWS sends after startApi (codes 2104, 2106, 2158; IB "Message Codes")."""

DUPLICATE_CLIENT_ID = (326, "Unable to connect as the client id is already in use. Retry with a unique client id.")
READ_ONLY = (321, "Error validating request.-'bM' : cause - The API interface is currently in Read-Only mode.")
SERVER_ERROR = (320, "Server error when reading an API client request.")
VALIDATION_ERROR = 321  # IB "Error validating request": a request that parses but cannot be served
UNKNOWN_MESSAGE = 505  # IB "Fatal Error: Unknown message id."
NO_SECURITY = (200, "No security definition has been found for the request")
"""IB's 200: no contract of the universe matches a request's contract, combo leg or underlying."""
TOO_MANY_CLIENTS = (502, "Couldn't connect to TWS. The maximum number of API clients is already connected.")


def version_reply(server_version: int, now: datetime) -> list[object]:
    """The handshake answer: exactly two fields, the version and the connection time."""
    return [server_version, now.strftime("%Y%m%d %H:%M:%S ") + (now.tzname() or "UTC")]


def farm_messages(server_version: int) -> list[list[str]]:
    return [outgoing.error_message(server_version, NO_REQUEST, code, text) for code, text in FARM_MESSAGES]
