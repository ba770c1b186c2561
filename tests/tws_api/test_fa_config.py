"""FA configuration end to end: requestFA and replaceFA from ib_async 2.1.0 (ib.py requestFAAsync and
replaceFA; client.py requestFA ``18|1|faData``, replaceFA ``19|1|faData|xml|reqId``) and from raw sockets,
against the advisor scenario (FA9 advising K1, K2, K3; group Growth NetLiq over all three).

Every expectation is read from the engine on its thread; replaceFA is seen to change the engine's
groups (and an order to the group then allocates by the new group), or, refused, to change nothing.
Codes: IB "Message Codes" 321 (validation; the non-FA and read-only texts as IB sends them).
"""

from __future__ import annotations

import asyncio
import xml.etree.ElementTree as ET
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import ib_async
import pytest

from tests.tws_api.conftest import ADVISOR_SCENARIO, SERVER_VERSIONS, RawClient, connect_ib, run
from workstation.engine import AccountType, OpenAccount
from workstation.engine.core.terms import AllocationMethod as M
from workstation.engine.messages.commands import DefineGroup
from workstation.resources import demo_universe_spec
from workstation.store.sqlite_store import open_engine
from workstation.tws_api.fa_xml import FaGroup
from workstation.tws_api.handlers.fa import replace_groups
from workstation.tws_api.wire import MAX_FRAME_BYTES

MSFT = ib_async.Stock("MSFT", "SMART", "USD")
D = Decimal


def equal_growth(version: int, accounts: tuple[str, ...] = ("K1", "K2")) -> str:
    """Growth as Equal over ``accounts``, in the shape of ``version``'s groups (legacy below 177)."""
    if version < 177:
        members = "".join(f"<String>{a}</String>" for a in accounts)
        return (f'<?xml version="1.0" encoding="UTF-8"?><ListOfGroups><Group><name>Growth</name><ListOfAccts '
                f'varName="list">{members}</ListOfAccts><defaultMethod>EqualQuantity</defaultMethod></Group>'
                "</ListOfGroups>")
    members = "".join(f"<Account><acct>{a}</acct></Account>" for a in accounts)
    return (f'<?xml version="1.0" encoding="UTF-8"?><ListOfGroups><Group><name>Growth</name><defaultMethod>Equal'
            f'</defaultMethod><ListOfAccts varName="list">{members}</ListOfAccts></Group></ListOfGroups>')


def groups_of(gateway: Any) -> dict[str, tuple[M, tuple[tuple[str, Decimal], ...]]]:
    return gateway.on_engine(lambda engine: {g.name: (g.method, g.members) for g in engine.advisor_setup("FA9").groups})


async def replace_fa(ib: ib_async.IB, kind: int, xml: str) -> tuple[int, str]:
    """replaceFA and its answer: replaceFAEnd's (reqId, text), or an error's (code, text) for that reqId.
    ib_async's Wrapper has no replaceFAEnd, so its decoder drops the message (decoder.py ``wrap`` looks the
    method up with getattr): the test gives it one."""
    answer: asyncio.Future[tuple[int, str]] = asyncio.get_running_loop().create_future()
    req_id = ib.client._reqIdSeq  # the id replaceFA takes next (ib.py replaceFA, client.py getReqId)

    def ended(got_id: int, text: str) -> None:
        if got_id == req_id and not answer.done():
            answer.set_result((got_id, text))

    def refused(got_id: int, code: int, text: str, _contract: Any) -> None:
        if got_id == req_id and not answer.done():
            answer.set_result((code, text))

    ib.wrapper.replaceFAEnd = ended  # type: ignore[attr-defined]
    ib.errorEvent += refused
    ib.replaceFA(kind, xml)
    try:
        return await answer
    finally:
        ib.errorEvent -= refused


@pytest.mark.parametrize("version", SERVER_VERSIONS)
def test_request_fa_lists_the_engines_groups_in_the_versions_shape(open_gateway, version):
    gateway = open_gateway(ADVISOR_SCENARIO, max_server_version=version)

    async def request() -> str:
        ib = await connect_ib(gateway, 1)
        try:
            return await ib.requestFAAsync(1)
        finally:
            ib.disconnect()

    [group] = ET.fromstring(run(request()))
    members = group.find("ListOfAccts")
    assert group.findtext("name") == "Growth" and group.findtext("defaultMethod") == "NetLiq"
    if version < 177:  # legacy: members as <String>
        assert [m.tag for m in members] == ["String"] * 3 and [m.text for m in members] == ["K1", "K2", "K3"]
    else:  # unified groups: members as <Account><acct/>
        assert [m.findtext("acct") for m in members] == ["K1", "K2", "K3"]
    assert groups_of(gateway)["Growth"][1] == (("K1", D(0)), ("K2", D(0)), ("K3", D(0)))


