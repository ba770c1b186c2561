"""The Account Window's read model: selections, combined values and the margin warning colours."""

from decimal import Decimal

import pytest

from tests.factories import ok
from workstation.client.account_window import (
    AccountSelection,
    AccountWindowView,
    MarginWarning,
    SelectionKind,
    account_selections,
    account_window,
    combine_values,
    margin_warning,
)
from workstation.engine.api import Engine
from workstation.engine.core.terms import AccountType, AllocationMethod
from workstation.engine.login_reads import LoginReads
from workstation.engine.messages.commands import DefineGroup, OpenAccount, SeedPosition

D = Decimal


def selections_of(engine: Engine, login: str) -> list[AccountSelection]:
    """The Account Window's selector for ``login``, read as that login."""
    return account_selections(LoginReads(engine, login), login)


def window(engine: Engine, selection: AccountSelection) -> AccountWindowView:
    return account_window(LoginReads(engine, None), selection)


@pytest.fixture
def advisor(make_engine):
    """FA advises A (USD 100,000 and 100 AAPL), B (USD 50,000) and E (EUR 20,000, base EUR)."""
    engine = make_engine()
    ok(engine.execute(OpenAccount("FA", AccountType.ADVISOR)))
    ok(engine.execute(OpenAccount("A", AccountType.MARGIN, cash=(("USD", D(100000)),), advisor="FA",
                                  positions=(SeedPosition("AAPL", D(100), D(140)),))))
    ok(engine.execute(OpenAccount("B", AccountType.MARGIN, cash=(("USD", D(50000)),), advisor="FA")))
    ok(engine.execute(OpenAccount("E", AccountType.MARGIN, base_currency="EUR", cash=(("EUR", D(20000)),),
                                  advisor="FA")))
    ok(engine.execute(DefineGroup("FA", "Growth", AllocationMethod.EQUAL, (("A", D(0)), ("B", D(0))))))
    return engine


@pytest.mark.parametrize(("elv", "maintenance", "liquidating", "expected"), [
    (D(200000), D(50000), False, MarginWarning.NONE),
    (D(52500), D(50000), False, MarginWarning.NEAR),  # exactly 5% above: yellow
    (D(52501), D(50000), False, MarginWarning.NONE),
    (D(49999), D(50000), False, MarginWarning.DEPLETED),  # orange
    (D(200000), D(50000), True, MarginWarning.LIQUIDATING),  # red
    (D(1000), D(0), False, MarginWarning.NONE),  # no requirement, nothing to warn about
])
def test_margin_warning_follows_tws_colours(elv, maintenance, liquidating, expected) -> None:
    values = {"EquityWithLoanValue": elv, "MaintMarginReq": maintenance}

    assert margin_warning(values, liquidating) is expected


def test_combined_values_sum_money_and_recompute_ratios() -> None:
    first = {"NetLiquidation": D(100000), "GrossPositionValue": D(50000), "ExcessLiquidity": D(80000),
             "Leverage": D("0.5"), "Cushion": D("0.8"), "DayTradesRemaining": D(3)}
    second = {"NetLiquidation": D(20000), "GrossPositionValue": D(40000), "ExcessLiquidity": D(10000),
              "Leverage": D(2), "Cushion": D("0.5"), "DayTradesRemaining": D(1), "DayTradesRemainingT+1": D(2)}
    first["DayTradesRemainingT+1"] = D(-1)  # unlimited (equity of USD 25,000 or more)

    combined = combine_values([first, second], [D(1), D(2)])  # the second in half-units

    assert combined["NetLiquidation"] == D(140000)
    assert combined["GrossPositionValue"] == D(130000)
    assert combined["Leverage"] == D("0.9286")  # 130,000 / 140,000, not 0.5 + 2
    assert combined["Cushion"] == D("0.7143")
    assert combined["DayTradesRemaining"] == D(1)
    assert combined["DayTradesRemainingT+1"] == D(2)


def test_an_advisor_selects_all_its_groups_and_each_client(advisor) -> None:
    selections = selections_of(advisor, "FA")

    assert [(s.kind, s.name, s.accounts) for s in selections] == [
        (SelectionKind.ALL, "All", ("A", "B", "E")),
        (SelectionKind.GROUP, "Growth", ("A", "B")),
        (SelectionKind.ACCOUNT, "A", ("A",)),
        (SelectionKind.ACCOUNT, "B", ("B",)),
        (SelectionKind.ACCOUNT, "E", ("E",)),
    ]
    assert selections[1].label == "Growth (2 accounts)"


def test_an_individual_login_selects_among_its_own_accounts_only(advisor) -> None:
    ok(advisor.execute(OpenAccount("U7", AccountType.MARGIN, cash=(("USD", D(1000)),))))

    assert [s.name for s in selections_of(advisor, "U7")] == ["U7"]  # not A, B or E: FA manages them


def test_one_account_shows_its_own_values(advisor) -> None:
    selection = next(s for s in selections_of(advisor, "FA") if s.name == "A")

    view = window(advisor, selection)

    assert view.values == advisor.account_values("A")
    assert view.base_currency == "USD"
    assert view.warning is MarginWarning.NONE and view.warning_accounts == ()


def test_a_group_sums_its_members_in_the_first_base_currency(advisor) -> None:
    growth, everyone = (next(s for s in selections_of(advisor, "FA") if s.name == n) for n in ("Growth", "All"))

    group = window(advisor, growth)
    combined = window(advisor, everyone)

    a, b = advisor.account_values("A"), advisor.account_values("B")
    assert group.values["NetLiquidation"] == a["NetLiquidation"] + b["NetLiquidation"]
    assert group.by_currency["USD"]["TotalCashValue"] == D(150000)
    eur_in_usd = (advisor.account_values("E")["NetLiquidation"] * advisor.price_of("EUR.USD")).quantize(D("0.01"))
    assert combined.values["NetLiquidation"] == group.values["NetLiquidation"] + eur_in_usd
    assert combined.by_currency["EUR"]["TotalCashValue"] == D(20000)


def test_the_fx_portfolio_lists_cash_in_other_currencies_at_the_base_rate(advisor) -> None:
    everyone = selections_of(advisor, "FA")[0]

    view = window(advisor, everyone)

    [euro] = view.fx_portfolio
    assert (euro.currency, euro.balance, euro.exchange_rate) == ("EUR", D(20000), advisor.price_of("EUR.USD"))
    assert euro.value == (D(20000) * advisor.price_of("EUR.USD")).quantize(D("0.01"))
