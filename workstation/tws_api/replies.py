"""The session's own messages, built by hand: the handshake reply, connect-time answers, errors and
the end markers that let a client's connect sequence finish.

This is the one place the session builds outgoing messages. The full message codec (contracts,
orders, executions, account values) replaces or extends these functions; every layout below is the
one at server versions 157 to 178 (reference §1.2, §1.4, §4.3), each a list of fields for
:func:`workstation.tws_api.wire.encode_fields`. Field counts are exact where the clients are
strict: ib_async unpacks nextValidId and managedAccounts at connect as exactly three fields, and
ibapi drops a "wrap" message (8, 9, 15, 49, 53, 54, 55, 62, 74) whose count is off.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

ADVANCED_ORDER_REJECT = 166
"""From this server version on, an error message carries a trailing advancedOrderRejectJson."""

# Message ids the server sends (ibapi/message.py IN).
ERR_MSG, NEXT_VALID_ID, MANAGED_ACCTS, ACCT_UPDATE_TIME, ACCT_DOWNLOAD_END = 4, 9, 15, 8, 54
CURRENT_TIME, OPEN_ORDER_END, EXECUTION_DATA_END, POSITION_END = 49, 53, 55, 62
ACCOUNT_UPDATE_MULTI_END, COMPLETED_ORDERS_END = 74, 102

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
UNKNOWN_MESSAGE = 505  # IB "Fatal Error: Unknown message id."
TOO_MANY_CLIENTS = (502, "Couldn't connect to TWS. The maximum number of API clients is already connected.")


def version_reply(server_version: int, now: datetime) -> list[object]:
    """The handshake answer: exactly two fields, the version and the connection time."""
    return [server_version, now.strftime("%Y%m%d %H:%M:%S ") + (now.tzname() or "UTC")]


def managed_accounts(accounts: Sequence[str]) -> list[object]:
    return [MANAGED_ACCTS, 1, ",".join(accounts)]


def next_valid_id(order_id: int) -> list[object]:
    return [NEXT_VALID_ID, 1, order_id]


def current_time(epoch_seconds: int) -> list[object]:
    return [CURRENT_TIME, 1, epoch_seconds]


def error(server_version: int, req_id: int, code: int, text: str) -> list[object]:
    fields: list[object] = [ERR_MSG, 2, req_id, code, text]
    if server_version >= ADVANCED_ORDER_REJECT:
        fields.append("")
    return fields


def farm_messages(server_version: int) -> list[list[object]]:
    return [error(server_version, NO_REQUEST, code, text) for code, text in FARM_MESSAGES]


def position_end() -> list[object]:
    return [POSITION_END, 1]


def open_order_end() -> list[object]:
    return [OPEN_ORDER_END, 1]


def completed_orders_end() -> list[object]:
    return [COMPLETED_ORDERS_END]


def account_update_time(when: datetime) -> list[object]:
    return [ACCT_UPDATE_TIME, 1, when.strftime("%H:%M")]


def account_download_end(account: str) -> list[object]:
    return [ACCT_DOWNLOAD_END, 1, account]


def account_update_multi_end(req_id: int) -> list[object]:
    return [ACCOUNT_UPDATE_MULTI_END, 1, req_id]


def execution_data_end(req_id: int) -> list[object]:
    return [EXECUTION_DATA_END, 1, req_id]
