"""The Investors' Marketplace directory (issue 6): the shipped listings, search, filters, sorting,
errors in the specification, and the generator the shipped file comes from."""

from __future__ import annotations

import copy
import importlib.util
import statistics
from decimal import Decimal
from pathlib import Path

import pytest

from workstation.engine.core.fee_schedule import FeeKind
from workstation.engine.ledger.accounts import DEFAULT_PERMISSIONS, Permission
from workstation.engine.partitions.marketplace import (
    Marketplace,
    MarketplaceQuery,
    ProviderKind,
    build_marketplace,
)
from workstation.resources import marketplace_spec, resource_path

ROOT = Path(__file__).resolve().parents[3]
# Written out here rather than taken from the module, so the check is independent of it.
IB_CLASSES = {"Stocks": {"STK"}, "Options": {"OPT"}, "Futures": {"FUT", "FOP"}, "Forex": {"CASH"},
              "Mutual Funds": {"FUND"}}


def entry(listing_id: str = "F5100001", **changes) -> dict:
    """A valid listing as the JSON file spells it; ``changes`` replace its fields."""
    listing = {
        "listing_id": listing_id, "name": "Ada Quillfeather", "firm": "Larkspur Capital", "kind": "Advisor",
        "strategies": ["Growth"], "asset_classes": ["Stocks", "Options"], "minimum_investment": "25000",
        "fees": {"billing": "quarterly", "asset_percent": "1.00"}, "entitlements": ["STK:US", "OPT:US"],
        "track": {"one_year_return": "8.00", "three_year_return": "7.50", "max_drawdown": "-12.00",
                  "sharpe": "0.60", "assets_under_management": "50000000", "clients": 120, "since": 2004},
        "region": "North America", "languages": ["English"], "credentials": ["CFA"],
        "description": "Growth portfolios for physicians, built from stocks and options.",
    }
    listing.update(changes)
    return listing


def directory() -> Marketplace:
    """Four providers whose fields differ in ways each filter and sort can tell apart."""
    return build_marketplace({"listings": [
        entry("F5100001", name="Ada Quillfeather", firm="Larkspur Capital", minimum_investment="25000",
              strategies=["Growth", "ESG"], languages=["English", "German"], region="Europe",
              fees={"billing": "quarterly", "asset_percent": "1.00"},
              track={**entry()["track"], "one_year_return": "8.00", "three_year_return": "7.50",
                     "assets_under_management": "50000000"}),
        entry("F5100002", name="Bruno Halloran", firm="Tidewater Wealth Partners", minimum_investment="0",
              strategies=["Income"], asset_classes=["Stocks", "Mutual Funds"], entitlements=["STK:US", "FUND:US"],
              credentials=["CFP", "Series 65"], description="Income for retirees.",
              fees={"billing": "monthly", "flat_fee": "50"},
              track={**entry()["track"], "one_year_return": "4.10", "three_year_return": "5.20",
                     "assets_under_management": "12000000"}),
        entry("F5100003", name="Kestrel Futures Desk", firm="Kestrel Markets", kind="Broker",
              minimum_investment="100000", strategies=["Managed Futures"], asset_classes=["Futures", "Forex"],
              entitlements=["FUT:US", "FOP:US", "CASH"], region="Asia Pacific", languages=["English", "Japanese"],
              credentials=["Series 3"], description="Systematic trend following in futures.",
              fees={"billing": "quarterly", "asset_percent": "0.50", "performance_percent": "20"},
              track={**entry()["track"], "one_year_return": "15.30", "three_year_return": "9.90",
                     "max_drawdown": "-28.00", "assets_under_management": "900000000"}),
        entry("F5100004", name="Celeste Abernathy", firm="Larkspur Capital", minimum_investment="25000",
              strategies=["Income", "Dividend"], description="Dividend income with covered calls.",
              fees={"billing": "monthly", "asset_percent": "0.75"},
              track={**entry()["track"], "one_year_return": "-2.50", "three_year_return": "3.00",
                     "assets_under_management": "7000000"}),
    ]})


def names(found) -> list[str]:
    return [listing.name for listing in found]


# The shipped directory ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def shipped() -> Marketplace:
    return build_marketplace(marketplace_spec())


