"""Model portfolios: client accounts invest part of their NLV in an advisor's model; an order to
the model is shared by each account's amount in it, and investing or divesting re-shares what is
still unfilled on the model's working orders.

The amount invested is book value: the mock does not yet carry separate model positions, so an
account's "NLV in the model" is what it put in less what it took out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol

from workstation.engine.core.errors import Rejection
from workstation.engine.ledger.book import LedgerBook
from workstation.engine.messages.events import ModelDefined, ModelInvestmentChanged

if TYPE_CHECKING:
    from workstation.engine.messages.commands import DefineModel, DivestFromModel, InvestInModel


@dataclass(slots=True)
class Model:
    """An advisor's model portfolio; ``investments``: account -> amount invested (base currency)."""

    advisor: str
    name: str
    investments: dict[str, Decimal] = field(default_factory=dict)


class ModelBook(Protocol):
    """The allocation room's book of model portfolios: ``models``: (advisor, name) -> model. It sits
    beside its record, not in a book module, so the functions here can name the state they work over
    without an import circle."""

    models: dict[tuple[str, str], Model]


class ModelState(LedgerBook, ModelBook, Protocol):
    """What defining and investing in models works over: the accounts and the model book."""


def model_label(name: str) -> str:
    return f"Model {name}"


def validate_model(state: ModelState, command: DefineModel) -> Model:
    advisor = state.accounts.get(command.advisor)
    if advisor is None or not advisor.is_advisor:
        raise Rejection("NOT_AN_ADVISOR", "advisor", f"{command.advisor} is not an advisor master account")
    if not command.name or command.name != command.name.strip():
        raise Rejection("INVALID_MODEL_NAME", "name", f"{command.name!r} must be non-empty with no outer spaces")
    if (command.advisor, command.name) in state.models:
        raise Rejection("DUPLICATE_MODEL", "name", f"advisor {command.advisor} already has a model {command.name!r}")
    return Model(command.advisor, command.name)


def apply_model(state: ModelState, model: Model) -> ModelDefined:
    state.models[(model.advisor, model.name)] = model
    return ModelDefined(model.advisor, model.name)


def _find(state: ModelState, account_id: str, name: str) -> Model:
    account = state.accounts.get(account_id)
    if account is None:
        raise Rejection("UNKNOWN_ACCOUNT", "account", f"{account_id} does not exist")
    model = state.models.get((account.advisor or "", name))
    if model is None:
        raise Rejection("UNKNOWN_MODEL", "model", f"the advisor of {account_id} has no model named {name!r}")
    return model


def validate_investment(state: ModelState, command: InvestInModel | DivestFromModel, investing: bool,
                        nlv_of: Callable[[str], Decimal]) -> Model:
    model = _find(state, command.account, command.model)
    if command.amount <= 0 or not command.amount.is_finite():
        raise Rejection("INVALID_AMOUNT", "amount", f"{command.amount} must be greater than zero")
    held = model.investments.get(command.account, Decimal(0))
    if not investing and command.amount > held:
        raise Rejection("INVALID_AMOUNT", "amount", f"{command.amount} is more than the {held} {command.account} "
                        f"has in model {command.model!r}")
    if investing:
        nlv_free = nlv_of(command.account) - sum(
            (m.investments.get(command.account, Decimal(0)) for m in state.models.values()), Decimal(0))
        if command.amount > nlv_free:
            raise Rejection("INSUFFICIENT_FUNDS", "amount", f"{command.account} has {nlv_free:,.2f} of net "
                            "liquidation value not already in a model")
    return model


def apply_investment(model: Model, account_id: str, change: Decimal) -> ModelInvestmentChanged:
    """Record the account's new amount in the model (the engine then re-shares working orders)."""
    amount = model.investments.get(account_id, Decimal(0)) + change
    if amount:
        model.investments[account_id] = amount
    else:
        model.investments.pop(account_id, None)
    return ModelInvestmentChanged(account_id, model.advisor, model.name, amount)


def model_amounts(model: Model) -> dict[str, Decimal]:
    if not model.investments:
        raise Rejection("EMPTY_MODEL", "model_code", f"model {model.name!r} has no investors")
    return dict(model.investments)
