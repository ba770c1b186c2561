"""Read a scenario file into typed steps, refusing anything unknown with the key and its line.

The format is a product interface (documented in the README): top-level ``seed``, ``clock``,
``strict``, ``market``, ``accounts``, ``groups``, ``models``, ``presets``, ``prices``, ``steps``.
"""

from __future__ import annotations

import re
import reprlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from workstation.engine.core.errors import Rejection
from workstation.engine.core.instruments import InstrumentCatalog
from workstation.engine.core.money import to_decimal
from workstation.engine.core.terms import AccountType, Action, AllocationMethod, ComboLeg, OrderType, TimeInForce
from workstation.engine.ledger.valuation import avg_cost_per_unit
from workstation.engine.messages.commands import DefineGroup, OpenAccount, SeedPosition
from workstation.engine.trading.paper import DEFAULT_PAPER_TERMS
from workstation.scenario.yaml_lines import Located, YamlProblem, key_path_at, load_exact

DEFAULT_CLOCK = "2026-11-24T10:00:00-05:00"
FIRST_YEAR, LAST_YEAR = 2018, 2045  # the span of the exchange calendar
MAX_ADVANCE = timedelta(days=3660)
_DURATION = re.compile(r"^\s*(\d+)\s*([smhd])\s*$")
_DURATION_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}
MAX_NUMBER_DIGITS = 30  # significant digits of a number; money and quantities need far fewer
MAX_MAGNITUDE = 20  # numbers below 10**20
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # in text; tabs and line breaks are fine


class ScenarioError(ValueError):
    """The file is not a valid scenario; the message names the key and the line."""


@dataclass(frozen=True, slots=True)
class Step:
    """One step: ``kind`` is its key (place, fill, ...), ``args`` its checked arguments."""

    index: int
    line: int
    kind: str
    args: dict[str, Any]


@dataclass(frozen=True, slots=True)
class GroupSpec:
    """A ``groups`` entry; ``advisor`` may be left out when the scenario has one advisor."""

    name: str
    method: AllocationMethod
    accounts: tuple[tuple[str, Decimal], ...]
    advisor: str | None
    line: int


@dataclass(frozen=True, slots=True)
class ModelSpec:
    """A ``models`` entry: a model portfolio and the amounts accounts invest in it at the start."""

    name: str
    advisor: str | None
    investments: tuple[tuple[str, Decimal], ...]
    line: int


@dataclass(slots=True)
class Scenario:
    seed: int = 1
    clock: datetime = field(default_factory=lambda: datetime.fromisoformat(DEFAULT_CLOCK))
    strict: bool = False
    random_walk: bool = True
    accounts: list[OpenAccount] = field(default_factory=list)
    groups: list[GroupSpec] = field(default_factory=list)
    models: list[ModelSpec] = field(default_factory=list)
    presets: dict[str, Any] | None = None
    prices: dict[str, Decimal] = field(default_factory=dict)
    steps: list[Step] = field(default_factory=list)
    # Where the setup was written, so that the engine's refusal of it names the entry and line.
    account_lines: list[tuple[int, dict[str, int]]] = field(default_factory=list)  # an entry's line, its keys
    price_lines: dict[str, int] = field(default_factory=dict)
    presets_line: int = 1


class _Shortened(reprlib.Repr):
    """Values quoted in messages, cut short: a hostile file's value may be huge."""

    def __init__(self) -> None:
        super().__init__()
        self.maxstring, self.maxother, self.maxlevel, self.maxlist, self.maxdict = 60, 60, 3, 6, 6

    def repr_Located(self, value: Located, level: int) -> str:  # noqa: N802 - reprlib's naming
        return self.repr_dict(value, level)

    def repr_Decimal(self, value: Decimal, level: int) -> str:  # noqa: N802 - reprlib's naming
        return self.repr_str(str(value), level)[1:-1]


_show = _Shortened().repr


