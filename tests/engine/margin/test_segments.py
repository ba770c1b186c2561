"""The securities and commodities segments and IB's excess funds sweep between them.

Sources: IB Account Management, Excess Funds Sweep (https://clientam.com.hk/en/software/am3/am/settings/excessfundssweep.htm):
"you have authorized us to automatically transfer funds as necessary between your securities account and your
futures account in order to satisfy margin requirements in either account"; IB KB "Cash Sweeps"
(http://ibkr.info/nl/tag/customer-protection): "Do not sweep excess funds", the default, moves cash only to resolve a
margin deficiency or a debit balance in the other segment; IB's margin page (http://tradingprofessional.org/margin):
"If you enter a commodities trade, cash will be moved from the Securities segment to the Commodities segment ...
This will cause your SMA to drop accordingly"; TWS guide, commodities ELV: "Total cash value + commodities option
value - futures maintenance margin requirement". Research note §8, decisions D8.1-D8.3.
"""

from datetime import date, datetime
from decimal import Decimal

import numpy as np

from tests.factories import ok, trade
from workstation.engine.core.terms import AccountType, Action
from workstation.engine.market.calendar import EASTERN
from workstation.engine.messages.commands import (
    AdvanceClock,
    OpenAccount,
    SeedPosition,
    SetExcessFundsSweep,
    SetPrice,
)

D = Decimal


def _et(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=EASTERN)


def _bought_one_esz6(make_engine, cash: str = "100000", account: str = "M1"):
    engine = make_engine()
    ok(engine.execute(OpenAccount(account, AccountType.MARGIN, cash=(("USD", D(cash)),),
                                  permissions=("STK", "OPT", "FUT", "FOP"))))
    ok(engine.execute(SetPrice("ESZ6", D("5931.25"))))
    trade(engine, "ESZ6", Action.BUY, "1", "5931.75", account=account)
    return engine


def test_a_futures_trade_sweeps_the_initial_margin_into_the_commodities_segment_and_again_at_the_overnight_change(
        make_engine):
    # Example G1 (research note §8.2) at 10:00 ET, intraday (D7.1 halves IM-C): IM-C = 9,786.56, MM-C = 8,896.88.
    # FuturesPNL = (5,931.25 - 5,931.75) x 50 = -25.00; commission 0.85 booked to -C: cash-C = -0.85, NLV-C = -25.85
    # Swept T = 9,786.56 + 25.85 = 9,812.41: cash-C = 9,811.56, NLV-C = 9,786.56 -> AvailableFunds-C = 0.00
    engine = _bought_one_esz6(make_engine)
    values = engine.account_values("M1")
    assert values["AvailableFunds-C"] == D("0.00")
    assert values["TotalCashValue"] == D("99974.15")  # 100,000.00 - 0.85 - 25.00: the sweep moves, never spends
    # TotalCashValue-C = cash-C + FuturesPNL = 9,811.56 - 25.00 = 9,786.56; -S = 99,974.15 - 9,786.56 = 90,187.59
    assert (values["TotalCashValue-C"], values["TotalCashValue-S"]) == (D("9786.56"), D("90187.59"))
    # ELV-S = 99,999.15 - 9,811.56 = 90,187.59; ELV-C = 9,786.56 - 8,896.88 = 889.68 = ExcessLiquidity-C
    assert values["EquityWithLoanValue-S"] == values["AvailableFunds-S"] == D("90187.59")
    assert values["EquityWithLoanValue-C"] == values["ExcessLiquidity-C"] == D("889.68")
    assert values["EquityWithLoanValue"] == D("91077.27")
    # AvailableFunds = AF-S + AF-C = 90,187.59 + 0.00 (the sums of the segments, D8.3)
    assert values["AvailableFunds"] == D("90187.59")
    assert values["SMA"] == D("90187.59")  # 100,000.00 - 9,812.41

    # Act: 15:46 ET, the overnight figures (IM-C 19,573.12): a second sweep of 19,573.12 - 9,786.56 = 9,786.56
    ok(engine.execute(AdvanceClock(_et(24, 15, 46))))
    ok(engine.execute(SetPrice("ESZ6", D("5931.25"))))
    values = engine.account_values("M1")
    # cash-C = 9,811.56 + 9,786.56 = 19,598.12 (G1); cash-S = 99,999.15 - 19,598.12 = 80,401.03
    assert values["AvailableFunds-C"] == D("0.00")
    assert values["AvailableFunds-S"] == values["AvailableFunds"] == D("80401.03")
    # ExcessLiquidity-C = 19,573.12 - 17,793.75 = 1,779.37 = EquityWithLoanValue-C = (19,598.12 - 25.00) - 17,793.75
    assert values["ExcessLiquidity-C"] == values["EquityWithLoanValue-C"] == D("1779.37")
    assert values["SMA"] == D("80401.03")  # SMA falls by the 19,598.97 moved in all
    assert (values["TotalCashValue-C"], values["TotalCashValue-S"]) == (D("19573.12"), D("80401.03"))


