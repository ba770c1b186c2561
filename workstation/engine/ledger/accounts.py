"""Account ledgers: cash per currency, positions with average cost and P&L, permissions, hierarchy.

IB keeps one cash balance per currency and never converts between them on its own: buying a EUR
stock debits EUR cash, which may go negative (a EUR loan) while USD cash sits untouched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum

from workstation.engine.core.errors import FieldValueError
from workstation.engine.core.instruments import Instrument, SecType
from workstation.engine.core.money import ZERO
from workstation.engine.core.terms import AccountType


@dataclass(frozen=True, slots=True)
class Permission:
    """A trading permission: an asset class (IB secType) in a country; ``*`` is any country."""

    asset_class: str
    country: str = "*"

    @classmethod
    def parse(cls, text: str) -> Permission:
        """``"STK:US"``, ``"OPT"`` (any country) or ``"CASH"`` (FX, which has no country)."""
        asset_class, _, country = text.strip().upper().partition(":")
        if asset_class not in {t.value for t in SecType} - {"IND"}:
            raise FieldValueError("permissions", f"{text!r} names no tradable asset class "
                                                 "(STK, OPT, FUT, FOP, FUND, CASH)")
        return cls(asset_class, country or "*")

    def allows(self, instrument: Instrument) -> bool:
        if self.asset_class != instrument.permission_class:
            return False
        return self.country in ("*", instrument.country) or instrument.sec_type is SecType.CASH

    def __str__(self) -> str:
        return self.asset_class if self.country == "*" else f"{self.asset_class}:{self.country}"


class Restriction(Enum):
    """Reasons IB excludes an account from an allocation (Allocation of Partial Fills, factor 7)."""

    REJECT_IF_OPENING = "RejectIfOpening"       # may close positions, never open them
    EMPLOYEE = "EmployeeRestriction"
    BROKER = "BrokerRestriction"
    PROP_ACCOUNT = "PropAccountRestriction"
    DYNAMIC_SIZE = "DynamicSizeViolation"
    MONEY_MARKET = "MoneyMarketRules"           # applies to mutual-fund orders


NOT_PERMITTED_TEXT = "The security is not available or allowed for this account."
"""IB's refusal of a contract the account has no trading permission for (TWS API error 203)."""


DEFAULT_PERMISSIONS = frozenset(
    Permission.parse(p) for p in ("STK:US", "OPT:US", "FUT:US", "FOP:US", "FUND:US", "CASH"))


@dataclass(slots=True)
class Position:
    """A signed holding. Per unit (per share or per point): ``avg_cost`` includes commissions, as
    TWS shows it; ``avg_price`` is the plain average trade price, which futures settle against."""

    symbol: str
    quantity: Decimal = ZERO
    avg_cost: Decimal = ZERO
    avg_price: Decimal = ZERO
    realized_pnl: Decimal = ZERO


@dataclass(frozen=True, slots=True)
class UnsettledCash:
    """Cash booked at trade time that has not settled yet: a sale's proceeds, or the currency an FX
    trade bought, in ``currency``; it joins SettledCash at the pre-market step of ``settles``."""

    symbol: str
    currency: str
    amount: Decimal
    settles: date


@dataclass(frozen=True, slots=True)
class UnpaidPurchase:
    """A cash account's purchase of ``quantity`` units that settled cash did not cover in full when it
    filled (``unpaid`` of its cost, in ``currency``); ``sold`` once a sale before ``settles`` leaves fewer
    units held than its unpaid purchases bought, the free riding IB's end-of-day surveillance looks for
    (IB KB 3101: "a position was closed prior to its trade settlement date")."""

    symbol: str
    currency: str
    unpaid: Decimal
    settles: date
    sold: bool = False
    quantity: Decimal = ZERO


