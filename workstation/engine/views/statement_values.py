"""A statement's valuation: Net Asset Value, Change in NAV and Open Positions, in the account's base currency.

They are the engine's own account values (NetLiquidation and its parts) and positions at their marks,
so they are given only for a period that ends today: the engine keeps every cash entry (see
statement_cash) but no past prices, and a past period's positions valued at today's marks would be
neither IB's figures nor the engine's. Change in NAV lists the period's cash flows by Cash Report line,
converted to base at the engine's exchange rates, and the Ending Value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from workstation.engine.core.account_tags import AccountTag
from workstation.engine.core.money import round_cents
from workstation.engine.ledger.valuation import PositionValue
from workstation.engine.views.statement_cash import (
    COMMISSIONS,
    DEPOSITS_WITHDRAWALS,
    FEES,
    OPENING,
    TRANSFERS,
    CashReportLine,
)

NAV_PARTS = (("Cash", AccountTag.TOTAL_CASH_VALUE), ("Stock", AccountTag.STOCK_MARKET_VALUE),
             ("Options", AccountTag.OPTION_MARKET_VALUE), ("Futures Options", AccountTag.FUTURE_OPTION_VALUE),
             ("Mutual Funds", AccountTag.MUTUAL_FUND_VALUE))
"""IB's Net Asset Value lines and the account tag each is (TotalCashValue includes futures P&L, as IB's
does); ``Other`` takes what they leave of the Total."""
CHANGE_LINES = (OPENING, DEPOSITS_WITHDRAWALS, TRANSFERS, COMMISSIONS, FEES)


@dataclass(frozen=True, slots=True)
class StatementValue:
    """One line of Net Asset Value or Change in NAV, in ``currency`` (the account's base)."""

    account: str
    partition: str
    line: str
    currency: str
    amount: Decimal


@dataclass(frozen=True, slots=True)
class StatementPosition:
    """An open position at the period's end, marked at the engine's last price, in ``currency``."""

    account: str
    partition: str
    symbol: str
    quantity: Decimal
    avg_cost: Decimal
    close_price: Decimal
    value: Decimal
    unrealized_pnl: Decimal
    currency: str


@dataclass(frozen=True, slots=True)
class AccountValuation:
    """What the engine values an account at now: its tags, positions and exchange rates to base."""

    base_currency: str
    tags: Mapping[AccountTag, Decimal]
    positions: tuple[PositionValue, ...]
    rates: Mapping[str, Decimal]


def net_asset_value(account: str, partition: str, valuation: AccountValuation) -> list[StatementValue]:
    """The parts of NetLiquidation that are not zero, ``Other`` for the rest, then ``Total``."""
    base, tags = valuation.base_currency, valuation.tags
    total = tags[AccountTag.NET_LIQUIDATION]
    lines = [StatementValue(account, partition, name, base, tags.get(tag, Decimal(0))) for name, tag in NAV_PARTS]
    lines = [line for line in lines if line.amount or line.line == "Cash"]
    rest = total - sum((line.amount for line in lines), Decimal(0))
    if rest:
        lines.append(StatementValue(account, partition, "Other", base, rest))
    lines.append(StatementValue(account, partition, "Total", base, total))
    return lines


def change_in_nav(account: str, partition: str, base: str, report: Iterable[CashReportLine],
                  rates: Mapping[str, Decimal], ending: Decimal | None) -> list[StatementValue]:
    """The period's flows in base (each currency at its rate; a currency without one is left out),
    then the Ending Value when it is known."""
    flows = dict.fromkeys(CHANGE_LINES, Decimal(0))
    for line in report:
        rate = Decimal(1) if line.currency == base else rates.get(line.currency)
        if line.account != account or rate is None:
            continue
        for name in CHANGE_LINES:
            flows[name] += line.amount(name) * rate
    values = [StatementValue(account, partition, name, base, round_cents(amount)) for name, amount in flows.items()
              if amount or name != OPENING]
    if ending is not None:
        values.append(StatementValue(account, partition, "Ending Value", base, ending))
    return values


def open_positions(account: str, partition: str, valuation: AccountValuation) -> list[StatementPosition]:
    return [StatementPosition(account, partition, p.symbol, p.quantity, p.avg_cost, p.market_price, p.market_value,
                              p.unrealized_pnl, p.currency)
            for p in sorted(valuation.positions, key=lambda p: p.symbol) if p.quantity]
