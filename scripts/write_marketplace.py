"""Regenerate ``resources/marketplace.json``, the Investors' Marketplace directory (issue 6).

    python scripts/write_marketplace.py

About 400 fictional advisors and brokers, composed from word lists with a fixed seed, so the same
script always writes the same file (a test holds the shipped file to it). Names and firms are made
up; any likeness to a real firm is an accident of the word lists.
"""

from __future__ import annotations

import json
import math
import random
from pathlib import Path

SEED = 6
COUNT = 400
BROKER_SHARE = 0.3
OUTPUT = Path(__file__).resolve().parents[1] / "resources" / "marketplace.json"

# strategy -> (risk 1..5, the asset classes it trades, the ones it may add)
STRATEGIES = {
    "Fixed Income": (1, ("Mutual Funds",), ("Stocks",)),
    "Capital Preservation": (1, ("Mutual Funds", "Stocks"), ()),
    "Income": (2, ("Stocks",), ("Mutual Funds", "Options")),
    "Dividend": (2, ("Stocks",), ("Mutual Funds",)),
    "Balanced": (2, ("Stocks", "Mutual Funds"), ("Futures",)),
    "Tax-Managed": (2, ("Stocks",), ("Mutual Funds",)),
    "ESG": (3, ("Stocks",), ("Mutual Funds",)),
    "Value": (3, ("Stocks",), ("Options",)),
    "Options Income": (3, ("Stocks", "Options"), ()),
    "Tactical Allocation": (3, ("Stocks", "Mutual Funds"), ("Futures", "Forex")),
    "Growth": (4, ("Stocks",), ("Options",)),
    "Quantitative Equity": (4, ("Stocks",), ("Futures",)),
    "Currency": (4, ("Forex",), ("Futures",)),
    "Small Cap": (5, ("Stocks",), ()),
    "Momentum": (5, ("Stocks",), ("Futures", "Options")),
    "Emerging Markets": (5, ("Stocks",), ("Forex",)),
    "Global Macro": (5, ("Futures", "Forex"), ("Stocks", "Options")),
    "Managed Futures": (5, ("Futures",), ("Forex",)),
    "Volatility Trading": (5, ("Options",), ("Futures", "Stocks")),
}
BROKER_STRATEGIES = ("Options Income", "Momentum", "Global Macro", "Managed Futures", "Volatility Trading",
                     "Currency", "Growth", "Value", "Income", "Quantitative Equity", "Small Cap")
ASSET_ORDER = ("Stocks", "Options", "Futures", "Forex", "Mutual Funds")
PERMISSIONS = {"Stocks": ("STK:US",), "Options": ("OPT:US",), "Futures": ("FUT:US", "FOP:US"),
               "Forex": ("CASH",), "Mutual Funds": ("FUND:US",)}
# Listed stocks abroad a provider in the region may also trade.
REGION_STOCKS = {"Europe": ("STK:DE", "STK:GB", "STK:FR", "STK:CH", "STK:NL"),
                 "Asia Pacific": ("STK:JP", "STK:HK", "STK:AU", "STK:SG"),
                 "Latin America": ("STK:MX", "STK:BR"), "Middle East & Africa": ("STK:ZA", "STK:IL"),
                 "North America": ("STK:CA",)}
REGIONS = {"North America": 45, "Europe": 25, "Asia Pacific": 15, "Latin America": 8, "Middle East & Africa": 7}
LANGUAGES = {
    "North America": ("English", ("Spanish", "French", "Mandarin", "Korean")),
    "Europe": ("English", ("German", "French", "Italian", "Spanish", "Dutch", "Polish", "Swedish")),
    "Asia Pacific": ("English", ("Mandarin", "Cantonese", "Japanese", "Hindi", "Korean", "Bahasa")),
    "Latin America": ("Spanish", ("English", "Portuguese")),
    "Middle East & Africa": ("English", ("Arabic", "French", "Hebrew", "Afrikaans", "Swahili")),
}