def test_below_177_profiles_and_aliases_come_from_the_engine(open_gateway):
    gateway = open_gateway(ADVISOR_SCENARIO, max_server_version=176)
    gateway.on_engine(lambda engine: engine.execute(DefineGroup("FA9", "Pair", M.RATIO, (("K1", D(2)), ("K2", D(1))))))

    async def request() -> tuple[str, str]:
        ib = await connect_ib(gateway, 1)
        try:
            return await ib.requestFAAsync(2), await ib.requestFAAsync(3)
        finally:
            ib.disconnect()

    profiles, aliases = (ET.fromstring(text) for text in run(request()))
    [pair] = profiles  # Growth (NetLiq) is a group, not a profile
    assert (pair.findtext("name"), pair.findtext("type")) == ("Pair", "2")  # 2: financial ratios
    assert [(a.findtext("acct"), a.findtext("amount")) for a in pair.iter("Allocation")] == [
        ("K1", "2.0"), ("K2", "1.0")]
    assert [(a.findtext("account"), a.findtext("alias")) for a in aliases] == [
        ("FA9", "FA9"), ("K1", "K1"), ("K2", "K2"), ("K3", "K3")]


def test_below_177_replacing_profiles_defines_groups_of_their_type_and_aliases_stay(open_gateway):
    gateway = open_gateway(ADVISOR_SCENARIO, max_server_version=157)
    profiles = ('<?xml version="1.0" encoding="UTF-8"?><ListOfAllocationProfiles><AllocationProfile><name>Split'
                '</name><type>1</type><ListOfAllocations varName="listOfAllocations"><Allocation><acct>K1</acct>'
                "<amount>60.0</amount></Allocation><Allocation><acct>K3</acct><amount>40.0</amount></Allocation>"
                "</ListOfAllocations></AllocationProfile></ListOfAllocationProfiles>")
    aliases = "<ListOfAccountAliases><AccountAlias><account>K1</account><alias>Mom</alias></AccountAlias>" \
              "</ListOfAccountAliases>"

    async def scenario() -> tuple[list[str], list[str]]:
        client = await RawClient.started(gateway.port, client_id=2)
        client.send(19, 1, 2, profiles, 21)
        replaced = await client.read()
        client.send(19, 1, 3, aliases, 22)
        refused = await client.read()
        client.close()
        return replaced, refused

    replaced, refused = run(scenario())
    assert replaced == ["103", "21", "FA groups replaced: defined Split; kept (not listed; this server deletes no "
                                     "group) Growth"]  # replaceFAEnd: no version field (ib_async skip=1)
    assert groups_of(gateway)["Split"] == (M.PERCENT, (("K1", D(60)), ("K3", D(40))))  # type 1: percentages
    assert refused[:4] == ["4", "2", "22", "321"] and "account aliases cannot be changed" in refused[4]


def test_from_177_profiles_are_refused_as_ib_refuses_them(open_gateway):
    gateway = open_gateway(ADVISOR_SCENARIO, max_server_version=178)

    async def request() -> tuple[list[str], list[str]]:
        client = await RawClient.started(gateway.port, client_id=2)
        client.send(18, 1, 2)  # requestFA(profiles): ib_async sends it at any version
        profile = await client.read()
        client.send(19, 1, 2, "<ListOfAllocationProfiles/>", 31)
        replaced = await client.read()
        client.close()
        return profile, replaced

    profile, replaced = run(request())
    # ibapi refuses it itself from 177: errors.py FA_PROFILE_NOT_SUPPORTED (585) "FA Profile is not supported
    # anymore, use FA Group instead"; the server answers a client that sends it anyway with 321
    assert profile[:4] == ["4", "2", "-1", "321"] and "FA Profile is not supported anymore" in profile[4]
    assert replaced[:4] == ["4", "2", "31", "321"] and "FA Profile is not supported anymore" in replaced[4]


def test_a_login_that_is_not_an_advisor_is_told_fa_data_is_ignored(open_gateway):
    gateway = open_gateway(ADVISOR_SCENARIO, login="K1")

    async def request() -> tuple[list[str], list[str]]:
        client = await RawClient.started(gateway.port, client_id=2)
        client.send(18, 1, 1)
        asked = await client.read()
        client.send(19, 1, 1, equal_growth(176), 41)
        replaced = await client.read()
        client.close()
        return asked, replaced

    asked, replaced = run(request())
    assert asked[:5] == ["4", "2", "-1", "321", "Error validating request.-'b9' : cause - FA data operations "
                                                "ignored for non FA customers."]
    assert replaced[:5] == ["4", "2", "41", "321", "Error validating request.-'b1' : cause - FA data operations "
                                                   "ignored for non FA customers."]
    assert groups_of(gateway)["Growth"][0] is M.NET_LIQ


