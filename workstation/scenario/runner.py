"""Run a parsed scenario through a fresh engine, in memory or on a new database, and collect the JSON result."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workstation.engine.api import Accepted, Engine
from workstation.engine.core.errors import Rejected
from workstation.engine.core.terms import AccountType
from workstation.engine.core.universe import Universe
from workstation.engine.market.calendar import ExchangeCalendar
from workstation.engine.messages.commands import (
    AdvanceClock,
    BustExecution,
    CancelOrder,
    ChangeBaseCurrency,
    CorrectExecution,
    DefineGroup,
    DefineModel,
    DefineUser,
    Deposit,
    DivestFromModel,
    ForceExecution,
    InvestInModel,
    ModifyOrder,
    PlaceOrder,
    RequestAccountType,
    RequestPartition,
    RequestTradingPermissions,
    ResetPaperAccount,
    SetAllocationPresets,
    SetPrice,
    SetSecurityDevice,
    SubscribeMarketData,
    TransferCash,
    TransferPosition,
    UnsubscribeMarketData,
    Withdraw,
)
from workstation.engine.messages.events import OrderPlaced
from workstation.engine.partitions.marketplace import Listing, Marketplace, build_marketplace
from workstation.resources import marketplace_spec
from workstation.scenario.loader import Scenario, ScenarioError, Step, seeds_per_unit
from workstation.scenario.output import (
    account_json,
    configuration_json,
    market_data_json,
    order_json,
    partition_json,
    preview_json,
)
from workstation.store.sqlite_store import SqliteStore, open_engine


@dataclass(frozen=True, slots=True)
class Journaling:
    """Run on a database-backed engine, journal and snapshots as the workstation keeps them.

    ``path`` must be new: the scenario is its whole history, so the workstation can open it
    afterwards. ``reopen_after`` closes the database after that many steps and reopens it (replay
    from the newest snapshot) before going on, as a restart in the middle of a day would.
    """

    path: Path
    universe_spec: Mapping[str, Any]
    snapshot_every: int = 500
    reopen_after: int | None = None


class _Engines:
    """Where the run's engine comes from: a fresh in-memory one, or a database it can reopen."""

    def __init__(self, scenario: Scenario, universe: Universe, calendar: ExchangeCalendar | None,
                 journaling: Journaling | None) -> None:
        self._scenario, self._universe, self._calendar, self._journaling = scenario, universe, calendar, journaling
        self._store: SqliteStore | None = None

    def open(self) -> Engine:
        scenario, journaling = self._scenario, self._journaling
        if journaling is None:
            return Engine.new(self._universe, scenario.seed, scenario.clock, self._calendar,
                              random_walk=scenario.random_walk)
        engine, self._store = open_engine(journaling.path, universe_spec=journaling.universe_spec,
                                          seed=scenario.seed, start=scenario.clock,
                                          snapshot_every=journaling.snapshot_every, calendar=self._calendar,
                                          random_walk=scenario.random_walk)
        return engine

    def reopen_after(self, steps_done: int, engine: Engine) -> Engine:
        """The engine to go on with after ``steps_done`` steps: the same one, or the database reopened."""
        if self._journaling is None or self._journaling.reopen_after != steps_done:
            return engine
        self.close()
        reopened = self.open()
        assert self._store is not None
        if self._store.recovery.under_earlier_rules:  # this version wrote every entry: its rules must agree
            raise RuntimeError(f"{self._journaling.path}: replay diverged: "
                               f"{self._store.recovery.under_earlier_rules} journaled orders were refused by "
                               "the rules that accepted them")
        return reopened

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


@dataclass(slots=True)
class ScenarioResult:
    """The JSON output; whether a strict run stopped at a refused step; the engine as the run left it
    (``workstation.testing`` opens the workstation on it)."""

    output: dict[str, Any]
    stopped_early: bool = False
    engine: Engine | None = None


