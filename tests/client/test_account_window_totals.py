"""The Account Window's All and groups, built from the engine's vectorised figures of every account at
once, show what combining each account's own values shows, to the cent, on a mixed desk: margin,
cash and portfolio-margin accounts, stocks, long and short options, futures and futures options, a
EUR account and foreign cash, an account under USD 25,000 that day-traded, one whose stress loss
beats its net liquidation (an exposure fee estimated), one charged a fee, one being liquidated."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tests.factories import C230, C250, P210, P220, ok, order
from workstation.client.account_window import (
    AccountFigures,
    AccountSelection,
    AccountWindowView,
    SelectionKind,
    account_window,
    account_window_view,
)
from workstation.engine.api import Engine
from workstation.engine.core.terms import AccountType, Action, AllocationMethod
from workstation.engine.ledger.valuation import FxRates
from workstation.engine.login_reads import LoginReads
from workstation.engine.messages.commands import DefineGroup, OpenAccount, SeedPosition, SetPrice

D = Decimal
CLIENTS = (
    OpenAccount("M1", AccountType.MARGIN, cash=(("USD", D(250_000)), ("JPY", D(1_000_000))),
                positions=(SeedPosition("AAPL", D(300), D("180.1234")), SeedPosition(C230, D(5), D("7.37")),
                           SeedPosition("SPY", D(-40), D(590)))),
    OpenAccount("C1", AccountType.CASH, cash=(("USD", D("40000.55")),),
                positions=(SeedPosition("MSFT", D(20), D("401.1111")),)),
    OpenAccount("P1", AccountType.PORTFOLIO, cash=(("USD", D(400_000)),),
                positions=(SeedPosition("AAPL", D(200), D(150)), SeedPosition(C250, D(-6), D("3.10")),
                           SeedPosition(P220, D(4), D("2.2")))),
    OpenAccount("F1", AccountType.MARGIN, cash=(("USD", D(300_000)),),
                positions=(SeedPosition("ESZ6", D(2), D("5900.25")), SeedPosition("CLF7", D(-1), D("70.10")))),
    OpenAccount("E1", AccountType.MARGIN, base_currency="EUR", cash=(("EUR", D("80000.33")), ("USD", D(5000))),
                positions=(SeedPosition("SAP", D(100), D("230.55")),)),
    OpenAccount("S1", AccountType.MARGIN, cash=(("USD", D(20_000)),)),
    OpenAccount("X1", AccountType.MARGIN, cash=(("USD", D(150_000)),),
                positions=(SeedPosition(P210, D(-40), D("0.80")),)),
)


def _desk(make_engine) -> Engine:
    engine = make_engine()
    ok(engine.execute(OpenAccount("FA", AccountType.ADVISOR)))
    for command in CLIENTS:
        ok(engine.execute(OpenAccount(command.account_id, command.account_type, command.base_currency, command.cash,
                                      command.positions, advisor="FA")))
    ok(engine.execute(order("S1", "KO", Action.BUY, "10")))  # S1 day-trades: a limited count
    ok(engine.execute(order("S1", "KO", Action.SELL, "10")))
    ok(engine.execute(DefineGroup("FA", "Mixed", AllocationMethod.EQUAL, tuple((c.account_id, D(0)) for c in CLIENTS
                                                                             if c.account_id != "C1"))))
    return engine


def _one_by_one(reads: LoginReads, selection: AccountSelection) -> AccountWindowView:
    """The window combined from each account's own values (how every selection was built before)."""
    figures = [AccountFigures(a, reads.account(a).base_currency, reads.account_values(a),
                              reads.account_values_by_currency(a), reads.exposure_fee(a), reads.is_liquidating(a))
               for a in selection.accounts]
    return account_window_view(selection, figures, FxRates(reads.catalog, reads.price_of).rate)


def _assert_same(vectorised: AccountWindowView, combined: AccountWindowView) -> None:
    assert list(vectorised.values) == list(combined.values)
    for tag, value in combined.values.items():
        assert abs(vectorised.values[tag] - value) <= D("0.01"), tag
    assert vectorised.by_currency.keys() == combined.by_currency.keys()
    for currency, tags in combined.by_currency.items():
        assert tags.keys() == vectorised.by_currency[currency].keys()
        assert all(abs(vectorised.by_currency[currency][t] - v) <= D("0.01") for t, v in tags.items()), currency
    assert vectorised.fx_portfolio == combined.fx_portfolio
    assert vectorised.base_currency == combined.base_currency
    assert vectorised.exposure_fee_last == combined.exposure_fee_last
    assert abs(vectorised.exposure_fee_next - combined.exposure_fee_next) <= D("0.01")
    assert (vectorised.warning, vectorised.warning_accounts) == (combined.warning, combined.warning_accounts)


def test_all_and_a_group_show_what_each_accounts_own_values_combine_to(make_engine):
    engine = _desk(make_engine)
    engine._state.exposure_history["M1"] = [(date(2026, 11, 20), "Equity", D("12.34")),  # noqa: SLF001
                                            (date(2026, 11, 23), "Equity", D("5.67"))]
    reads = LoginReads(engine, "FA")
    clients = tuple(c.account_id for c in CLIENTS)
    for selection in (AccountSelection(SelectionKind.ALL, "All", clients),
                      AccountSelection(SelectionKind.GROUP, "Mixed", tuple(a for a in clients if a != "C1")),
                      AccountSelection(SelectionKind.GROUP, "EUR first", ("E1", "M1", "F1"))):
        _assert_same(account_window(reads, selection), _one_by_one(reads, selection))
    everyone = _one_by_one(reads, AccountSelection(SelectionKind.ALL, "All", clients))
    assert everyone.values["DayTradesRemaining"] >= 0  # S1's count, not unlimited
    assert everyone.exposure_fee_next > 0  # X1's short puts
    assert everyone.exposure_fee_last == D("5.67")


def test_the_totals_follow_prices_and_margin_warnings(make_engine):
    engine = _desk(make_engine)
    ok(engine.execute(SetPrice("AAPL", D("205.00"))))
    ok(engine.execute(SetPrice("ESZ6", D("5800.00"))))
    reads = LoginReads(engine, "FA")
    clients = tuple(c.account_id for c in CLIENTS)
    selection = AccountSelection(SelectionKind.ALL, "All", clients)
    combined = _one_by_one(reads, selection)
    _assert_same(account_window(reads, selection), combined)
    assert combined.warning.value != "None"  # X1's short puts near or past their requirement