def test_the_shipped_directory_has_several_hundred_distinct_providers_of_both_kinds(shipped):
    ids = [listing.listing_id for listing in shipped.listings]
    advisors = sum(listing.kind is ProviderKind.ADVISOR for listing in shipped.listings)

    assert 300 <= len(shipped) <= 600
    assert len(set(ids)) == len(ids)
    assert all(shipped.get(listing_id).listing_id == listing_id for listing_id in ids)
    assert 0.6 <= advisors / len(shipped) <= 0.8  # roughly 70% advisors, the rest brokers
    assert resource_path("marketplace.json") == ROOT / "resources" / "marketplace.json"


def test_shipped_entitlements_are_exactly_what_the_asset_classes_need(shipped):
    for listing in shipped.listings:
        needed = set().union(*(IB_CLASSES[asset] for asset in listing.asset_classes))
        assert {Permission.parse(text).asset_class for text in listing.entitlements} == needed, listing.listing_id


def test_many_shipped_providers_lack_some_default_permission_and_some_have_them_all(shipped):
    lacking = [listing for listing in shipped.listings if DEFAULT_PERMISSIONS - listing.permissions]

    assert len(lacking) >= len(shipped) // 4
    assert len(lacking) < len(shipped)


def test_shipped_track_records_are_riskier_for_riskier_strategies(shipped):
    def drawdowns(strategy: str) -> list[Decimal]:
        return [listing.track.max_drawdown for listing in shipped.search(MarketplaceQuery(strategy=strategy))]

    assert statistics.median(drawdowns("Managed Futures")) < statistics.median(drawdowns("Fixed Income"))
    assert all(listing.track.max_drawdown <= min(listing.track.one_year_return, 0) for listing in shipped.listings)


def test_each_call_for_the_spec_gives_a_fresh_copy():
    spec = marketplace_spec()
    spec["listings"].clear()

    assert marketplace_spec()["listings"]


# Search ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("quillfeather", ["Ada Quillfeather"]),                        # name
    ("TIDEWATER", ["Bruno Halloran"]),                             # firm, any case
    ("esg", ["Ada Quillfeather"]),                                 # strategy
    ("mutual funds", ["Bruno Halloran"]),                          # asset class
    ("asia", ["Kestrel Futures Desk"]),                            # region
    ("japanese", ["Kestrel Futures Desk"]),                        # language
    ("series 65", ["Bruno Halloran"]),                             # credential
    ("covered calls", ["Celeste Abernathy"]),                      # description
    ("larkspur", ["Ada Quillfeather", "Celeste Abernathy"]),
    ("larkspur dividend", ["Celeste Abernathy"]),                  # every word must match
    ("larkspur japanese", []),
    ("  ", ["Ada Quillfeather", "Bruno Halloran", "Celeste Abernathy", "Kestrel Futures Desk"]),
])
def test_text_matches_every_word_anywhere_in_a_listing(text, expected):
    assert names(directory().search(MarketplaceQuery(text=text))) == expected


@pytest.mark.parametrize(("query", "expected"), [
    (MarketplaceQuery(kind=ProviderKind.BROKER), ["Kestrel Futures Desk"]),
    (MarketplaceQuery(kind=ProviderKind.ADVISOR), ["Ada Quillfeather", "Bruno Halloran", "Celeste Abernathy"]),
    (MarketplaceQuery(strategy="Income"), ["Bruno Halloran", "Celeste Abernathy"]),
    (MarketplaceQuery(asset_class="Futures"), ["Kestrel Futures Desk"]),
    (MarketplaceQuery(asset_class="Options"), ["Ada Quillfeather", "Celeste Abernathy"]),
    (MarketplaceQuery(region="Europe"), ["Ada Quillfeather"]),
    (MarketplaceQuery(language="German"), ["Ada Quillfeather"]),
    (MarketplaceQuery(max_minimum=Decimal(25_000)), ["Ada Quillfeather", "Bruno Halloran", "Celeste Abernathy"]),
    (MarketplaceQuery(max_minimum=Decimal(24_999)), ["Bruno Halloran"]),
    (MarketplaceQuery(fee_kind=FeeKind.PERFORMANCE), ["Kestrel Futures Desk"]),
    (MarketplaceQuery(fee_kind=FeeKind.FLAT), ["Bruno Halloran"]),
    (MarketplaceQuery(fee_kind=FeeKind.ASSETS), ["Ada Quillfeather", "Celeste Abernathy", "Kestrel Futures Desk"]),
    (MarketplaceQuery(text="larkspur", strategy="Growth", region="Europe"), ["Ada Quillfeather"]),
])
def test_each_filter_keeps_only_what_it_names(query, expected):
    assert names(directory().search(query)) == expected


