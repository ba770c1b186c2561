"""Account requests: account updates, account summaries, positions and P&L.

So far the requests ib_async sends at connect are answered with their end markers only (reference
§1.5), so that a client's connect finishes; the values themselves are still to come.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from workstation.tws_api import outgoing
from workstation.tws_api.handlers import handles
from workstation.tws_api.incoming import (
    CancelAccountSummary,
    CancelAccountUpdatesMulti,
    CancelPositions,
    CancelPositionsMulti,
    ReqAccountUpdates,
    ReqAccountUpdatesMulti,
    ReqPositions,
)

if TYPE_CHECKING:
    from workstation.tws_api.session import Session


@handles(ReqPositions)
def req_positions(session: Session, _request: ReqPositions) -> None:
    session.send(outgoing.position_end(session.server_version))


@handles(ReqAccountUpdates)
async def req_account_updates(session: Session, request: ReqAccountUpdates) -> None:
    if not request.subscribe:
        return
    now: datetime = await session.host.link.call(lambda adapter: adapter.now())
    session.send(outgoing.update_account_time(session.server_version, now.strftime("%H:%M")))
    session.send(outgoing.account_download_end(session.server_version, request.acct_code))


@handles(ReqAccountUpdatesMulti)
def req_account_updates_multi(session: Session, request: ReqAccountUpdatesMulti) -> None:
    session.send(outgoing.account_update_multi_end(session.server_version, request.req_id))


@handles(CancelPositions, CancelPositionsMulti, CancelAccountSummary, CancelAccountUpdatesMulti)
def cancel_subscription(_session: Session, _request: object) -> None:
    """Cancelling a subscription the server keeps no state for yet."""