FIRST_NAMES = (
    "Ada", "Alden", "Amara", "Anselm", "Aurelia", "Bastian", "Beatrix", "Caius", "Calla", "Cosima", "Dario",
    "Delphine", "Elio", "Elowen", "Emrys", "Esme", "Fabian", "Fenna", "Florian", "Greta", "Hallie", "Hugo",
    "Idris", "Ilse", "Ines", "Ivo", "Jasper", "Juno", "Kaito", "Keira", "Lazlo", "Leonie", "Lucan", "Maren",
    "Matteo", "Mireille", "Nadia", "Nikolai", "Noor", "Odile", "Orrin", "Otto", "Priya", "Quentin", "Rafaela",
    "Ravi", "Rosalind", "Sabine", "Silas", "Soren", "Tamsin", "Teodor", "Thea", "Ulric", "Valeria", "Vikram",
    "Wren", "Xiomara", "Yusuf", "Zara", "Anika", "Bruno", "Celeste", "Dmitri", "Eamon", "Farah", "Gideon",
    "Hana", "Imogen", "Joaquin", "Kenji", "Lior", "Mei", "Nico", "Oona", "Paulo", "Rosa", "Tariq", "Yara",
)
LAST_NAMES = (
    "Abernathy", "Alvarenga", "Ashcombe", "Bellweather", "Birchall", "Brightwater", "Castellane", "Corvino",
    "Dunmore", "Eastlake", "Elsworth", "Fairclough", "Falkenrath", "Greenhalgh", "Halloran", "Hartigan",
    "Holloway", "Ibarra", "Ingleby", "Jessop", "Kavanagh", "Kirkland", "Lindqvist", "Lockhart", "Marchetti",
    "Merriweather", "Nakamura", "Northcott", "Okonkwo", "Ottersby", "Pemberton", "Quillfeather", "Ravensworth",
    "Rosenthal", "Saltonstall", "Silvermoon", "Tanaka", "Thistlewood", "Underhill", "Valdivia", "Vandermeer",
    "Wainwright", "Whitlock", "Yamamoto", "Zeller", "Achterberg", "Baptiste", "Chaudhry", "Delacroix", "Esposito",
    "Fitzroy", "Gallardo", "Haddad", "Iyer", "Jankowski", "Kowalczyk", "Moreau", "Novak", "Oyelaran", "Petrakis",
)
FIRM_WORDS = (
    "Larkspur", "Tamarack", "Cobblestone", "Thistledown", "Quillmoor", "Brambleford", "Copperleaf", "Heronsgate",
    "Kestrel", "Lanternfield", "Mossbank", "Nettlecombe", "Oakhollow", "Pebblebrook", "Quarrystone", "Rookwood",
    "Saltmarsh", "Tidewater", "Umberlee", "Vantage Hill", "Willowmere", "Yarrowby", "Ambergate", "Bluefennel",
    "Cinderbrook", "Driftwood", "Emberly", "Foxglove", "Glimmerdale", "Hollowcrest", "Ironbark", "Juniper Vale",
    "Kingfisher Row", "Lodestar", "Marigold", "Northwind", "Orchard Lane", "Periwinkle", "Riverbend", "Starling",
    "Thornbury", "Upland", "Verdigris", "Waymark", "Zephyr Point", "Aldermoor", "Bellflower", "Calder Rise",
)
FIRM_NOUNS = ("Ridge", "Harbor", "Meadow", "Crossing", "Beacon", "Summit", "Keel", "Compass", "Anchor", "Grove")
ADVISOR_SUFFIXES = ("Capital", "Wealth Partners", "Asset Management", "Investment Counsel", "Advisors",
                    "Wealth Management", "Private Clients", "Portfolio Partners")
BROKER_SUFFIXES = ("Securities", "Brokerage", "Markets", "Trading", "Execution Services")
DESKS = {"Stocks": "Equity", "Options": "Options", "Futures": "Futures", "Forex": "FX", "Mutual Funds": "Funds"}
ADVISOR_CREDENTIALS = ("CFA", "CFP", "CAIA", "Series 65", "Series 66", "FRM", "ChFC", "CPA", "CIPM")
BROKER_CREDENTIALS = ("Series 7", "Series 3", "Series 63", "Series 24", "Series 55", "CFA", "CMT")
MINIMUMS = ((0, 8), (1_000, 6), (2_500, 6), (5_000, 10), (10_000, 12), (25_000, 14), (50_000, 12),
            (100_000, 12), (250_000, 9), (500_000, 6), (1_000_000, 5))