@pytest.mark.parametrize(("sort_by", "ascending"), [
    ("name", ["Ada Quillfeather", "Bruno Halloran", "Celeste Abernathy", "Kestrel Futures Desk"]),
    # Ada and Celeste share a firm; ties stay in name order both ways.
    ("firm", ["Kestrel Futures Desk", "Ada Quillfeather", "Celeste Abernathy", "Bruno Halloran"]),
    ("minimum", ["Bruno Halloran", "Ada Quillfeather", "Celeste Abernathy", "Kestrel Futures Desk"]),
    ("one_year_return", ["Celeste Abernathy", "Bruno Halloran", "Ada Quillfeather", "Kestrel Futures Desk"]),
    ("three_year_return", ["Celeste Abernathy", "Bruno Halloran", "Ada Quillfeather", "Kestrel Futures Desk"]),
    ("assets", ["Celeste Abernathy", "Bruno Halloran", "Ada Quillfeather", "Kestrel Futures Desk"]),
    # Bruno charges no asset-based fee (0%), then 0.5%, 0.75%, 1%.
    ("fee", ["Bruno Halloran", "Kestrel Futures Desk", "Celeste Abernathy", "Ada Quillfeather"]),
])
def test_sorting_by_each_key_both_ways(sort_by, ascending):
    market = directory()
    up = names(market.search(MarketplaceQuery(sort_by=sort_by)))
    down = names(market.search(MarketplaceQuery(sort_by=sort_by, descending=True)))

    assert up == ascending
    if sort_by in ("firm", "minimum"):
        # The two Larkspur advisors tie on firm and on minimum; descending keeps them in name order.
        tied = ["Ada Quillfeather", "Celeste Abernathy"]
        assert [name for name in down if name in tied] == tied
    else:
        assert down == ascending[::-1]


def test_an_unknown_sort_key_names_the_field_and_the_choices():
    with pytest.raises(ValueError, match=r"sort_by: 'rating' is not one of name, firm, minimum, one_year_return, "
                                         r"three_year_return, assets, fee"):
        MarketplaceQuery(sort_by="rating")


def test_facets_are_the_sorted_distinct_values_for_the_filters():
    facets = directory().facets()

    assert facets.strategies == ("Dividend", "ESG", "Growth", "Income", "Managed Futures")
    assert facets.asset_classes == ("Forex", "Futures", "Mutual Funds", "Options", "Stocks")
    assert facets.regions == ("Asia Pacific", "Europe", "North America")
    assert facets.languages == ("English", "German", "Japanese")


def test_a_listing_reads_its_fees_and_permissions():
    market = directory()
    desk = market.get("F5100003")

    assert market.get("F9999999") is None
    assert desk.fee_summary == ("0.5% of assets a year, billed quarterly; "
                                "20% of gains above the high-water mark, billed quarterly")
    # A partition handed to the desk keeps futures and FX and loses stocks, options and funds.
    assert DEFAULT_PERMISSIONS - desk.permissions == {Permission("STK", "US"), Permission("OPT", "US"),
                                                      Permission("FUND", "US")}


def test_entitlements_are_normalised_to_permission_text():
    market = build_marketplace({"listings": [entry(entitlements=["stk:us", " opt:US"])]})

    assert market.get("F5100001").entitlements == ("STK:US", "OPT:US")


# Errors in the specification ------------------------------------------------------------------

def _broken(**changes) -> dict:
    """Two listings, the second with ``changes``."""
    return {"listings": [entry("F5100001"), {**entry("F5100002"), **changes}]}


def _track(**changes) -> dict:
    return {**entry()["track"], **changes}


