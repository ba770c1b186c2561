"""Account configuration: the account type, trading permissions and the base currency (the account-management
reference, /work/shared/reference/account-management.md §6; each test names the line of the fact it checks).

The clock starts on Tuesday 24 November 2026 at 10:00 ET; Thursday 26 is Thanksgiving (NYSE closed)."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from tests.factories import OPEN_TIME, assert_refused, ok
from workstation.engine.core.account_rules import ACCOUNT_RULES, earlier_rules
from workstation.engine.core.account_tags import AccountTag
from workstation.engine.core.fee_schedule import FeeSchedule
from workstation.engine.core.terms import AccountType, Action
from workstation.engine.login_reads import LoginReads
from workstation.engine.market.calendar import EASTERN
from workstation.engine.messages.commands import (
    AdvanceClock,
    ChangeBaseCurrency,
    OpenAccount,
    PlaceOrder,
    RequestAccountType,
    RequestPartition,
    RequestTradingPermissions,
    SeedPosition,
    SetPrice,
)
from workstation.engine.messages.events import (
    AccountTypeChanged,
    AccountTypeRequested,
    BaseCurrencyChanged,
    TradingPermissionsGranted,
    TradingPermissionsRequested,
)

D = Decimal
WEDNESDAY = datetime(2026, 11, 25, 10, 0, tzinfo=EASTERN)
IB_NOT_PERMITTED = "The security is not available or allowed for this account."
IB_PM_FLOOR = ("Your order is not accepted, margin requirement increase not allowed. Equity with loan value is less "
               "than 100,000.00 USD.")


def opened(make_engine, *accounts: OpenAccount, prices=(("AAPL", "150.00"), ("KO", "50.00"))):
    engine = make_engine()
    for symbol, price in prices:
        ok(engine.execute(SetPrice(symbol, D(price))))
    for account in accounts:
        ok(engine.execute(account))
    return engine


def only(events, kind):
    found = [e for e in events if isinstance(e, kind)]
    assert len(found) == 1, events
    return found[0]


# -- account type ---------------------------------------------------------------------------------


def test_a_cash_account_becomes_a_margin_account_the_next_business_day_and_margin_follows(make_engine):
    # l.188-189: Cash -> Margin through Account Type, after a compliance review (ours: the next business day).
    engine = opened(make_engine, OpenAccount("C1", AccountType.CASH, cash=(("USD", D(5000)),), holder_name="Jane Doe"))
    requested = only(ok(engine.execute(RequestAccountType("C1", AccountType.MARGIN, "Jane Doe"))).events,
                     AccountTypeRequested)
    assert (requested.current, requested.to, requested.effective) == (AccountType.CASH, AccountType.MARGIN,
                                                                       WEDNESDAY.date())
    ok(engine.execute(AdvanceClock(OPEN_TIME.replace(hour=23))))
    assert engine.account("C1").account_type is AccountType.CASH
    assert engine.account_values("C1")["BuyingPower"] == D("5000.00")
    changed = only(ok(engine.execute(AdvanceClock(WEDNESDAY))).events, AccountTypeChanged)
    assert changed.time == WEDNESDAY.replace(hour=4)  # the pre-market step
    assert engine.account("C1").account_type is AccountType.MARGIN
    values = engine.account_values("C1")
    assert values["SMA"] == D("5000.00")                # SMA starts at ELV less Reg T's margin
    assert values["BuyingPower"] == D("20000.00")       # four times the excess: a margin account's
    ok(engine.execute(PlaceOrder("C1", "KO", Action.BUY, D(150))))  # 7,500 of KO: it borrows


def test_margin_needs_usd_2000_of_net_liquidation(make_engine):
    # l.190: "should the account balance fall below USD 2,000 IBKR is precluded ... from affording margin treatment".
    engine = opened(make_engine, OpenAccount("S1", AccountType.CASH, cash=(("USD", D(1500)),), holder_name="Sam"))
    refused = assert_refused(engine, RequestAccountType("S1", AccountType.MARGIN, "Sam"), "MARGIN_MINIMUM", "to")
    assert "2,000.00 USD" in refused.message and "1,500.00 USD" in refused.message


def test_portfolio_margin_needs_usd_110000_to_apply(make_engine):
    # l.191: NLV >= USD 110,000 to apply for Portfolio Margin.
    engine = opened(make_engine, OpenAccount("M1", AccountType.MARGIN, cash=(("USD", D("109999.99")),),
                                             holder_name="Max"),
                    OpenAccount("M2", AccountType.MARGIN, cash=(("USD", D(110000)),), holder_name="Mia"))
    refused = assert_refused(engine, RequestAccountType("M1", AccountType.PORTFOLIO, "Max"),
                             "PORTFOLIO_MARGIN_MINIMUM", "to")
    assert "110,000.00 USD" in refused.message and "109,999.99 USD" in refused.message
    ok(engine.execute(RequestAccountType("M2", AccountType.PORTFOLIO, "Mia")))
    ok(engine.execute(AdvanceClock(WEDNESDAY)))
    assert engine.account("M2").account_type is AccountType.PORTFOLIO


@pytest.mark.parametrize(("asked", "effective"), [
    (OPEN_TIME.replace(hour=15, minute=59), datetime(2026, 11, 25, 4, 0, tzinfo=EASTERN)),
    # After 16:00 it is processed Wednesday and takes effect the next business day: Friday, after Thanksgiving.
    (OPEN_TIME.replace(hour=16, minute=0), datetime(2026, 11, 27, 4, 0, tzinfo=EASTERN)),
])
def test_a_downgrade_to_reg_t_takes_effect_the_next_business_day_when_asked_before_16_et(make_engine, asked,
                                                                                         effective):
    # l.193: "following business day if submitted before 4:00 ET".
    engine = opened(make_engine, OpenAccount("P1", AccountType.PORTFOLIO, cash=(("USD", D(200000)),),
                                             holder_name="Pat Lee"))
    ok(engine.execute(AdvanceClock(asked)))
    requested = only(ok(engine.execute(RequestAccountType("P1", AccountType.MARGIN, "Pat Lee"))).events,
                     AccountTypeRequested)
    assert requested.effective == effective.date() and requested.warning == ""
    ok(engine.execute(AdvanceClock(effective - timedelta(minutes=1))))
    assert engine.account("P1").account_type is AccountType.PORTFOLIO
    assert only(ok(engine.execute(AdvanceClock(effective))).events, AccountTypeChanged).after is AccountType.MARGIN


def test_a_downgrade_warns_when_reg_t_would_need_a_liquidation(make_engine):
    # l.193: the downgrade "may trigger automatic liquidations ... and shows a warning at request time when it would".
    # 10,000 KO at 50.00 on 380,000 of debit: 120,000 of equity; Reg T keeps 25% of 500,000 = 125,000.
    engine = opened(make_engine, OpenAccount("P1", AccountType.PORTFOLIO, cash=(("USD", D(-380000)),),
                                             positions=(SeedPosition("KO", D(10000), D(50)),), holder_name="Pat"))
    assert engine.account_values("P1")["MaintMarginReq"] < engine.account_values("P1")["EquityWithLoanValue"]
    requested = only(ok(engine.execute(RequestAccountType("P1", AccountType.MARGIN, "Pat"))).events,
                     AccountTypeRequested)
    assert "125,000.00 USD of maintenance margin" in requested.warning
    assert "120,000.00 USD of equity with loan value" in requested.warning
    assert engine.configuration_requests("P1")[0].warning == requested.warning


def test_after_a_downgrade_the_account_is_margined_under_reg_t(make_engine):
    # l.193: PM's 15% move on 1,000 KO at 50.00 is 7,500; Reg T's maintenance is 25%, 12,500.
    engine = opened(make_engine, OpenAccount("P1", AccountType.PORTFOLIO, cash=(("USD", D(150000)),),
                                             positions=(SeedPosition("KO", D(1000), D(50)),), holder_name="Pat"))
    assert engine.account_values("P1")["MaintMarginReq"] == D("7500.00")
    ok(engine.execute(RequestAccountType("P1", AccountType.MARGIN, "Pat")))
    ok(engine.execute(AdvanceClock(WEDNESDAY.replace(hour=4))))  # the pre-market step: prices have not moved
    assert engine.account_values("P1")["MaintMarginReq"] == D("12500.00")


def test_only_the_changes_ib_offers_may_be_asked_and_one_at_a_time(make_engine):
    # l.188: the drop-down offers Cash -> Margin and Margin -> Portfolio Margin (and the downgrade, l.193).
    engine = opened(make_engine, OpenAccount("C1", AccountType.CASH, cash=(("USD", D(500000)),), holder_name="Jo"),
                    OpenAccount("F1", AccountType.ADVISOR, holder_name="Fay"))
    assert_refused(engine, RequestAccountType("C1", AccountType.PORTFOLIO, "Jo"), "ACCOUNT_TYPE_NOT_OFFERED", "to")
    assert_refused(engine, RequestAccountType("C1", AccountType.CASH, "Jo"), "ACCOUNT_TYPE_UNCHANGED", "to")
    assert_refused(engine, RequestAccountType("F1", AccountType.MARGIN, "Fay"), "ADVISOR_HOLDS_NO_POSITIONS",
                   "account")
    ok(engine.execute(RequestAccountType("C1", AccountType.MARGIN, "Jo")))
    assert_refused(engine, RequestAccountType("C1", AccountType.MARGIN, "Jo"), "ALREADY_REQUESTED", "account")


# -- the signature --------------------------------------------------------------------------------


def test_the_risk_disclosures_are_signed_with_the_holders_name(make_engine):
    # l.188: "type your name in the Signature field of the risk disclosures".
    engine = opened(make_engine, OpenAccount("C1", AccountType.CASH, cash=(("USD", D(5000)),), holder_name="Jane Doe"),
                    OpenAccount("C2", AccountType.CASH, cash=(("USD", D(5000)),), holder="C1"))
    refused = assert_refused(engine, RequestAccountType("C1", AccountType.MARGIN, "John Doe"), "SIGNATURE_MISMATCH",
                             "signature")
    assert "Jane" not in refused.message  # the refusal does not tell the name
    ok(engine.execute(RequestAccountType("C1", AccountType.MARGIN, "  jane   DOE ")))  # spaces and case aside
    ok(engine.execute(RequestAccountType("C2", AccountType.MARGIN, "Jane Doe")))  # held by C1: C1's holder signs


def test_an_account_opened_before_names_were_kept_signs_with_any_name(make_engine):
    engine = opened(make_engine, OpenAccount("O1", AccountType.CASH, cash=(("USD", D(5000)),)))
    assert engine.account("O1").holder_name == ""
    assert_refused(engine, RequestAccountType("O1", AccountType.MARGIN, "   "), "SIGNATURE_MISMATCH", "signature")
    ok(engine.execute(RequestAccountType("O1", AccountType.MARGIN, "Olga Old")))


# -- Portfolio Margin under USD 100,000 -----------------------------------------------------------


def test_portfolio_margin_under_100000_of_equity_with_loan_value_refuses_with_ibs_text(make_engine):
    # l.192: the floor is on equity with loan value: long options have no loan value, so 95,000 of cash and
    # five AAPL calls make a net liquidation above 100,000 and an ELV under it.
    call = "AAPL  261218C00200000"
    engine = opened(make_engine, OpenAccount("PM", AccountType.PORTFOLIO, cash=(("USD", D(95000)),),
                                             positions=(SeedPosition(call, D(5), D(5000)),), holder_name="Pam"),
                    prices=(("AAPL", "260.00"), ("KO", "50.00")))
    values = engine.account_values("PM")
    assert values["NetLiquidation"] >= 110000 and values["EquityWithLoanValue"] < 100000
    refused = assert_refused(engine, PlaceOrder("PM", "KO", Action.BUY, D(10)), "PORTFOLIO_MARGIN_EQUITY_FLOOR",
                             "total_quantity")
    assert refused.message.startswith(IB_PM_FLOOR)
    ok(engine.execute(PlaceOrder("PM", call, Action.SELL, D(5))))  # closing reduces margin: accepted
    assert any(rule.__name__ == "check_portfolio_margin_floor" for rule in ACCOUNT_RULES)
    with earlier_rules():  # an account rule: a journaled order it never saw replays
        ok(engine.execute(PlaceOrder("PM", "KO", Action.BUY, D(10))))


# -- trading permissions --------------------------------------------------------------------------


def test_the_permission_grid_shows_granted_pending_and_available_cells(make_engine):
    # l.196: the asset-class x country grid.
    engine = opened(make_engine, OpenAccount("U1", AccountType.MARGIN, cash=(("USD", D(50000)),),
                                             permissions=("STK:US",), holder_name="Uma"))
    grid = {(c.asset_class, c.country): c.status for c in engine.trading_permissions("U1")}
    assert grid[("STK", "US")] == "granted"
    assert grid[("STK", "DE")] == grid[("OPT", "US")] == grid[("CASH", "*")] == "available"
    ok(engine.execute(RequestTradingPermissions("U1", ("OPT:US",), "Uma")))
    cell = next(c for c in engine.trading_permissions("U1") if (c.asset_class, c.country) == ("OPT", "US"))
    assert (cell.status, cell.effective) == ("pending", WEDNESDAY.date())


def test_an_account_opened_without_permissions_keeps_its_defaults(make_engine):
    engine = opened(make_engine, OpenAccount("U1", AccountType.MARGIN, cash=(("USD", D(50000)),)))
    grid = {(c.asset_class, c.country): c.status for c in engine.trading_permissions("U1")}
    assert [cell for cell, status in grid.items() if status == "available"] == [("STK", "DE")]


def test_a_new_region_is_granted_at_once_and_a_new_product_the_next_business_day(make_engine):
    # l.196: "new regions apply immediately, new products take 1-2 business days" (ours: 1); l.197: IB's 203 text.
    engine = opened(make_engine, OpenAccount("U1", AccountType.MARGIN, cash=(("USD", D(50000)),),
                                             permissions=("STK:US",), holder_name="Uma"),
                    prices=(("AAPL", "260.00"), ("SAP", "200.00")))
    call = "AAPL  261218C00200000"
    refused = assert_refused(engine, PlaceOrder("U1", "SAP", Action.BUY, D(1)), "NO_TRADING_PERMISSION", "symbol")
    assert refused.message.startswith(IB_NOT_PERMITTED)
    result = only(ok(engine.execute(RequestTradingPermissions("U1", ("STK:DE", "OPT:US"), "Uma"))).events,
                  TradingPermissionsRequested)
    assert (result.granted, result.pending, result.effective) == (("STK:DE",), ("OPT:US",), WEDNESDAY.date())
    ok(engine.execute(PlaceOrder("U1", "SAP", Action.BUY, D(1))))
    assert_refused(engine, PlaceOrder("U1", call, Action.BUY, D(1)), "NO_TRADING_PERMISSION", "symbol")
    granted = only(ok(engine.execute(AdvanceClock(WEDNESDAY))).events, TradingPermissionsGranted)
    assert granted.permissions == ("OPT:US",)
    ok(engine.execute(PlaceOrder("U1", call, Action.BUY, D(1))))


def test_a_permission_request_names_what_is_wrong(make_engine):
    engine = opened(make_engine, OpenAccount("U1", AccountType.MARGIN, cash=(("USD", D(50000)),),
                                             permissions=("STK:US",), holder_name="Uma"))
    assert_refused(engine, RequestTradingPermissions("U1", ("STK:JP",), "Uma"), "PERMISSION_NOT_OFFERED",
                   "permissions")
    assert_refused(engine, RequestTradingPermissions("U1", ("BOND",), "Uma"), "INVALID_PERMISSION", "permissions")
    assert_refused(engine, RequestTradingPermissions("U1", ("STK:US",), "Uma"), "ALREADY_PERMITTED", "permissions")
    assert_refused(engine, RequestTradingPermissions("U1", ("FUT:US",), "Ulf"), "SIGNATURE_MISMATCH", "signature")


# -- base currency --------------------------------------------------------------------------------


def test_a_cash_account_may_not_change_its_base_currency(make_engine):
    # l.194: "Customers who hold a margin account may change their base currency".
    engine = opened(make_engine, OpenAccount("C1", AccountType.CASH, cash=(("USD", D(5000)),)))
    refused = assert_refused(engine, ChangeBaseCurrency("C1", "EUR"), "BASE_CURRENCY_NOT_CHANGEABLE", "account")
    assert "cash account" in refused.message


def test_a_new_base_currency_takes_effect_the_next_business_day_without_converting_balances(make_engine):
    # l.194: "processed the next business day"; existing balances are not converted; margin follows the base.
    engine = opened(make_engine, OpenAccount("M1", AccountType.MARGIN, cash=(("USD", D(100000)),)),
                    prices=(("EUR.USD", "1.25"), ("KO", "50.00")))
    ok(engine.execute(PlaceOrder("M1", "KO", Action.BUY, D(100))))
    assert_refused(engine, ChangeBaseCurrency("M1", "USD"), "BASE_CURRENCY_UNCHANGED", "currency")
    assert_refused(engine, ChangeBaseCurrency("M1", "XYZ"), "INVALID_CURRENCY", "currency")
    ok(engine.execute(ChangeBaseCurrency("M1", "EUR")))
    ok(engine.execute(AdvanceClock(OPEN_TIME.replace(hour=23))))
    assert engine.account("M1").base_currency == "USD"
    usd = engine.account_values("M1")
    cash = engine.cash("M1")
    changed = only(ok(engine.execute(AdvanceClock(WEDNESDAY.replace(hour=9)))).events, BaseCurrencyChanged)
    assert (changed.before, changed.after) == ("USD", "EUR")
    assert engine.account("M1").base_currency == "EUR"
    assert engine.cash("M1") == cash  # nothing converted
    eur = engine.account_values("M1")
    rate = D(1) / D("1.25")
    for tag in ("NetLiquidation", "MaintMarginReq", "SMA"):
        assert abs(eur[tag] - usd[tag] * rate) <= D("0.01"), tag
    window = engine.account_totals(["M1"])  # the Account Window's figures
    assert window.bases == ("EUR",)
    assert D(f"{window.tags[AccountTag.NET_LIQUIDATION][0]:.2f}") == eur["NetLiquidation"]


def test_another_customer_neither_hears_nor_reads_an_accounts_configuration(make_engine):
    engine = opened(make_engine, OpenAccount("C1", AccountType.CASH, cash=(("USD", D(5000)),), holder_name="Jane"),
                    OpenAccount("C9", AccountType.CASH, cash=(("USD", D(5000)),)))
    events = ok(engine.execute(RequestAccountType("C1", AccountType.MARGIN, "Jane"))).events
    stranger, holder = LoginReads(engine, "C9"), LoginReads(engine, "C1")
    assert [stranger.sees_event(e) for e in events] == [False]
    assert [holder.sees_event(e) for e in events] == [True]
    assert holder.configuration_requests("C1")[0].effective == WEDNESDAY.date()
    with pytest.raises(KeyError):
        stranger.trading_permissions("C1")
    with pytest.raises(KeyError):
        stranger.configuration_requests("C1")


def test_a_partitions_type_and_permissions_are_not_requested_on_their_own(make_engine):
    # Our choice (IB is silent): a partition's permissions are its parent's less its advisor's (ib-domain §7).
    engine = opened(make_engine, OpenAccount("U1", AccountType.MARGIN, cash=(("USD", D(200000)),), holder_name="Una"))
    ok(engine.execute(RequestPartition("U1", "F5100001", "Avery Stone", ("STK:US", "CASH"), FeeSchedule())))
    ok(engine.execute(AdvanceClock(WEDNESDAY)))
    for command in (RequestAccountType("U1-P1", AccountType.PORTFOLIO, "Una"),
                    RequestTradingPermissions("U1-P1", ("STK:DE",), "Una")):
        assert_refused(engine, command, "PARTITION_FOLLOWS_PARENT", "account")


def test_the_many_accounts_figures_follow_a_new_base_and_type(make_engine):
    # The batch that values many accounts at once keeps what it knows of each account's type and base.
    accounts = [OpenAccount(f"M{i}", AccountType.MARGIN, cash=(("USD", D(100000)),),
                            positions=(SeedPosition("KO", D(1000), D(50)),)) for i in range(20)]
    engine = opened(make_engine, *accounts, prices=(("EUR.USD", "1.25"), ("KO", "50.00")))
    ids = [a.account_id for a in accounts]
    before = engine.margin_summary(ids)
    ok(engine.execute(ChangeBaseCurrency("M0", "EUR")))
    ok(engine.execute(RequestAccountType("M1", AccountType.PORTFOLIO, "Max")))
    ok(engine.execute(AdvanceClock(WEDNESDAY.replace(hour=5))))
    after = engine.margin_summary(ids)
    assert after.net_liquidation[0] == pytest.approx(before.net_liquidation[0] / 1.25, abs=0.01)
    assert after.maintenance[1] == pytest.approx(float(engine.account_values("M1")["MaintMarginReq"]), abs=0.01)
    assert after.maintenance[1] < before.maintenance[1]  # Portfolio Margin's 15% move, not Reg T's 25%
