"""The engine's account data as the TWS API names it: account-value rows, ledger rows, summary rows,
portfolio lines, positions and P&L, read on the engine's thread.

Everything here reads an :class:`~workstation.engine.Engine` and returns plain tuples of text and
numbers; the messages are built by ``account_feed``. Values travel as IB writes them: plain decimal
text, the tag's currency beside it ("" for ratios, counts and moments; "BASE" for the ledger's
base-currency row). Which accounts a request names is decided here too (``accounts_named``): only the
login's visible accounts, an advisor master standing for its clients.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, TypeVar

from workstation.engine import AccountTag
from workstation.engine.ledger.valuation import avg_cost_per_contract

if TYPE_CHECKING:
    from workstation.engine import Engine
    from workstation.tws_api.contracts import ContractBook
    from workstation.tws_api.model import ApiContract

T = TypeVar("T")
ValueRow = tuple[str, str, str]
"""(key, value, currency) of one account value."""

SUMMARY_TAGS = (
    "AccountType", "NetLiquidation", "TotalCashValue", "SettledCash", "AccruedCash", "BuyingPower",
    "EquityWithLoanValue", "PreviousDayEquityWithLoanValue", "GrossPositionValue", "RegTEquity", "RegTMargin", "SMA",
    "InitMarginReq", "MaintMarginReq", "AvailableFunds", "ExcessLiquidity", "Cushion", "FullInitMarginReq",
    "FullMaintMarginReq", "FullAvailableFunds", "FullExcessLiquidity", "LookAheadNextChange", "LookAheadInitMarginReq",
    "LookAheadMaintMarginReq", "LookAheadAvailableFunds", "LookAheadExcessLiquidity", "HighestSeverity",
    "DayTradesRemaining", "DayTradesRemainingT+1", "DayTradesRemainingT+2", "DayTradesRemainingT+3",
    "DayTradesRemainingT+4", "Leverage",
)
"""Every tag reqAccountSummary knows (ibapi account_summary_tags.py AllTags, ib_async ib.py
reqAccountSummaryAsync's list), besides the ledger's ``$LEDGER`` forms."""

SPELLINGS = {"ReqTEquity": "RegTEquity", "ReqTMargin": "RegTMargin"}
"""ibapi's constants spell Reg T "ReqT" (account_summary_tags.py); the answer echoes the asked spelling."""

NO_CURRENCY = frozenset({
    "AccountType", "Cushion", "Leverage", "LookAheadNextChange", "HighestSeverity", "DayTradesRemaining",
    "DayTradesRemainingT+1", "DayTradesRemainingT+2", "DayTradesRemainingT+3", "DayTradesRemainingT+4",
})
"""Tags that are no amount: TWS sends them with an empty currency."""

_NOT_MODELLED = {"AccruedCash": Decimal(0), "HighestSeverity": Decimal(0)}
"""Tags the engine does not model: no accrued interest, no liquidation severity."""

LEDGER = "$LEDGER"
BASE = "BASE"


def text(value: Decimal | int | float) -> str:
    """A number as IB writes account values: plain decimal text, never an exponent."""
    if isinstance(value, Decimal):
        return f"{value:f}"
    return f"{Decimal(str(value)):f}"


def accounts_named(engine: Engine, login: str, name: str) -> list[str] | None:
    """The accounts behind ``name`` as ``login`` may see them (None: not visible or unknown): an account
    itself, an advisor master its clients, "" or "All" every visible account that is not an advisor."""
    visible = engine.visible_accounts(login)
    if name in ("", "All"):
        return sorted(a for a in visible if not engine.account(a).is_advisor)
    if name not in visible:
        return None
    if engine.account(name).is_advisor:
        return list(engine.advisor_setup(name).clients)
    return [name]


def group_accounts(engine: Engine, login: str, group: str) -> list[str] | None:
    """reqAccountSummary's group: "All", or one of the login's advisor groups (by name, any case)."""
    if group.lower() == "all":
        return accounts_named(engine, login, "All")
    if not engine.account(login).is_advisor:
        return None
    found = next((g for g in engine.advisor_setup(login).groups if g.name.lower() == group.lower()), None)
    if found is None:
        return None
    visible = engine.visible_accounts(login)
    return [account for account in found.accounts if account in visible]


def model_accounts(engine: Engine, login: str, model_code: str) -> set[str] | None:
    """The accounts invested in the model ``model_code`` of the login's advisor (the login itself, or the
    advisor of the accounts it sees), those it may see only; None when no such model exists."""
    visible = engine.visible_accounts(login)
    advisors = sorted({login} if engine.account(login).is_advisor else
                      {advisor for a in visible if (advisor := engine.account(a).advisor) is not None})
    for advisor in advisors:
        for model in engine.advisor_setup(advisor).models:
            if model.name == model_code:
                return {account for account, amount in model.investments if amount > 0 and account in visible}
    return None


def _account_type(engine: Engine, account_id: str) -> str:
    return "ADVISOR" if engine.account(account_id).is_advisor else "INDIVIDUAL"


def account_value_rows(engine: Engine, account_id: str, ledger_and_nlv_only: bool = False) -> list[ValueRow]:
    """reqAccountUpdates' values of one account: every tag in its base currency (segment keys -S/-C
    included), the account's code, type and currency, then the ledger per currency and BASE."""
    account = engine.account(account_id)
    base = account.base_currency
    values = engine.account_values(account_id)
    ledger = ledger_rows(engine, account_id, None, values)
    if ledger_and_nlv_only:
        return [("NetLiquidation", text(values[AccountTag.NET_LIQUIDATION]), base), *ledger]
    rows: list[ValueRow] = [("AccountCode", account_id, ""), ("AccountType", _account_type(engine, account_id), ""),
                            ("Currency", base, base)]
    rows += [(str(tag), text(value), "" if tag in NO_CURRENCY else base) for tag, value in sorted(values.items())]
    rows += [(tag, text(value), base) for tag, value in _NOT_MODELLED.items() if tag not in NO_CURRENCY]
    return rows + ledger


def ledger_rows(engine: Engine, account_id: str, currency: str | None,
                values: dict[AccountTag, Decimal]) -> list[ValueRow]:
    """The ledger of one account (IB's ``$LEDGER``): per currency held (``currency`` None: every one, then
    BASE; ``BASE``: the base-currency totals only; else that currency); ``values``: the account's values."""
    rows: list[ValueRow] = []
    if currency is None or currency != BASE:
        for held, tags in engine.account_values_by_currency(account_id).items():
            if currency is None or held == currency:
                rows += _ledger_of(tags, held)
    if currency is None or currency == BASE:
        totals = {tag: values.get(tag, Decimal(0)) for tag in _LEDGER_TAGS}
        totals[AccountTag.EXCHANGE_RATE] = Decimal(1)
        rows += _ledger_of(totals, BASE)
    return rows


_LEDGER_TAGS = (AccountTag.TOTAL_CASH_VALUE, AccountTag.FUTURES_PNL, AccountTag.STOCK_MARKET_VALUE,
                AccountTag.OPTION_MARKET_VALUE, AccountTag.FUTURE_OPTION_VALUE, AccountTag.MUTUAL_FUND_VALUE,
                AccountTag.NET_LIQUIDATION, AccountTag.UNREALIZED_PNL, AccountTag.REALIZED_PNL)


def _ledger_of(tags: dict[AccountTag, Decimal], currency: str) -> list[ValueRow]:
    zero = Decimal(0)
    total_cash = tags.get(AccountTag.TOTAL_CASH_VALUE, zero)
    futures = tags.get(AccountTag.FUTURES_PNL, zero)
    pairs = (
        ("CashBalance", total_cash - futures), ("TotalCashBalance", total_cash), ("AccruedCash", zero),
        ("StockMarketValue", tags.get(AccountTag.STOCK_MARKET_VALUE, zero)),
        ("OptionMarketValue", tags.get(AccountTag.OPTION_MARKET_VALUE, zero)),
        ("FutureOptionValue", tags.get(AccountTag.FUTURE_OPTION_VALUE, zero)),
        ("MutualFundValue", tags.get(AccountTag.MUTUAL_FUND_VALUE, zero)), ("FuturesPNL", futures),
        ("NetLiquidationByCurrency", tags.get(AccountTag.NET_LIQUIDATION, zero)),
        ("UnrealizedPnL", tags.get(AccountTag.UNREALIZED_PNL, zero)),
        ("RealizedPnL", tags.get(AccountTag.REALIZED_PNL, zero)),
        ("ExchangeRate", tags.get(AccountTag.EXCHANGE_RATE, Decimal(1))),
    )
    return [(key, text(value), currency) for key, value in pairs]


def summary_rows(engine: Engine, account_id: str, tags: Iterable[str]) -> list[ValueRow]:
    """reqAccountSummary's rows of one account for the requested tags, in the order asked; a tag the
    engine does not know is left out, as TWS leaves out tags it does not carry."""
    values = engine.account_values(account_id)
    base = engine.account(account_id).base_currency
    rows: list[ValueRow] = []
    for asked in tags:
        if asked.startswith(LEDGER):
            suffix = asked[len(LEDGER) + 1:].upper()
            rows += ledger_rows(engine, account_id, None if suffix == "ALL" else (suffix or BASE), values)
            continue
        tag = SPELLINGS.get(asked, asked)
        if tag == "AccountType":
            rows.append((asked, _account_type(engine, account_id), ""))
            continue
        value = values.get(tag, _NOT_MODELLED.get(tag))  # type: ignore[call-overload]
        if value is not None:
            rows.append((asked, text(value), "" if tag in NO_CURRENCY else base))
    return rows


@dataclass(frozen=True)
class PortfolioLine:
    """One position as updatePortfolio carries it (prices in the contract's currency; avgCost per contract)."""

    account: str
    symbol: str
    contract: ApiContract
    quantity: Decimal
    market_price: Decimal
    market_value: Decimal
    avg_cost: Decimal
    unrealized_pnl: Decimal
    realized_pnl: Decimal


def portfolio_lines(engine: Engine, book: ContractBook, account_id: str) -> list[PortfolioLine]:
    """The account's positions (closed ones with their realized P&L too, as the engine keeps them)."""
    catalog = engine.catalog
    lines = []
    for position in sorted(engine.positions(account_id), key=lambda p: p.symbol):
        instrument = catalog[position.symbol]
        lines.append(PortfolioLine(account_id, position.symbol, book.contract(instrument), position.quantity,
                                   position.market_price, position.market_value,
                                   avg_cost_per_contract(position.avg_cost, instrument), position.unrealized_pnl,
                                   position.realized_pnl))
    return lines


@dataclass(frozen=True)
class Pnl:
    """reqPnL's and reqPnLSingle's figures: daily, unrealized and realized P&L, and for one position its
    quantity and market value."""

    daily: Decimal
    unrealized: Decimal
    realized: Decimal
    quantity: Decimal = Decimal(0)
    value: Decimal = Decimal(0)


def account_pnl(engine: Engine, account_ids: Iterable[str]) -> Pnl:
    """The accounts' P&L summed in their base currency (daily P&L converted at each currency's rate)."""
    daily = unrealized = realized = Decimal(0)
    catalog = engine.catalog
    for account_id in account_ids:
        rates = {c: tags[AccountTag.EXCHANGE_RATE] for c, tags in engine.account_values_by_currency(account_id).items()}
        values = engine.account_values(account_id)
        unrealized += values[AccountTag.UNREALIZED_PNL]
        realized += values[AccountTag.REALIZED_PNL]
        for symbol, amount in engine.daily_pnl(account_id).items():
            daily += amount * rates.get(catalog[symbol].currency, Decimal(1))
    return Pnl(round(daily, 2), unrealized, realized)


def position_pnl(engine: Engine, account_id: str, symbol: str) -> Pnl:
    """One position's P&L in its currency (all zero once it is neither held nor traded today)."""
    daily = engine.daily_pnl(account_id).get(symbol, Decimal(0))
    held = next((p for p in engine.positions(account_id) if p.symbol == symbol), None)
    if held is None:
        return Pnl(daily, Decimal(0), Decimal(0))
    return Pnl(daily, held.unrealized_pnl, held.realized_pnl, held.quantity, held.market_value)


class AccountReads:
    """The rows above as of the engine's last command, each computed once however many subscriptions
    (of however many sessions) ask for it: an advisor's clients are watched by every connected program.
    Engine thread only; forgotten as soon as the engine applies another command."""

    def __init__(self, engine: Engine, book: ContractBook) -> None:
        self.engine = engine
        self.book = book
        self._stamp = -1
        self._memo: dict[tuple[object, ...], object] = {}

    def _memoized(self, key: tuple[object, ...], compute: Callable[[], T]) -> T:
        stamp = self.engine.commands_applied
        if stamp != self._stamp:
            self._memo.clear()
            self._stamp = stamp
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]  # type: ignore[return-value]

    def value_rows(self, account_id: str, ledger_and_nlv_only: bool = False) -> list[ValueRow]:
        return self._memoized(("values", account_id, ledger_and_nlv_only),
                              lambda: account_value_rows(self.engine, account_id, ledger_and_nlv_only))

    def summary_rows(self, account_id: str, tags: tuple[str, ...]) -> list[ValueRow]:
        return self._memoized(("summary", account_id, tags), lambda: summary_rows(self.engine, account_id, tags))

    def portfolio(self, account_id: str) -> list[PortfolioLine]:
        return self._memoized(("portfolio", account_id), lambda: portfolio_lines(self.engine, self.book, account_id))

    def account_pnl(self, account_ids: tuple[str, ...]) -> Pnl:
        return self._memoized(("pnl", account_ids), lambda: account_pnl(self.engine, account_ids))

    def position_pnl(self, account_id: str, symbol: str) -> Pnl:
        return self._memoized(("single", account_id, symbol), lambda: position_pnl(self.engine, account_id, symbol))
