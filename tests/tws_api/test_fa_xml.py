"""IB's FA configuration XML without sockets: the shapes written per server version (IB "Financial Advisors"
and the IBSampleApp's FA XML; the "Unification of Allocation Groups and Profiles" notes of TWS 983+ for
177 up), what is read back, and the refusals of hostile or malformed text, each naming the element."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from tests.tws_api.clients import ib_async_decode, ibapi_decode
from workstation.engine.core.terms import AllocationMethod as M
from workstation.engine.views.advisor_setup import GroupView
from workstation.tws_api import fa_xml
from workstation.tws_api import outgoing as out
from workstation.tws_api.fa_xml import FaGroup, FaXmlError

D = Decimal
GROUPS = (
    GroupView("Growth", M.NET_LIQ, (("K1", D(0)), ("K2", D(0)))),
    GroupView("Pair", M.RATIO, (("K1", D(2)), ("K2", D(1)))),
    GroupView("Cash", M.MONETARY_AMOUNT, (("K1", D(5000)),)),
    GroupView("Even", M.EQUAL, (("K3", D(0)),)),
)


def test_below_177_groups_are_listed_with_string_members_and_the_legacy_method_names():
    root = ET.fromstring(fa_xml.groups_xml(GROUPS, 176))
    assert root.tag == "ListOfGroups"
    listed = [(g.findtext("name"), g.findtext("defaultMethod"), [s.text for s in g.find("ListOfAccts")],
               g.find("ListOfAccts").get("varName")) for g in root]
    # profile methods (Ratio) and MonetaryAmount are not groups below 177
    assert listed == [("Growth", "NetLiq", ["K1", "K2"], "list"), ("Even", "EqualQuantity", ["K3"], "list")]


def test_below_177_profiles_carry_their_type_and_amounts():
    root = ET.fromstring(fa_xml.profiles_xml(GROUPS))
    assert root.tag == "ListOfAllocationProfiles"
    [pair] = root  # percentages 1, ratios 2, shares 3; MonetaryAmount has no legacy type
    allocations = pair.find("ListOfAllocations")
    assert (pair.findtext("name"), pair.findtext("type"), allocations.get("varName")) == (
        "Pair", "2", "listOfAllocations")
    assert [(a.findtext("acct"), a.findtext("amount")) for a in allocations] == [("K1", "2.0"), ("K2", "1.0")]


def test_from_177_every_group_is_listed_with_account_members_and_amounts_where_the_method_takes_them():
    root = ET.fromstring(fa_xml.groups_xml(GROUPS, 177))
    listed = {g.findtext("name"): (g.findtext("defaultMethod"),
                                   [(a.findtext("acct"), a.findtext("amount")) for a in g.find("ListOfAccts")])
              for g in root}
    assert listed == {"Growth": ("NetLiq", [("K1", None), ("K2", None)]),
                      "Pair": ("Ratio", [("K1", "2.0"), ("K2", "1.0")]),
                      "Cash": ("MonetaryAmount", [("K1", "5000.0")]), "Even": ("Equal", [("K3", None)])}


@pytest.mark.parametrize("version", [176, 178])
def test_what_is_written_reads_back_as_the_same_groups(version):
    written = fa_xml.read_groups(fa_xml.groups_xml(GROUPS, version))
    if version < fa_xml.FA_PROFILE_DESUPPORT:
        written += fa_xml.read_profiles(fa_xml.profiles_xml(GROUPS))
    expected = {g.name: FaGroup(g.name, g.method, g.members) for g in GROUPS}
    if version < fa_xml.FA_PROFILE_DESUPPORT:
        del expected["Cash"]
    assert {g.name: g for g in written} == expected


def test_the_xml_reaches_both_clients_intact_tabs_newlines_and_all(v=176):
    """receiveFA (16) is a wrap message in both clients (ib_async decoder.py ``wrap("receiveFA", [int, str])``;
    ibapi decoder.py ``HandleInfo(wrap=EWrapper.receiveFA)``, decoded with "unicode-escape")."""
    xml = fa_xml.groups_xml((GroupView("Caf\u00e9 \\ 1 < 2", M.EQUAL, (("K1", D(0)),)),), v)
    a, b = ib_async_decode(out.receive_fa(v, out.FA_GROUPS, xml), v), ibapi_decode(out.receive_fa(v, 1, xml), v)
    assert [str(arg) for arg in b.only("receiveFA")] == ["1", xml]
    assert ET.fromstring(b.only("receiveFA")[1]).findtext("Group/name") == "Caf\u00e9 \\ 1 < 2"
    assert a.only("receiveFA")[0] == 1 and "<ListOfGroups>" in a.only("receiveFA")[1]


def test_a_legacy_and_a_unified_group_read_alike_with_either_method_name():
    legacy = ('<?xml version="1.0" encoding="UTF-8"?>\n<ListOfGroups><Group><name>G</name><ListOfAccts '
              'varName="list"><String>K1</String><String>K2</String></ListOfAccts><defaultMethod>EqualQuantity'
              "</defaultMethod><linkedHFGroup>false</linkedHFGroup></Group></ListOfGroups>")
    unified = ('<ListOfGroups><Group><name>G</name><defaultMethod>Equal</defaultMethod><ListOfAccts varName="list">'
               "<Account><acct>K1</acct></Account><Account><acct>K2</acct><amount></amount></Account>"
               "</ListOfAccts></Group></ListOfGroups>")
    expected = [FaGroup("G", M.EQUAL, (("K1", D(0)), ("K2", D(0))))]
    assert fa_xml.read_groups(legacy) == fa_xml.read_groups(unified) == expected


BILLION_LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                  + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">'
                            for i in range(1, 10))
                  + "]><ListOfGroups><Group><name>&lol9;</name></Group></ListOfGroups>")
EXTERNAL = '<?xml version="1.0"?><!DOCTYPE g [<!ENTITY x SYSTEM "file:///etc/passwd">]><ListOfGroups>&x;</ListOfGroups>'


@pytest.mark.parametrize(("xml", "where", "reason"), [
    (BILLION_LAUGHS, "<!DOCTYPE lolz>", "a document type declaration is not accepted"),
    (EXTERNAL, "<!DOCTYPE g>", "a document type declaration is not accepted"),
    ("<a>" * 10_000 + "</a>" * 10_000, "a/a[1]/a[1]/a[1]/a[1]/a[1]/a[1]/a[1]/a[1]", "nested deeper than 8 levels"),
    ("<ListOfGroups>" + "<Group/>" * 40_000 + "</ListOfGroups>", "xml", "over this server's limit of 262144"),
    ("<L>" + "<a/>" * 50_001 + "</L>", "L/a[50000]", "more than 50000 elements"),  # the root is the first
    ("", "xml", "An XML string is required for this operation"),
    ("<ListOfGroups><Group>", "line 1, column 21", "not well-formed XML (no element found)"),
    ("<?evil x?><ListOfGroups/>", "<?evil?>", "processing instructions are not accepted"),
    ("<ListOfAllocationProfiles/>", "ListOfAllocationProfiles", "expected <ListOfGroups> as the root element"),
    ("<ListOfGroups><Grp/></ListOfGroups>", "ListOfGroups/Grp[1]", "expected <Group> in <ListOfGroups>"),
    ("<ListOfGroups><Group><defaultMethod>NetLiq</defaultMethod></Group></ListOfGroups>", "ListOfGroups/Group[1]",
     "<name> is missing"),
    ("<ListOfGroups><Group><name>G</name><defaultMethod>Model</defaultMethod></Group></ListOfGroups>",
     "ListOfGroups/Group[1]/defaultMethod[1]", "'Model' is not an allocation method"),
    ("<ListOfGroups><Group><name>G</name><defaultMethod>Ratio</defaultMethod><ListOfAccts><Account><acct>K1</acct>"
     "<amount>NaN</amount></Account></ListOfAccts></Group></ListOfGroups>",
     "ListOfGroups/Group[1]/ListOfAccts[1]/Account[1]/amount[1]", "'NaN' is not a finite number"),
    ("<ListOfGroups><Group><name>G</name><defaultMethod>Equal</defaultMethod><ListOfAccts><Acct>K1</Acct>"
     "</ListOfAccts></Group></ListOfGroups>", "ListOfGroups/Group[1]/ListOfAccts[1]/Acct[1]",
     "expected <String> or <Account>"),
    ("<ListOfGroups><Group><name>G</name><defaultMethod>Equal</defaultMethod></Group><Group><name>G</name>"
     "<defaultMethod>NetLiq</defaultMethod></Group></ListOfGroups>", "ListOfGroups/Group[2]/name", "listed twice"),
])
def test_hostile_or_malformed_groups_are_refused_naming_the_element_and_the_reason(xml, where, reason):
    with pytest.raises(FaXmlError) as refused:
        fa_xml.read_groups(xml)
    assert refused.value.where == where and reason in refused.value.reason


def test_a_profile_of_an_unknown_type_is_refused_naming_its_type_element():
    xml = ("<ListOfAllocationProfiles><AllocationProfile><name>P</name><type>7</type><ListOfAllocations>"
           "</ListOfAllocations></AllocationProfile></ListOfAllocationProfiles>")
    with pytest.raises(FaXmlError, match=r"AllocationProfile\[1\]/type\[1\]: '7' is not a profile type"):
        fa_xml.read_profiles(xml)
