"""The advisor's allocation commands: groups, presets, model portfolios and investing in them."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from workstation.engine.allocation.book import AllocationState
from workstation.engine.allocation.models import (
    Model,
    apply_investment,
    apply_model,
    validate_investment,
    validate_model,
)
from workstation.engine.allocation.setup import apply_group, apply_presets, validate_group, validate_presets
from workstation.engine.messages.commands import (
    DefineGroup,
    DefineModel,
    DivestFromModel,
    InvestInModel,
    SetAllocationPresets,
)
from workstation.engine.messages.events import Event
from workstation.engine.messages.handlers import Handlers

Reshare = Callable[[AllocationState, Model, list[Event]], None]
"""Re-shares the unfilled part of a model's working orders after an investment changed."""


class AllocationDesk:
    """DefineGroup, SetAllocationPresets, DefineModel, InvestInModel and DivestFromModel. ``nlv``
    gives an account's net liquidation (an investment may not exceed it); ``reshare`` is the order
    desk's, which owns the orders."""

    def __init__(self, state: AllocationState, nlv: Callable[[str], Decimal], reshare: Reshare) -> None:
        self._state = state
        self._nlv = nlv
        self._reshare = reshare

    def handlers(self) -> Handlers:
        state = self._state
        return {
            DefineGroup: (lambda c: validate_group(state, c),
                          lambda _c, group, sink: sink.append(apply_group(state, group))),
            SetAllocationPresets: (lambda c: validate_presets(state, c),
                                   lambda c, presets, sink: sink.append(apply_presets(state, c.advisor, presets))),
            DefineModel: (lambda c: validate_model(state, c),
                          lambda _c, model, sink: sink.append(apply_model(state, model))),
            InvestInModel: (lambda c: validate_investment(state, c, True, self._nlv),
                            lambda c, model, sink: self._invest(model, c.account, c.amount, sink)),
            DivestFromModel: (lambda c: validate_investment(state, c, False, self._nlv),
                              lambda c, model, sink: self._invest(model, c.account, -c.amount, sink)),
        }

    def _invest(self, model: Model, account: str, change: Decimal, sink: list[Event]) -> None:
        sink.append(apply_investment(model, account, change))
        self._reshare(self._state, model, sink)