def test_gains_stay_in_the_commodities_segment_and_a_debit_there_is_paid_from_securities(make_engine):
    engine = _bought_one_esz6(make_engine)
    # ESZ6 to 5,951.25 (+20 points): FuturesPNL = +975.00; NLV-C = 9,811.56 + 975.00 = 10,786.56;
    # IM-C = 6% x 5,951.25 x 50 x 1.10 x 50% = 9,819.5625 -> 9,819.56. "Do not sweep": the gain stays in -C,
    # AvailableFunds-C = 10,786.56 - 9,819.56 = 967.00
    ok(engine.execute(SetPrice("ESZ6", D("5951.25"))))
    values = engine.account_values("M1")
    assert values["InitMarginReq-C"] == D("9819.56")
    assert values["AvailableFunds-C"] == D("967.00")
    assert values["AvailableFunds-S"] == D("90187.59")
    # ESZ6 to 5,851.25: FuturesPNL = (5,851.25 - 5,931.75) x 50 = -4,025.00, NLV-C = 9,811.56 - 4,025.00 = 5,786.56
    # under MM-C = 6% x 5,851.25 x 50 x 50% = 8,776.875 -> 8,776.88: a deficiency (EL-C < 0, D8.1), so the
    # sweep tops NLV-C up to IM-C = 8,776.875 x 1.10 = 9,654.5625 -> 9,654.56: moved 3,868.00, cash-C 13,679.56
    ok(engine.execute(SetPrice("ESZ6", D("5851.25"))))
    values = engine.account_values("M1")
    assert values["AvailableFunds-C"] == D("0.00")
    assert values["AvailableFunds-S"] == D("86319.59")  # 90,187.59 - 3,868.00
    # Sold at 5,851.25: realised -4,025.00 and the 0.85 commission booked to -C:
    # cash-C = 13,679.56 - 4,025.00 - 0.85 = 9,653.71; no requirement left, and it stays ("Do not sweep").
    trade(engine, "ESZ6", Action.SELL, "1", "5851.25")
    values = engine.account_values("M1")
    assert values["AvailableFunds-C"] == D("9653.71")
    assert values["AvailableFunds-S"] == D("86319.59")
    assert values["AvailableFunds"] == D("95973.30")  # 100,000.00 - 4,025.00 - 1.70 = 95,973.30 in all


def test_only_securities_cash_is_swept_never_a_loan(make_engine):
    # 1,000 KO at 62.50 (62,500.00) on a loan: cash-S = -15,000.00.
    # BUY 1 ESZ6: nothing can be swept (a loan is not), so AvailableFunds-C = -0.85 - 25.00 - 9,786.56 = -9,812.41
    # and the whole account's AvailableFunds still counts the futures margin once: AF-S + AF-C.
    engine = make_engine()
    ok(engine.execute(OpenAccount("M1", AccountType.MARGIN, cash=(("USD", D(-15000)),),
                                  positions=(SeedPosition("KO", D(1000), D("62.50")),),
                                  permissions=("STK", "FUT"))))
    ok(engine.execute(SetPrice("KO", D("62.50"))))
    ok(engine.execute(SetPrice("ESZ6", D("5931.25"))))
    trade(engine, "ESZ6", Action.BUY, "1", "5931.75")
    values = engine.account_values("M1")
    assert values["AvailableFunds-C"] == D("-9812.41")
    # AF-S = ELV-S - IM-S = (-15,000.00 + 62,500.00) - 25% x 62,500.00 = 47,500.00 - 15,625.00 = 31,875.00
    assert values["AvailableFunds-S"] == D("31875.00")
    assert values["AvailableFunds"] == D("22062.59")  # 31,875.00 - 9,812.41


def test_the_vectorised_totals_of_many_accounts_equal_each_accounts_own_values_with_swept_cash(make_engine):
    # The All/advisor totals (views.account_totals) and account_values (one account) by the same formulas.
    engine = make_engine()
    ok(engine.execute(SetPrice("ESZ6", D("5931.25"))))
    ids = [f"M{i}" for i in range(20)]  # more than 16 accounts: the batch path
    for i, account_id in enumerate(ids):
        ok(engine.execute(OpenAccount(account_id, AccountType.MARGIN, cash=(("USD", D(50000 + 1000 * i)),),
                                      permissions=("STK", "OPT", "FUT", "FOP"))))
        if i % 2:
            trade(engine, "ESZ6", Action.BUY, str(1 + i % 3), "5931.75", account=account_id)
        if i % 3 == 0:
            trade(engine, "KO", Action.BUY, "100", "62.00", account=account_id)
    ok(engine.execute(AdvanceClock(_et(24, 15, 46))))  # the overnight change: the odd accounts swept again
    ok(engine.execute(SetPrice("ESZ6", D("5941.25"))))
    totals = engine.account_totals(ids)
    for i, account_id in enumerate(ids):
        values = engine.account_values(account_id)
        for tag, column in totals.tags.items():
            assert abs(float(values[tag]) - column[i]) <= 0.011, (account_id, tag)
    assert totals.look_ahead_next_change == values["LookAheadNextChange"]
    assert np.any(totals.tags["EquityWithLoanValue-C"] > 0)


