"""IB's FA configuration XML (requestFA / replaceFA): read safely from a client, written as TWS writes it.

Shapes (IB "Financial Advisors", the IBSampleApp's FA XML, and the "Unification of Allocation Groups and
Profiles" release notes of TWS 983+ / server version 177):

- groups, below 177: ``<ListOfGroups><Group><name/><ListOfAccts varName="list"><String>acct</String>...
  </ListOfAccts><defaultMethod>EqualQuantity|NetLiq|AvailableEquity|PctChange</defaultMethod></Group>...``
- profiles, below 177: ``<ListOfAllocationProfiles><AllocationProfile><name/><type>1|2|3</type>
  <ListOfAllocations varName="listOfAllocations"><Allocation><acct/><amount/></Allocation>...``
  (type 1 percentages, 2 financial ratios, 3 shares)
- unified groups, from 177: ``<ListOfGroups><Group><name/><defaultMethod/><ListOfAccts varName="list">
  <Account><acct/><amount/></Account>...`` with the current method names (Equal, NetLiq, ..., Percent, Ratio,
  ContractsOrShares, MonetaryAmount)
- aliases: ``<ListOfAccountAliases><AccountAlias><account/><alias/></AccountAlias>...``

Reading never trusts the text: expat with no document type declaration (so no entity can be declared, and
no "billion laughs"), no processing instruction, no external entity; at most :data:`MAX_XML_CHARS`
characters, :data:`MAX_DEPTH` levels and :data:`MAX_ELEMENTS` elements. Every refusal is a
:class:`FaXmlError` naming the element (as a path, ``ListOfGroups/Group[2]/ListOfAccts/Account[1]/amount``)
and the reason. Groups in either shape are read at any version (a member as ``<String>`` or ``<Account>``,
a method in its legacy or current name); writing follows the negotiated version.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from xml.parsers import expat
from xml.sax.saxutils import escape

from workstation.engine.core.errors import Rejection
from workstation.engine.core.terms import AllocationMethod
from workstation.engine.views.advisor_setup import GroupView

MAX_XML_CHARS = 256 * 1024
"""The longest configuration read: room for thousands of accounts in dozens of groups, well under the
server's 1 MB frame limit, so an oversized one gets an answer rather than a closed connection."""
MAX_DEPTH = 8
"""The deepest nesting read; IB's deepest shape is 5 (ListOfGroups/Group/ListOfAccts/Account/acct)."""
MAX_ELEMENTS = 50_000
"""The most elements read in one configuration."""

FA_PROFILE_DESUPPORT = 177
"""From this server version profiles are groups (ibapi server_versions.py MIN_SERVER_VER_FA_PROFILE_DESUPPORT)."""

LEGACY_GROUP_METHODS = {
    AllocationMethod.EQUAL: "EqualQuantity",
    AllocationMethod.NET_LIQ: "NetLiq",
    AllocationMethod.AVAILABLE_EQUITY: "AvailableEquity",
    AllocationMethod.PCT_CHANGE: "PctChange",
}
"""The methods a group had before 177, in IB's legacy names (IB "Allocation Methods and Groups")."""
PROFILE_TYPES = {
    AllocationMethod.PERCENT: 1,
    AllocationMethod.RATIO: 2,
    AllocationMethod.CONTRACTS_OR_SHARES: 3,
}
"""A profile's type before 177 (IB "Allocation by Profile": 1 percentages, 2 financial ratios, 3 shares).
MonetaryAmount came with the unified groups and has no legacy type: below 177 such a group is listed
neither as a group nor as a profile."""

_HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n'


