"""FA configuration: requestFA answered with receiveFA, replaceFA applied as the engine's advisor commands.

The configuration is the engine's Advisor Setup (groups, which in the engine are groups and profiles in
one, as TWS 983+ keeps them): requestFA(1) lists the groups, requestFA(2) below server version 177 the
groups of the profile methods, requestFA(3) the aliases (each account its own). Only an advisor login
has one: anyone else is told 321 "FA data operations ignored for non FA customers", as IB answers.

replaceFA reads the XML on the server's loop (``fa_xml``: no DTD or entity, bounded size and depth) and
then, in one call on the engine's thread, checks every group with the engine's own rules
(``Engine.check_group``, the checks ``DefineGroup`` runs) before it executes the first command: a
configuration with any problem changes nothing and is answered 321 naming the element or group and
the reason. Groups the XML lists are defined with ``DefineGroup`` (journaled like any command; one
that is unchanged is not executed again); groups it does not list are kept, because the engine has no
command that deletes a group (nor does its Advisor Setup window), and replaceFAEnd's text says which.
Read-only API refuses replaceFA with 321, as TWS does; aliases cannot be replaced (321).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from workstation.engine import DefineGroup, Rejected
from workstation.engine.views.advisor_setup import AdvisorSetupView, GroupDraft
from workstation.tws_api import fa_xml, outgoing, replies
from workstation.tws_api.handlers import handles
from workstation.tws_api.incoming import ReplaceFA, RequestFA
from workstation.tws_api.outgoing import FA_ALIASES, FA_GROUPS, FA_PROFILES

if TYPE_CHECKING:
    from workstation.engine import Engine
    from workstation.tws_api.adapter import LiveEngineAdapter
    from workstation.tws_api.session import Session

# The markers ('b9' requestFA, 'b1' replaceFA) and the cause of a non-FA login, as recorded from IB's server.
REQUEST_FA_CAUSE = "Error validating request.-'b9' : cause - "
REPLACE_FA_CAUSE = "Error validating request.-'b1' : cause - "
NOT_FA = "FA data operations ignored for non FA customers."
NO_SUCH_OPERATION = "Non-existent FA data operation request"
"""IB's cause for a faDataType that is neither groups, profiles nor aliases."""
PROFILES_DESUPPORTED = "FA Profile is not supported anymore, use FA Group instead"
"""From 177 profiles are groups: ibapi refuses faDataType 2 itself with this text (errors.py 585); a
client that sends it anyway (ib_async does) hears it from the server as a 321."""
ALIASES_FIXED = "account aliases cannot be changed on this server (each account is its own alias)"


@dataclass(frozen=True)
class Refusal:
    """An FA request this server answers with an error: its code and full text."""

    code: int
    text: str


def _refusal(cause: str, reason: str) -> Refusal:
    return Refusal(replies.VALIDATION_ERROR, cause + reason)


# ------------------------------------------------------------------------------------------------ requestFA


def _configuration(adapter: LiveEngineAdapter, kind: int, version: int) -> str | Refusal:
    """On the engine's thread: the XML requestFA(``kind``) answers with, or why it is refused."""
    engine, login = adapter.engine, adapter.login
    if not engine.account(login).is_advisor:
        return _refusal(REQUEST_FA_CAUSE, NOT_FA)
    setup = engine.advisor_setup(login)
    if kind == FA_GROUPS:
        return fa_xml.groups_xml(setup.groups, version)
    if kind == FA_PROFILES:
        if version >= fa_xml.FA_PROFILE_DESUPPORT:
            return _refusal(REQUEST_FA_CAUSE, PROFILES_DESUPPORTED)
        return fa_xml.profiles_xml(setup.groups)
    if kind == FA_ALIASES:
        return fa_xml.aliases_xml([login, *setup.clients])
    return _refusal(REQUEST_FA_CAUSE, NO_SUCH_OPERATION)


@handles(RequestFA)
async def request_fa(session: Session, request: RequestFA) -> None:
    kind, v = request.fa_data_type or 0, session.server_version
    answer = await session.host.link.call(lambda adapter: _configuration(adapter, kind, v))
    if isinstance(answer, Refusal):
        session.send_error(replies.NO_REQUEST, answer.code, answer.text)  # requestFA carries no request id
        return
    session.send(outgoing.receive_fa(v, kind, answer))