def _fail(where: str, line: int | None, reason: str) -> ScenarioError:
    at = f" (line {line})" if line else ""
    return ScenarioError(f"{where}{at}: {reason}")


class _Reader:
    """Typed access to one mapping of the file, with errors that point at the line."""

    def __init__(self, mapping: Any, where: str, line: int | None) -> None:
        if not isinstance(mapping, Located):
            raise _fail(where, line, "expected a mapping of keys to values")
        self.mapping, self.where = mapping, where

    def line_of(self, key: str) -> int:
        return self.mapping.key_lines.get(key, self.mapping.line)

    def only(self, allowed: set[str]) -> None:
        for key in self.mapping:
            if key not in allowed:
                raise _fail(f"{self.where}.{key}", self.line_of(key),
                            f"unknown key; expected one of {', '.join(sorted(allowed))}")

    def get(self, key: str, convert: Callable[[Any, str, int], Any], default: Any = None,
            required: bool = False) -> Any:
        if key not in self.mapping or self.mapping[key] is None:
            if required:
                raise _fail(f"{self.where}.{key}", self.mapping.line, "is required")
            return default
        return convert(self.mapping[key], f"{self.where}.{key}", self.line_of(key))


def _text(value: Any, where: str, line: int) -> str:
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        text = str(value)
        control = _CONTROL.search(text)
        if control is not None:
            raise _fail(where, line, f"{_show(text)} contains the control character U+{ord(control.group()):04X}")
        return text
    raise _fail(where, line, f"expected text, got {_show(value)}")


def _integer(value: Any, where: str, line: int) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise _fail(where, line, f"expected a whole number, got {_show(value)}")


def _boolean(value: Any, where: str, line: int) -> bool:
    if isinstance(value, bool):
        return value
    raise _fail(where, line, f"expected true or false, got {_show(value)}")


def _number(value: Any, where: str, line: int) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal, str)):
        raise _fail(where, line, f"expected a number, got {_show(value)}")
    if isinstance(value, str) and len(value) > 2 * MAX_NUMBER_DIGITS:
        raise _fail(where, line, f"{_show(value)} is too long for a number")
    try:
        number = to_decimal(value, "value")
    except ValueError:
        raise _fail(where, line, f"expected a finite number, got {_show(value)}") from None
    if number and number.adjusted() >= MAX_MAGNITUDE:
        raise _fail(where, line, f"{_show(value)} is too large; numbers are below 1e{MAX_MAGNITUDE}")
    if len(number.as_tuple().digits) > MAX_NUMBER_DIGITS:
        raise _fail(where, line, f"{_show(value)} has more than {MAX_NUMBER_DIGITS} digits")
    return number


def _numbers(value: Any, where: str, line: int) -> tuple[Decimal, ...]:
    return tuple(_number(item, f"{where}[{i}]", line) for i, item in enumerate(_list(value, where, line)))


def _seed(value: Any, where: str, line: int) -> int:
    seed = _integer(value, where, line)
    if not 0 <= seed < 2**63:
        raise _fail(where, line, f"{seed} is not a seed; use a whole number from 0 to 2**63 - 1")
    return seed


def _order_id(value: Any, where: str, line: int) -> str:
    name = _text(value, where, line)
    if not name or name.startswith("#"):
        raise _fail(where, line, f"{name!r} is not an order id; ids starting with # are given to unnamed orders")
    return name


def _time(value: Any, where: str, line: int) -> datetime:
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        raise _fail(where, line, f"{_show(value)} is not an ISO time such as {DEFAULT_CLOCK}") from None
    if moment.tzinfo is None:
        raise _fail(where, line, f"{_show(value)} has no time zone; add one such as -05:00")
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise _fail(where, line, f"{_show(value)} is outside the exchange calendar ({FIRST_YEAR}-{LAST_YEAR})")
    return moment