@pytest.mark.parametrize("version", SERVER_VERSIONS)
def test_replace_fa_changes_the_group_and_an_order_to_it_allocates_by_the_new_group(open_gateway, version):
    gateway = open_gateway(ADVISOR_SCENARIO, max_server_version=version)

    async def scenario() -> tuple[tuple[int, str], str, int]:
        ib = await connect_ib(gateway, 1)
        try:
            ended = await replace_fa(ib, 1, equal_growth(version))
            listed = await ib.requestFAAsync(1)
            trade = ib.placeOrder(MSFT, ib_async.LimitOrder("BUY", 101, 400.0, faGroup="Growth"))
            while trade.orderStatus.status not in ("PreSubmitted", "Submitted"):
                await trade.statusEvent
            return ended, listed, trade.order.permId
        finally:
            ib.disconnect()

    (_req_id, text), listed, perm_id = run(scenario())
    assert text == "FA groups replaced: defined Growth"
    assert groups_of(gateway)["Growth"] == (M.EQUAL, (("K1", D(0)), ("K2", D(0))))
    [group] = ET.fromstring(listed)
    assert group.findtext("defaultMethod") == ("EqualQuantity" if version < 177 else "Equal")
    plan = gateway.on_engine(lambda engine: engine.order(perm_id).allocation)  # permId is the engine's order id
    assert (plan.group, plan.method) == ("Growth", M.EQUAL)
    assert [(row.account, row.desired_quantity) for row in plan.rows] == [("K1", 51), ("K2", 50)]  # K3 left out


@pytest.mark.parametrize("version", SERVER_VERSIONS)
def test_what_request_fa_lists_replace_fa_takes_back_unchanged(open_gateway, version):
    gateway = open_gateway(ADVISOR_SCENARIO, max_server_version=version)
    applied_before = gateway.on_engine(lambda engine: engine.commands_applied)

    async def scenario() -> tuple[int, str]:
        ib = await connect_ib(gateway, 1)
        try:
            return await replace_fa(ib, 1, await ib.requestFAAsync(1))
        finally:
            ib.disconnect()

    _req_id, text = run(scenario())
    assert text == "FA groups replaced: defined none; unchanged Growth"
    assert gateway.on_engine(lambda engine: engine.commands_applied) == applied_before  # nothing executed


def test_groups_not_listed_are_kept_and_an_unchanged_group_is_not_defined_again(open_gateway):
    gateway = open_gateway(ADVISOR_SCENARIO, max_server_version=178)
    gateway.on_engine(lambda engine: engine.execute(DefineGroup("FA9", "Pair", M.RATIO, (("K1", D(2)), ("K2", D(1))))))
    applied_before = gateway.on_engine(lambda engine: engine.commands_applied)
    xml = ('<ListOfGroups><Group><name>Growth</name><defaultMethod>NetLiq</defaultMethod><ListOfAccts varName="list">'
           "<Account><acct>K1</acct></Account><Account><acct>K2</acct></Account><Account><acct>K3</acct></Account>"
           "</ListOfAccts></Group><Group><name>Trio</name><defaultMethod>Percent</defaultMethod><ListOfAccts>"
           "<Account><acct>K1</acct><amount>50</amount></Account><Account><acct>K2</acct><amount>30</amount>"
           "</Account><Account><acct>K3</acct><amount>20</amount></Account></ListOfAccts></Group></ListOfGroups>")

    async def scenario() -> tuple[int, str]:
        ib = await connect_ib(gateway, 1)
        try:
            return await replace_fa(ib, 1, xml)
        finally:
            ib.disconnect()

    _req_id, text = run(scenario())
    assert text == ("FA groups replaced: defined Trio; unchanged Growth; kept (not listed; this server deletes no "
                    "group) Pair")
    groups = groups_of(gateway)
    assert groups["Trio"] == (M.PERCENT, (("K1", D(50)), ("K2", D(30)), ("K3", D(20))))
    assert set(groups) == {"Growth", "Pair", "Trio"}
    assert gateway.on_engine(lambda engine: engine.commands_applied) == applied_before + 1  # Trio only


BILLION_LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                  + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">'
                            for i in range(1, 10))
                  + "]><ListOfGroups><Group><name>&lol9;</name></Group></ListOfGroups>")