AUDIENCES = ("retirees", "young professionals", "business owners", "families saving for education", "physicians",
             "expatriates", "foundations and endowments", "self-directed investors", "high-net-worth households",
             "small institutions", "active traders", "first-time investors")
APPROACHES = (
    "Positions are reviewed weekly and rebalanced when they drift more than five percent.",
    "Every position is sized by volatility and carries a predefined exit.",
    "Research is fundamental and bottom-up, with a three-to-five year horizon.",
    "Signals are systematic and back-tested; discretion is limited to risk overrides.",
    "Clients receive a quarterly letter explaining every change to the portfolio.",
    "Cash is held between opportunities rather than forced into the market.",
    "Turnover is kept low to limit costs and realised gains.",
    "Risk is capped at a fixed share of the account on any single idea.",
)
RISK = {1: (3.5, 3.0), 2: (5.5, 6.0), 3: (7.5, 10.0), 4: (9.0, 15.0), 5: (10.5, 22.0)}
"""Risk level -> (mean annual return, annual volatility), in percent."""


def generate_marketplace(seed: int = SEED, count: int = COUNT) -> dict:
    """The directory as the JSON-shaped mapping ``build_marketplace`` reads."""
    rng = random.Random(seed)
    firms = _firms(rng)
    names: set[str] = set()
    listing_number = 5_100_000
    brokers = round(count * BROKER_SHARE)
    kinds = ["Broker"] * brokers + ["Advisor"] * (count - brokers)
    rng.shuffle(kinds)
    listings = []
    for kind in kinds:
        listing_number += rng.randint(1, 37)
        listings.append(_listing(rng, f"F{listing_number:07d}", kind, firms, names))
    return {"listings": listings}


def _firms(rng: random.Random) -> list[str]:
    """Advisory firms, several advisors to some of them."""
    firms: set[str] = set()
    while len(firms) < 160:
        word = rng.choice(FIRM_WORDS)
        noun = rng.choice(FIRM_NOUNS) + " " if rng.random() < 0.4 else ""
        firms.add(f"{word} {noun}{rng.choice(ADVISOR_SUFFIXES)}")
    return sorted(firms)


def _listing(rng: random.Random, listing_id: str, kind: str, firms: list[str], names: set[str]) -> dict:
    advisor = kind == "Advisor"
    strategies = rng.sample(list(STRATEGIES) if advisor else BROKER_STRATEGIES, rng.choice((1, 1, 2, 2, 3)))
    asset_classes = _asset_classes(rng, strategies, broker=not advisor)
    region = _weighted(rng, REGIONS.items())
    if advisor:
        name = _unique(names, lambda: f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}")
        firm = rng.choice(firms)
    else:
        word = rng.choice(FIRM_WORDS)
        firm = f"{word} {rng.choice(BROKER_SUFFIXES)}"
        desk = "Multi-Asset" if len(asset_classes) >= 3 else DESKS[rng.choice(asset_classes)]
        name = _unique(names, lambda: " ".join((rng.choice(FIRM_WORDS), *rng.sample(FIRM_NOUNS, rng.randint(0, 1)),
                                                 desk, "Desk")))
    entitlements = [p for asset in asset_classes for p in PERMISSIONS[asset]]
    if "Stocks" in asset_classes and rng.random() < 0.35:
        entitlements += rng.sample(REGION_STOCKS[region], rng.randint(1, min(2, len(REGION_STOCKS[region]))))
    first, others = LANGUAGES[region]
    languages = [first] + rng.sample(others, rng.choice((0, 0, 1, 1, 2)))
    risk = max(STRATEGIES[s][0] for s in strategies)
    minimum = _weighted(rng, MINIMUMS)
    fees = _fees(rng, broker=not advisor, risk=risk)
    credentials = sorted(rng.sample(ADVISOR_CREDENTIALS if advisor else BROKER_CREDENTIALS, rng.randint(1, 3)))
    listing = {
        "listing_id": listing_id, "name": name, "firm": firm, "kind": kind, "strategies": strategies,
        "asset_classes": asset_classes, "minimum_investment": str(minimum), "fees": fees,
        "entitlements": entitlements, "track": _track(rng, risk, minimum, advisor), "region": region,
        "languages": languages, "credentials": credentials,
        "description": _description(rng, strategies, asset_classes, advisor),
    }
    return listing


