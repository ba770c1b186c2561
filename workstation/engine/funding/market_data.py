"""Market data subscriptions: ``SubscribeMarketData`` / ``UnsubscribeMarketData``, the monthly fees on the
clock, the commission waiver, and which quotes an account sees delayed (terms in ``market_data_terms``).

Subscriptions are kept per account (the account's holder's, as IB bills them to the holder's account): a user
of the account reads with the account's subscriptions (``LoginReads``), until per-user data is needed.

Fees (reference §4: "billed at the full month (not pro-rated)"): a paid bundle is charged its whole month's fee
when it is subscribed to (once a month: subscribing again in the same month charges nothing), then at the
pre-market step of each month's first business day for every bundle still held. IB charges in the following
month and waives the Snapshot bundle when "monthly commissions reach >= USD 30"; the mock charges at the
start and credits the waivable fees back as soon as that month's commissions reach the threshold, so the
statement shows the fee and its waiver as two lines. Commissions count from the executions (each account's
share of an advisor's), converted to USD; corrections and busts do not take a waiver back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Protocol

from workstation.engine.core.errors import Rejection
from workstation.engine.core.instruments import InstrumentCatalog
from workstation.engine.core.terms import MarketState
from workstation.engine.funding.book import FundingBook, MarketDataBook
from workstation.engine.funding.market_data_terms import (
    DELAYED,
    DELAYED_FROZEN,
    FROZEN,
    LIVE,
    MARKET_DATA_TERMS,
    Bundle,
    MarketDataMonth,
    MarketDataTerms,
    feed_of,
)
from workstation.engine.funding.records import FundingKind, FundingRecord
from workstation.engine.ledger import booking as ledger
from workstation.engine.ledger.book import LedgerState
from workstation.engine.market.calendar import EASTERN
from workstation.engine.market.quotes import Quote
from workstation.engine.messages.commands import SubscribeMarketData, UnsubscribeMarketData
from workstation.engine.messages.events import (
    Event,
    ExecutionReported,
    MarketDataFeeCharged,
    MarketDataFeeWaived,
    MarketDataSubscribed,
    MarketDataUnsubscribed,
    QuotesUpdated,
)
from workstation.engine.messages.handlers import Handlers

RateOf = Callable[[str, str], Decimal]


class MarketDataState(LedgerState, FundingBook, MarketDataBook, Protocol):
    """What subscriptions work over: the clock and the delayed series, the accounts, the subscriptions and
    the funding history the fees are recorded in."""


class MarketDataDesk:
    """The subscription commands, the monthly billing and the reads of subscriptions and delay."""

    def __init__(self, state: MarketDataState, catalog: InstrumentCatalog, rate: RateOf,
                 terms: MarketDataTerms = MARKET_DATA_TERMS) -> None:
        self._state = state
        self._catalog = catalog
        self._rate = rate
        self.terms = terms
        self._live_feeds = lru_cache(maxsize=64)(terms.live_feeds)
        self._counted: tuple[list[Event], int] | None = None
        """(the command's events, how many were counted) when the clock's billing counted some already"""

    def handlers(self) -> Handlers:
        return {SubscribeMarketData: (self._validate_subscribe, self._subscribe),
                UnsubscribeMarketData: (self._validate_unsubscribe, self._unsubscribe)}

    # -- commands ----------------------------------------------------------------------------------

    def _known(self, account_id: str, name: str) -> Bundle:
        if account_id not in self._state.accounts:
            raise Rejection("UNKNOWN_ACCOUNT", "account", f"account {account_id} does not exist")
        bundle = self.terms.by_name.get(name)
        if bundle is None:
            names = "; ".join(b.name for b in self.terms.bundles)
            raise Rejection("UNKNOWN_BUNDLE", "bundle", f"{name!r} is not a market data subscription: {names}")
        return bundle

    def _validate_subscribe(self, command: SubscribeMarketData) -> Bundle:
        bundle = self._known(command.account, command.bundle)
        if bundle.name in self.subscriptions(command.account):
            raise Rejection("ALREADY_SUBSCRIBED", "bundle", f"{command.account} already subscribes to {bundle.name}")
        return bundle

    def _validate_unsubscribe(self, command: UnsubscribeMarketData) -> Bundle:
        bundle = self._known(command.account, command.bundle)
        if bundle.name not in self.subscriptions(command.account):
            raise Rejection("NOT_SUBSCRIBED", "bundle", f"{command.account} does not subscribe to {bundle.name}")
        return bundle

    def _subscribe(self, command: SubscribeMarketData, bundle: Bundle, sink: list[Event]) -> None:
        state = self._state
        state.market_data[command.account] = self.subscriptions(command.account) | {bundle.name}
        sink.append(MarketDataSubscribed(command.account, bundle.name, state.now))
        if bundle.fee:
            self._charge(command.account, bundle, self._month_of(command.account), sink)
        self._keep_delayed(command.account, sink)

    def _unsubscribe(self, command: UnsubscribeMarketData, bundle: Bundle, sink: list[Event]) -> None:
        state = self._state
        state.market_data[command.account] = self.subscriptions(command.account) - {bundle.name}
        sink.append(MarketDataUnsubscribed(command.account, bundle.name, state.now))
        self._keep_delayed(command.account, sink)

    def _keep_delayed(self, account_id: str, sink: list[Event]) -> None:
        """Start the delayed series once an account has some feed delayed (``market.delayed``); every quote
        the account's logins see may have changed between live and delayed: say so, as a market move does."""
        if not self.covers_everything(account_id):
            self._state.delayed_quotes.start(self._state.market, self._state.now)
        sink.append(QuotesUpdated(self._state.now))

    # -- fees --------------------------------------------------------------------------------------

    def _month_of(self, account_id: str) -> MarketDataMonth:
        """The account's bill for the current month (a new one when the month changed)."""
        today = self._state.now.date()
        first = date(today.year, today.month, 1)
        month = self._state.market_data_months.get(account_id)
        if month is None or month.month != first:
            month = self._state.market_data_months[account_id] = MarketDataMonth(first)
        return month

    def _charge(self, account_id: str, bundle: Bundle, month: MarketDataMonth, sink: list[Event]) -> None:
        if bundle.name in month.charged:
            return  # a month is billed once per bundle, however often it is subscribed to
        state = self._state
        label = f"{month.month:%B %Y}"
        month.charged = month.charged | {bundle.name}
        description = f"Market data: {bundle.name}, {label}"
        ledger.book_cash(state.accounts[account_id], bundle.currency, -bundle.fee, description, state.now, sink)
        sink.append(MarketDataFeeCharged(account_id, bundle.name, bundle.currency, bundle.fee, label, state.now))
        state.funding.append(FundingRecord(state.now, FundingKind.MARKET_DATA_FEE, account_id, "", bundle.currency,
                                           bundle.fee, description))
        if bundle.waivable:
            month.waivable += bundle.fee
            self._waive_if_due(account_id, month, sink)

    def bill_month(self, sink: list[Event]) -> None:
        """At the pre-market step: the first business day of a month charges every paid bundle held."""
        state = self._state
        self.follow(sink)  # the last month's commissions so far, before its bill is replaced
        self._counted = (sink, len(sink))
        for account_id in sorted(state.market_data):
            paid = [self.terms.by_name[name] for name in sorted(state.market_data[account_id])
                    if name in self.terms.by_name and self.terms.by_name[name].fee]
            if not paid:
                continue
            month = self._month_of(account_id)
            for bundle in paid:
                self._charge(account_id, bundle, month, sink)

    def follow(self, sink: list[Event]) -> None:
        """Count the commissions of this command's executions toward each billed account's waiver, each in the
        month it was paid in (a clock advanced into a new month counts the old month's first, ``bill_month``)."""
        start = self._counted[1] if self._counted is not None and self._counted[0] is sink else 0
        self._counted = None
        months = self._state.market_data_months
        if not months:
            return
        for event in sink[start:]:
            if type(event) is not ExecutionReported:
                continue
            shares = event.allocation_commissions or ((event.account, event.commission),)
            paid_in = event.time.astimezone(EASTERN).date().replace(day=1)
            for account_id, commission in shares:
                month = months.get(account_id)
                if month is None or month.month != paid_in or not commission:
                    continue
                month.commissions += commission * self._rate(event.commission_currency, self.terms.waiver_currency)
                self._waive_if_due(account_id, month, sink)

    def _waive_if_due(self, account_id: str, month: MarketDataMonth, sink: list[Event]) -> None:
        due = month.waivable - month.waived
        if due <= 0 or month.commissions < self.terms.waiver_threshold:
            return
        state = self._state
        label = f"{month.month:%B %Y}"
        month.waived += due
        currency = self.terms.waiver_currency
        description = (f"Market data fee waived, {label}: commissions reached {self.terms.waiver_threshold:,.2f} "
                       f"{currency}")
        ledger.book_cash(state.accounts[account_id], currency, due, description, state.now, sink)
        sink.append(MarketDataFeeWaived(account_id, currency, due, label, state.now))
        state.funding.append(FundingRecord(state.now, FundingKind.MARKET_DATA_WAIVER, account_id, "", currency, due,
                                           description))

    # -- reads -------------------------------------------------------------------------------------

    def subscriptions(self, account_id: str) -> frozenset[str]:
        return self._state.market_data.get(account_id, self.terms.default)

    def covers_everything(self, account_id: str) -> bool:
        return "*" in self._live_feeds(self.subscriptions(account_id))

    def is_delayed(self, account_id: str, symbol: str) -> bool:
        """Whether ``account_id``'s holder sees ``symbol`` delayed (no subscription covers its feed)."""
        subscribed = self._state.market_data.get(account_id)
        if subscribed is None:
            return False  # the default, every feed live: the common case, one dict read
        feeds = self._live_feeds(subscribed)
        return "*" not in feeds and feed_of(self._catalog[symbol]) not in feeds

    def month(self, account_id: str) -> MarketDataMonth | None:
        month = self._state.market_data_months.get(account_id)
        return None if month is None else replace(month)

    def quote_for(self, account_id: str | None, symbol: str) -> Quote:
        """``symbol``'s quote as ``account_id``'s holder sees it: delayed 15 minutes without a subscription."""
        state = self._state
        if account_id is not None and state.delayed_quotes.keeping and self.is_delayed(account_id, symbol):
            return state.delayed_quotes.quote(state.market, symbol, state.now)
        return state.market.quote(symbol)

    def data_type(self, account_id: str | None, symbol: str) -> int:
        """IB's market data type of the quote ``account_id``'s holder sees: 1 live, 2 frozen (the market is
        closed: the last values stand, shown grey in TWS), 3 delayed, 4 delayed frozen."""
        delayed = account_id is not None and self.is_delayed(account_id, symbol)
        frozen = self._state.market_state is MarketState.CLOSED
        if delayed:
            return DELAYED_FROZEN if frozen else DELAYED
        return FROZEN if frozen else LIVE
