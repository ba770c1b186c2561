"""Paper trading accounts: opening one with its starting money, and the Paper Trading Account Reset.

IB (account-management reference §1.6): a paper account's id starts with DU; it starts with USD 1,000,000; "Paper
Trading Account Reset" resets cash equity only, and positions must be traded out first; a request received by 16:00 ET
is processed by the next business day; the amount is picked from a drop-down. Our choices where IB is silent: the
drop-down's amounts (``PaperTerms``, with the starting money); the reset also waits for no working orders (an order
filling after it would bring a position back); it takes effect at the pre-market step of the business day after the
one that processes it (``partitions.timing.day_after_processing``, the cut-off rule partition requests and the
downgrade to Reg T follow); it sets USD cash to the amount and every other currency to zero, booked as "Paper Account
Reset" ledger entries, which are neither deposits nor withdrawals: no funding record, so statements do not count them
as funding, and the previous-day equity and SMA are restated as after a deposit, so the reset is no day's profit. If
positions or working orders are there again when the reset is due, it is cancelled, naming them.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from workstation.engine.allocation.book import AllocationState
from workstation.engine.core.terms import AccountType
from workstation.engine.ledger.accounts import Account
from workstation.engine.ledger.opening import paper_account_id
from workstation.engine.messages.commands import OpenAccount

PAPER_RESET = "Paper Account Reset"
"""The reason of a reset's ledger entries (``CashBooked.reason``): how the reset shows in the account's ledger."""
PAPER_CURRENCY = "USD"


@dataclass(frozen=True, slots=True)
class PaperTerms:
    """``starting_usd``: a new paper account's cash (IB: USD 1,000,000); ``reset_amounts``: the Paper Trading
    Account Reset drop-down (IB does not publish its values; ours)."""

    starting_usd: Decimal = Decimal(1_000_000)
    reset_amounts: tuple[Decimal, ...] = (Decimal(100_000), Decimal(250_000), Decimal(500_000), Decimal(1_000_000),
                                          Decimal(2_000_000), Decimal(5_000_000))


DEFAULT_PAPER_TERMS = PaperTerms()


@dataclass(frozen=True, slots=True)
class PaperReset:
    """An accepted reset of ``account_id`` to ``amount`` USD for the pre-market step of ``effective``, kept as the
    account's record of it: ``outcome`` "" while it waits, then ``MADE`` (``changes``: the cash it moved in each
    currency) or ``CANCELLED`` (``reason``: what was in the way), at ``done``."""

    account_id: str
    amount: Decimal
    effective: date
    requested: datetime
    outcome: str = ""
    changes: tuple[tuple[str, Decimal], ...] = ()
    reason: str = ""
    done: datetime | None = None


MADE = "made"
CANCELLED = "cancelled"


def open_paper_account(live: Account | None, account_id: str | None = None, holder_name: str = "",
                       terms: PaperTerms = DEFAULT_PAPER_TERMS, taken: Collection[str] = ()) -> OpenAccount:
    """The command opening a paper account with the terms' starting cash: paired with ``live`` (its id from the live
    account's, ``paper_account_id``, avoiding the ``taken`` ids; its type and base currency the live account's, as
    IB's paper account uses the live account's configuration) or, without one, ``account_id`` as a margin account in
    USD. The command carries the amount, so a journal replays the same under any terms."""
    if live is None:
        if account_id is None:
            raise ValueError("a paper account needs its live account or an id")
        return OpenAccount(account_id, AccountType.MARGIN, cash=((PAPER_CURRENCY, terms.starting_usd),), paper=True,
                           holder_name=holder_name)
    return OpenAccount(account_id or paper_account_id(live.account_id, taken), live.account_type, live.base_currency,
                       cash=((PAPER_CURRENCY, terms.starting_usd),), permissions=tuple(sorted(map(str,
                       live.permissions))), paper=True, paper_of=live.account_id,
                       holder_name=holder_name or live.holder_name)


def paper_of(accounts: dict[str, Account], live_account_id: str) -> str | None:
    """The paper account paired with a live account (None: it has none)."""
    return next((a.account_id for a in accounts.values() if a.paper_of == live_account_id), None)


def working_orders_of(state: AllocationState, account_id: str) -> list[int]:
    """The ids of the working orders that trade for the account (its own, or an advisor's allocated to it)."""
    found = []
    for order in state.working.values():
        plan = order.allocation
        if order.account == account_id or (plan is not None and any(r.account == account_id for r in plan.rows)):
            found.append(order.order_id)
    return found


def held_positions(account: Account) -> list[str]:
    """The account's open positions as "SYMBOL quantity"."""
    return [f"{symbol} {position.quantity:,f}" for symbol, position in sorted(account.positions.items())
            if position.quantity != 0]