@dataclass(slots=True)
class Account:
    """One IB account. ``advisor`` names the master that manages it, ``parent`` the account it
    was partitioned from, ``holder`` the account whose login holds it too (one customer, several
    accounts; None: the account is its own holder), ``holder_name`` the customer's name; ``paper`` flags a
    paper trading account, ``paper_of`` the live account it is paired with."""

    account_id: str
    account_type: AccountType
    base_currency: str
    permissions: frozenset[Permission] = DEFAULT_PERMISSIONS
    advisor: str | None = None
    parent: str | None = None
    holder: str | None = None
    cash: dict[str, Decimal] = field(default_factory=dict)
    positions: dict[str, Position] = field(default_factory=dict)
    restrictions: frozenset[Restriction] = frozenset()
    revision: int = 0  # counts the ledger's changes to cash and positions, so caches know when to look again
    # Replaced, never mutated, so a trial copy (``dataclasses.replace``) shares them safely.
    unsettled: tuple[UnsettledCash, ...] = ()
    unpaid: tuple[UnpaidPurchase, ...] = ()
    holder_name: str = ""  # signs account changes' risk disclosures; "" on accounts opened before it was kept
    paper: bool = False  # a paper trading account: simulated money (a DU id), resettable
    paper_of: str | None = None  # the live account a paper account is paired with

    @property
    def is_advisor(self) -> bool:
        return self.account_type is AccountType.ADVISOR

    @property
    def is_margined(self) -> bool:
        """A Reg T margin or portfolio-margin account: one that borrows, keeps an SMA and counts day trades."""
        return self.account_type in (AccountType.MARGIN, AccountType.PORTFOLIO)

    def may_trade(self, instrument: Instrument) -> bool:
        return any(p.allows(instrument) for p in self.permissions)

    def cash_in(self, currency: str) -> Decimal:
        return self.cash.get(currency, ZERO)

    def unsettled_in(self, currency: str) -> Decimal:
        """Cash of ``currency`` booked at trade time but not yet settled."""
        return sum((u.amount for u in self.unsettled if u.currency == currency), ZERO)

    def settled_cash_in(self, currency: str) -> Decimal:
        """IB's SettledCash in one currency: the cash balance less what has not settled."""
        return self.cash_in(currency) - self.unsettled_in(currency) if self.unsettled else self.cash_in(currency)

    def position_quantity(self, symbol: str) -> Decimal:
        position = self.positions.get(symbol)
        return position.quantity if position else ZERO


@dataclass(frozen=True, slots=True)
class FillEffect:
    """What one execution did to a position. ``realized`` is net of both commissions (IB's
    realized P&L); ``price_pnl`` is the closed part's gain at trade prices only; ``closed`` units
    reduced an existing position whose basis per unit was ``closed_cost`` (with commissions) and
    ``closed_price`` (trade prices only), which is what a bust needs to put them back exactly."""

    realized: Decimal
    price_pnl: Decimal
    closed: Decimal = ZERO
    closed_cost: Decimal = ZERO
    closed_price: Decimal = ZERO


def apply_fill(position: Position, signed_qty: Decimal, price: Decimal, commission: Decimal,
               multiplier: Decimal) -> FillEffect:
    """Book an execution into a position, IB style: average cost includes commission; closing
    realizes (price - avg_cost) x quantity x multiplier less the closing commission.

    A fill that crosses through zero closes the old position and opens the rest at the fill price.
    """
    old_qty = position.quantity
    direction = 1 if signed_qty > 0 else -1
    if old_qty == 0 or (old_qty > 0) == (signed_qty > 0):
        # Opening: a long's cost rises by the commission, a short's proceeds fall by it.
        new_qty = old_qty + signed_qty
        units = abs(new_qty) * multiplier
        position.avg_cost = (position.avg_cost * abs(old_qty) * multiplier
                             + price * abs(signed_qty) * multiplier + direction * commission) / units
        position.avg_price = (position.avg_price * abs(old_qty) + price * abs(signed_qty)) / abs(new_qty)
        position.quantity = new_qty
        return FillEffect(ZERO, ZERO)
    closing = min(abs(signed_qty), abs(old_qty))
    opening = abs(signed_qty) - closing
    close_commission = commission * closing / abs(signed_qty)
    held = -direction  # the side being closed
    closed_cost, closed_price = position.avg_cost, position.avg_price
    realized = (price - position.avg_cost) * closing * multiplier * held - close_commission
    price_pnl = (price - position.avg_price) * closing * multiplier * held
    position.quantity = old_qty + signed_qty
    if position.quantity == 0:
        position.avg_cost = position.avg_price = ZERO
    elif opening:
        position.avg_cost = price + direction * (commission - close_commission) / (opening * multiplier)
        position.avg_price = price
    position.realized_pnl += realized
    return FillEffect(realized, price_pnl, closing, closed_cost, closed_price)
