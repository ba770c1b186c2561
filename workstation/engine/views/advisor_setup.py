"""What the Advisor Setup window reads and checks: an advisor's groups, models, presets and client
accounts as one frozen view, and a group as the user types it, checked by the engine's own rules.

A :class:`GroupDraft` holds the amounts as typed text; :func:`check_group` turns it into the
``DefineGroup`` it stands for and runs the same ``group_problems`` the command is validated with,
so the window and the engine cannot disagree about what a valid group is.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from decimal import Decimal

from workstation.engine.allocation.setup import AllocationPresets, group_problems, presets_of
from workstation.engine.core.errors import FIELD_ERRORS, FieldValueError, Rejected, Rejection, full_text
from workstation.engine.core.money import to_decimal
from workstation.engine.core.terms import AllocationMethod
from workstation.engine.messages.commands import DefineGroup
from workstation.engine.views.book import ViewsState

DUPLICATE_GROUP_NAME = "DUPLICATE_GROUP_NAME"
"""A new group named as a saved one (which saving would replace)."""

MEMBERS_FIELD = "accounts"
"""The field a group's members are checked under; one member's amount is ``accounts.ACCOUNT``."""


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """One reason a draft would be refused: the field it is about (``name``, ``method``,
    ``accounts`` for the members as a whole, ``accounts.ACCOUNT`` for one amount), the refusal
    code and the reason (without the field)."""

    field: str
    code: str
    message: str

    @property
    def text(self) -> str:
        """The field and the reason as the engine words a refusal (``name: ...``)."""
        return full_text(self.field, self.message)

    @classmethod
    def of(cls, refusal: Rejection | Rejected) -> FieldProblem:
        return cls(refusal.field, refusal.code, refusal.message)


@dataclass(frozen=True, slots=True)
class GroupView:
    """One allocation group: its default method and its members with their amounts (zero for
    the methods IB computes)."""

    name: str
    method: AllocationMethod
    members: tuple[tuple[str, Decimal], ...]

    @property
    def accounts(self) -> tuple[str, ...]:
        return tuple(account for account, _ in self.members)


@dataclass(frozen=True, slots=True)
class ModelView:
    """One model portfolio and what each account has invested in it (base currency)."""

    name: str
    investments: tuple[tuple[str, Decimal], ...]

    @property
    def total(self) -> Decimal:
        return sum((amount for _, amount in self.investments), Decimal(0))


@dataclass(frozen=True, slots=True)
class PresetsView:
    """The advisor's presets (see ``AllocationPresets`` for what each one does)."""

    strict: bool
    default_method: AllocationMethod
    round_lots: bool
    odd_lot_account: str | None
    equal_positions: bool
    close_positions_first: bool

    @classmethod
    def of(cls, presets: AllocationPresets) -> PresetsView:
        return cls(**{f.name: getattr(presets, f.name) for f in fields(cls)})


@dataclass(frozen=True, slots=True)
class AdvisorSetupView:
    """Everything Advisor Setup shows for one advisor: its client accounts, groups and models
    (each sorted by name) and its presets."""

    advisor: str
    clients: tuple[str, ...]
    groups: tuple[GroupView, ...]
    models: tuple[ModelView, ...]
    presets: PresetsView

    def group(self, name: str) -> GroupView | None:
        return next((group for group in self.groups if group.name == name), None)


def advisor_setup(state: ViewsState, advisor: str) -> AdvisorSetupView:
    """The advisor's setup as it stands. Raises ``KeyError`` if ``advisor`` is not an advisor."""
    account = state.accounts.get(advisor)
    if account is None or not account.is_advisor:
        raise KeyError(f"advisor: {advisor} is not an advisor master account")
    clients = tuple(sorted(a.account_id for a in state.accounts.values() if a.advisor == advisor))
    groups = tuple(GroupView(group.name, group.method, tuple(group.amounts.items()))
                   for (owner, _), group in sorted(state.groups.items()) if owner == advisor)
    models = tuple(ModelView(model.name, tuple(model.investments.items()))
                   for (owner, _), model in sorted(state.models.items()) if owner == advisor)
    return AdvisorSetupView(advisor, clients, groups, models, PresetsView.of(presets_of(state, advisor)))


@dataclass(frozen=True, slots=True)
class GroupDraft:
    """A group as typed in Advisor Setup: ``members`` are the checked accounts with the text of
    their amount cells (ignored, and sent as zero, for the methods IB computes). ``new`` is a group
    being created (New, or a saved group given another name): ``DefineGroup`` with the name of a
    saved group replaces it, so a new group may not take a saved group's name."""

    advisor: str
    name: str
    method: AllocationMethod
    members: tuple[tuple[str, str | Decimal], ...]
    new: bool = False

    def command(self) -> DefineGroup:
        """The ``DefineGroup`` this draft stands for. Raises ``FieldValueError`` naming the first
        amount that is not a number (check the draft with :func:`check_group` first)."""
        command, unreadable = _parse(self)
        if unreadable:
            raise FieldValueError(unreadable[0].field, unreadable[0].message)
        return command


def _parse(draft: GroupDraft) -> tuple[DefineGroup, list[FieldProblem]]:
    """The command made of the members whose amounts read as numbers, and a problem for each
    member whose amount does not."""
    members: list[tuple[str, Decimal]] = []
    unreadable: list[FieldProblem] = []
    for account, text in draft.members:
        field = f"{MEMBERS_FIELD}.{account}"
        if not draft.method.needs_amounts:
            members.append((account, Decimal(0)))
        elif isinstance(text, str) and not text.strip():
            unreadable.append(FieldProblem(field, "MISSING_AMOUNT",
                                           f"{draft.method.value} needs an amount for {account}"))
        else:
            try:
                members.append((account, to_decimal(text, field)))
            except FIELD_ERRORS as error:
                unreadable.append(FieldProblem(error.field, "INVALID_VALUE", error.message))
    return DefineGroup(draft.advisor, draft.name, draft.method, tuple(members)), unreadable


def check_group(state: ViewsState, draft: GroupDraft) -> list[FieldProblem]:
    """Every problem that would make the engine refuse the draft as ``DefineGroup``, each naming
    its field; empty when Save would be accepted. An amount that is not a number is reported on
    its cell and leaves out the checks of the members as a whole (such as percentages summing to
    100), which cannot be judged without it. Ordered as the form reads: name, method, each
    member's cell in table order, then the members as a whole."""
    command, unreadable = _parse(draft)
    problems = [FieldProblem.of(refusal) for refusal in group_problems(state, command)]
    if draft.new and (draft.advisor, draft.name) in state.groups:
        problems.append(FieldProblem("name", DUPLICATE_GROUP_NAME,
                                     f"advisor {draft.advisor} already has a group '{draft.name}' and saving "
                                     "would replace its method and members; choose it in the list to edit it, "
                                     "or give this group another name"))
    if unreadable:
        problems = [p for p in problems if p.field != MEMBERS_FIELD]
    accounts = [account for account, _ in draft.members]

    def place(problem: FieldProblem) -> tuple[int, int]:
        account = problem.field.removeprefix(f"{MEMBERS_FIELD}.")
        if account != problem.field:
            return 3, accounts.index(account) if account in accounts else len(accounts)
        return {"advisor": 0, "name": 1, "method": 2}.get(problem.field, 4), 0
    return sorted(unreadable + problems, key=place)
