"""The Investors' Marketplace: IB's directory of advisors and brokers an account holder can hand a
partition to (issue 6), and its search.

The directory is built from the mapping in ``resources/marketplace.json``; reading the file is the
caller's job, so the engine does no I/O. A provider's ``entitlements`` are the trading permissions
it may use; a partition handed to it keeps only those of the account's permissions it shares.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import Any

from workstation.engine.core.errors import FieldValueError
from workstation.engine.core.fee_schedule import FeeKind, FeeSchedule
from workstation.engine.core.money import to_decimal
from workstation.engine.ledger.accounts import Permission


class ProviderKind(Enum):
    ADVISOR = "Advisor"
    BROKER = "Broker"


ASSET_CLASS_PERMISSIONS: Mapping[str, tuple[str, ...]] = {
    "Stocks": ("STK",),
    "Options": ("OPT",),
    "Futures": ("FUT", "FOP"),
    "Forex": ("CASH",),
    "Mutual Funds": ("FUND",),
}
"""The IB asset classes (``Permission.asset_class``) each marketplace asset class needs."""

REGIONS = ("North America", "Europe", "Asia Pacific", "Latin America", "Middle East & Africa")

SORT_KEYS = ("name", "firm", "minimum", "one_year_return", "three_year_return", "assets", "fee")

_LISTING_ID = re.compile(r"^F\d{7}$")


@dataclass(frozen=True, slots=True)
class TrackRecord:
    """Returns and drawdown in percent (``three_year_return`` annualised), assets in USD."""

    one_year_return: Decimal
    three_year_return: Decimal
    max_drawdown: Decimal
    sharpe: Decimal
    assets_under_management: Decimal
    clients: int
    since: int

    def __post_init__(self) -> None:
        if self.max_drawdown > 0:
            raise ValueError(f"track.max_drawdown: {self.max_drawdown} must be negative or zero")
        if self.assets_under_management < 0:
            raise ValueError(f"track.assets_under_management: {self.assets_under_management} must not be negative")
        if self.clients < 0:
            raise ValueError(f"track.clients: {self.clients} must not be negative")
        if self.since < 1900:
            raise ValueError(f"track.since: {self.since} is not a plausible year")


@dataclass(frozen=True, slots=True)
class Listing:
    """One advisor or broker in the directory. ``listing_id`` is its IB master account id;
    ``entitlements`` are permissions in ``Permission.parse`` form, matching ``asset_classes``."""

    listing_id: str
    name: str
    firm: str
    kind: ProviderKind
    strategies: tuple[str, ...]
    asset_classes: tuple[str, ...]
    minimum_investment: Decimal
    fees: FeeSchedule
    entitlements: tuple[str, ...]
    track: TrackRecord
    region: str
    languages: tuple[str, ...]
    credentials: tuple[str, ...] = ()
    description: str = ""
    search_text: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not _LISTING_ID.match(self.listing_id):
            raise ValueError(f"listing_id: {self.listing_id!r} is not F followed by 7 digits")
        for name in ("name", "firm"):
            if not getattr(self, name).strip():
                raise ValueError(f"{name}: must not be empty")
        if self.minimum_investment < 0:
            raise ValueError(f"minimum_investment: {self.minimum_investment} must not be negative")
        if self.region not in REGIONS:
            raise ValueError(f"region: {self.region!r} is not one of {', '.join(REGIONS)}")
        _check_entitlements(self.asset_classes, self.entitlements)
        words = (self.name, self.firm, *self.strategies, *self.asset_classes, self.region, *self.languages,
                 *self.credentials, self.description)
        object.__setattr__(self, "search_text", " ".join(words).casefold())

    @property
    def fee_summary(self) -> str:
        return "; ".join(self.fees.describe())

    @property
    def permissions(self) -> frozenset[Permission]:
        return frozenset(Permission.parse(text) for text in self.entitlements)


def _check_entitlements(asset_classes: tuple[str, ...], entitlements: tuple[str, ...]) -> None:
    """Each asset class offered needs all its IB asset classes entitled, and nothing else may be."""
    if not asset_classes:
        raise ValueError("asset_classes: must name at least one")
    for asset_class in asset_classes:
        if asset_class not in ASSET_CLASS_PERMISSIONS:
            raise ValueError(f"asset_classes: {asset_class!r} is not one of {', '.join(ASSET_CLASS_PERMISSIONS)}")
    needed = {ib for asset_class in asset_classes for ib in ASSET_CLASS_PERMISSIONS[asset_class]}
    entitled = {Permission.parse(text).asset_class for text in entitlements}
    if missing := sorted(needed - entitled):
        raise ValueError(f"entitlements: {', '.join(missing)} missing for asset classes {', '.join(asset_classes)}")
    if extra := sorted(entitled - needed):
        raise ValueError(f"entitlements: {', '.join(extra)} matches none of asset classes {', '.join(asset_classes)}")


_SORTS: Mapping[str, Callable[[Listing], Any]] = {
    "name": lambda listing: listing.name.casefold(),
    "firm": lambda listing: listing.firm.casefold(),
    "minimum": lambda listing: listing.minimum_investment,
    "one_year_return": lambda listing: listing.track.one_year_return,
    "three_year_return": lambda listing: listing.track.three_year_return,
    "assets": lambda listing: listing.track.assets_under_management,
    "fee": lambda listing: listing.fees.asset_percent,
}


@dataclass(frozen=True, slots=True)
class MarketplaceQuery:
    """A search of the directory. ``text`` matches when every word appears somewhere in a listing
    (any case); each filter left at None lets everything through."""

    text: str = ""
    kind: ProviderKind | None = None
    strategy: str | None = None
    asset_class: str | None = None
    region: str | None = None
    language: str | None = None
    max_minimum: Decimal | None = None
    fee_kind: FeeKind | None = None
    sort_by: str = "name"
    descending: bool = False

    def __post_init__(self) -> None:
        if self.sort_by not in SORT_KEYS:
            raise ValueError(f"sort_by: {self.sort_by!r} is not one of {', '.join(SORT_KEYS)}")
        if self.max_minimum is not None:
            object.__setattr__(self, "max_minimum", to_decimal(self.max_minimum, "max_minimum"))

    def matches(self, listing: Listing) -> bool:
        text = listing.search_text
        if not all(word in text for word in self.text.casefold().split()):
            return False
        if self.kind is not None and listing.kind is not self.kind:
            return False
        if self.strategy is not None and not _contains(listing.strategies, self.strategy):
            return False
        if self.asset_class is not None and not _contains(listing.asset_classes, self.asset_class):
            return False
        if self.region is not None and listing.region.casefold() != self.region.casefold():
            return False
        if self.language is not None and not _contains(listing.languages, self.language):
            return False
        if self.max_minimum is not None and listing.minimum_investment > self.max_minimum:
            return False
        return self.fee_kind is None or self.fee_kind in listing.fees.kinds


def _contains(values: tuple[str, ...], wanted: str) -> bool:
    wanted = wanted.casefold()
    return any(value.casefold() == wanted for value in values)


@dataclass(frozen=True, slots=True)
class MarketplaceFacets:
    """The distinct values each filter can take, sorted, for the filter combo boxes."""

    strategies: tuple[str, ...]
    asset_classes: tuple[str, ...]
    regions: tuple[str, ...]
    languages: tuple[str, ...]


class Marketplace:
    """The directory: listings by id, and a search over them."""

    def __init__(self, listings: Iterable[Listing]) -> None:
        self._by_id: dict[str, Listing] = {}
        for listing in listings:
            if listing.listing_id in self._by_id:
                raise ValueError(f"listing_id: {listing.listing_id!r} is listed twice")
            self._by_id[listing.listing_id] = listing
        self.listings: tuple[Listing, ...] = tuple(self._by_id.values())
        # Searches sort this stable by-name order by their key, so ties stay in name order.
        self._by_name = sorted(self.listings, key=lambda listing: (listing.name.casefold(), listing.listing_id))

    def __len__(self) -> int:
        return len(self.listings)

    def get(self, listing_id: str) -> Listing | None:
        return self._by_id.get(listing_id)

    def search(self, query: MarketplaceQuery | None = None) -> list[Listing]:
        if query is None:
            query = MarketplaceQuery()
        found = [listing for listing in self._by_name if query.matches(listing)]
        if query.sort_by != "name" or query.descending:
            found.sort(key=_SORTS[query.sort_by], reverse=query.descending)
        return found

    def facets(self) -> MarketplaceFacets:
        def distinct(values: Iterable[str]) -> tuple[str, ...]:
            return tuple(sorted(set(values), key=str.casefold))
        return MarketplaceFacets(
            strategies=distinct(s for listing in self.listings for s in listing.strategies),
            asset_classes=distinct(a for listing in self.listings for a in listing.asset_classes),
            regions=distinct(listing.region for listing in self.listings),
            languages=distinct(lang for listing in self.listings for lang in listing.languages),
        )


# Building from the JSON-shaped specification ------------------------------------------------

_LISTING_FIELDS = {"listing_id", "name", "firm", "kind", "strategies", "asset_classes", "minimum_investment",
                   "fees", "entitlements", "track", "region", "languages", "credentials", "description"}
_OPTIONAL_FIELDS = {"credentials", "description"}
_FEE_FIELDS = {"billing", "asset_percent", "performance_percent", "flat_fee", "currency"}
_TRACK_FIELDS = {"one_year_return", "three_year_return", "max_drawdown", "sharpe", "assets_under_management",
                 "clients", "since"}


def build_marketplace(spec: Mapping[str, Any]) -> Marketplace:
    """The directory from ``{"listings": [...]}``. Every error is a ValueError naming the field's
    path (``listings[12].fees.billing``) and what is wrong with it."""
    if not isinstance(spec, Mapping):
        raise ValueError(f"marketplace: expected a mapping with 'listings', got {type(spec).__name__}")
    entries = spec.get("listings")
    if not isinstance(entries, list):
        raise ValueError("listings: expected a list of listings")
    listings: list[Listing] = []
    first_index: dict[str, int] = {}
    for i, entry in enumerate(entries):
        if not isinstance(entry, Mapping):
            raise ValueError(f"listings[{i}]: expected a mapping, got {type(entry).__name__}")
        try:
            listing = _listing(entry)
        except (ValueError, TypeError) as error:
            raise ValueError(f"listings[{i}].{error}") from None
        if listing.listing_id in first_index:
            raise ValueError(f"listings[{i}].listing_id: {listing.listing_id!r} is already listed at "
                             f"listings[{first_index[listing.listing_id]}]")
        first_index[listing.listing_id] = i
        listings.append(listing)
    return Marketplace(listings)


def _listing(entry: Mapping[str, Any]) -> Listing:
    """One listing; errors name the field relative to the listing."""
    _check_fields(entry, _LISTING_FIELDS, _OPTIONAL_FIELDS, "")
    kind = entry["kind"]
    try:
        provider_kind = ProviderKind(kind)
    except ValueError:
        raise ValueError(f"kind: {kind!r} is not one of Advisor, Broker") from None
    entitlements = _texts(entry["entitlements"], "entitlements")
    normalised: list[str] = []
    for j, text in enumerate(entitlements):
        try:
            permission = str(Permission.parse(text))
        except FieldValueError as error:
            raise ValueError(f"entitlements[{j}]: {error.message}") from None
        if permission in normalised:
            raise ValueError(f"entitlements[{j}]: {text!r} is listed twice")
        normalised.append(permission)
    return Listing(
        listing_id=_text(entry["listing_id"], "listing_id"),
        name=_text(entry["name"], "name"),
        firm=_text(entry["firm"], "firm"),
        kind=provider_kind,
        strategies=_texts(entry["strategies"], "strategies"),
        asset_classes=_texts(entry["asset_classes"], "asset_classes"),
        minimum_investment=to_decimal(entry["minimum_investment"], "minimum_investment"),
        fees=_fees(entry["fees"]),
        entitlements=tuple(normalised),
        track=_track(entry["track"]),
        region=_text(entry["region"], "region"),
        languages=_texts(entry["languages"], "languages"),
        credentials=_texts(entry.get("credentials", []), "credentials"),
        description=_text(entry.get("description", ""), "description"),
    )


def _fees(entry: Any) -> FeeSchedule:
    _check_fields(entry, _FEE_FIELDS, _FEE_FIELDS, "fees.")
    values = {key: entry[key] for key in ("billing", "asset_percent", "performance_percent", "flat_fee")
              if key in entry}
    if "currency" in entry:
        values["currency"] = _text(entry["currency"], "fees.currency")
    return FeeSchedule(**values)  # its errors already name fees.<field>


def _track(entry: Any) -> TrackRecord:
    _check_fields(entry, _TRACK_FIELDS, set(), "track.")
    numbers = {key: to_decimal(entry[key], f"track.{key}") for key in
               ("one_year_return", "three_year_return", "max_drawdown", "sharpe", "assets_under_management")}
    return TrackRecord(**numbers, clients=_integer(entry["clients"], "track.clients"),
                       since=_integer(entry["since"], "track.since"))


def _check_fields(entry: Any, known: set[str], optional: set[str], where: str) -> None:
    if not isinstance(entry, Mapping):
        raise ValueError(f"{where.rstrip('.')}: expected a mapping, got {type(entry).__name__}")
    if unknown := sorted(set(entry) - known):
        raise ValueError(f"{where}{unknown[0]}: is not a field (expected one of {', '.join(sorted(known))})")
    if missing := sorted(known - optional - set(entry)):
        raise ValueError(f"{where}{missing[0]}: is required")


def _text(value: Any, field: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{field}: expected text, got {type(value).__name__}")
    return value


def _texts(value: Any, field: str) -> tuple[str, ...]:
    if not isinstance(value, list | tuple):
        raise ValueError(f"{field}: expected a list of text, got {type(value).__name__}")
    items = tuple(_text(item, f"{field}[{j}]") for j, item in enumerate(value))
    for j, item in enumerate(items):
        if not item.strip():
            raise ValueError(f"{field}[{j}]: must not be blank")
    return items


def _integer(value: Any, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{field}: expected a whole number, got {value!r}")
    return value