def _duration(value: Any, where: str, line: int) -> timedelta:
    match = _DURATION.match(str(value))
    if not match:
        raise _fail(where, line, f"{_show(value)} is not a duration such as 30s, 90m, 2h or 1d")
    digits = match.group(1).lstrip("0") or "0"
    amount = int(digits) if len(digits) <= 9 else 10**9  # anything longer is far past the limit below
    duration = timedelta(**{_DURATION_UNITS[match.group(2)]: min(amount, 10**7)})
    if duration > MAX_ADVANCE:
        raise _fail(where, line, f"{_show(value)} is longer than {MAX_ADVANCE.days} days")
    return duration


def _enum(enum_type: type, label: str) -> Callable[[Any, str, int], Any]:
    by_value = {member.value.upper(): member for member in enum_type}

    def convert(value: Any, where: str, line: int) -> Any:
        member = by_value.get(str(value).strip().upper())
        if member is None:
            raise _fail(where, line, f"{_show(value)} is not a valid {label}; expected one of {', '.join(by_value)}")
        return member
    return convert


def _method(value: Any, where: str, line: int) -> AllocationMethod:
    """An allocation method by IB's current name or a legacy one (EqualQuantity, Percentages, ...)."""
    try:
        return AllocationMethod.parse(_text(value, where, line))
    except Rejection:
        names = ", ".join(m.value for m in AllocationMethod if m is not AllocationMethod.MODEL)
        raise _fail(where, line, f"{_show(value)} is not a valid allocation method; expected one of {names}") from None


def _list(value: Any, where: str, line: int) -> list:
    if not isinstance(value, list):
        raise _fail(where, line, "expected a list")
    return value


def _texts(value: Any, where: str, line: int) -> tuple[str, ...]:
    """A list of texts, or one text as a list of one (``permissions: STK:DE``)."""
    items = value if isinstance(value, list) else [value]
    return tuple(_text(item, f"{where}[{k}]", line) for k, item in enumerate(items))


_ACCOUNT_KEYS = {"id", "type", "base_currency", "cash", "positions", "advisor", "parent", "permissions",
                 "restrictions", "holder", "name", "paper", "paper_of"}
_PLACE_KEYS = {"id", "account", "group", "model", "profile", "action", "quantity", "symbol", "order_type",
               "lmt_price", "aux_price", "tif", "outside_rth", "fa_method", "fa_percentage", "order_ref",
               "cash_qty", "legs", "guaranteed", "entered_by"}


def _account(entry: Any, index: int, line: int) -> OpenAccount:
    reader = _Reader(entry, f"accounts[{index}]", line)
    reader.only(_ACCOUNT_KEYS)
    cash_map = reader.get("cash", lambda v, w, ln: _Reader(v, w, ln), None)
    cash: list[tuple[str, Decimal]] = []
    if cash_map is not None:
        cash = [(currency, _number(cash_map.mapping[currency], f"{cash_map.where}.{currency}",
                                   cash_map.line_of(currency))) for currency in cash_map.mapping]
    positions = []
    for i, raw in enumerate(reader.get("positions", _list, [])):
        where = f"{reader.where}.positions[{i}]"
        position = _Reader(raw, where, reader.line_of("positions"))
        position.only({"symbol", "quantity", "avg_cost"})
        positions.append(SeedPosition(position.get("symbol", _text, required=True),
                                      position.get("quantity", _number, required=True),
                                      position.get("avg_cost", _number, required=True)))
    permissions = reader.get("permissions", _list)
    paper = reader.get("paper", _boolean, False)
    if paper and cash_map is None:  # a paper account opens with the starting money (USD 1,000,000)
        cash = [("USD", DEFAULT_PAPER_TERMS.starting_usd)]
    return OpenAccount(
        account_id=reader.get("id", _text, required=True),
        account_type=reader.get("type", _enum(AccountType, "account type"), AccountType.MARGIN),
        base_currency=reader.get("base_currency", _text, "USD"),
        cash=tuple(cash), positions=tuple(positions),
        permissions=tuple(str(p) for p in permissions) if permissions is not None else None,
        advisor=reader.get("advisor", _text), parent=reader.get("parent", _text),
        restrictions=tuple(str(r) for r in reader.get("restrictions", _list, [])),
        holder=reader.get("holder", _text),
        holder_name=reader.get("name", _text, ""),
        paper=paper, paper_of=reader.get("paper_of", _text),
    )


