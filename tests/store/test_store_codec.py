"""The journal codec: every command and event survives a JSON round trip exactly."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workstation.engine.core.fee_schedule import Billing, FeeSchedule
from workstation.engine.core.terms import (
    AccountType,
    Action,
    AllocationMethod,
    MarketState,
    OrderStatus,
    OrderType,
    TimeInForce,
)
from workstation.engine.market.calendar import EASTERN
from workstation.engine.messages.commands import (
    AdvanceClock,
    BustExecution,
    CancelOrder,
    CorrectExecution,
    DefineGroup,
    DefineModel,
    Deposit,
    DivestFromModel,
    ForceExecution,
    InvestInModel,
    ModifyOrder,
    OpenAccount,
    PlaceOrder,
    RequestPartition,
    SeedPosition,
    SetAllocationPresets,
    SetPrice,
    TransferCash,
    TransferPosition,
    Withdraw,
)
from workstation.engine.messages.events import (
    AccountOpened,
    AccountValuesChanged,
    AdvisorFeeCharged,
    AllocationFinalized,
    AllocationPlanned,
    AllocationPresetsChanged,
    AllocationRow,
    CashBooked,
    CashTransferred,
    ClockAdvanced,
    CommandRejected,
    ContractExpired,
    ExecutionBusted,
    ExecutionCorrected,
    ExecutionReported,
    FundsDeposited,
    FundsWithdrawn,
    GroupDefined,
    MarketStateChanged,
    ModelDefined,
    ModelInvestmentChanged,
    OrderModified,
    OrderPlaced,
    OrderStatusChanged,
    PartitionOpened,
    PartitionRequested,
    PositionChanged,
    PositionSettled,
    PositionTransferred,
    PriceSet,
    QuotesUpdated,
    SessionOpened,
)
from workstation.store import codec

T = datetime(2026, 3, 2, 10, 15, 30, 250_000, tzinfo=EASTERN)

COMMANDS = [
    OpenAccount("U1", AccountType.MARGIN, "EUR", cash=(("EUR", Decimal("250000.00")), ("USD", Decimal("-1E+3"))),
                positions=(SeedPosition("AAPL", Decimal(100), Decimal("180.125")),
                           SeedPosition("SAP", Decimal(-10), Decimal("229.80"))),
                permissions=("STK:US", "OPT"), advisor="F1", parent="U0", restrictions=("RejectIfOpening",)),
    PlaceOrder("U1", "ESZ6 C6000", Action.SELL, Decimal(3), OrderType.STP_LMT, lmt_price=Decimal("41.25"),
               aux_price=Decimal("42.00"), tif=TimeInForce.GTC, outside_rth=True, order_ref="hedge"),
    ModifyOrder(12, total_quantity=Decimal(5), lmt_price=Decimal("41.50"), tif=TimeInForce.IOC),
    CancelOrder(12),
    ForceExecution(12, Decimal(2), Decimal("41.25")),
    SetPrice("EUR.USD", Decimal("1.08425")),
    AdvanceClock(T),
    SeedPosition("SPY", Decimal("0.5"), Decimal(0)),
    PlaceOrder("F1", "ESZ6", Action.BUY, Decimal(0), fa_group="XYZ commodities",
               fa_method=AllocationMethod.PCT_CHANGE, fa_percentage=Decimal("-50")),
    PlaceOrder("F1", "AAPL", Action.BUY, Decimal(300), fa_method=AllocationMethod.RATIO,
               fa_allocations=(("C1", Decimal(1)), ("C2", Decimal("2.5")))),
    DefineGroup("F1", "XYZ commodities", AllocationMethod.CONTRACTS_OR_SHARES,
                (("A", Decimal(25)), ("B", Decimal(15)), ("C", Decimal(10)))),
    SetAllocationPresets("F1", strict=True, default_method=AllocationMethod.NET_LIQ, round_lots=True,
                         odd_lot_account="C", equal_positions=True),
    DefineModel("F1", "Tech"),
    CorrectExecution("00000002.00000002.01.01", Decimal("5900.50")),
    BustExecution("00000002.00000002.01.01"),
    InvestInModel("C1", "Tech", Decimal("25000.50")),
    DivestFromModel("C1", "Tech", Decimal(5000)),
    PlaceOrder("F1", "MSFT", Action.SELL, Decimal(200), model_code="Tech"),
    PlaceOrder("U1-P1", "MSFT", Action.BUY, Decimal(10), entered_by="F5100001"),
    CancelOrder(12, entered_by="F5100001"),
    RequestPartition("U1", "F5100001", "Avery Stone", ("STK:US", "CASH"),
                     FeeSchedule(Billing.MONTHLY, Decimal("1.25"), Decimal(20), Decimal("50.00"), "USD")),
    FeeSchedule(),
    TransferCash("U1", "U1-P1", "EUR", Decimal("2500.50")),
    TransferPosition("U1-P1", "U1", "AAPL", Decimal(40)),
    Deposit("U1", "USD", Decimal("10000.00")),
    Withdraw("U1", "USD", Decimal("99.99")),
]

EVENTS = [
    AccountOpened("U1", AccountType.CASH, "USD", ("CASH", "STK:US"), None, "U0", ("EmployeeRestriction",)),
    CashBooked("U1", "USD", Decimal("-23252.00"), Decimal("976748.00"), "BUY 100 AAPL @ 232.52", T),
    PositionChanged("U1", "AAPL", Decimal(100), Decimal("232.53"), Decimal("0")),
    OrderPlaced(1, "U1", "AAPL", Action.BUY, Decimal(100), OrderType.LMT, Decimal("232.50"), None,
                TimeInForce.DAY, False, "", T),
    OrderModified(1, Decimal(200), Decimal("233.00"), None, TimeInForce.GTC, T),
    OrderStatusChanged(1, OrderStatus.PRE_SUBMITTED, Decimal(0), Decimal(200), Decimal(0),
                       "Held until the market opens", T),
    ExecutionReported("00000001.00000001.01.01", 1, "U1", "AAPL", Action.BUY, Decimal(100), Decimal("232.52"), T,
                      Decimal("1.00"), "USD", Decimal("0")),
    PriceSet("MSFT", Decimal("305.00"), T),
    ExecutionReported("00000002.00000002.01.01", 2, "F1", "ESZ6", Action.BUY, Decimal(3), Decimal("5900.25"), T,
                      Decimal("2.55"), "USD", Decimal("0"), (("A", Decimal(1)), ("C", Decimal(2))), ("C", "A"),
                      (("C", Decimal(2), Decimal("5890.3350"), Decimal("5890.25")),)),
    ExecutionBusted("00000002.00000002.01.01", 2, "ESZ6", Action.BUY, Decimal(3), Decimal("5900.25"),
                    (("A", Decimal(1)), ("C", Decimal(2))), T),
    GroupDefined("F1", "XYZ commodities", "ContractsOrShares", (("A", Decimal(25)), ("B", Decimal(15)))),
    AllocationPresetsChanged("F1", True, "NetLiq", True, "C", True),
    ModelDefined("F1", "Tech"),
    ExecutionCorrected("00000002.00000002.01.01", 2, Decimal("5900.25"), Decimal("5900.50"), T),
    ModelInvestmentChanged("C1", "F1", "Tech", Decimal("20000.50")),
    AllocationPlanned(2, "XYZ commodities", "ContractsOrShares",
                      (AllocationRow("A", Decimal(-5), Decimal(25), Decimal(20), "Reduced from 25: not enough cash"),)),
    AllocationFinalized(2, (("A", Decimal(3)), ("B", Decimal(2))), (("A", Decimal(-1)), ("B", Decimal(1))), ("B",),
                        Decimal("5900.125"), T),
    ContractExpired("ESZ6", Decimal("5950.25"), T),
    PositionSettled("U1", "AAPL  261218C00200000", Decimal(-2), "Assignment", Decimal("200"), T),
    ClockAdvanced(T, MarketState.AFTER_HOURS),
    MarketStateChanged(MarketState.PRE_MARKET, T),
    SessionOpened(date(2026, 3, 3)),
    QuotesUpdated(T, ("AAPL", "MSFT")),
    AccountValuesChanged(("U1", "U2"), T),
    CommandRejected("PlaceOrder", "INSUFFICIENT_CASH", "total_quantity", "the order costs about 1.00 USD", T),
    PartitionRequested("U1", "U1-P1", "F5100001", "Avery Stone", T, T.replace(hour=18, minute=0, second=0,
                                                                              microsecond=0),
                       ("CASH", "STK:US"), ("OPT:US",)),
    PartitionOpened("U1", "U1-P1", "F5100001", T),
    CashTransferred("U1", "U1-P1", "EUR", Decimal("2500.50"), T),
    PositionTransferred("U1-P1", "U1", "SAP", Decimal(-10), Decimal("229.80"), T),
    FundsDeposited("U1", "USD", Decimal("10000.00"), date(2026, 3, 5), T),
    FundsWithdrawn("U1", "USD", Decimal("99.99"), T),
    AdvisorFeeCharged("U1-P1", "F5100001", "assets", "1.25% of assets a year, March 2026", "USD", Decimal("104.17"),
                      T),
]


@pytest.mark.parametrize("obj", COMMANDS + EVENTS, ids=lambda obj: type(obj).__name__)
def test_round_trip_is_exact(obj: object) -> None:
    # Act
    text = codec.dumps(obj)
    back = codec.loads(text)

    # Assert: equal, and the text is stable (Decimal exponents and UTC offsets kept)
    assert back == obj
    assert type(back) is type(obj)
    assert codec.dumps(back) == text


def test_encoding_is_tagged_and_uses_plain_json_values() -> None:
    # Arrange
    order = PlaceOrder("U1", "AAPL", Action.BUY, Decimal("100"), OrderType.LMT, lmt_price=Decimal("232.50"))

    # Act
    data = codec.encode(order)

    # Assert
    assert data["type"] == "PlaceOrder"
    assert data["total_quantity"] == "100"
    assert data["lmt_price"] == "232.50"
    assert data["aux_price"] is None
    assert data["order_type"] == "LMT"
    assert data["tif"] == "DAY"


def test_dumps_is_compact_with_sorted_keys() -> None:
    # Arrange
    event = PriceSet("MSFT", Decimal("305.00"), T)

    # Act
    text = codec.dumps(event)

    # Assert
    assert text == '{"price":"305.00","symbol":"MSFT","time":"2026-03-02T10:15:30.250000-05:00","type":"PriceSet"}'
    assert text == json.dumps(json.loads(text), sort_keys=True, separators=(",", ":"))


def test_dumps_all_and_loads_all_keep_order() -> None:
    # Act
    back = codec.loads_all(codec.dumps_all(EVENTS))

    # Assert
    assert back == EVENTS


def test_unknown_type_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="'TransferShares' is not a known command or event type"):
        codec.decode({"type": "TransferShares", "account": "U1"})


def test_untagged_data_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="None is not a known command or event type"):
        codec.decode({"order_id": 1})


def test_encoding_an_unregistered_object_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="Decimal is not a registered"):
        codec.encode(Decimal(1))


def test_unknown_field_is_refused() -> None:
    with pytest.raises(ValueError, match=r"CancelOrder: unknown field\(s\) reason"):
        codec.decode({"type": "CancelOrder", "order_id": 1, "reason": "x"})


def test_missing_required_field_is_refused() -> None:
    with pytest.raises(ValueError, match=r"SetPrice: missing field\(s\) price"):
        codec.decode({"type": "SetPrice", "symbol": "AAPL"})


def test_missing_field_with_a_default_takes_the_default() -> None:
    # Arrange: an entry journaled before PlaceOrder grew its optional fields
    data = {"type": "PlaceOrder", "account": "U1", "symbol": "AAPL", "action": "BUY", "total_quantity": "100"}

    # Act
    order = codec.decode(data)

    # Assert
    assert order == PlaceOrder("U1", "AAPL", Action.BUY, Decimal(100))


@pytest.mark.parametrize(("field", "value"), [
    ("total_quantity", 100),          # a number where an exact decimal string belongs
    ("total_quantity", "a hundred"),
    ("action", "HOLD"),
    ("outside_rth", "yes"),
])
def test_wrong_value_names_the_field(field: str, value: object) -> None:
    # Arrange
    data = codec.encode(PlaceOrder("U1", "AAPL", Action.BUY, Decimal(100)))
    data[field] = value

    # Act / Assert
    with pytest.raises(ValueError, match=f"PlaceOrder.{field}"):
        codec.decode(data)


def test_a_float_is_never_journaled() -> None:
    # Arrange: commands refuse floats when built; one forced in afterwards must still not be stored
    order = PlaceOrder("U1", "AAPL", Action.BUY, Decimal(1))
    object.__setattr__(order, "total_quantity", 0.1)

    # Act / Assert
    with pytest.raises(TypeError, match="expected Decimal"):
        codec.encode(order)


def test_an_int_amount_is_journaled_as_the_decimal_it_equals() -> None:
    # Arrange
    price = SetPrice("AAPL", 232)  # type: ignore[arg-type]

    # Act
    back = codec.loads(codec.dumps(price))

    # Assert
    assert back.price == Decimal(232)
    assert type(back.price) is Decimal


finite_decimals = st.decimals(allow_nan=False, allow_infinity=False)
aware_datetimes = st.datetimes(timezones=st.sampled_from(
    [UTC, EASTERN, timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-9))]))


@given(quantity=finite_decimals, lmt=st.none() | finite_decimals, aux=st.none() | finite_decimals)
def test_decimals_round_trip_digit_for_digit(quantity: Decimal, lmt: Decimal | None, aux: Decimal | None) -> None:
    # Arrange
    order = PlaceOrder("U1", "AAPL", Action.SELL, quantity, OrderType.STP_LMT, lmt_price=lmt, aux_price=aux)

    # Act
    back = codec.loads(codec.dumps(order))

    # Assert: the same digits and exponent, not merely an equal value
    assert back == order
    for before, after in ((quantity, back.total_quantity), (lmt, back.lmt_price), (aux, back.aux_price)):
        assert str(after) == str(before)


@given(moment=aware_datetimes)
def test_datetimes_keep_their_instant_and_offset(moment: datetime) -> None:
    # Arrange
    command = AdvanceClock(moment)

    # Act
    back = codec.loads(codec.dumps(command))

    # Assert: compared as UTC instants, because PEP 495 makes an ambiguous local time (the repeated
    # hour when DST ends) unequal to every other zone's equal instant
    assert back.to.astimezone(UTC) == moment.astimezone(UTC)
    assert back.to.utcoffset() == moment.utcoffset()
