"""Account requests: account summaries, account updates (values, portfolio, time), positions and P&L.

Each request opens a subscription in the session's :class:`~workstation.tws_api.account_feed.AccountFeed`,
which lives on the engine's thread and keeps it live; its cancel (or the session closing) ends it.
Only the login's accounts may be asked for (``Engine.visible_accounts``): any other account, or an
advisor group the login does not have, is answered 321 naming it, on the request's id. A client has
one reqAccountUpdates account at a time, as in TWS: subscribing to another replaces it, and at most
two reqAccountSummary subscriptions (a third is error 322 until one is cancelled; asking again under an
active request id replaces that one). reqPositionsMulti and reqAccountUpdatesMulti with a model code
cover only the accounts invested in that model of the advisor (an unknown model is 321); the mock keeps
no positions per model, so each such account reports its whole holdings.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from workstation.tws_api import outgoing, replies
from workstation.tws_api.account_feed import AccountFeed, Messages, later, watch
from workstation.tws_api.account_rows import AccountReads, accounts_named, group_accounts, model_accounts
from workstation.tws_api.handlers import handles
from workstation.tws_api.incoming import (
    CancelAccountSummary,
    CancelAccountUpdatesMulti,
    CancelPnL,
    CancelPnLSingle,
    CancelPositions,
    CancelPositionsMulti,
    ReqAccountSummary,
    ReqAccountUpdates,
    ReqAccountUpdatesMulti,
    ReqPnL,
    ReqPnLSingle,
    ReqPositions,
    ReqPositionsMulti,
)

if TYPE_CHECKING:
    from workstation.tws_api.adapter import LiveEngineAdapter
    from workstation.tws_api.session import Session

"""IB "Message Codes" 200: reqPnLSingle's conId names no contract."""
MAX_ACCOUNT_SUMMARIES = 2
"""Active reqAccountSummary subscriptions a client may hold, as TWS allows."""
SUMMARY_LIMIT = (322, "Error processing request.-'Q' : cause - Maximum number of account summary requests exceeded; "
                      "desubscribe to previous request first")
"""IB's error for a third active reqAccountSummary (code 322 "Error processing request")."""


def not_visible(account: str) -> str:
    """321's text for an account (or group) the login does not have (IB "Message Codes" 321)."""
    return f"Error validating request.-'{account}' : cause - {account} is not an account or group of this login"


class _FeedHolder:
    """A session's feed: made on the engine's thread at its first account request, closed with the session."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.feed: AccountFeed | None = None

    def feed_for(self, adapter: LiveEngineAdapter) -> AccountFeed:
        if self.feed is None:
            session, link = self.session, self.session.host.link
            reads = _reads.get(adapter)
            if reads is None:
                reads = _reads[adapter] = AccountReads(adapter.engine, adapter.contract_book)
            self.feed = AccountFeed(reads, session.server_version,
                                    lambda messages: link.publish(_send_all, session, messages))
        return self.feed

    def close(self) -> None:
        if self.feed is not None:
            self.feed.close()


_holders: WeakKeyDictionary[Session, _FeedHolder] = WeakKeyDictionary()  # server loop only
_reads: WeakKeyDictionary[LiveEngineAdapter, AccountReads] = WeakKeyDictionary()  # engine thread only: one per server


def _send_all(session: Session, messages: Messages) -> None:
    for build, args in messages:
        session.send(build(*args))


async def _on_feed(session: Session, work: Callable[[AccountFeed, LiveEngineAdapter], None]) -> None:
    """Run ``work(feed, adapter)`` on the engine's thread; whatever it sends leaves through the feed."""
    holder = _holders.get(session)
    if holder is None:
        holder = _holders[session] = _FeedHolder(session)
        link = session.host.link
        session.on_close(lambda: link.call(lambda _adapter: holder.close()))
    await session.host.link.call(lambda adapter: work(holder.feed_for(adapter), adapter))


def _refuse(feed: AccountFeed, req_id: int, account: str) -> None:
    feed.emit([later(outgoing.error_message, feed.v, req_id, replies.VALIDATION_ERROR, not_visible(account))])


def unknown_model(model_code: str) -> str:
    """321's text for a model code that names no model of the login's advisor."""
    return f"Error validating request.-'{model_code}' : cause - Model {model_code} is not a model of this login"


def _in_model(feed: AccountFeed, adapter: LiveEngineAdapter, req_id: int, model_code: str,
              accounts: list[str]) -> list[str] | None:
    """``accounts`` narrowed to those invested in ``model_code`` (all of them without a model code);
    None, after answering 321, for a model the login's advisor does not have."""
    if not model_code:
        return accounts
    invested = model_accounts(adapter.engine, adapter.login, model_code)
    if invested is None:
        feed.emit([later(outgoing.error_message, feed.v, req_id, replies.VALIDATION_ERROR,
                         unknown_model(model_code))])
        return None
    return [account for account in accounts if account in invested]