def seeds_per_unit(command: OpenAccount, catalog: InstrumentCatalog) -> OpenAccount:
    """``command`` with its seed positions' ``avg_cost`` per unit, as the engine books them. A file
    gives it as the output reports it, per contract for derivatives (decision D10.3: a seed
    ``avg_cost: 500.65`` of an option is 5.0065 a share). A symbol the catalog does not know is
    left for the engine to refuse."""
    positions = tuple(replace(p, avg_cost=avg_cost_per_unit(p.avg_cost, catalog[p.symbol])) if p.symbol in catalog
                      else p for p in command.positions)
    return command if positions == command.positions else replace(command, positions=positions)


def _amounts(value: Any, where: str, line: int) -> tuple[tuple[str, Decimal], ...]:
    """``{account: amount}``, or a plain list of accounts for methods that need no amounts."""
    if isinstance(value, list):
        return tuple((_text(account, where, line), Decimal(0)) for account in value)
    amounts = _Reader(value, where, line)
    return tuple((account, _number(amounts.mapping[account], f"{where}.{account}", amounts.line_of(account)))
                 for account in amounts.mapping)


def _legs(value: Any, where: str, line: int) -> tuple[ComboLeg, ...]:
    """A combo's legs: ``[{symbol: KO, action: BUY, ratio: 1}, ...]`` (ratio 1 when left out)."""
    legs = []
    for i, raw in enumerate(_list(value, where, line)):
        leg = _Reader(raw, f"{where}[{i}]", line)
        leg.only({"symbol", "action", "ratio"})
        legs.append(ComboLeg(leg.get("symbol", _text, required=True),
                             leg.get("action", _enum(Action, "action"), required=True),
                             leg.get("ratio", _positive_integer, 1)))
    return tuple(legs)


def _positive_integer(value: Any, where: str, line: int) -> int:
    number = _integer(value, where, line)
    if number <= 0:
        raise _fail(where, line, f"{number} must be a positive whole number")
    return number


def _place_args(reader: _Reader) -> dict[str, Any]:
    reader.only(_PLACE_KEYS)
    legs = reader.get("legs", _legs, ())
    group, profile, model = reader.get("group", _text), reader.get("profile", _amounts), reader.get("model", _text)
    if sum(x is not None for x in (group, profile, model)) > 1:
        raise _fail(reader.where, reader.mapping.line, "give one of a group, an inline profile or a model")
    allocating = group is not None or profile is not None or model is not None
    return {
        "id": reader.get("id", _order_id),
        "account": reader.get("account", _text, required=not allocating),
        "group": group,
        "profile": profile,
        "model": model,
        "fa_method": reader.get("fa_method", _method),
        "fa_percentage": reader.get("fa_percentage", _number),
        "symbol": reader.get("symbol", _text, "", required=not legs),
        "legs": legs,
        "guaranteed": reader.get("guaranteed", _boolean, True),
        "action": reader.get("action", _enum(Action, "action"), required=True),
        "quantity": reader.get("quantity", _number, Decimal(0),
                               required=not allocating and "cash_qty" not in reader.mapping),
        "order_type": reader.get("order_type", _enum(OrderType, "order type"), OrderType.MKT),
        "lmt_price": reader.get("lmt_price", _number),
        "aux_price": reader.get("aux_price", _number),
        "tif": reader.get("tif", _enum(TimeInForce, "time in force"), TimeInForce.DAY),
        "outside_rth": reader.get("outside_rth", _boolean, False),
        "order_ref": reader.get("order_ref", _text, ""),
        "cash_qty": reader.get("cash_qty", _number),
        "entered_by": reader.get("entered_by", _text),
    }


