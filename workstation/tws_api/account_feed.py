"""AccountFeed: one session's account subscriptions, kept live on the engine's thread.

Every method runs on the engine's thread (the handlers reach it through ``link.call``). A subscription's
first answer and every later update leave through :meth:`AccountFeed.emit`, one ``link.publish`` per
batch, so they reach the client in the engine's order: an update can never overtake the answer it
follows. The feed listens to two engine events only while it has subscriptions: ``PositionChanged``
marks an account's positions dirty, and ``AccountValuesChanged`` (the engine's own coalesced event,
once per command or quote batch) sends what changed since the last message of each subscription,
never an unchanged value: account values move on every price tick.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from workstation.engine.messages.events import AccountValuesChanged, PositionChanged
from workstation.tws_api import outgoing
from workstation.tws_api.account_rows import AccountReads, Pnl, PortfolioLine, ValueRow

if TYPE_CHECKING:
    from workstation.engine import Engine

log = logging.getLogger("workstation.tws_api")
Message = tuple[Callable[..., list[str]], tuple[object, ...]]
"""A message to build (its ``outgoing`` builder and arguments): built on the server's loop, which
writes it, not on the engine's thread, which only decides what changed."""
Messages = list[Message]


def later(build: Callable[..., list[str]], *args: object) -> Message:
    return build, args

ZERO = Decimal(0)


@dataclass
class _Watch:
    """What one subscription covers and what it last sent."""

    kind: str
    accounts: tuple[str, ...]
    name: str = ""
    """the account the request named (accountDownloadEnd echoes it)"""
    req_id: int = -1
    model_code: str = ""
    symbol: str = ""
    tags: tuple[str, ...] = ()
    ledger_only: bool = False
    sent: dict[object, object] = field(default_factory=dict)