@dataclass(slots=True)
class _Run:
    engine: Engine
    advisor: str | None = None  # the scenario's only advisor, if it has exactly one
    listings: dict[str, Listing] = field(default_factory=dict)  # create_partition's advisors, by listing id
    order_ids: dict[str, int] = field(default_factory=dict)
    what_if: dict[str, Any] = field(default_factory=dict)
    reports: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    configured: dict[str, None] = field(default_factory=dict)  # accounts a configuration step named
    subscribing: dict[str, None] = field(default_factory=dict)  # accounts a market data step named

    def order_id(self, name: str) -> int | Rejected:
        if name in self.order_ids:
            return self.order_ids[name]
        return Rejected("UNKNOWN_ORDER", "order", f"no order named {name!r} was placed earlier in this scenario")

    def snapshot(self) -> dict[str, Any]:
        names = {order_id: name for name, order_id in self.order_ids.items()}
        partitions = self.engine.partitions()
        return {
            "time": self.engine.now.isoformat(),
            "market_state": self.engine.market_state.value,
            "orders": {names.get(o.order_id, f"#{o.order_id}"): order_json(self.engine, o)
                       for o in self.engine.orders() if o.parent_id is None},
            "accounts": {a: account_json(self.engine, a) | (configuration_json(self.engine, a)
                                                            if a in self.configured else {})
                 | (market_data_json(self.engine, a) if a in self.subscribing else {})
                         for a in self.engine.account_ids()},
            # Only scenarios with partitions have the key, so the others' output keeps its shape.
            **({"partitions": {p.partition_id: partition_json(p) for p in partitions}} if partitions else {}),
        }


def _place_command(args: dict[str, Any], advisor: str | None) -> PlaceOrder:
    allocating = args["group"] is not None or args["profile"] is not None or args["model"] is not None
    return PlaceOrder(account=args["account"] or (advisor if allocating else None) or "", symbol=args["symbol"],
                      action=args["action"], total_quantity=args["quantity"], order_type=args["order_type"],
                      lmt_price=args["lmt_price"], aux_price=args["aux_price"], tif=args["tif"],
                      outside_rth=args["outside_rth"], order_ref=args["order_ref"], fa_group=args["group"],
                      fa_method=args["fa_method"], fa_percentage=args["fa_percentage"],
                      fa_allocations=args["profile"], model_code=args["model"], cash_qty=args["cash_qty"],
                      legs=args["legs"], guaranteed=args["guaranteed"], entered_by=args["entered_by"])


def _funding_command(kind: str, args: dict[str, Any], listings: dict[str, Listing]) -> Any:
    """The engine command of a partition or funding step (the advisor's listing checked before the run)."""
    if kind == "create_partition":
        listing = listings[args["advisor"]]
        return RequestPartition(args["account"], listing.listing_id, listing.name, listing.entitlements,
                                listing.fees)
    if kind == "transfer_cash":
        return TransferCash(args["from"], args["to"], args["currency"], args["amount"])
    if kind == "transfer_position":
        return TransferPosition(args["from"], args["to"], args["symbol"], args["quantity"])
    if kind == "define_user":
        return DefineUser(args["username"], args["account"], args["role"], args["clients"])
    if kind == "set_security_device":
        return SetSecurityDevice(args["account"], args["device"])
    if kind == "deposit":
        return Deposit(args["account"], args["currency"], args["amount"], args["method"], args["bank"])
    return Withdraw(args["account"], args["currency"], args["amount"], args["bank"], args["method"],
                    entered_by=args["entered_by"])


_FUNDING_STEPS = ("create_partition", "transfer_cash", "transfer_position", "deposit", "withdraw",
                  "set_security_device", "define_user")
_CONFIGURATION_STEPS = ("set_account_type", "request_permission", "change_base_currency")


def _configuration_command(kind: str, args: dict[str, Any]) -> Any:
    """The engine command of an account configuration step."""
    if kind == "set_account_type":
        return RequestAccountType(args["account"], args["to"], args["signature"])
    if kind == "request_permission":
        return RequestTradingPermissions(args["account"], args["permissions"], args["signature"])
    return ChangeBaseCurrency(args["account"], args["currency"])


def _partition_advisors(scenario: Scenario, marketplace: Marketplace | None) -> dict[str, Listing]:
    """The marketplace listing of every create_partition step's advisor; an id that is not listed
    makes the file invalid (a typo should not surface as a refusal halfway through the run)."""
    steps = [step for step in scenario.steps if step.kind == "create_partition"]
    if not steps:
        return {}
    directory = marketplace if marketplace is not None else build_marketplace(marketplace_spec())
    listings = {}
    for step in steps:
        listing = directory.get(step.args["advisor"])
        if listing is None:
            example = f"; use a listing id such as {directory.listings[0].listing_id}" if directory.listings else ""
            raise ScenarioError(f"steps[{step.index}].create_partition.advisor (line {step.line}): "
                                f"{step.args['advisor']!r} is not an advisor or broker of the Investors' "
                                f"Marketplace{example}")
        listings[listing.listing_id] = listing
    return listings


