"""Account-value tags: every tag the engine publishes is an ``AccountTag`` spelled as IB spells it,
and every ``AccountTag`` is published for some account."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.factories import ok, order
from workstation.engine.core.account_tags import DAY_TRADE_TAGS, AccountTag
from workstation.engine.core.terms import AccountType, Action
from workstation.engine.messages.commands import OpenAccount, SetPrice
from workstation.scenario.output import account_json

IB_SPELLINGS = {
    "AvailableFunds", "AvailableFunds-C", "AvailableFunds-S", "BuyingPower", "Cushion", "DayTradesRemaining",
    "DayTradesRemainingT+1", "DayTradesRemainingT+2", "DayTradesRemainingT+3", "DayTradesRemainingT+4",
    "EquityWithLoanValue", "EquityWithLoanValue-C", "EquityWithLoanValue-S", "ExcessLiquidity", "ExcessLiquidity-C",
    "ExcessLiquidity-S", "ExchangeRate", "FullAvailableFunds", "FullExcessLiquidity", "FullInitMarginReq",
    "FullMaintMarginReq", "FutureOptionValue", "FuturesPNL", "GrossPositionValue", "InitMarginReq", "InitMarginReq-C",
    "InitMarginReq-S", "Leverage", "LookAheadAvailableFunds", "LookAheadExcessLiquidity", "LookAheadInitMarginReq",
    "LookAheadMaintMarginReq", "MaintMarginReq", "MaintMarginReq-C", "MaintMarginReq-S", "MutualFundValue",
    "NetLiquidation", "OptionMarketValue", "PreviousDayEquityWithLoanValue", "RealizedPnL", "RegTEquity",
    "RegTMargin", "SMA", "SettledCash", "StockMarketValue", "TotalCashValue", "UnrealizedPnL",
    "LookAheadNextChange", "TotalCashValue-S", "TotalCashValue-C",
}
"""IB's ``reqAccountUpdates`` keys, written out once more by hand: a renamed member's value fails here."""

ENGINE_SPELLINGS = {"DayTradingBuyingPower"}
"""The engine's own tags, which IB's API does not publish (a pattern day trader's DTBP, ``margin.day_trading``)."""

REPRESENTATIVE = ("M1", "C1", "P1", "A1", "D1")
"""A margin, a cash, a portfolio-margin and an advisor's client account, and a pattern day trader."""


@pytest.fixture
def accounts(make_engine):
    engine = make_engine()
    usd = (("USD", Decimal("200000")),)
    ok(engine.execute(OpenAccount("M1", AccountType.MARGIN, cash=(*usd, ("EUR", Decimal("5000"))),
                                  permissions=("STK", "OPT", "FUT", "FOP", "FUND", "CASH"))))
    ok(engine.execute(OpenAccount("C1", AccountType.CASH, cash=usd)))
    ok(engine.execute(OpenAccount("P1", AccountType.PORTFOLIO, cash=usd)))
    ok(engine.execute(OpenAccount("FA1", AccountType.ADVISOR)))
    ok(engine.execute(OpenAccount("A1", AccountType.MARGIN, cash=usd, advisor="FA1")))
    ok(engine.execute(OpenAccount("D1", AccountType.MARGIN, cash=usd)))
    ok(engine.execute(SetPrice("AAPL", Decimal("150.00"))))
    for account in REPRESENTATIVE:
        ok(engine.execute(order(account, quantity="10")))
    ok(engine.execute(order("M1", action=Action.SELL, quantity="5")))
    for _ in range(4):  # four day trades flag D1 a pattern day trader
        ok(engine.execute(order("D1", action=Action.SELL, quantity="10")))
        ok(engine.execute(order("D1", quantity="10")))
    return engine


def test_member_values_are_ib_spellings():
    assert {tag.value for tag in AccountTag} == IB_SPELLINGS | ENGINE_SPELLINGS
    assert [str(tag) for tag in DAY_TRADE_TAGS] == ["DayTradesRemaining", "DayTradesRemainingT+1",
                                                    "DayTradesRemainingT+2", "DayTradesRemainingT+3",
                                                    "DayTradesRemainingT+4"]


def test_every_published_key_is_a_member(accounts):
    for account_id in REPRESENTATIVE:
        values = accounts.account_values(account_id)
        assert values and all(type(tag) is AccountTag for tag in values), account_id
        for currency, tags in accounts.account_values_by_currency(account_id).items():
            assert tags and all(type(tag) is AccountTag for tag in tags), (account_id, currency)


def test_every_member_is_published_for_some_account(accounts):
    published = set()
    for account_id in REPRESENTATIVE:
        published |= set(accounts.account_values(account_id))
        for tags in accounts.account_values_by_currency(account_id).values():
            published |= set(tags)
    assert published == set(AccountTag)
    # ExchangeRate belongs to the per-currency values only (IB's $LEDGER:ALL), never to the base ones.
    assert all(AccountTag.EXCHANGE_RATE not in accounts.account_values(a) for a in REPRESENTATIVE)


def test_members_index_as_their_spellings(accounts):
    values = accounts.account_values("M1")
    assert values["NetLiquidation"] is values[AccountTag.NET_LIQUIDATION]
    assert values["EquityWithLoanValue-S"] is values[AccountTag.EQUITY_WITH_LOAN_VALUE_S]
    assert values["DayTradesRemainingT+4"] is values[AccountTag.DAY_TRADES_REMAINING_T4]


def test_scenario_output_carries_plain_strings(accounts):
    output = account_json(accounts, "M1")
    assert all(type(tag) is str for tag in output["values"])
    assert set(output["values"]) == IB_SPELLINGS - {"ExchangeRate"}
