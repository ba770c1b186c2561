"""Market data subscriptions' terms: the bundles, the exchanges each covers, their monthly fees and the waiver.

From the reference (account-management.md §4): "US Securities Snapshot and Futures Value Bundle: USD 10/month
(non-pro), waived when monthly commissions reach >= USD 30"; the "US Equity and Options Add-On Streaming
Bundle is USD 4.50 with no waiver and is needed to stream stocks"; "OPRA Top of Book is about USD 1.50
(non-pro)"; subscriptions are billed "at the full month (not pro-rated)". The prices are third-party notes
(§8 gap 10); they are terms here, to be replaced by a ``MarketDataTerms`` of one's own.

Where IB is silent, the mock chooses (README "Market data subscriptions"):

- what each bundle covers is by quote feed: an instrument's exchange, or ``OPRA`` for every US option (IB's
  options feed, whatever the listing exchange). The Snapshot and Futures Value Bundle streams the US futures
  exchanges and CBOE's indices; US stocks stream with the Add-On (snapshots are not modelled, so without it
  they are delayed); the Add-On covers OPRA too, as its name says;
- ``FREE_FEEDS`` (IDEALPRO forex, FUNDSERV funds) are live for everyone, as IB's forex quotes are free;
- ``Demo Market Data`` (every feed, no fee) is what an account holds until its holder changes its
  subscriptions: the demo and the scenarios show live quotes as they always have. Unsubscribing from it
  leaves the account with free delayed data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from workstation.engine.core.instruments import Instrument, SecType

EVERY_FEED = "*"
OPRA = "OPRA"
DEMO_BUNDLE = "Demo Market Data"
SNAPSHOT_BUNDLE = "US Securities Snapshot and Futures Value Bundle"
STREAMING_ADD_ON = "US Equity and Options Add-On Streaming Bundle"
OPRA_TOP = "OPRA Top of Book (L1)"
LIVE, FROZEN, DELAYED, DELAYED_FROZEN = 1, 2, 3, 4
"""IB's market data types (reqMarketDataType, the marketDataType callback): the kind of quote a login sees."""


@dataclass(frozen=True, slots=True)
class Bundle:
    """A market data subscription: the feeds it makes live, its monthly fee, whether the commission waiver
    applies to it."""

    name: str
    feeds: frozenset[str]
    fee: Decimal
    currency: str = "USD"
    waivable: bool = False

    def covers(self, feed: str) -> bool:
        return EVERY_FEED in self.feeds or feed in self.feeds


@dataclass(frozen=True, slots=True)
class MarketDataTerms:
    """The bundles on offer, the default subscriptions, the free feeds and the waiver's threshold."""

    bundles: tuple[Bundle, ...]
    default: frozenset[str] = frozenset({DEMO_BUNDLE})
    free_feeds: frozenset[str] = frozenset({"IDEALPRO", "FUNDSERV"})
    waiver_threshold: Decimal = Decimal(30)
    """The month's commissions, in ``waiver_currency``, at which the waivable bundles' fees are waived."""
    waiver_currency: str = "USD"
    by_name: dict[str, Bundle] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {b.name: b for b in self.bundles})

    def live_feeds(self, bundles: frozenset[str]) -> frozenset[str]:
        """Every feed the bundles make live (``EVERY_FEED`` among them: every feed)."""
        feeds = set(self.free_feeds)
        for name in bundles:
            bundle = self.by_name.get(name)
            if bundle is not None:
                feeds |= bundle.feeds
        return frozenset(feeds)


MARKET_DATA_TERMS = MarketDataTerms(bundles=(
    Bundle(DEMO_BUNDLE, frozenset({EVERY_FEED}), Decimal(0)),
    Bundle(SNAPSHOT_BUNDLE, frozenset({"CME", "CBOT", "NYMEX", "COMEX", "CFE", "CBOE"}), Decimal("10.00"),
           waivable=True),
    Bundle(STREAMING_ADD_ON, frozenset({"NYSE", "NASDAQ", "ARCA", OPRA}), Decimal("4.50")),
    Bundle(OPRA_TOP, frozenset({OPRA}), Decimal("1.50")),
))


def feed_of(instrument: Instrument) -> str:
    """The quote feed a subscription must cover for ``instrument`` to be live."""
    if instrument.sec_type is SecType.OPT and instrument.country == "US":
        return OPRA
    return instrument.exchange


@dataclass(slots=True)
class MarketDataMonth:
    """An account's market data bill for the month starting ``month``: the bundles charged (each once a
    month), the waivable fees charged, the commissions counted toward the waiver, and whether it was waived."""

    month: date
    charged: frozenset[str] = frozenset()
    waivable: Decimal = Decimal(0)
    commissions: Decimal = Decimal(0)
    waived: Decimal = Decimal(0)
