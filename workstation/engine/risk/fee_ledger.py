"""Assessing, noticing and charging the exposure fee over the engine's days (see ``exposure``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from workstation.engine.core.account_tags import AccountTag
from workstation.engine.ledger import booking as ledger
from workstation.engine.ledger.accounts import Account
from workstation.engine.margin import MarginModel
from workstation.engine.market.calendar import ExchangeCalendar
from workstation.engine.messages.events import Event, ExposureFeeCharged, ExposureFeeNotice
from workstation.engine.risk.book import RiskState
from workstation.engine.risk.exposure import (
    CHARGE_REASON,
    NOTICE_DAYS,
    ExposureFee,
    calendar_days_until,
    daily_fee,
    stress_losses,
)

BalancesOf = Callable[[Account], dict[str, Decimal]]
RECENT_DAYS = 30  # "Check Exposure Fee Impact" is offered to accounts charged within this many days


@dataclass(frozen=True, slots=True)
class ExposureFeeView:
    """What the Account Window shows: the last fee charged and the next one estimated, by product
    class; ``recent`` is whether a fee was charged in the last 30 days."""

    last: dict[str, Decimal]
    last_day: date | None
    estimated_next: dict[str, Decimal]
    recent: bool


@dataclass(frozen=True, slots=True)
class ExposureFeeImpact:
    """"Check Exposure Fee Impact": the daily fee now, the change the order makes, and after."""

    current: dict[str, Decimal]
    change: dict[str, Decimal]
    post_trade: dict[str, Decimal]

    @property
    def product_classes(self) -> list[str]:
        return sorted(set(self.current) | set(self.change) | set(self.post_trade))

    def totals(self) -> tuple[Decimal, Decimal, Decimal]:
        """The fee over every product class: current, change and post-trade."""
        return (sum(self.current.values(), Decimal(0)), sum(self.change.values(), Decimal(0)),
                sum(self.post_trade.values(), Decimal(0)))


class ExposureFees:
    def __init__(self, margin: MarginModel, balances_of: BalancesOf, calendar: ExchangeCalendar) -> None:
        self._margin = margin
        self._balances_of = balances_of
        self._calendar = calendar

    def estimate(self, state: RiskState, account: Account) -> ExposureFee:
        """One day's fee on the account's positions now."""
        losses = stress_losses(self._margin.holdings(account, state.now))
        return daily_fee(losses, self._balances_of(account)[AccountTag.NET_LIQUIDATION])

    def assess_at_close(self, state: RiskState, sink: list[Event]) -> None:
        """At the close: each account's fee for today and the days until the next session, to be
        charged at that session's open; a first detection gets a notice and a week instead."""
        today = state.now.date()
        next_day = self._calendar.next_session(state.now).open.date()
        for account in state.accounts.values():
            if account.is_advisor or not account.positions:
                continue
            fee = self.estimate(state, account)
            if not fee.by_class:
                state.exposure_detected.pop(account.account_id, None)
                continue
            first = state.exposure_detected.setdefault(account.account_id, today)
            if first == today:
                sink.append(ExposureFeeNotice(account.account_id, fee.total, today + timedelta(days=NOTICE_DAYS),
                                              state.now))
            if (today - first).days < NOTICE_DAYS:
                continue
            pending = state.exposure_pending.setdefault(account.account_id, [])
            pending.extend((day, dict(fee.by_class)) for day in calendar_days_until(today, next_day))

    def charge_at_open(self, state: RiskState, sink: list[Event]) -> None:
        """The next trading day: every pending day's fee is debited, labelled by class and day."""
        for account_id, days in sorted(state.exposure_pending.items()):
            account = state.accounts[account_id]
            history = state.exposure_history.setdefault(account_id, [])
            for day, by_class in days:
                for product_class, amount in sorted(by_class.items()):
                    ledger.book_cash(account, account.base_currency, -amount,
                                     f"{CHARGE_REASON} ({product_class}) for {day.isoformat()}", state.now, sink)
                    history.append((day, product_class, amount))
                sink.append(ExposureFeeCharged(account_id, day, tuple(sorted(by_class.items())), state.now))
        state.exposure_pending.clear()

    def view(self, state: RiskState, account: Account) -> ExposureFeeView:
        history = state.exposure_history.get(account.account_id, [])
        last_day = history[-1][0] if history else None
        last = {c: a for d, c, a in history if d == last_day}
        recent = last_day is not None and (state.now.date() - last_day).days <= RECENT_DAYS
        return ExposureFeeView(last, last_day, self.estimate(state, account).by_class, recent)

    def impact(self, state: RiskState, account: Account, trial: Account) -> ExposureFeeImpact | str:
        """The order's effect on the daily fee, or why the check is not offered."""
        if not self.view(state, account).recent:
            return (f"account {account.account_id} was charged no exposure fee in the last {RECENT_DAYS} days, so "
                    "the order cannot change one")
        before = self.estimate(state, account).by_class
        after = self.estimate(state, trial).by_class
        classes = sorted(before.keys() | after.keys())
        zero = Decimal(0)
        return ExposureFeeImpact({c: before.get(c, zero) for c in classes},
                                 {c: after.get(c, zero) - before.get(c, zero) for c in classes},
                                 {c: after.get(c, zero) for c in classes})