def test_hostile_or_invalid_configurations_are_refused_and_change_nothing(open_gateway):
    gateway = open_gateway(ADVISOR_SCENARIO, max_server_version=176)
    before = groups_of(gateway)
    applied_before = gateway.on_engine(lambda engine: engine.commands_applied)
    # the first group is valid: nothing may be executed before the second's problem is found
    unknown_account = ("<ListOfGroups><Group><name>New</name><defaultMethod>NetLiq</defaultMethod><ListOfAccts>"
                       "<String>K1</String></ListOfAccts></Group><Group><name>Growth</name><defaultMethod>Equal"
                       "</defaultMethod><ListOfAccts><String>K1</String><String>Z9</String></ListOfAccts></Group>"
                       "</ListOfGroups>")
    cases = [
        (BILLION_LAUGHS, "<!DOCTYPE lolz>: a document type declaration is not accepted"),
        ("<ListOfGroups>" + "<Group>" * 5000 + "</Group>" * 5000 + "</ListOfGroups>", "nested deeper than 8 levels"),
        ("<ListOfGroups>" + "<Group/>" * 40_000 + "</ListOfGroups>", "over this server's limit"),  # 320 KB
        (unknown_account, "group 'Growth': accounts.Z9: account Z9 does not exist"),
        ("", "An XML string is required for this operation"),
    ]

    async def scenario() -> list[list[str]]:
        client = await RawClient.started(gateway.port, client_id=2)
        answers = []
        for req_id, (xml, _reason) in enumerate(cases, 50):
            client.send(19, 1, 1, xml, req_id)
            answers.append(await client.read())
        client.close()
        return answers

    for req_id, (answer, (_xml, reason)) in enumerate(zip(run(scenario()), cases, strict=True), 50):
        assert answer[:4] == ["4", "2", str(req_id), "321"] and answer[4].startswith(
            "Error validating request.-'b1' : cause - ")
        assert reason in answer[4]
    assert groups_of(gateway) == before
    assert gateway.on_engine(lambda engine: engine.commands_applied) == applied_before


def test_a_configuration_over_the_frame_limit_closes_the_connection_and_changes_nothing(open_gateway):
    gateway = open_gateway(ADVISOR_SCENARIO)
    before = groups_of(gateway)
    xml = equal_growth(176).replace("<ListOfGroups>", "<ListOfGroups>" + " " * (2 * MAX_FRAME_BYTES))  # 2 MB

    async def scenario() -> bool:
        client = await RawClient.started(gateway.port, client_id=2)
        client.send(19, 1, 1, xml, 60)
        return await client.closed_by_server()

    assert run(scenario())
    assert groups_of(gateway) == before


def test_read_only_api_refuses_replace_fa_with_321_and_still_answers_request_fa(open_gateway):
    gateway = open_gateway(ADVISOR_SCENARIO, read_only=True)

    async def scenario() -> tuple[list[str], list[str]]:
        client = await RawClient.started(gateway.port, client_id=2)
        client.send(19, 1, 1, equal_growth(176), 70)
        refused = await client.read()
        client.send(18, 1, 1)
        listed = await client.read()
        client.close()
        return refused, listed

    refused, listed = run(scenario())
    assert refused == ["4", "2", "70", "321", "Error validating request.-'bM' : cause - The API interface is "
                                              "currently in Read-Only mode.", ""]
    assert listed[:3] == ["16", "1", "1"] and "<name>Growth</name>" in listed[3]
    assert groups_of(gateway)["Growth"][0] is M.NET_LIQ


def test_replaced_groups_are_journaled_and_come_back_when_the_database_is_reopened(tmp_path: Path):
    path = tmp_path / "fa.db"
    opening = (OpenAccount("FA", AccountType.ADVISOR),
               *(OpenAccount(k, AccountType.MARGIN, cash=(("USD", D(100_000)),), advisor="FA") for k in ("K1", "K2")))
    options: dict[str, Any] = {"universe_spec": demo_universe_spec(), "seed": 7,
                               "start": datetime(2026, 3, 2, 15, 50, tzinfo=ZoneInfo("America/New_York")),
                               "snapshot_every": 0}
    engine, store = open_engine(path, initial_commands=opening, **options)
    groups = [FaGroup("Even", M.EQUAL, (("K1", D(0)), ("K2", D(0)))),
              FaGroup("Split", M.PERCENT, (("K1", D(70)), ("K2", D(30))))]
    text = replace_groups(engine, "FA", groups)
    expected = {g.name: (g.method, g.members) for g in engine.advisor_setup("FA").groups}
    with store:
        journaled = [type(entry.command).__name__ for entry in store.entries()][-2:]
    store.close()

    reopened, store = open_engine(path, **options)
    try:
        assert text == "FA groups replaced: defined Even, Split"
        assert journaled == ["DefineGroup", "DefineGroup"]
        assert {g.name: (g.method, g.members) for g in reopened.advisor_setup("FA").groups} == expected == {
            "Even": (M.EQUAL, (("K1", D(0)), ("K2", D(0)))), "Split": (M.PERCENT, (("K1", D(70)), ("K2", D(30))))}
    finally:
        store.close()

