"""SPAN margin of futures and futures options: scan risk scenario by scenario, spreads and the
intra-commodity charge (ib-domain §5.6, §9.6)."""

import numpy as np
import pytest

from tests.factories import OPEN_TIME
from workstation.engine.core.instruments import ProductClass
from workstation.engine.margin.holdings import InstrumentTable, build_holdings
from workstation.engine.margin.rates import DEFAULT_RATES, MarginRates
from workstation.engine.margin.span import risk_arrays, scan_risk, span_requirements


def es_holdings(universe, positions, price="5000"):
    """Holdings over a market where ESZ6 is at ``price`` (everything else at 10, volatility 20%)."""
    table = InstrumentTable(list(universe.catalog))
    marks = np.full(len(table.instruments), 10.0)
    marks[table.index["ESZ6"]] = float(price)
    rows = table.indices([symbol for symbol, _ in positions])
    quantity = np.array([q for _, q in positions], dtype=float)
    return build_holdings(table, rows, quantity, marks, np.full(marks.size, 0.2), np.ones(rows.size), OPEN_TIME)


def test_a_long_future_loses_the_scan_range_down_a_full_range(universe):
    # ES at 5,000 with a 4% scan: 200 points x 50 = USD 10,000 (the McMillan example's PSR)
    rates = MarginRates(span_price_scan={ProductClass.EQUITY: 0.04})
    holdings = es_holdings(universe, [("ESZ6", 1.0)])
    arrays = risk_arrays(holdings, np.array([True]), np.array([200.0]), rates)
    pnl = -arrays[0]
    third = 10000 / 3
    expected = [0, 0, third, third, -third, -third, 2 * third, 2 * third, -2 * third, -2 * third,
                10000, 10000, -10000, -10000, 7000, -7000]  # S1; the extreme moves count 35% of 20,000
    assert np.allclose(pnl, expected)
    assert scan_risk(arrays) == (pytest.approx(10000.0), 12)  # scenario 13: down 3/3
    span = span_requirements(holdings, rates)
    assert span.maintenance == {"ES": pytest.approx(10000.0)}


def test_the_covered_write_scan_risk_is_its_worst_scenario():
    # McMillan's long future + short Dec 410 call, P/L per scenario (S2): worst is scenario 13.
    pnl = [-460, 610, 690, 1600, -2060, -990, 1460, 2130, -4130, -3240, 1940, 2360, -6620, -6010, 3870, -5500]
    assert scan_risk(-np.array([pnl], dtype=float)) == (6620.0, 12)


def test_span_adds_positions_scenario_by_scenario_so_a_spread_offsets(universe):
    long_only = span_requirements(es_holdings(universe, [("ESZ6", 2.0)], "5900"), DEFAULT_RATES)
    hedged = span_requirements(es_holdings(universe, [("ESZ6", 2.0), ("ESZ6 C5900", -2.0)], "5900"), DEFAULT_RATES)
    assert hedged.scan_risk["ES"] < long_only.scan_risk["ES"]


def test_a_calendar_spread_pays_the_intra_commodity_charge_on_top_of_its_small_scan_risk(universe):
    table = InstrumentTable(list(universe.catalog))
    marks = np.full(len(table.instruments), 10.0)
    marks[table.index["ESZ6"]], marks[table.index["ESH7"]] = 6000.0, 6050.0

    def span_of(positions):
        rows = table.indices([symbol for symbol, _ in positions])
        quantity = np.array([q for _, q in positions], dtype=float)
        return span_requirements(build_holdings(table, rows, quantity, marks, np.full(marks.size, 0.2),
                                                np.ones(rows.size), OPEN_TIME), DEFAULT_RATES)

    spread = span_of([("ESZ6", 2.0), ("ESH7", -2.0)])
    # Two spreads: the smaller side is the long Dec, 2 x 6,000 x 50 = 600,000 of notional, at 0.2%.
    assert spread.spread_charge["ES"] == pytest.approx(1200.0)
    # Both months move by the same fraction, so the scan sees only the 50-point gap: 6% of it x 100.
    assert spread.scan_risk["ES"] == pytest.approx(0.06 * 50 * 100)
    assert spread.maintenance["ES"] == pytest.approx(1200.0 + 300.0)
    outright = span_of([("ESZ6", 2.0)])
    assert outright.spread_charge["ES"] == 0.0
    assert spread.maintenance["ES"] < outright.maintenance["ES"] / 10
    # A month against itself forms no spread, and unequal sizes spread only the smaller side.
    assert span_of([("ESZ6", 3.0), ("ESH7", -1.0)]).spread_charge["ES"] == pytest.approx(0.002 * 6050 * 50)
