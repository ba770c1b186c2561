"""The sweep at the overnight change when one clock advance crosses it: the same cash moved, and the same
previous-day equity recorded at the close, as when the clock stops on the way.

IB: futures' "higher Overnight margins, applicable 15 minutes before the end of Regular Trading Hours" (MEXEM,
https://support.mexem.com/faq-tags/intraday); the sweep moves cash "as necessary ... to satisfy margin
requirements" (IB Account Management, Excess Funds Sweep); decision D8.1 sweeps again at the overnight change.
PreviousDayEquityWithLoanValue is the securities ELV at the 16:00 close (research note §9).
Example G1 (note §8.2): 100,000.00 USD, BUY 1 ESZ6 @ 5,931.75, mark 5,931.25, commission 0.85 in -C.
"""

from datetime import datetime
from decimal import Decimal

import pytest

from tests.factories import ok, trade
from workstation.engine.core.account_tags import AccountTag
from workstation.engine.core.terms import AccountType, Action
from workstation.engine.market.calendar import EASTERN
from workstation.engine.messages.commands import AdvanceClock, OpenAccount, SetPrice

D = Decimal
WEDNESDAY_10 = datetime(2026, 11, 25, 10, 0, tzinfo=EASTERN)


@pytest.mark.parametrize("stops", [(), (datetime(2026, 11, 24, 15, 50, tzinfo=EASTERN),)])
def test_one_advance_across_the_close_sweeps_to_the_overnight_margin(make_engine, stops):
    engine = make_engine()  # Tue 24 Nov 10:00 ET, prices frozen
    ok(engine.execute(OpenAccount("M1", AccountType.MARGIN, cash=(("USD", D(100000)),),
                                  permissions=("STK", "OPT", "FUT", "FOP"))))
    ok(engine.execute(SetPrice("ESZ6", D("5931.25"))))
    trade(engine, "ESZ6", Action.BUY, "1", "5931.75")
    for stop in stops:
        ok(engine.execute(AdvanceClock(stop)))
    ok(engine.execute(AdvanceClock(WEDNESDAY_10)))
    values = engine.account_values("M1")
    # At 10:00 Tue the sweep moved 9,812.41 (intraday IM-C 9,786.56); at the overnight change IM-C = 19,573.12:
    # 9,786.56 more, cash-C = 19,598.12, cash-S = 99,999.15 - 19,598.12 = 80,401.03 (G1). The 16:00 close
    # records PreviousDayEquityWithLoanValue = ELV-S = 80,401.03. Wednesday (intraday again, "Do not sweep"):
    # the cash stays in -C: TotalCashValue-C = 19,598.12 - 25.00 = 19,573.12, AvailableFunds-C = 19,573.12 -
    # 9,786.56 = 9,786.56.
    assert values["PreviousDayEquityWithLoanValue"] == D("80401.03")
    assert (values["TotalCashValue-C"], values["TotalCashValue-S"]) == (D("19573.12"), D("80401.03"))
    assert values["AvailableFunds-C"] == D("9786.56")


def test_the_next_days_buying_power_compares_like_with_like_across_the_segments(make_engine):
    # IB's API: BuyingPower, margin account = (Minimum(Equity with Loan Value, Previous Day Equity with Loan
    # Value) - Initial Margin) x 4 (decision D9.4), the equity being both segments' (securities ELV and the
    # commodities segment's net liquidation, before the futures maintenance). The previous close's equity is
    # then both segments' too: ELV-S 80,401.03 + NLV-C 19,573.12 = 99,974.15 on Tue at 16:00 (G1 swept to the
    # overnight margin), not the ELV-S alone, which would drop the commodities cash while its margin is counted.
    engine = make_engine()
    ok(engine.execute(OpenAccount("M1", AccountType.MARGIN, cash=(("USD", D(100000)),),
                                  permissions=("STK", "OPT", "FUT", "FOP"))))
    ok(engine.execute(SetPrice("ESZ6", D("5931.25"))))
    trade(engine, "ESZ6", Action.BUY, "1", "5931.75")
    ok(engine.execute(AdvanceClock(WEDNESDAY_10)))
    values = engine.account_values("M1")
    # Wed 10:00, nothing moved: min(80,401.03 + 19,573.12, 99,974.15) - IM (0.00 + 9,786.56) = 90,187.59
    # = AvailableFunds; BuyingPower = 4 x 90,187.59 = 360,750.36 (integ17: min(99,974.15, 80,401.03) - 9,786.56
    # = 70,614.47, x 4 = 282,457.88).
    assert values["AvailableFunds"] == D("90187.59")
    assert values["BuyingPower"] == D("360750.36")
    assert engine.account_totals(["M1"]).tags[AccountTag.BUYING_POWER].tolist() == [360750.36]