class FaXmlError(ValueError):
    """A configuration this server will not read: ``where`` (an element path, or "xml") and the reason."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"{where}: {reason}")
        self.where = where
        self.reason = reason


@dataclass(frozen=True, slots=True)
class FaGroup:
    """One group (or profile) as a configuration lists it: its method and members with their amounts
    (zero where the method computes the split, as the engine keeps them)."""

    name: str
    method: AllocationMethod
    members: tuple[tuple[str, Decimal], ...]


# ------------------------------------------------------------------------------------------------ reading


class _Element:
    """One element of a configuration; its path (for an error's text) is worked out only when asked."""

    __slots__ = ("children", "parent", "tag", "text_parts")

    def __init__(self, tag: str, parent: _Element | None) -> None:
        self.tag = tag
        self.parent = parent
        self.children: list[_Element] = []
        self.text_parts: list[str] = []

    @property
    def path(self) -> str:
        return _path(self.parent, self.tag, self)

    @property
    def text(self) -> str:
        return "".join(self.text_parts).strip()

    def one(self, tag: str, required: bool = True) -> _Element | None:
        found = [child for child in self.children if child.tag == tag]
        if len(found) > 1:
            raise FaXmlError(found[1].path, f"<{tag}> may appear once in <{self.tag}>")
        if not found and required:
            raise FaXmlError(self.path, f"<{tag}> is missing")
        return found[0] if found else None

    def value(self, tag: str) -> str:
        element = self.one(tag)
        assert element is not None
        if element.children:
            raise FaXmlError(element.children[0].path, f"<{tag}> holds text, not elements")
        return element.text


def _path(parent: _Element | None, tag: str, element: _Element | None) -> str:
    """``parent``'s path, then ``tag`` with its rank among the siblings so named (``element``, or one
    after the last child)."""
    if parent is None:
        return tag
    rank = 1
    for sibling in parent.children:
        if sibling is element:
            break
        rank += sibling.tag == tag
    return f"{parent.path}/{tag}[{rank}]"


class _Reader:
    """Builds the element tree with expat, refusing what a configuration never needs."""

    def __init__(self) -> None:
        self.root: _Element | None = None
        self.stack: list[_Element] = []
        self.count = 0

    def start(self, tag: str, _attributes: dict[str, str]) -> None:
        self.count += 1
        stack = self.stack
        parent = stack[-1] if stack else None
        if self.count > MAX_ELEMENTS:
            raise FaXmlError(_path(parent, tag, None), f"more than {MAX_ELEMENTS} elements")
        if len(stack) >= MAX_DEPTH:
            raise FaXmlError(_path(parent, tag, None), f"nested deeper than {MAX_DEPTH} levels")
        element = _Element(tag, parent)
        if parent is not None:
            parent.children.append(element)
        else:
            self.root = element
        stack.append(element)

    def end(self, _tag: str) -> None:
        self.stack.pop()

    def text(self, data: str) -> None:
        if self.stack:
            self.stack[-1].text_parts.append(data)

    def parse(self, xml: str) -> _Element:
        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartDoctypeDeclHandler = _refuse_doctype
        parser.EntityDeclHandler = _refuse_entity
        parser.ExternalEntityRefHandler = _refuse_external
        parser.ProcessingInstructionHandler = _refuse_instruction
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.text
        try:
            parser.Parse(xml, True)
        except expat.ExpatError as error:
            raise FaXmlError(f"line {error.lineno}, column {error.offset}",
                             f"not well-formed XML ({expat.ErrorString(error.code)})") from None
        assert self.root is not None
        return self.root


def _refuse_doctype(name: str, *_rest: object) -> None:
    raise FaXmlError(f"<!DOCTYPE {name}>", "a document type declaration is not accepted (no DTD, no entities)")


def _refuse_entity(name: str, *_rest: object) -> None:
    raise FaXmlError(f"<!ENTITY {name}>", "entity declarations are not accepted")


def _refuse_external(*_args: object) -> int:
    raise FaXmlError("xml", "external entities are not accepted")


def _refuse_instruction(target: str, _data: str) -> None:
    raise FaXmlError(f"<?{target}?>", "processing instructions are not accepted")


def parse(xml: str, root_tag: str) -> _Element:
    """The element tree of ``xml``, whose root must be ``root_tag``. Raises :class:`FaXmlError`."""
    if not xml.strip():
        raise FaXmlError("xml", "An XML string is required for this operation")
    if len(xml) > MAX_XML_CHARS:
        raise FaXmlError("xml", f"{len(xml)} characters, over this server's limit of {MAX_XML_CHARS}")
    root = _Reader().parse(xml)
    if root.tag != root_tag:
        raise FaXmlError(root.tag, f"expected <{root_tag}> as the root element")
    return root


def read_groups(xml: str) -> list[FaGroup]:
    """The groups of a ``<ListOfGroups>``, legacy or unified."""
    root = parse(xml, "ListOfGroups")
    groups = []
    for element in _children(root, "Group"):
        name = element.value("name")
        method = _method(element.one("defaultMethod"))
        accounts = element.one("ListOfAccts", required=False)
        members = []
        for member in accounts.children if accounts is not None else ():
            if member.tag == "String":
                members.append((member.text, Decimal(0)))
            elif member.tag == "Account":
                amount = member.one("amount", required=False)
                members.append((member.value("acct"), _amount(amount) if amount is not None else Decimal(0)))
            else:
                raise FaXmlError(member.path, "expected <String> or <Account>")
        groups.append(FaGroup(name, method, tuple(members)))
    return _distinct(groups, root)


def read_profiles(xml: str) -> list[FaGroup]:
    """The profiles of a ``<ListOfAllocationProfiles>`` (below 177), as the groups they are in the engine."""
    root = parse(xml, "ListOfAllocationProfiles")
    by_type = {number: method for method, number in PROFILE_TYPES.items()}
    profiles = []
    for element in _children(root, "AllocationProfile"):
        name = element.value("name")
        kind = element.one("type")
        assert kind is not None
        method = by_type.get(int(kind.text)) if kind.text.isdigit() else None
        if method is None:
            raise FaXmlError(kind.path, f"{kind.text!r} is not a profile type (1 percentages, 2 ratios, 3 shares)")
        allocations = element.one("ListOfAllocations", required=False)
        members = [(allocation.value("acct"), _amount(allocation.one("amount")))
                   for allocation in (_children(allocations, "Allocation") if allocations is not None else ())]
        profiles.append(FaGroup(name, method, tuple(members)))
    return _distinct(profiles, root)


def _children(parent: _Element, tag: str) -> list[_Element]:
    for child in parent.children:
        if child.tag != tag:
            raise FaXmlError(child.path, f"expected <{tag}> in <{parent.tag}>")
    return parent.children


def _method(element: _Element | None) -> AllocationMethod:
    assert element is not None
    try:
        return AllocationMethod.parse(element.text)
    except Rejection:
        names = sorted({*LEGACY_GROUP_METHODS.values(), *(m.value for m in AllocationMethod
                                                          if m is not AllocationMethod.MODEL)})
        raise FaXmlError(element.path, f"{element.text!r} is not an allocation method; expected one of "
                                       f"{', '.join(names)}") from None


def _amount(element: _Element | None) -> Decimal:
    assert element is not None
    text = element.text
    if not text:
        return Decimal(0)
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise FaXmlError(element.path, f"{text[:40]!r} is not a number") from None
    if not amount.is_finite():
        raise FaXmlError(element.path, f"{text[:40]!r} is not a finite number")
    return amount


def _distinct(groups: list[FaGroup], root: _Element) -> list[FaGroup]:
    seen: set[str] = set()
    for index, group in enumerate(groups, 1):
        if group.name in seen:
            raise FaXmlError(f"{root.path}/{root.children[index - 1].tag}[{index}]/name",
                             f"{group.name!r} is listed twice")
        seen.add(group.name)
    return groups


# ------------------------------------------------------------------------------------------------ writing


def _amount_text(amount: Decimal) -> str:
    text = f"{amount.normalize():f}" if amount else "0"
    return text if "." in text else f"{text}.0"  # as TWS writes amounts: 60.0, 2.0


def groups_xml(groups: Iterable[GroupView], server_version: int) -> str:
    """requestFA(1): every group (from 177), or the groups of the legacy methods (below)."""
    unified = server_version >= FA_PROFILE_DESUPPORT
    out = [_HEADER, "<ListOfGroups>\n"]
    for group in groups:
        if unified:
            out.append(f"\t<Group>\n\t\t<name>{escape(group.name)}</name>\n"
                       f"\t\t<defaultMethod>{group.method.value}</defaultMethod>\n"
                       '\t\t<ListOfAccts varName="list">\n')
            for account, amount in group.members:
                amount_text = f"<amount>{_amount_text(amount)}</amount>" if group.method.needs_amounts else ""
                out.append(f"\t\t\t<Account><acct>{escape(account)}</acct>{amount_text}</Account>\n")
            out.append("\t\t</ListOfAccts>\n\t</Group>\n")
        elif group.method in LEGACY_GROUP_METHODS:
            out.append(f'\t<Group>\n\t\t<name>{escape(group.name)}</name>\n\t\t<ListOfAccts varName="list">\n')
            out += [f"\t\t\t<String>{escape(account)}</String>\n" for account in group.accounts]
            out.append(f"\t\t</ListOfAccts>\n\t\t<defaultMethod>{LEGACY_GROUP_METHODS[group.method]}</defaultMethod>\n"
                       "\t</Group>\n")
    out.append("</ListOfGroups>\n")
    return "".join(out)


def profiles_xml(groups: Iterable[GroupView]) -> str:
    """requestFA(2) below 177: the groups of the methods a profile had (percentages, ratios, shares)."""
    out = [_HEADER, "<ListOfAllocationProfiles>\n"]
    for group in groups:
        if group.method not in PROFILE_TYPES:
            continue
        out.append(f"\t<AllocationProfile>\n\t\t<name>{escape(group.name)}</name>\n"
                   f"\t\t<type>{PROFILE_TYPES[group.method]}</type>\n"
                   '\t\t<ListOfAllocations varName="listOfAllocations">\n')
        out += [f"\t\t\t<Allocation>\n\t\t\t\t<acct>{escape(account)}</acct>\n"
                f"\t\t\t\t<amount>{_amount_text(amount)}</amount>\n\t\t\t</Allocation>\n"
                for account, amount in group.members]
        out.append("\t\t</ListOfAllocations>\n\t</AllocationProfile>\n")
    out.append("</ListOfAllocationProfiles>\n")
    return "".join(out)


def aliases_xml(accounts: Sequence[str]) -> str:
    """requestFA(3): each account under its alias; the engine gives none, so an account is its own alias
    (as TWS shows an account whose alias was never set)."""
    out = [_HEADER, "<ListOfAccountAliases>\n"]
    out += [f"\t<AccountAlias>\n\t\t<account>{escape(a)}</account>\n\t\t<alias>{escape(a)}</alias>\n"
            "\t</AccountAlias>\n" for a in accounts]
    out.append("</ListOfAccountAliases>\n")
    return "".join(out)
