"""Free riding in cash accounts: IB's end-of-day surveillance and the 90-day "Cash Up Front" restriction.

IB KB 3101 (https://ibkr.info/nl/node/3101): "In a cash account, an investor must pay for the purchase
of a security (meaning, the trade must settle) prior to selling that security. If an investor buys a
security and then sells that same security without paying for the security in full by settlement date,
the investor is considered to be 'free riding.'" and "IBKR's implementation of the free riding rule uses
an end of day check to see if a position was closed prior to its trade settlement date. This IBKR end of
day surveillance would still consider closing a position before settlement a Free Riding violation and
automatically puts the account into 'Cash Up Front' restriction for the next 90 days."

The decisions (issue-17 research note): only a purchase that settled cash did not pay in full is flagged,
not a round trip paid from settled cash (D3.1, as both KB examples and Reg T 12 CFR 220.8 read); the
restriction lasts 90 calendar days from the violation day and lifts at the first pre-market after them,
with no early lift, while cash deposited before the check pays what was owed and prevents the flag
(D3.2; Ally's disclosure, https://ally.com/invest/disclosures/freeriding.html). Under the strict credit
check (``cash_account``, D2.2) a purchase goes unpaid only when it fills above what was reserved for it.
IB does not publish the check's hour: the engine runs it when the trading day's extended hours end.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from workstation.engine.core.money import ZERO
from workstation.engine.messages.events import AccountRestricted, Event
from workstation.engine.risk.book import RiskState

CASH_UP_FRONT = "Cash Up Front"
RESTRICTION_DAYS = 90


def surveil(state: RiskState, today: date, now: datetime, sink: list[Event]) -> None:
    """The end-of-day check: restrict every cash account that sold a position it had not paid for."""
    for account in state.accounts.values():
        if not any(u.sold for u in account.unpaid):
            continue
        sold = [u for u in account.unpaid if u.sold]
        account.unpaid = tuple(u for u in account.unpaid if not u.sold)
        owed = ZERO
        for currency in dict.fromkeys(u.currency for u in sold):
            unpaid = sum((u.unpaid for u in sold if u.currency == currency), ZERO)
            owed += min(unpaid, max(-account.settled_cash_in(currency), ZERO))  # a deposit since paid it
        if owed <= 0:
            continue
        until = today + timedelta(days=RESTRICTION_DAYS)
        state.cash_up_front[account.account_id] = until
        sink.append(AccountRestricted(account.account_id, CASH_UP_FRONT, until,
                                      tuple(dict.fromkeys(u.symbol for u in sold)), owed, now))


def lift_expired(state: RiskState, today: date) -> None:
    """Lift the restrictions whose 90 days ended before ``today`` (at the pre-market step)."""
    for account_id, until in list(state.cash_up_front.items()):
        if until < today:
            del state.cash_up_front[account_id]


def restriction_of(state: RiskState, account_id: str) -> str | None:
    """The account's trading restriction as the Account Window shows it, or None."""
    until = state.cash_up_front.get(account_id)
    if until is None:
        return None
    return f"{CASH_UP_FRONT} until {until:%d %b %Y} (free riding): purchases with settled cash only"