@handles(ReqAccountSummary)
async def req_account_summary(session: Session, request: ReqAccountSummary) -> None:
    def start(feed: AccountFeed, adapter: LiveEngineAdapter) -> None:
        key = ("summary", request.req_id)
        active = [k for k in feed.watches if isinstance(k, tuple) and k[0] == "summary" and k != key]
        if len(active) >= MAX_ACCOUNT_SUMMARIES:
            feed.emit([later(outgoing.error_message, feed.v, request.req_id, *SUMMARY_LIMIT)])
            return
        accounts = group_accounts(adapter.engine, adapter.login, request.group_name)
        if accounts is None:
            _refuse(feed, request.req_id, request.group_name)
            return
        feed.start(key, watch("summary", accounts, req_id=request.req_id, tags=tuple(request.tag_list)))

    await _on_feed(session, start)


@handles(ReqAccountUpdates)
async def req_account_updates(session: Session, request: ReqAccountUpdates) -> None:
    def start(feed: AccountFeed, adapter: LiveEngineAdapter) -> None:
        if not request.subscribe:
            feed.stop("updates")
            return
        engine = adapter.engine
        name = request.acct_code or adapter.login
        if accounts_named(engine, adapter.login, name) is None:
            _refuse(feed, replies.NO_REQUEST, name)
            return
        accounts = () if engine.account(name).is_advisor else (name,)  # a master holds nothing of its own
        feed.start("updates", watch("updates", accounts, name=name))

    await _on_feed(session, start)


@handles(ReqAccountUpdatesMulti)
async def req_account_updates_multi(session: Session, request: ReqAccountUpdatesMulti) -> None:
    def start(feed: AccountFeed, adapter: LiveEngineAdapter) -> None:
        engine, name = adapter.engine, request.account
        accounts = accounts_named(engine, adapter.login, name)
        if accounts is None:
            _refuse(feed, request.req_id, name)
            return
        if name and engine.account(name).is_advisor and not request.model_code:
            accounts = []  # ib_async asks for the master too (reference §1.5): it has no values of its own
        accounts = _in_model(feed, adapter, request.req_id, request.model_code, accounts)
        if accounts is None:
            return
        feed.start(("multi", request.req_id), watch("multi", accounts, req_id=request.req_id,
                                                    model_code=request.model_code,
                                                    ledger_only=request.ledger_and_nlv))

    await _on_feed(session, start)


@handles(ReqPositions)
async def req_positions(session: Session, _request: ReqPositions) -> None:
    def start(feed: AccountFeed, adapter: LiveEngineAdapter) -> None:
        feed.start("positions", watch("positions", accounts_named(adapter.engine, adapter.login, "All") or ()))

    await _on_feed(session, start)


@handles(ReqPositionsMulti)
async def req_positions_multi(session: Session, request: ReqPositionsMulti) -> None:
    def start(feed: AccountFeed, adapter: LiveEngineAdapter) -> None:
        accounts = accounts_named(adapter.engine, adapter.login, request.account)
        if accounts is None:
            _refuse(feed, request.req_id, request.account)
            return
        accounts = _in_model(feed, adapter, request.req_id, request.model_code, accounts)
        if accounts is None:
            return
        feed.start(("positions", request.req_id), watch("positions_multi", accounts, req_id=request.req_id,
                                                        model_code=request.model_code))

    await _on_feed(session, start)


@handles(ReqPnL)
async def req_pnl(session: Session, request: ReqPnL) -> None:
    def start(feed: AccountFeed, adapter: LiveEngineAdapter) -> None:
        accounts = accounts_named(adapter.engine, adapter.login, request.account)
        if accounts is None or not request.account:
            _refuse(feed, request.req_id, request.account)
            return
        feed.start(("pnl", request.req_id), watch("pnl", accounts, req_id=request.req_id))

    await _on_feed(session, start)


@handles(ReqPnLSingle)
async def req_pnl_single(session: Session, request: ReqPnLSingle) -> None:
    def start(feed: AccountFeed, adapter: LiveEngineAdapter) -> None:
        account = request.account
        accounts = accounts_named(adapter.engine, adapter.login, account)
        if accounts != [account]:  # one account's position: not an advisor master, not every account
            _refuse(feed, request.req_id, account)
            return
        instrument = adapter.contract_book.instrument(request.con_id or 0)
        if instrument is None:
            feed.emit([later(outgoing.error_message, feed.v, request.req_id, *replies.NO_SECURITY)])
            return
        feed.start(("single", request.req_id), watch("single", accounts, req_id=request.req_id,
                                                     symbol=instrument.symbol))

    await _on_feed(session, start)


_CANCELLED_KEYS: dict[type, Callable[[object], object]] = {
    CancelAccountSummary: lambda request: ("summary", request.req_id),  # type: ignore[attr-defined]
    CancelAccountUpdatesMulti: lambda request: ("multi", request.req_id),  # type: ignore[attr-defined]
    CancelPositions: lambda _request: "positions",
    CancelPositionsMulti: lambda request: ("positions", request.req_id),  # type: ignore[attr-defined]
    CancelPnL: lambda request: ("pnl", request.req_id),  # type: ignore[attr-defined]
    CancelPnLSingle: lambda request: ("single", request.req_id),  # type: ignore[attr-defined]
}


@handles(*_CANCELLED_KEYS)
async def cancel_subscription(session: Session, request: object) -> None:
    key = _CANCELLED_KEYS[type(request)](request)
    await _on_feed(session, lambda feed, _adapter: feed.stop(key))
