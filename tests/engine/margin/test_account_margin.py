"""The margin account-value tags from an account's figures (IB's formulas, ib-domain §3.3, §9.3),
and the per-currency values that add up to the base currency's."""

from decimal import Decimal

from tests.factories import ok
from workstation.engine.core.terms import AccountType
from workstation.engine.ledger.accounts import Account
from workstation.engine.margin.account_margin import MarginFigures, margin_tags
from workstation.engine.messages.commands import OpenAccount, SeedPosition

D = Decimal


def test_available_funds_excess_liquidity_cushion_and_leverage_follow_ibs_formulas():
    account = Account("X", AccountType.MARGIN, "USD")
    figures = MarginFigures(100000.0, 0.0, 30000.0, 0.0, 25000.0, 0.0, 50000.0)
    balances = {"NetLiquidation": D(102000), "GrossPositionValue": D(150000), "TotalCashValue": D(0),
                "FuturesPNL": D(0), "FutureOptionValue": D(0)}
    tags = margin_tags(account, figures, balances, None)
    assert tags["AvailableFunds-S"] == D("70000.00")          # V1: ELV - IM
    assert tags["ExcessLiquidity-S"] == D("75000.00")         # ELV - MM
    assert tags["Cushion"] == D("0.7353")                     # 75,000 / 102,000
    assert tags["Leverage"] == D("1.47")                      # 150,000 / 102,000


def test_the_commodities_segment_uses_net_liquidation():
    account = Account("X", AccountType.MARGIN, "USD")
    figures = MarginFigures(0.0, 0.0, 0.0, 12000.0, 0.0, 10000.0, 0.0)
    balances = {"NetLiquidation": D(50000), "GrossPositionValue": D(0), "TotalCashValue": D(50000),
                "FuturesPNL": D(50000), "FutureOptionValue": D(0)}
    tags = margin_tags(account, figures, balances, None)
    assert (tags["AvailableFunds-C"], tags["ExcessLiquidity-C"]) == (D("38000.00"), D("40000.00"))  # V2


def test_a_cash_account_has_no_margin_and_buys_with_its_cash(engine):
    tags = engine.account_values("C1")
    assert tags["InitMarginReq"] == 0 and tags["EquityWithLoanValue"] == D("10000.00")
    assert tags["BuyingPower"] == D("10000.00")  # min(ELV, previous day's ELV) - IM


def test_values_by_currency_add_up_to_the_base_currency_figures(make_engine):
    engine = make_engine()
    ok(engine.execute(OpenAccount("X", AccountType.MARGIN, cash=(("USD", D(50000)), ("EUR", D(-10000))),
                                  positions=(SeedPosition("SAP", D(100), D(200)), SeedPosition("KO", D(50), D(60))))))
    by_currency = engine.account_values_by_currency("X")
    assert set(by_currency) == {"USD", "EUR"}
    euro = by_currency["EUR"]
    assert euro["TotalCashValue"] == D(-10000)
    assert euro["StockMarketValue"] == 100 * engine.price_of("SAP")
    assert euro["ExchangeRate"] == engine.price_of("EUR.USD")
    total = sum(tags["NetLiquidation"] * tags["ExchangeRate"] for tags in by_currency.values())
    assert abs(total - engine.account_values("X")["NetLiquidation"]) <= D("0.01")
