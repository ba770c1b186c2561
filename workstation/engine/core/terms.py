"""IB's vocabulary shared by every room: order sides, types, time in force and statuses, combo legs,
account types, the market's state in the day and the allocation methods."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from workstation.engine.core.errors import Rejection


class Action(Enum):
    BUY = "BUY"
    SELL = "SELL"

    @property
    def sign(self) -> int:
        return 1 if self is Action.BUY else -1


class OrderType(Enum):
    MKT = "MKT"
    LMT = "LMT"
    STP = "STP"
    STP_LMT = "STP LMT"

    @property
    def takes_limit(self) -> bool:
        """Whether an order of this type carries a limit price (``lmt_price``) and trades only at it or better."""
        return self in (OrderType.LMT, OrderType.STP_LMT)

    @property
    def takes_stop(self) -> bool:
        """Whether an order of this type carries a stop price (``aux_price``) and waits for it to trigger."""
        return self in (OrderType.STP, OrderType.STP_LMT)


class TimeInForce(Enum):
    DAY = "DAY"
    GTC = "GTC"
    IOC = "IOC"


class OrderStatus(Enum):
    """IB order statuses (``OrderState.status``)."""

    PENDING_SUBMIT = "PendingSubmit"
    PRE_SUBMITTED = "PreSubmitted"
    SUBMITTED = "Submitted"
    PENDING_CANCEL = "PendingCancel"
    FILLED = "Filled"
    CANCELLED = "Cancelled"
    INACTIVE = "Inactive"


@dataclass(frozen=True, slots=True)
class ComboLeg:
    """One leg of a combination (IB's ``ComboLeg``): the contract, its side when the combo is
    bought, and how many of it one unit of the combo holds."""

    symbol: str
    action: Action
    ratio: int

    def side(self, combo_action: Action) -> Action:
        """The leg's side in an order that ``combo_action``s the combo (selling reverses every leg)."""
        return self.action if combo_action is Action.BUY else (Action.SELL if self.action is Action.BUY else Action.BUY)


class AccountType(Enum):
    """How an account is margined, plus the advisor master that only allocates."""

    ADVISOR = "advisor"
    CASH = "cash"
    MARGIN = "margin"
    PORTFOLIO = "portfolio"


class MarketState(Enum):
    """What the status bar shows: where the clock stands in the trading day."""

    PRE_MARKET = "Pre-Market"
    OPEN = "Open"
    AFTER_HOURS = "After Hours"
    CLOSED = "Closed"


class AllocationMethod(Enum):
    EQUAL = "Equal"
    NET_LIQ = "NetLiq"
    AVAILABLE_EQUITY = "AvailableEquity"
    PCT_CHANGE = "PctChange"
    PERCENT = "Percent"
    RATIO = "Ratio"
    CONTRACTS_OR_SHARES = "ContractsOrShares"
    MONETARY_AMOUNT = "MonetaryAmount"
    MODEL = "Model"  # orders to a model portfolio: by each account's NLV invested in the model

    @property
    def needs_amounts(self) -> bool:
        """User-specified methods carry an amount per account; IB-computed ones do not."""
        return self in _USER_SPECIFIED

    @property
    def sets_order_size(self) -> bool:
        """Methods whose order size is the sum of the accounts' quantities, not the ticket's."""
        return self in (AllocationMethod.CONTRACTS_OR_SHARES, AllocationMethod.MONETARY_AMOUNT,
                        AllocationMethod.PCT_CHANGE)

    @classmethod
    def parse(cls, text: str, field: str = "fa_method") -> AllocationMethod:
        key = text.strip().replace(" ", "").lower()
        method = _ALIASES.get(key)
        if method is None or method is AllocationMethod.MODEL:
            raise Rejection("INVALID_ALLOCATION_METHOD",
                            field, f"{text!r} is not an allocation method; expected one of "
                            f"{', '.join(m.value for m in cls if m is not AllocationMethod.MODEL)}")
        return method


_USER_SPECIFIED = frozenset({AllocationMethod.PERCENT, AllocationMethod.RATIO, AllocationMethod.CONTRACTS_OR_SHARES,
                             AllocationMethod.MONETARY_AMOUNT, AllocationMethod.MODEL})
_ALIASES = {m.value.lower(): m for m in AllocationMethod} | {
    "equalquantity": AllocationMethod.EQUAL,
    "percentages": AllocationMethod.PERCENT,
    "financialratios": AllocationMethod.RATIO,
    "shares": AllocationMethod.CONTRACTS_OR_SHARES,
    "cashquantity": AllocationMethod.MONETARY_AMOUNT,
    "percentchange": AllocationMethod.PCT_CHANGE,
}