def _leg_order(engine: Engine, order_id: int, name: str, symbol: str) -> int | Rejected:
    """The order carrying one leg of a combo, by the leg's symbol."""
    combo = engine.order(order_id).combo
    if combo is None:
        return Rejected("NOT_A_COMBO", "leg", f"order {name!r} is not a combo")
    for leg, leg_id in zip(combo.legs, combo.leg_ids, strict=True):
        if leg.symbol == symbol:
            return leg_id
    return Rejected("UNKNOWN_LEG", "leg", f"combo {name!r} has no leg {symbol!r}")


def _run_step(run: _Run, step: Step) -> Rejected | None:
    engine, args = run.engine, step.args
    if step.kind == "place":
        if args["id"] in run.order_ids:
            return Rejected("DUPLICATE_ORDER_ID", "id", f"an order named {args['id']!r} was already placed")
        result = engine.execute(_place_command(args, run.advisor))
        if isinstance(result, Accepted):
            order_id = next(e.order_id for e in result.events if isinstance(e, OrderPlaced))
            run.order_ids[args["id"] or f"#{order_id}"] = order_id
            return None
        return result
    if step.kind == "what_if":
        name = args["id"] or f"#what_if{step.index}"
        if name in run.what_if:
            return Rejected("DUPLICATE_WHAT_IF_ID", "id", f"a what-if named {name!r} was already asked")
        run.what_if[name] = preview_json(engine.preview(_place_command(args, run.advisor)))
        return None
    if step.kind == "report":
        run.reports.append({"step": step.index, "label": args["label"], **run.snapshot()})
        return None
    if step.kind == "set_price":
        for symbol, price in args["prices"].items():
            result = engine.execute(SetPrice(symbol, price))
            if isinstance(result, Rejected):
                return result
        return None
    if step.kind in ("invest", "divest"):
        change = InvestInModel if step.kind == "invest" else DivestFromModel
        result = engine.execute(change(args["account"], args["model"], args["amount"]))
        return result if isinstance(result, Rejected) else None
    if step.kind == "reset_paper":
        result = engine.execute(ResetPaperAccount(args["account"], args["amount"], args.get("entered_by")))
        return result if isinstance(result, Rejected) else None
    if step.kind in ("subscribe_market_data", "unsubscribe_market_data"):
        run.subscribing[args["account"]] = None
        subscription = SubscribeMarketData if step.kind == "subscribe_market_data" else UnsubscribeMarketData
        result = engine.execute(subscription(args["account"], args["bundle"], entered_by=args["entered_by"]))
        return result if isinstance(result, Rejected) else None
    if step.kind in _CONFIGURATION_STEPS:
        run.configured[args["account"]] = None
        result = engine.execute(_configuration_command(step.kind, args))
        return result if isinstance(result, Rejected) else None
    if step.kind in _FUNDING_STEPS:
        result = engine.execute(_funding_command(step.kind, args, run.listings))
        return result if isinstance(result, Rejected) else None
    if step.kind == "advance":
        try:
            target = args["to"] or engine.now + args["by"]
        except OverflowError:
            return Rejected("INVALID_TIME", "by", "the clock cannot move that far")
        result = engine.execute(AdvanceClock(target))
        return result if isinstance(result, Rejected) else None
    order_id = run.order_id(args["order"])
    if isinstance(order_id, Rejected):
        return order_id
    if step.kind == "fill":
        if args["leg"] is not None:
            order_id = _leg_order(engine, order_id, args["order"], args["leg"])
            if isinstance(order_id, Rejected):
                return order_id
        command: Any = ForceExecution(order_id, args["quantity"], args["price"], args["leg_prices"])
    elif step.kind in ("correct", "bust"):
        executions = engine.executions(order_id)
        if not 1 <= args["execution"] <= len(executions):
            return Rejected("UNKNOWN_EXECUTION", "execution", f"order {args['order']!r} has {len(executions)} "
                            f"executions; number them from 1")
        exec_id = executions[args["execution"] - 1].exec_id
        command = CorrectExecution(exec_id, args["price"]) if step.kind == "correct" else BustExecution(exec_id)
    elif step.kind == "cancel":
        command = CancelOrder(order_id, entered_by=args["entered_by"])
    else:
        command = ModifyOrder(order_id, args["quantity"], args["lmt_price"], args["aux_price"], args["tif"],
                              entered_by=args["entered_by"])
    result = engine.execute(command)
    return result if isinstance(result, Rejected) else None


# The engine names OpenAccount's fields; the file names them so.
_ACCOUNT_KEYS = {"account_id": "id", "account_type": "type", "base_currency": "base_currency", "cash": "cash",
                 "positions": "positions", "permissions": "permissions", "advisor": "advisor", "parent": "parent",
                 "restrictions": "restrictions", "holder": "holder", "holder_name": "name",
                 "paper": "paper", "paper_of": "paper_of"}


