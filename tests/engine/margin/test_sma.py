"""The Special Memorandum Account and the Reg T check at the close (ib-domain §5.2, §9.4)."""

from decimal import Decimal

from tests.factories import ok, trade
from workstation.engine.core.terms import AccountType, Action
from workstation.engine.messages.commands import OpenAccount, SeedPosition, SetPrice

D = Decimal


def test_sma_follows_the_kb_sequence(make_engine):
    engine = make_engine()
    ok(engine.execute(OpenAccount("S1", AccountType.MARGIN, cash=(("USD", D(5000)),))))
    assert engine.account_values("S1")["SMA"] == D("5000.00")                      # R7: the deposit
    ok(engine.execute(SetPrice("KO", D("100.00"))))
    trade(engine, "KO", Action.BUY, 100, "100.00", account="S1")
    assert engine.account_values("S1")["SMA"] == 0                                 # R8: 50% of 10,000 used
    ok(engine.execute(SetPrice("KO", D("120.00"))))
    # R9: ELV 6,999 (cash -5,001 after the 1.00 commission, stock 12,000) less Reg T 6,000
    assert engine.account_values("S1")["SMA"] == D("999.00")
    ok(engine.execute(SetPrice("KO", D("110.00"))))
    assert engine.account_values("S1")["SMA"] == D("999.00")                       # R10: a loss never lowers it
    trade(engine, "KO", Action.SELL, 20, "110.00", account="S1")
    assert engine.account_values("S1")["SMA"] == D("999.00") + D("1100.00")        # R11: 50% of the 2,200 sold


def test_a_negative_sma_after_a_days_trading_is_liquidated_at_the_1550_reg_t_check(make_engine):
    from datetime import datetime

    from workstation.engine.market.calendar import EASTERN
    from workstation.engine.messages.commands import AdvanceClock
    from workstation.engine.messages.events import LiquidationStarted, RegTCallIssued

    engine = make_engine()
    for name in ("S1", "S2"):
        ok(engine.execute(OpenAccount(name, AccountType.MARGIN, cash=(("USD", D(10000)),),
                                      positions=((SeedPosition("KO", D(100), D(50)),) if name == "S2" else ()))))
    ok(engine.execute(SetPrice("KO", D("50.00"))))
    trade(engine, "KO", Action.BUY, 600, "50.00", account="S1")  # 30,000 of stock on 10,000: SMA -5,000
    assert engine.account_values("S1")["SMA"] == D("-5000.00")
    # Nothing happens before 15:50 ET: the intraday requirement (25%) is met.
    early = ok(engine.execute(AdvanceClock(datetime(2026, 11, 24, 15, 49, tzinfo=EASTERN))))
    assert not [e for e in early.events if isinstance(e, LiquidationStarted)]
    result = ok(engine.execute(AdvanceClock(datetime(2026, 11, 24, 16, 1, tzinfo=EASTERN))))
    started = [e for e in result.events if isinstance(e, LiquidationStarted)]
    assert [e.account_id for e in started] == ["S1"]                      # S2 did not trade
    assert started[0].time.time().strftime("%H:%M") == "15:50" and "SMA" in started[0].reason
    # A sale releases half its proceeds: 5,000 needs about 200 shares, 220 with the slippage margin.
    (symbol, side, units), = started[0].orders
    assert (symbol, side) == ("KO", Action.SELL) and 200 <= units <= 230
    assert engine.account_values("S1")["SMA"] >= 0
    assert not [e for e in result.events if isinstance(e, RegTCallIssued)]   # cured before the close