class AccountFeed:
    """A session's account subscriptions: reqAccountUpdates (one account at a time, as TWS allows),
    reqAccountUpdatesMulti, reqAccountSummary, reqPositions, reqPositionsMulti, reqPnL and reqPnLSingle."""

    def __init__(self, reads: AccountReads, version: int, emit: Callable[[Messages], None]) -> None:
        self.reads = reads
        self.engine: Engine = reads.engine
        self.book = reads.book
        self.v = version
        self.emit = emit
        self.watches: dict[object, _Watch] = {}
        self._dirty_positions: set[str] = set()
        self._unsubscribers: list[Callable[[], None]] = []

    # -- subscriptions ------------------------------------------------------------------------

    def start(self, key: object, watch: _Watch) -> None:
        """Open ``watch`` under ``key`` (replacing one there) and send its first answer with its end marker."""
        self.watches[key] = watch
        self._listen()
        out = self._refresh(watch, set(watch.accounts), first=True)
        out += self._end(watch)
        self.emit(out)

    def stop(self, key: object) -> None:
        self.watches.pop(key, None)
        if not self.watches:
            self.close()

    def close(self) -> None:
        """End every subscription and stop listening to the engine (the session closed)."""
        self.watches.clear()
        for unsubscribe in self._unsubscribers:
            unsubscribe()
        self._unsubscribers.clear()

    def _listen(self) -> None:
        if not self._unsubscribers:
            self._unsubscribers = [self.engine.subscribe(self._on_position, PositionChanged),
                                   self.engine.subscribe(self._on_values, AccountValuesChanged)]

    # -- engine events (engine thread) --------------------------------------------------------

    def _on_position(self, event: object) -> None:
        assert isinstance(event, PositionChanged)
        self._dirty_positions.add(event.account_id)

    def _on_values(self, event: object) -> None:
        assert isinstance(event, AccountValuesChanged)
        changed = set(event.account_ids) | self._dirty_positions
        self._dirty_positions = set()
        out: Messages = []
        try:
            for watch in list(self.watches.values()):
                touched = changed.intersection(watch.accounts)
                if touched:
                    out += self._refresh(watch, touched, first=False)
        except Exception:  # noqa: BLE001 - raised into the engine's publish, it would fail the command's caller
            log.exception("account updates failed; this session's account subscriptions are ended")
            self.close()
            return
        if out:
            self.emit(out)

    # -- what each subscription sends ---------------------------------------------------------

    def _refresh(self, watch: _Watch, accounts: set[str], first: bool) -> Messages:
        kind = watch.kind
        if kind == "updates":
            return self._account_updates(watch, accounts, first)
        if kind == "multi":
            return self._values(watch, accounts, lambda account, key, value, currency: later(
                outgoing.account_update_multi, self.v, watch.req_id, account, watch.model_code, key, value, currency))
        if kind == "summary":
            return self._values(watch, accounts, lambda account, key, value, currency: later(
                outgoing.account_summary, self.v, watch.req_id, account, key, value, currency))
        if kind in ("positions", "positions_multi"):
            return self._positions(watch, accounts)
        if kind == "pnl":
            return self._pnl(watch, self.reads.account_pnl(watch.accounts))
        return self._pnl(watch, self.reads.position_pnl(watch.accounts[0], watch.symbol))

    def _values(self, watch: _Watch, accounts: set[str], build: Callable[[str, str, str, str], Message]) -> Messages:
        out: Messages = []
        for account in sorted(accounts):
            rows = (self.reads.summary_rows(account, watch.tags) if watch.kind == "summary"
                    else self.reads.value_rows(account, watch.ledger_only))
            if watch.sent.get(("rows", account)) == rows:  # nothing moved: one comparison in C, no loop
                continue
            watch.sent[("rows", account)] = rows
            for key, value, currency in rows:
                if watch.sent.get((account, key, currency)) != value:
                    watch.sent[(account, key, currency)] = value
                    out.append(build(account, key, value, currency))
        return out

    def _account_updates(self, watch: _Watch, accounts: set[str], first: bool) -> Messages:
        out = self._values(watch, accounts, lambda account, key, value, currency: later(
            outgoing.update_account_value, self.v, key, value, currency, account))
        for account in sorted(accounts):
            out += self._portfolio(watch, account)
        if out or first:
            out.append(later(outgoing.update_account_time, self.v, self.engine.now.strftime("%H:%M")))
        return out

    def _portfolio(self, watch: _Watch, account: str) -> Messages:
        out: Messages = []
        lines = {line.symbol: line for line in self.reads.portfolio(account)}
        gone = [key for key in watch.sent if isinstance(key, tuple) and key[:2] == ("portfolio", account)
                and key[2] not in lines]
        for key in gone:  # a position the engine no longer holds: TWS sends it once more at zero
            line = watch.sent.pop(key)
            assert isinstance(line, PortfolioLine)
            out.append(self._portfolio_message(PortfolioLine(account, line.symbol, line.contract, ZERO, ZERO, ZERO,
                                                             ZERO, ZERO, line.realized_pnl)))
        for symbol, line in lines.items():
            key = ("portfolio", account, symbol)
            if watch.sent.get(key) != line:
                watch.sent[key] = line
                out.append(self._portfolio_message(line))
        return out

    def _portfolio_message(self, line: PortfolioLine) -> Message:
        return later(outgoing.update_portfolio, self.v, line.contract, line.quantity, float(line.market_price),
                                         float(line.market_value), float(line.avg_cost), float(line.unrealized_pnl),
                                         float(line.realized_pnl), line.account)

    def _positions(self, watch: _Watch, accounts: set[str]) -> Messages:
        out: Messages = []
        for account in sorted(accounts):
            lines = {line.symbol: line for line in self.reads.portfolio(account) if line.quantity}
            held = {key for key in watch.sent if isinstance(key, tuple) and key[0] == account}
            for symbol, line in lines.items():
                key, now = (account, symbol), (line.quantity, line.avg_cost)
                if watch.sent.get(key) != now:
                    watch.sent[key] = now
                    out.append(self._position_message(watch, line))
                held.discard(key)
            for key in sorted(held):  # closed: reported once at zero, as TWS does
                watch.sent.pop(key)
                symbol = key[1]  # type: ignore[index]
                contract = self.book.contract(self.engine.catalog[symbol])
                out.append(self._position_message(watch, PortfolioLine(account, symbol, contract, ZERO, ZERO, ZERO,
                                                                       ZERO, ZERO, ZERO)))
        return out

    def _position_message(self, watch: _Watch, line: PortfolioLine) -> Message:
        if watch.kind == "positions":
            return later(outgoing.position, self.v, line.account, line.contract, line.quantity, float(line.avg_cost))
        return later(outgoing.position_multi, self.v, watch.req_id, line.account, watch.model_code, line.contract,
                                       line.quantity, float(line.avg_cost))

    def _pnl(self, watch: _Watch, pnl: Pnl) -> Messages:
        if watch.sent.get("pnl") == pnl:
            return []
        watch.sent["pnl"] = pnl
        if watch.kind == "pnl":
            return [later(outgoing.pnl, self.v, watch.req_id, float(pnl.daily), float(pnl.unrealized),
                          float(pnl.realized))]
        return [later(outgoing.pnl_single, self.v, watch.req_id, pnl.quantity, float(pnl.daily), float(pnl.unrealized),
                      float(pnl.realized), float(pnl.value))]

    def _end(self, watch: _Watch) -> Messages:
        kind = watch.kind
        if kind == "updates":
            return [later(outgoing.account_download_end, self.v, watch.name)]
        if kind == "multi":
            return [later(outgoing.account_update_multi_end, self.v, watch.req_id)]
        if kind == "summary":
            return [later(outgoing.account_summary_end, self.v, watch.req_id)]
        if kind == "positions":
            return [later(outgoing.position_end, self.v)]
        if kind == "positions_multi":
            return [later(outgoing.position_multi_end, self.v, watch.req_id)]
        return []


def watch(kind: str, accounts: Sequence[str], **options: object) -> _Watch:
    """A subscription of ``kind`` over ``accounts`` (see :class:`AccountFeed`)."""
    return _Watch(kind, tuple(accounts), **options)  # type: ignore[arg-type]


__all__ = ["AccountFeed", "Message", "Messages", "ValueRow", "later", "watch"]