def _account_key(scenario: Scenario, index: int, field: str) -> tuple[str, int]:
    """The key (``.id``, ``.positions``, ...) and line of the account entry the engine refused
    for ``field``."""
    if index >= len(scenario.account_lines):
        return "", 1
    line, key_lines = scenario.account_lines[index]
    key = _ACCOUNT_KEYS.get(field.split(".", 1)[0])
    if key is None or key not in key_lines:
        return "", line
    return f".{key}", key_lines[key]


def run_scenario(scenario: Scenario, universe: Universe, calendar: ExchangeCalendar | None = None,
                 marketplace: Marketplace | None = None, journaling: Journaling | None = None) -> ScenarioResult:
    """Run every step; a refused step is recorded in ``errors`` (and ends the run when strict).
    ``marketplace`` is the Investors' Marketplace the create_partition steps choose from (default:
    the shipped directory, read only when a step needs it). With ``journaling`` the engine is
    backed by a new database, which is closed when the run ends (the result's engine then only
    reads); the output is the same as in memory, byte for byte.

    Raises ScenarioError when the setup itself (accounts, prices, a partition's advisor) is
    refused: that is a bad file.
    """
    listings = _partition_advisors(scenario, marketplace)
    engines = _Engines(scenario, universe, calendar, journaling)
    try:
        return _run(scenario, engines, listings)
    finally:
        engines.close()


def _run(scenario: Scenario, engines: _Engines, listings: dict[str, Listing]) -> ScenarioResult:
    engine = engines.open()
    # The opening marks first: accounts open at them (their Previous Day ELV until the first close).
    for symbol, price in scenario.prices.items():
        result = engine.execute(SetPrice(symbol, price))
        if isinstance(result, Rejected):
            raise ScenarioError(f"prices.{symbol} (line {scenario.price_lines.get(symbol, 1)}): {result.code}: "
                                f"{result.text}")
    for index, command in enumerate(scenario.accounts):
        result = engine.execute(seeds_per_unit(command, engine.catalog))
        if isinstance(result, Rejected):
            key, line = _account_key(scenario, index, result.field)
            raise ScenarioError(f"accounts[{index}]{key} (line {line}): {result.code}: {result.text}")
    advisors = [a.account_id for a in scenario.accounts if a.account_type is AccountType.ADVISOR]
    only_advisor = advisors[0] if len(advisors) == 1 else None
    for spec in scenario.groups:
        advisor = spec.advisor or only_advisor
        if advisor is None:
            raise ScenarioError(f"groups.{spec.name} (line {spec.line}): name its advisor; the scenario has "
                                f"{len(advisors)} advisor accounts")
        result = engine.execute(DefineGroup(advisor, spec.name, spec.method, spec.accounts))
        if isinstance(result, Rejected):
            raise ScenarioError(f"groups.{spec.name} (line {spec.line}): {result.code}: {result.text}")
    for model in scenario.models:
        advisor = model.advisor or only_advisor
        if advisor is None:
            raise ScenarioError(f"models.{model.name} (line {model.line}): name its advisor; the scenario has "
                                f"{len(advisors)} advisor accounts")
        commands = [DefineModel(advisor, model.name)] + [InvestInModel(a, model.name, amount)
                                                         for a, amount in model.investments]
        for command in commands:
            result = engine.execute(command)
            if isinstance(result, Rejected):
                raise ScenarioError(f"models.{model.name} (line {model.line}): {result.code}: {result.text}")
    if scenario.presets is not None:
        for advisor in advisors:
            result = engine.execute(SetAllocationPresets(advisor, **scenario.presets))
            if isinstance(result, Rejected):
                raise ScenarioError(f"presets (line {scenario.presets_line}): {result.code}: {result.text}")
    run = _Run(engine, only_advisor, listings)
    stopped = False
    for done, step in enumerate(scenario.steps):
        run.engine = engines.reopen_after(done, run.engine)
        refusal = _run_step(run, step)
        if refusal is not None:
            run.errors.append({"step": step.index, "kind": step.kind, "line": step.line,
                               "code": refusal.code, "message": refusal.text})
            if scenario.strict:
                stopped = True
                break
    final = run.snapshot()
    output = {
        "seed": scenario.seed,
        "time": final["time"],
        "market_state": final["market_state"],
        "orders": final["orders"],
        "accounts": final["accounts"],
        **({"partitions": final["partitions"]} if "partitions" in final else {}),
        "what_if": run.what_if,
        "reports": run.reports,
        "errors": run.errors,
    }
    return ScenarioResult(output, stopped, run.engine)  # the engine reopened half-way, if it was