def test_a_market_move_sweeps_a_deficiency_the_same_for_many_accounts_as_for_one(make_engine):
    # 20 accounts (more than 16: the vectorised deficiency test) and one alone, each long 1 ESZ6 as in G1
    # (cash-C 9,811.56 after the trade). ESZ6 falls to 5,851.25: NLV-C = 9,811.56 - 4,025.00 = 5,786.56 under
    # MM-C 8,776.88, so each is topped up to IM-C 9,654.56 (moved 3,868.00): AvailableFunds-C = 0.00.
    many = make_engine()
    one = make_engine()
    ids = [f"M{i:02d}" for i in range(20)]
    for engine, accounts in ((many, ids), (one, ids[:1])):
        ok(engine.execute(SetPrice("ESZ6", D("5931.25"))))
        for account_id in accounts:
            ok(engine.execute(OpenAccount(account_id, AccountType.MARGIN, cash=(("USD", D(100000)),),
                                          permissions=("STK", "FUT"))))
            trade(engine, "ESZ6", Action.BUY, "1", "5931.75", account=account_id)
        ok(engine.execute(SetPrice("ESZ6", D("5851.25"))))
    expected = one.account_values("M00")
    assert expected["AvailableFunds-C"] == D("0.00")
    assert expected["AvailableFunds-S"] == D("86319.59")  # 90,187.59 - 3,868.00
    for account_id in ids:
        assert many.account_values(account_id) == expected


def test_the_sweep_setting_takes_effect_the_next_business_day(make_engine):
    # IB: "Sweep excess funds to my IB securities account": only the cash needed for the current commodities
    # margin requirement stays in the commodities segment (KB "Cash Sweeps"); a change takes one business day
    # (http://www.kamaraju.xyz/dk/ibkr_notes). Decision D8.2.
    engine = _bought_one_esz6(make_engine)
    result = engine.execute(SetExcessFundsSweep("M1", "securities"))
    assert [(e.setting, e.effective) for e in result.events] == [("securities", date(2026, 11, 25))]
    # Tuesday, +20 points: FuturesPNL +975.00, IM-C 9,819.56: the 967.00 above it stays until the setting applies
    ok(engine.execute(SetPrice("ESZ6", D("5951.25"))))
    assert engine.account_values("M1")["AvailableFunds-C"] == D("967.00")
    # Tuesday 15:45: the overnight sweep tops -C up to IM-C 19,639.12 (6% x 5,951.25 x 50 x 1.10); Wednesday
    # 10:00 (intraday IM-C 9,819.56) the setting is in force: NLV-C 19,639.12 - 9,819.56 = 9,819.56 goes back.
    ok(engine.execute(AdvanceClock(_et(24, 15, 46))))
    ok(engine.execute(SetPrice("ESZ6", D("5951.25"))))
    overnight = engine.account_values("M1")
    assert overnight["AvailableFunds-C"] == D("0.00") and overnight["InitMarginReq-C"] == D("19639.12")
    ok(engine.execute(AdvanceClock(_et(25, 10))))
    ok(engine.execute(SetPrice("ESZ6", D("5951.25"))))
    values = engine.account_values("M1")
    assert values["AvailableFunds-C"] == D("0.00")
    assert values["AvailableFunds-S"] == overnight["AvailableFunds-S"] + D("9819.56")
    assert values["SMA"] == overnight["SMA"] + D("9819.56")  # cash back in securities is SMA's again


def test_only_an_account_with_a_commodities_segment_may_choose_a_sweep(make_engine):
    engine = make_engine()
    ok(engine.execute(OpenAccount("S1", AccountType.MARGIN, cash=(("USD", D(1000)),), permissions=("STK",))))
    ok(engine.execute(OpenAccount("C1", AccountType.CASH, cash=(("USD", D(1000)),))))
    for account_id in ("S1", "C1"):
        refused = engine.execute(SetExcessFundsSweep(account_id, "commodities"))
        assert (refused.code, refused.field) == ("SWEEP_NOT_AVAILABLE", "setting")
        assert engine.execute(SetExcessFundsSweep(account_id, "none")).events  # "the only option" is fine
    refused = engine.execute(SetExcessFundsSweep("S1", "everything"))
    assert (refused.code, refused.field) == ("INVALID_VALUE", "setting")