# ------------------------------------------------------------------------------------------------ replaceFA


def _read(kind: int, xml: str, version: int) -> list[fa_xml.FaGroup] | Refusal:
    """The groups a replaceFA carries, or why it is refused (on the server's loop: no engine state)."""
    if kind == FA_ALIASES:
        return _refusal(REPLACE_FA_CAUSE, ALIASES_FIXED)
    if kind == FA_PROFILES and version >= fa_xml.FA_PROFILE_DESUPPORT:
        return _refusal(REPLACE_FA_CAUSE, PROFILES_DESUPPORTED)
    if kind not in (FA_GROUPS, FA_PROFILES):
        return _refusal(REPLACE_FA_CAUSE, NO_SUCH_OPERATION)
    try:
        return fa_xml.read_groups(xml) if kind == FA_GROUPS else fa_xml.read_profiles(xml)
    except fa_xml.FaXmlError as error:
        return _refusal(REPLACE_FA_CAUSE, str(error))


def replace_groups(engine: Engine, advisor: str, groups: list[fa_xml.FaGroup]) -> str | Refusal:
    """On the engine's thread: define ``groups`` for ``advisor`` if every one passes the engine's checks
    (else nothing is executed); replaceFAEnd's text, or the refusal naming the first problem."""
    if not engine.account(advisor).is_advisor:
        return _refusal(REPLACE_FA_CAUSE, NOT_FA)
    for group in groups:
        problems = engine.check_group(GroupDraft(advisor, group.name, group.method, group.members))
        if problems:
            return _refusal(REPLACE_FA_CAUSE, f"group {group.name!r}: {problems[0].text}")
    setup = engine.advisor_setup(advisor)
    changed = [group for group in groups if not _unchanged(setup, group)]
    for group in changed:
        members = tuple((account, amount if group.method.needs_amounts else Decimal(0))
                        for account, amount in group.members)
        result = engine.execute(DefineGroup(advisor, group.name, group.method, members))
        if isinstance(result, Rejected):  # the checks above are the command's: only a fault reaches here
            return _refusal(REPLACE_FA_CAUSE, f"group {group.name!r}: {result.message}")
    listed = {group.name for group in groups}
    kept = [group.name for group in setup.groups if group.name not in listed]
    return _end_text(changed, [g for g in groups if g not in changed], kept)


def _unchanged(setup: AdvisorSetupView, group: fa_xml.FaGroup) -> bool:
    current = setup.group(group.name)
    if current is None or current.method is not group.method:
        return False
    if group.method.needs_amounts:
        return current.members == group.members
    return current.accounts == tuple(account for account, _ in group.members)


def _end_text(changed: list[fa_xml.FaGroup], unchanged: list[fa_xml.FaGroup], kept: list[str]) -> str:
    parts = [f"defined {', '.join(g.name for g in changed) or 'none'}"]
    if unchanged:
        parts.append(f"unchanged {', '.join(g.name for g in unchanged)}")
    if kept:
        parts.append(f"kept (not listed; this server deletes no group) {', '.join(kept)}")
    return "FA groups replaced: " + "; ".join(parts)


@handles(ReplaceFA)
async def replace_fa(session: Session, request: ReplaceFA) -> None:
    req_id, v = request.req_id, session.server_version
    if session.host.read_only:
        session.send_error(req_id, *replies.READ_ONLY)
        return
    groups = _read(request.fa_data_type or 0, request.xml, v)

    def apply(adapter: LiveEngineAdapter) -> str | Refusal:
        if not adapter.engine.account(adapter.login).is_advisor:
            return _refusal(REPLACE_FA_CAUSE, NOT_FA)  # a non-FA login hears that first, as from IB
        if isinstance(groups, Refusal):
            return groups
        return replace_groups(adapter.engine, adapter.login, groups)

    answer = await session.host.link.call(apply)
    if isinstance(answer, Refusal):
        session.send_error(req_id, answer.code, answer.text)
        return
    session.send(outgoing.replace_fa_end(v, req_id, answer))
