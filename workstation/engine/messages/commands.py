"""Commands: what a user, a scenario or a test asks the engine to do (imperative names).

Every field is plain data (str, Decimal, enums, datetimes, tuples), so a command can be journaled
and replayed exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import Enum

from workstation.engine.core.errors import FieldTypeError, FieldValueError
from workstation.engine.core.fee_schedule import FeeSchedule
from workstation.engine.core.money import to_decimal
from workstation.engine.core.terms import AccountType, Action, AllocationMethod, ComboLeg, OrderType, TimeInForce
from workstation.engine.messages.type_registry import TypeRegistry

COMMANDS = TypeRegistry("command")


@dataclass(frozen=True, slots=True)
class Command:
    """Base of every command. Defining a subclass registers it with the journal's codec (and the
    engine refuses to start without a handler for it), so no command can be forgotten."""

    def __init_subclass__(cls) -> None:
        COMMANDS.add(cls)


def _exact(command: object, *fields: str) -> None:
    """The boundary where numbers enter: ints and numeric strings become Decimals; floats, NaN and
    infinities are refused."""
    for name in fields:
        value = getattr(command, name)
        if value is not None:
            object.__setattr__(command, name, to_decimal(value, name))


def _member(command: object, field: str, enum_type: type[Enum], optional: bool = False) -> None:
    """Enum fields take the member or its IB value (``"LMT"``); anything else names the field."""
    value = getattr(command, field)
    if isinstance(value, enum_type) or (optional and value is None):
        return
    try:
        object.__setattr__(command, field, enum_type(value))
    except ValueError:
        allowed = ", ".join(str(m.value) for m in enum_type)
        raise FieldValueError(field, f"{value!r} is not one of {allowed}") from None


def _whole_number(command: object, field: str) -> None:
    """An optional count or id: a non-negative int (a bool is not one)."""
    value = getattr(command, field)
    if value is None:
        return
    if type(value) is not int:
        raise FieldTypeError(field, f"expected a whole number, got {type(value).__name__} {value!r}")
    if value < 0:
        raise FieldValueError(field, f"{value} is negative; use a whole number from 0")


def _aware(command: object, field: str) -> None:
    value = getattr(command, field)
    if not isinstance(value, datetime):
        raise FieldTypeError(field, f"expected a datetime, got {type(value).__name__}")


@dataclass(frozen=True, slots=True)
class SeedPosition:
    """A position an account opens with: its units and average cost."""

    symbol: str
    quantity: Decimal
    avg_cost: Decimal

    def __post_init__(self) -> None:
        _exact(self, "quantity", "avg_cost")


@dataclass(frozen=True, slots=True)
class OpenAccount(Command):
    """Create an account with its opening cash and positions (the back office's job at IB)."""

    account_id: str
    account_type: AccountType
    base_currency: str = "USD"
    cash: tuple[tuple[str, Decimal], ...] = ()
    positions: tuple[SeedPosition, ...] = ()
    permissions: tuple[str, ...] | None = None
    advisor: str | None = None
    parent: str | None = None
    restrictions: tuple[str, ...] = ()
    holder: str | None = None
    """Another individual account of the same customer, whose login sees and trades this one too."""
    holder_name: str = ""
    """The account holder's name, which signs the risk disclosures of account changes ("" on accounts opened
    before it was kept: any typed name signs for them)."""
    paper: bool = False
    """A paper trading account (a ``DU`` id): simulated money, resettable with ``ResetPaperAccount``."""
    paper_of: str | None = None
    """The live account this paper account is paired with (one paper account per live account)."""

    def __post_init__(self) -> None:
        _member(self, "account_type", AccountType)
        object.__setattr__(self, "cash", tuple((ccy, to_decimal(amount, f"cash.{ccy}")) for ccy, amount in self.cash))


def _combo_leg(leg: ComboLeg | tuple[str, Action | str, int], where: str) -> ComboLeg:
    """A combo leg from a ``ComboLeg`` or a ``(symbol, action, ratio)`` triple; the ratio must be a
    positive whole number."""
    symbol, action, ratio = (leg.symbol, leg.action, leg.ratio) if isinstance(leg, ComboLeg) else leg
    try:
        side = Action(action)
    except ValueError:
        raise FieldValueError(f"{where}.action", f"{action!r} is not one of BUY, SELL") from None
    exact = to_decimal(ratio, f"{where}.ratio")
    if exact <= 0 or exact != exact.to_integral_value():
        raise FieldValueError(f"{where}.ratio", f"{ratio} must be a positive whole number")
    return ComboLeg(symbol, side, int(exact))


@dataclass(frozen=True, slots=True)
class PlaceOrder(Command):
    """Place an order (IB's ``placeOrder``) for one account, or an advisor's for a group, an inline profile
    (``fa_allocations``) or a model; a combination order when ``legs`` are given."""

    account: str
    symbol: str
    action: Action
    total_quantity: Decimal
    order_type: OrderType = OrderType.MKT
    lmt_price: Decimal | None = None
    aux_price: Decimal | None = None
    tif: TimeInForce = TimeInForce.DAY
    outside_rth: bool = False
    order_ref: str = ""
    fa_group: str | None = None
    fa_method: AllocationMethod | None = None
    fa_percentage: Decimal | None = None
    fa_allocations: tuple[tuple[str, Decimal], ...] | None = None
    model_code: str | None = None
    cash_qty: Decimal | None = None
    legs: tuple[ComboLeg, ...] = ()
    guaranteed: bool = True
    entered_by: str | None = None  # the login entering it; None: the order account's own holder
    api_client_id: int | None = None
    """The API client that placed it (IB's Order.clientId); None for an order entered in the GUI."""
    api_order_id: int | None = None
    """That client's id for it (IB's Order.orderId), given with ``api_client_id``."""

    @property
    def is_combo(self) -> bool:
        """A combination order (IB's BAG): ``total_quantity`` counts units of the combo and the limit
        is its net price; ``symbol`` is not used, the order is named by its legs."""
        return bool(self.legs)

    @property
    def allocates(self) -> bool:
        """An advisor order shared among client accounts by a group, an inline profile or a model."""
        return self.fa_group is not None or self.fa_allocations is not None or self.model_code is not None

    def __post_init__(self) -> None:
        _exact(self, "total_quantity", "lmt_price", "aux_price", "fa_percentage", "cash_qty")
        _member(self, "fa_method", AllocationMethod, optional=True)
        if self.fa_allocations is not None:
            object.__setattr__(self, "fa_allocations", tuple(
                (account, to_decimal(amount, f"fa_allocations.{account}")) for account, amount in self.fa_allocations))
        _member(self, "action", Action)
        _member(self, "order_type", OrderType)
        _member(self, "tif", TimeInForce)
        object.__setattr__(self, "legs", tuple(_combo_leg(leg, f"legs[{i}]") for i, leg in enumerate(self.legs)))
        _whole_number(self, "api_client_id")
        _whole_number(self, "api_order_id")
        if (self.api_client_id is None) != (self.api_order_id is None):
            given, missing = (("api_client_id", "api_order_id") if self.api_order_id is None
                              else ("api_order_id", "api_client_id"))
            raise FieldValueError(given, f"given without {missing}; an API order is named by both")


@dataclass(frozen=True, slots=True)
class DefineGroup(Command):
    """Create or replace an advisor's allocation group (groups and profiles are one thing)."""

    advisor: str
    name: str
    method: AllocationMethod
    accounts: tuple[tuple[str, Decimal], ...]

    def __post_init__(self) -> None:
        _member(self, "method", AllocationMethod)
        object.__setattr__(self, "accounts", tuple(
            (account, to_decimal(amount, f"accounts.{account}")) for account, amount in self.accounts))


@dataclass(frozen=True, slots=True)
class DefineModel(Command):
    """Create an advisor's model portfolio (accounts then invest in it)."""

    advisor: str
    name: str


@dataclass(frozen=True, slots=True)
class _ModelAmount(Command):
    account: str
    model: str
    amount: Decimal

    def __post_init__(self) -> None:
        _exact(self, "amount")


@dataclass(frozen=True, slots=True)
class InvestInModel(_ModelAmount):
    """Put ``amount`` (base currency) of an account's net liquidation value into a model."""


@dataclass(frozen=True, slots=True)
class DivestFromModel(_ModelAmount):
    """Take ``amount`` of an account's investment back out of a model."""


@dataclass(frozen=True, slots=True)
class SetAllocationPresets(Command):
    """Advisor Setup -> Presets: strict per-account allocation, the method for "All", board lots
    and the odd-lot account, Equal as equal positions, close positions first."""

    advisor: str
    strict: bool = False
    default_method: AllocationMethod = AllocationMethod.AVAILABLE_EQUITY
    round_lots: bool = False
    odd_lot_account: str | None = None
    equal_positions: bool = False
    close_positions_first: bool = True

    def __post_init__(self) -> None:
        _member(self, "default_method", AllocationMethod)


@dataclass(frozen=True, slots=True)
class ModifyOrder(Command):
    """Change a working order; fields left as None keep their value."""

    order_id: int
    total_quantity: Decimal | None = None
    lmt_price: Decimal | None = None
    aux_price: Decimal | None = None
    tif: TimeInForce | None = None
    entered_by: str | None = None

    def __post_init__(self) -> None:
        _exact(self, "total_quantity", "lmt_price", "aux_price")
        _member(self, "tif", TimeInForce, optional=True)


@dataclass(frozen=True, slots=True)
class CancelOrder(Command):
    """Cancel a working order (a combination order with its legs)."""

    order_id: int
    entered_by: str | None = None


@dataclass(frozen=True, slots=True)
class ForceExecution(Command):
    """Execute ``quantity`` of a working order at ``price`` now, whatever the book shows. A combo
    executes ``quantity`` units with every leg at its price in ``leg_prices``."""

    order_id: int
    quantity: Decimal
    price: Decimal | None = None
    leg_prices: tuple[Decimal, ...] | None = None

    def __post_init__(self) -> None:
        _exact(self, "quantity", "price")
        if self.leg_prices is not None:
            object.__setattr__(self, "leg_prices", tuple(
                to_decimal(p, f"leg_prices[{i}]") for i, p in enumerate(self.leg_prices)))


@dataclass(frozen=True, slots=True)
class CorrectExecution(Command):
    """A trade correction: execution ``exec_id`` really traded at ``price``."""

    exec_id: str
    price: Decimal

    def __post_init__(self) -> None:
        _exact(self, "price")


@dataclass(frozen=True, slots=True)
class BustExecution(Command):
    """A trade bust: execution ``exec_id`` is cancelled, as if it had never traded."""

    exec_id: str


@dataclass(frozen=True, slots=True)
class SetPrice(Command):
    """Mark an instrument at ``price`` (options on it are repriced)."""

    symbol: str
    price: Decimal

    def __post_init__(self) -> None:
        _exact(self, "price")


@dataclass(frozen=True, slots=True)
class AdvanceClock(Command):
    """Move simulated time forward to ``to``, stepping the market and working orders."""

    to: datetime

    def __post_init__(self) -> None:
        _aware(self, "to")


@dataclass(frozen=True, slots=True)
class RequestPartition(Command):
    """Account -> Create a Partition with an Advisor: hand a new child of ``account`` to the
    marketplace provider ``advisor`` on the terms acknowledged in the wizard (its name, the
    permissions it is entitled to, its fee schedule), which the request records."""

    account: str
    advisor: str
    advisor_name: str
    entitlements: tuple[str, ...]
    fees: FeeSchedule = FeeSchedule()


@dataclass(frozen=True, slots=True)
class TransferCash(Command):
    """A Fund Transfer between a parent account and its open partition."""

    from_account: str
    to_account: str
    currency: str
    amount: Decimal
    entered_by: str | None = None  # the login asking; None: the account's holder or the back office

    def __post_init__(self) -> None:
        _exact(self, "amount")


@dataclass(frozen=True, slots=True)
class TransferPosition(Command):
    """A Position Transfer of ``quantity`` units (all or part of the holding, long or short) at
    cost basis between a parent account and its open partition."""

    from_account: str
    to_account: str
    symbol: str
    quantity: Decimal
    entered_by: str | None = None  # the login asking; None: the account's holder or the back office

    def __post_init__(self) -> None:
        _exact(self, "quantity")


@dataclass(frozen=True, slots=True)
class Deposit(Command):
    """Money from the holder's bank: without a method, money IB already received, credited now and
    withdrawable after the hold; with one (wire, ach, check), a deposit notification whose money is credited
    on the method's day. ``bank`` names the sending bank (e.g. "Chase ...1234"; an ACH deposit needs it)."""

    account: str
    currency: str
    amount: Decimal
    method: str = ""
    bank: str = ""
    entered_by: str | None = None  # the login asking; None: the account's holder or the back office

    def __post_init__(self) -> None:
        _exact(self, "amount")


@dataclass(frozen=True, slots=True)
class Withdraw(Command):
    """Money sent to the holder's bank, within what may be withdrawn and the security device's limits;
    ``method`` wire (the default, empty), ach or check; ``bank`` the destination (empty: the bank on file)."""

    account: str
    currency: str
    amount: Decimal
    bank: str = ""
    method: str = ""
    entered_by: str | None = None  # the login asking; None: the account's holder or the back office

    def __post_init__(self) -> None:
        _exact(self, "amount")


@dataclass(frozen=True, slots=True)
class SetSecurityDevice(Command):
    """Record the strongest Secure Login System device of the account's holder, which sets its withdrawal
    limits: none, sms, ib_key, security_code_card, digital_security_card, digital_security_card_plus."""

    account: str
    device: str


@dataclass(frozen=True, slots=True)
class SetExcessFundsSweep(Command):
    """Choose how excess cash moves between the securities and commodities segments, from the next business day."""

    account: str
    setting: str
    """``none`` (IB's default, "Do not sweep excess funds"), ``securities`` or ``commodities``"""
    entered_by: str | None = None  # the login asking; None: the account's holder or the back office



@dataclass(frozen=True, slots=True)
class DefineUser(Command):
    """Account Management -> Users & Access Rights: give user ``username`` a ``role`` on ``account``
    (``owner``, ``trader`` or ``viewer``); on an advisor's master, ``clients`` limits the user to those
    client accounts (None: every client). Defining the same user and account again replaces the grant.
    Credentials are not the engine's: they stay in the database's users table (store/users.py)."""

    username: str
    account: str
    role: str
    clients: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class RequestAccountType(Command):
    """Ask for another account type (Account Settings > Configuration > Account Type): cash to margin, margin to
    portfolio margin, or portfolio margin back to margin; ``signature`` is the holder's name, typed to sign the
    risk disclosures."""

    account: str
    to: AccountType
    signature: str

    def __post_init__(self) -> None:
        _member(self, "to", AccountType)


@dataclass(frozen=True, slots=True)
class RequestTradingPermissions(Command):
    """Ask for trading permissions (``"STK:DE"``, ``"FUT:US"``, ``"CASH"``), the risk disclosures signed with the
    holder's name: a new country of a product the account trades is granted at once, a new product later."""

    account: str
    permissions: tuple[str, ...]
    signature: str


@dataclass(frozen=True, slots=True)
class ChangeBaseCurrency(Command):
    """Change a margin account's base currency from the next business day; its balances are not converted."""

    account: str
    currency: str


@dataclass(frozen=True, slots=True)
class ResetPaperAccount(Command):
    """Reset a paper account's cash to ``amount`` USD (Paper Trading Account Reset): its other currencies go to
    zero; taken at the pre-market step of the day after the one that processes it (16:00 ET cut-off). A user's
    login (``entered_by``) needs the owner role: a reset is a setting."""

    account: str
    amount: Decimal
    entered_by: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "amount", to_decimal(self.amount, "amount"))


@dataclass(frozen=True, slots=True)
class SubscribeMarketData(Command):
    """Subscribe the account's holder to a market data bundle (Settings > Market Data Subscriptions): its
    exchanges' quotes turn live; its monthly fee is charged in full for the month at once."""

    account: str
    bundle: str
    entered_by: str | None = None  # the login asking; None: the account's holder or the back office


@dataclass(frozen=True, slots=True)
class UnsubscribeMarketData(Command):
    """End a market data subscription: its exchanges' quotes are delayed 15 minutes again (no refund)."""

    account: str
    bundle: str
    entered_by: str | None = None


def command_types() -> tuple[type[Command], ...]:
    """Every concrete command type defined so far, in definition order."""
    return COMMANDS.types()  # type: ignore[return-value]


COMMAND_TYPES: tuple[type[Command], ...] = command_types()