def _asset_classes(rng: random.Random, strategies: list[str], broker: bool) -> list[str]:
    chosen = {asset for s in strategies for asset in STRATEGIES[s][1]}
    chosen |= {asset for s in strategies for asset in STRATEGIES[s][2] if rng.random() < 0.3}
    if broker and rng.random() < 0.2:  # full-service desks trade everything
        chosen = set(ASSET_ORDER)
    return [asset for asset in ASSET_ORDER if asset in chosen]


def _fees(rng: random.Random, broker: bool, risk: int) -> dict:
    billing = rng.choice(("monthly", "quarterly"))
    roll = rng.random()
    if broker:
        roll = 0.45 + roll * 0.55  # brokers lean to flat fees and performance, seldom assets alone
    fees: dict[str, str] = {"billing": billing}
    if roll < 0.5 + 0.05 * (3 - risk):
        fees["asset_percent"] = f"{rng.randint(5, 40) * 0.05:.2f}"  # 0.25 to 2.00 % a year
    elif roll < 0.75:
        fees["performance_percent"] = str(rng.choice((10, 12.5, 15, 15, 20, 20)))
        if rng.random() < 0.65:
            fees["asset_percent"] = f"{rng.randint(5, 20) * 0.05:.2f}"
    else:
        fees["flat_fee"] = str(rng.randint(5, 50) * 5)  # 25 to 250 USD a period
        if rng.random() < 0.15:
            fees["asset_percent"] = f"{rng.randint(5, 10) * 0.05:.2f}"
    return fees


def _track(rng: random.Random, risk: int, minimum: int, advisor: bool) -> dict:
    mean, vol = RISK[risk]
    one_year = rng.gauss(mean, vol)
    three_year = rng.gauss(mean, vol / math.sqrt(3))
    # The worst fall is at least the year's loss, if there was one.
    drawdown = -min(max(vol * rng.uniform(0.7, 2.4), -one_year + rng.uniform(0.5, 4.0)), 75.0)
    sharpe = (three_year - 3.0) / vol + rng.gauss(0, 0.1)
    assets = rng.lognormvariate(17.5 if advisor else 18.5, 1.1) * (1 + minimum / 250_000)
    clients = max(1, round(assets / max(minimum, 20_000) / rng.uniform(2, 8)))
    return {
        "one_year_return": f"{one_year:.2f}", "three_year_return": f"{three_year:.2f}",
        "max_drawdown": f"{drawdown:.2f}", "sharpe": f"{sharpe:.2f}",
        "assets_under_management": str(int(round(assets, -4))), "clients": clients, "since": rng.randint(1988, 2022),
    }


def _description(rng: random.Random, strategies: list[str], asset_classes: list[str], advisor: bool) -> str:
    style, assets = _and(strategies), _and([a.lower() for a in asset_classes])
    if advisor:
        first = f"{style} portfolios for {rng.choice(AUDIENCES)}, built from {assets}."
    else:
        first = f"{style} trading desk serving {rng.choice(AUDIENCES)}, executing in {assets}."
    return f"{first} {rng.choice(APPROACHES)}"


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _weighted(rng: random.Random, choices) -> object:
    values, weights = zip(*choices)
    return rng.choices(values, weights)[0]


def _unique(taken: set[str], make) -> str:
    for _ in range(1_000):
        if (name := make()) not in taken:
            taken.add(name)
            return name
    raise RuntimeError("the word lists ran out of distinct names; add words")


def render(spec: dict) -> str:
    return json.dumps(spec, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def main() -> int:
    OUTPUT.write_text(render(generate_marketplace()), encoding="utf-8")
    print(f"wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