def _model(entry: Any, index: int, line: int) -> ModelSpec:
    reader = _Reader(entry, f"models[{index}]", line)
    reader.only({"name", "advisor", "investments"})
    return ModelSpec(reader.get("name", _text, required=True), reader.get("advisor", _text),
                     reader.get("investments", _amounts, ()), reader.line_of("name"))


def _group(entry: Any, index: int, line: int) -> GroupSpec:
    reader = _Reader(entry, f"groups[{index}]", line)
    reader.only({"name", "method", "accounts", "advisor"})
    return GroupSpec(reader.get("name", _text, required=True),
                     reader.get("method", _method, required=True),
                     reader.get("accounts", _amounts, required=True), reader.get("advisor", _text),
                     reader.line_of("name"))


@dataclass(frozen=True, slots=True)
class _Field:
    name: str
    convert: Callable[[Any, str, int], Any]
    required: bool = False
    default: Any = None


_SIMPLE_STEPS: dict[str, tuple[_Field, ...]] = {
    "fill": (_Field("order", _text, True), _Field("quantity", _number, True), _Field("price", _number),
             _Field("leg_prices", _numbers), _Field("leg", _text)),
    "cancel": (_Field("order", _text, True), _Field("entered_by", _text)),
    "modify": (_Field("order", _text, True), _Field("quantity", _number), _Field("lmt_price", _number),
               _Field("aux_price", _number), _Field("tif", _enum(TimeInForce, "time in force")),
               _Field("entered_by", _text)),
    "invest": (_Field("account", _text, True), _Field("model", _text, True), _Field("amount", _number, True)),
    "divest": (_Field("account", _text, True), _Field("model", _text, True), _Field("amount", _number, True)),
    "report": (_Field("label", _text, default=""),),
    "correct": (_Field("order", _text, True), _Field("execution", _integer, True), _Field("price", _number, True)),
    "bust": (_Field("order", _text, True), _Field("execution", _integer, True)),
    # Account partitions and funding (issue 6); the advisor is an Investors' Marketplace listing id.
    "create_partition": (_Field("account", _text, True), _Field("advisor", _text, True)),
    "transfer_cash": (_Field("from", _text, True), _Field("to", _text, True), _Field("currency", _text, True),
                      _Field("amount", _number, True)),
    "transfer_position": (_Field("from", _text, True), _Field("to", _text, True), _Field("symbol", _text, True),
                          _Field("quantity", _number, True)),
    # Funding methods (issue 19): method wire, ach or check (none: money already received), the holder's bank.
    "deposit": (_Field("account", _text, True), _Field("currency", _text, True), _Field("amount", _number, True),
                _Field("method", _text, default=""), _Field("bank", _text, default="")),
    "withdraw": (_Field("account", _text, True), _Field("currency", _text, True), _Field("amount", _number, True),
                 _Field("bank", _text, default=""), _Field("method", _text, default=""), _Field("entered_by", _text)),
    "set_security_device": (_Field("account", _text, True), _Field("device", _text, True)),
    # Users and roles (issue 19): a user's role on an account; an advisor's user limited to some clients.
    "define_user": (_Field("username", _text, True), _Field("account", _text, True),
                    _Field("role", _text, default="owner"), _Field("clients", _texts)),
    # Account configuration (issue 19): the signature is the holder's name, typed.
    "set_account_type": (_Field("account", _text, True), _Field("to", _enum(AccountType, "account type"), True),
                         _Field("signature", _text, True)),
    "request_permission": (_Field("account", _text, True), _Field("permissions", _texts, True),
                           _Field("signature", _text, True)),
    "change_base_currency": (_Field("account", _text, True), _Field("currency", _text, True)),
    # Paper trading (issue 19): a paper account's Paper Trading Account Reset, amount in USD.
    "reset_paper": (_Field("account", _text, True), _Field("amount", _number, True), _Field("entered_by", _text)),
    # Market data subscriptions (issue 19): a bundle by IB's name (funding/market_data_terms.py).
    "subscribe_market_data": (_Field("account", _text, True), _Field("bundle", _text, True),
                              _Field("entered_by", _text)),
    "unsubscribe_market_data": (_Field("account", _text, True), _Field("bundle", _text, True),
                                _Field("entered_by", _text)),
}
STEP_KINDS = ("place", "what_if", "fill", "cancel", "modify", "correct", "bust", "set_price", "advance", "invest",
              "divest", "create_partition", "transfer_cash", "transfer_position", "deposit", "withdraw",
              "set_security_device", "define_user", "report", "set_account_type", "request_permission",
              "change_base_currency", "reset_paper", "subscribe_market_data", "unsubscribe_market_data")


