"""A price mark recomputes the margin of the accounts exposed to it, and leaves the rest exactly as
a fresh computation would have them."""

from decimal import Decimal

from tests.factories import ok
from workstation.engine.core.terms import AccountType
from workstation.engine.messages.commands import OpenAccount, SeedPosition, SetPrice

D = Decimal
MARGIN_TAGS = ("InitMarginReq", "MaintMarginReq", "EquityWithLoanValue", "ExcessLiquidity", "NetLiquidation")


def figures(engine, account):
    values = engine.account_values(account)
    return {tag: values[tag] for tag in MARGIN_TAGS}


def fresh_figures(make_engine, commands, account):
    engine = make_engine()
    for command in commands:
        ok(engine.execute(command))
    return figures(engine, account)


def test_marks_on_held_unheld_underlying_and_fx_all_agree_with_a_fresh_engine(make_engine) -> None:
    commands = [
        OpenAccount("S", AccountType.MARGIN, cash=(("USD", D(50000)),),
                    positions=(SeedPosition("AAPL", D(300), D(200)),
                               SeedPosition("AAPL  261218C00240000", D(-2), D("6.00")))),
        OpenAccount("X", AccountType.MARGIN, cash=(("USD", D(20000)), ("EUR", D(-30000))),
                    positions=(SeedPosition("SAP", D(100), D(200)),)),
    ]
    engine = make_engine()
    for command in commands:
        ok(engine.execute(command))
    figures(engine, "S"), figures(engine, "X")  # warm the cache

    for mark in (SetPrice("MSFT", D("400.00")),   # neither account holds it
                 SetPrice("AAPL", D("250.00")),   # S holds it and an option on it
                 SetPrice("EUR.USD", D("1.2000")),  # X converts through it
                 SetPrice("SAP", D("180.00"))):   # X holds it, priced in EUR
        ok(engine.execute(mark))
        commands.append(mark)
        for account in ("S", "X"):
            assert figures(engine, account) == fresh_figures(make_engine, commands, account), (mark, account)