@pytest.mark.parametrize(("spec", "message"), [
    (_broken(fees={"billing": "weekly"}), r"listings\[1\]\.fees\.billing: 'weekly' is not one of monthly, quarterly"),
    (_broken(fees={"asset_percent": "75"}), r"listings\[1\]\.fees\.asset_percent: 75 must be between 0 and 50"),
    (_broken(fees={"billing": "monthly", "hourly": "5"}), r"listings\[1\]\.fees\.hourly: is not a field"),
    (_broken(listing_id="F5100001"), r"listings\[1\]\.listing_id: 'F5100001' is already listed at listings\[0\]"),
    (_broken(listing_id="U1234567"), r"listings\[1\]\.listing_id: 'U1234567' is not F followed by 7 digits"),
    (_broken(kind="Planner"), r"listings\[1\]\.kind: 'Planner' is not one of Advisor, Broker"),
    (_broken(entitlements=["STK:US", "BOND:US"]), r"listings\[1\]\.entitlements\[1\]: 'BOND:US' names no tradable"),
    (_broken(entitlements=["STK:US"]), r"listings\[1\]\.entitlements: OPT missing for asset classes Stocks, Options"),
    (_broken(entitlements=["STK:US", "OPT:US", "FUT:US"]), r"listings\[1\]\.entitlements: FUT matches none"),
    (_broken(entitlements=["STK:US", "OPT:US", "stk:us"]), r"listings\[1\]\.entitlements\[2\]: 'stk:us' is listed"),
    (_broken(asset_classes=["Stocks", "Crypto"]), r"listings\[1\]\.asset_classes: 'Crypto' is not one of Stocks"),
    (_broken(region="Antarctica"), r"listings\[1\]\.region: 'Antarctica' is not one of North America"),
    (_broken(minimum_investment=2500.0), r"listings\[1\]\.minimum_investment: floats are not accepted"),
    (_broken(minimum_investment="-1"), r"listings\[1\]\.minimum_investment: -1 must not be negative"),
    (_broken(strategies="Growth"), r"listings\[1\]\.strategies: expected a list of text, got str"),
    (_broken(languages=["English", ""]), r"listings\[1\]\.languages\[1\]: must not be blank"),
    (_broken(name=" "), r"listings\[1\]\.name: must not be empty"),
    (_broken(rating=5), r"listings\[1\]\.rating: is not a field"),
    (_broken(track=_track(max_drawdown="3.5")), r"listings\[1\]\.track\.max_drawdown: 3\.5 must be negative or zero"),
    (_broken(track=_track(clients="many")), r"listings\[1\]\.track\.clients: expected a whole number, got 'many'"),
    (_broken(track=_track(sharpe="high")), r"listings\[1\]\.track\.sharpe: 'high' is not a number"),
    (_broken(track={"since": 2001}), r"listings\[1\]\.track\.assets_under_management: is required"),
    ({"listings": [entry(), "F5100002"]}, r"listings\[1\]: expected a mapping, got str"),
    ({"advisors": []}, r"listings: expected a list of listings"),
])
def test_a_bad_entry_is_refused_naming_the_field_and_the_reason(spec, message):
    with pytest.raises(ValueError, match=message):
        build_marketplace(spec)


def test_a_missing_field_is_named():
    spec = _broken()
    del spec["listings"][1]["firm"]

    with pytest.raises(ValueError, match=r"listings\[1\]\.firm: is required"):
        build_marketplace(spec)


def test_the_directory_refuses_the_same_id_twice_when_built_from_listings():
    listing = directory().get("F5100001")

    with pytest.raises(ValueError, match=r"listing_id: 'F5100001' is listed twice"):
        Marketplace([listing, copy.copy(listing)])


# The generator --------------------------------------------------------------------------------

def _generator():
    spec = importlib.util.spec_from_file_location("write_marketplace", ROOT / "scripts" / "write_marketplace.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_generator_is_deterministic_and_the_shipped_file_is_its_output():
    generator = _generator()
    first = generator.render(generator.generate_marketplace())
    second = generator.render(generator.generate_marketplace())

    assert first == second
    assert (ROOT / "resources" / "marketplace.json").read_text(encoding="utf-8") == first, \
        "resources/marketplace.json differs from the script: run scripts/write_marketplace.py"