def _step(raw: Any, index: int, line: int) -> Step:
    where = f"steps[{index}]"
    if not isinstance(raw, Located) or len(raw) != 1:
        raise _fail(where, getattr(raw, "line", line), "each step is a mapping with exactly one key, such as place:")
    kind = next(iter(raw))
    body_line = raw.key_lines[kind]
    body = raw[kind]
    if body is None:  # a bare "- report:" has no arguments
        body = Located()
        body.line, body.key_lines = body_line, {}
    reader = _Reader(body, f"{where}.{kind}", body_line)
    if kind in ("place", "what_if"):
        args = _place_args(reader)
    elif kind == "set_price":
        args = {"prices": {symbol: _number(body[symbol], f"{reader.where}.{symbol}", reader.line_of(symbol))
                           for symbol in body}}
        if not args["prices"]:
            raise _fail(reader.where, body_line, "name at least one symbol and its price")
    elif kind == "advance":
        reader.only({"by", "to"})
        by, to = reader.get("by", _duration), reader.get("to", _time)
        if (by is None) == (to is None):
            raise _fail(reader.where, body_line, "give exactly one of by (a duration) or to (an ISO time)")
        args = {"by": by, "to": to}
    elif kind in _SIMPLE_STEPS:
        fields = _SIMPLE_STEPS[kind]
        reader.only({f.name for f in fields})
        args = {f.name: reader.get(f.name, f.convert, f.default, required=f.required) for f in fields}
    else:
        raise _fail(f"{where}.{kind}", body_line, f"unknown step; expected one of {', '.join(STEP_KINDS)}")
    return Step(index, body_line, kind, args)


_TOP_KEYS = {"seed", "clock", "strict", "market", "accounts", "groups", "models", "presets", "prices", "steps"}


def _document(text: str, source: str) -> Any:
    """The YAML or JSON document; a refusal names the key being read (or the file) and the line."""
    try:
        return load_exact(text)
    except YamlProblem as problem:
        reason = f"not valid YAML or JSON: {problem.problem}" if problem.syntax else problem.problem
        raise _fail(problem.where or source, problem.line, reason) from None


