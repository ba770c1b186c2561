"""Session requests: startApi (the connect answers), reqIds, reqCurrentTime and reqManagedAccts.

startApi claims the client id (a second session with the same id is told 326 and closed, as TWS
does), then sends managedAccounts, nextValidId and the farm messages in the order real TWS sends
them (reference §1.4); ib_async counts on the first two having exactly three fields.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from workstation.tws_api import outgoing, replies
from workstation.tws_api.handlers import handles
from workstation.tws_api.incoming import ReqCurrentTime, ReqIds, ReqManagedAccts, StartApi

if TYPE_CHECKING:
    from workstation.tws_api.session import Session

log = logging.getLogger("workstation.tws_api")


@dataclass
class StartupAnswers:
    """What startApi answers with, read from the engine in one call."""

    accounts: list[str]
    next_order_id: int


@handles(StartApi)
async def start_api(session: Session, request: StartApi) -> None:
    if session.started:
        log.info("API client %s sent startApi twice; ignored", session.outlet.peer)
        return
    client_id = request.client_id
    if not session.host.claim_client_id(client_id, session):
        log.warning("API client %s asked for client id %d, which is in use; refused (326)", session.outlet.peer,
                    client_id)
        session.send_error(replies.NO_REQUEST, *replies.DUPLICATE_CLIENT_ID)
        session.outlet.close(f"client id {client_id} is already in use")
        return
    session.client_id = client_id
    answers = await session.host.link.call(
        lambda adapter: StartupAnswers(adapter.managed_accounts(), adapter.next_order_id(client_id)))
    log.info("API client %s connected as client id %d at server version %d", session.outlet.peer, client_id,
             session.server_version)
    v = session.server_version
    session.send(outgoing.managed_accounts(v, answers.accounts))
    session.send(outgoing.next_valid_id(v, answers.next_order_id))
    for message in replies.farm_messages(v):
        session.send(message)


@handles(ReqIds)
async def req_ids(session: Session, _request: ReqIds) -> None:
    client_id = session.client_id
    next_id = await session.host.link.call(lambda adapter: adapter.next_order_id(client_id))
    session.send(outgoing.next_valid_id(session.server_version, next_id))


@handles(ReqManagedAccts)
async def req_managed_accounts(session: Session, _request: ReqManagedAccts) -> None:
    accounts = await session.host.link.call(lambda adapter: adapter.managed_accounts())
    session.send(outgoing.managed_accounts(session.server_version, accounts))


@handles(ReqCurrentTime)
async def req_current_time(session: Session, _request: ReqCurrentTime) -> None:
    now: datetime = await session.host.link.call(lambda adapter: adapter.now())
    session.send(outgoing.current_time(session.server_version, int(now.timestamp())))
