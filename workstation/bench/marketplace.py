"""Investors' Marketplace search for `workstation bench` (issue 6): a mixed set of queries (text,
filters, sort) over the shipped directory, p99 <= 16 ms, one frame, so the list keeps up with typing.
The reference is one plain pass over every listing comparing a single field, measured in the same run.
"""

from __future__ import annotations

import random
import statistics
import time
from decimal import Decimal

from workstation.bench.figures import Figure
from workstation.engine.core.fee_schedule import FeeKind
from workstation.engine.partitions.marketplace import (
    SORT_KEYS,
    Marketplace,
    MarketplaceQuery,
    ProviderKind,
    build_marketplace,
)
from workstation.resources import marketplace_spec

_MINIMUMS = (None, Decimal(10_000), Decimal(100_000), Decimal(1_000_000))


def marketplace_queries(marketplace: Marketplace, count: int, seed: int = 11) -> list[MarketplaceQuery]:
    """Queries a person might type and pick: a word or two (or none), some filters, any sort."""
    rng = random.Random(seed)
    facets = marketplace.facets()
    words = [word for listing in marketplace.listings for word in (listing.name.split()[0], listing.firm.split()[0])]
    words += ["income", "cfa", "desk", "futures", "retirees", "volatility", "english", "capital", "growth", "zzz"]
    queries = []
    for _ in range(count):
        text = " ".join(rng.sample(words, rng.choice((0, 1, 1, 2))))
        queries.append(MarketplaceQuery(
            text=text[: rng.randint(1, len(text))] if text and rng.random() < 0.3 else text,  # mid-typing
            kind=rng.choice((None, None, *ProviderKind)),
            strategy=rng.choice((None, None, None, *facets.strategies)),
            asset_class=rng.choice((None, None, *facets.asset_classes)),
            region=rng.choice((None, None, None, *facets.regions)),
            language=rng.choice((None,) * 6 + facets.languages[:6]),
            max_minimum=rng.choice(_MINIMUMS),
            fee_kind=rng.choice((None, None, *FeeKind)),
            sort_by=rng.choice(SORT_KEYS),
            descending=rng.random() < 0.5,
        ))
    return queries


def bench_marketplace_search(queries: int = 200, rounds: int = 5) -> Figure:
    marketplace = build_marketplace(marketplace_spec())
    mixed = marketplace_queries(marketplace, queries)
    samples = []
    for _ in range(rounds):
        for query in mixed:
            started = time.perf_counter()
            marketplace.search(query)
            samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))]
    mean = statistics.fmean(samples)
    plain = []
    for _ in range(rounds * 20):
        started = time.perf_counter()
        _ = [listing for listing in marketplace.listings if listing.minimum_investment <= 100_000]
        plain.append((time.perf_counter() - started) * 1000)
    return Figure(f"marketplace search: {queries} mixed queries over {len(marketplace)} listings, p99 "
                  f"(mean {mean:.3f} ms)", p99, "ms", "p99 <= 16 ms", p99 <= 16,
                  "one plain pass over every listing comparing a field", statistics.median(plain), "ms")