def parse_scenario(text: str, source: str = "<scenario>") -> Scenario:
    """Parse scenario text (YAML or JSON). Raises ScenarioError naming the key and line."""
    top = _Reader(_document(text, source), "scenario", 1)
    top.only(_TOP_KEYS)
    scenario = Scenario()
    scenario.seed = top.get("seed", _seed, 1)
    scenario.clock = top.get("clock", _time, scenario.clock)
    scenario.strict = top.get("strict", _boolean, False)
    market = top.get("market", lambda v, w, ln: _Reader(v, w, ln))
    if market is not None:
        market.only({"random_walk"})
        scenario.random_walk = market.get("random_walk", _boolean, True)
    for i, entry in enumerate(top.get("groups", _list, [])):
        scenario.groups.append(_group(entry, i, top.line_of("groups")))
    for i, entry in enumerate(top.get("models", _list, [])):
        scenario.models.append(_model(entry, i, top.line_of("models")))
    presets = top.get("presets", lambda v, w, ln: _Reader(v, w, ln))
    if presets is not None:
        scenario.presets_line = top.line_of("presets")
        presets.only({"strict", "default_method", "round_lots", "odd_lot_account", "equal_positions",
                      "close_positions_first"})
        scenario.presets = {"strict": presets.get("strict", _boolean, False),
                            "round_lots": presets.get("round_lots", _boolean, False),
                            "odd_lot_account": presets.get("odd_lot_account", _text),
                            "equal_positions": presets.get("equal_positions", _boolean, False),
                            "close_positions_first": presets.get("close_positions_first", _boolean, True),
                            "default_method": presets.get("default_method", _method,
                                                          AllocationMethod.AVAILABLE_EQUITY)}
    for i, entry in enumerate(top.get("accounts", _list, [])):
        scenario.accounts.append(_account(entry, i, top.line_of("accounts")))
        scenario.account_lines.append((entry.line, entry.key_lines))
    prices = top.get("prices", lambda v, w, ln: _Reader(v, w, ln))
    if prices is not None:
        scenario.prices = {symbol: _number(prices.mapping[symbol], f"prices.{symbol}", prices.line_of(symbol))
                           for symbol in prices.mapping}
        scenario.price_lines = {symbol: prices.line_of(symbol) for symbol in prices.mapping}
    for i, raw in enumerate(top.get("steps", _list, [])):
        scenario.steps.append(_step(raw, i, top.line_of("steps")))
    return scenario


@dataclass(frozen=True, slots=True)
class Profile:
    """A login: the user's name, the account the workstation opens on, the accounts to create and
    the advisors' allocation groups. Any of the accounts may be chosen at start instead (an
    advisor's, to work as the advisor)."""

    user: str
    account: str
    accounts: list[OpenAccount]
    groups: list[DefineGroup] = field(default_factory=list)

    @property
    def commands(self) -> list[OpenAccount | DefineGroup]:
        """What a new database executes to create the profile, in order."""
        return [*self.accounts, *self.groups]


def parse_profile(text: str, source: str = "<profile>") -> Profile:
    """Parse a demo profile (``resources/demo_profile.yaml``): user, account, accounts, groups
    (each naming its advisor)."""
    top = _Reader(_document(text, source), source, 1)
    top.only({"user", "account", "accounts", "groups"})
    accounts = [_account(entry, i, top.line_of("accounts")) for i, entry in enumerate(top.get("accounts", _list, []))]
    groups = []
    for index, entry in enumerate(top.get("groups", _list, [])):
        spec = _group(entry, index, top.line_of("groups"))
        if spec.advisor is None:
            raise _fail(f"{source}.groups[{index}].advisor", spec.line, "a profile's group must name its advisor")
        groups.append(DefineGroup(spec.advisor, spec.name, spec.method, spec.accounts))
    profile = Profile(top.get("user", _text, "demo"), top.get("account", _text, required=True), accounts, groups)
    if profile.account not in {a.account_id for a in accounts}:
        raise _fail(f"{source}.account", top.line_of("account"), f"{profile.account} is not one of the accounts")
    return profile


def load_scenario(path: Path) -> Scenario:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ScenarioError(f"{path}: cannot read the file ({error.strerror})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        before = data[:error.start].decode("utf-8", "replace")  # the key being read where the bad byte is
        where = key_path_at(before, line - 1, len(before) - before.rfind("\n") - 1) or str(path)
        raise ScenarioError(f"{where} (line {line}): the file is not UTF-8 text (byte {error.start})") from None
    return parse_scenario(text, str(path))
