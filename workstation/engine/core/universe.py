"""Build the contract universe and the market's opening marks from a plain specification.

The specification is the mapping found in ``resources/universe.yaml``; reading the file is the
caller's job, so the engine does no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from workstation.engine.core.instruments import Instrument, InstrumentCatalog, ProductClass, Right, SecType
from workstation.engine.core.money import to_decimal


@dataclass(frozen=True, slots=True)
class MarketSeed:
    """Opening mark and volatilities of one instrument's simulated market."""

    price: Decimal
    vol: Decimal
    iv: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Universe:
    catalog: InstrumentCatalog
    seeds: Mapping[str, MarketSeed]


def _date(value: Any, field: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"{field}: {value!r} is not an ISO date") from None


def _seed(entry: Mapping[str, Any], where: str) -> MarketSeed:
    iv = entry.get("iv")
    return MarketSeed(
        price=to_decimal(entry["price"], f"{where}.price"),
        vol=to_decimal(entry.get("vol", "0.2"), f"{where}.vol"),
        iv=to_decimal(iv, f"{where}.iv") if iv is not None else None,
    )


def _optional_decimal(entry: Mapping[str, Any], key: str, where: str) -> Decimal | None:
    return to_decimal(entry[key], f"{where}.{key}") if key in entry else None


def occ_symbol(underlying: str, expiry: date, right: Right, strike: Decimal) -> str:
    """OCC option symbol, IB's local symbol for US equity and index options."""
    return f"{underlying:<6}{expiry:%y%m%d}{right.value}{int(strike * 1000):08d}"


def build_universe(spec: Mapping[str, Any]) -> Universe:
    """Turn the universe specification into instruments and opening marks.

    Raises ``ValueError`` naming the entry and field when the specification is wrong.
    """
    instruments: list[Instrument] = []
    seeds: dict[str, MarketSeed] = {}

    def add(instrument: Instrument, seed: MarketSeed | None) -> None:
        instruments.append(instrument)
        if seed is not None:
            seeds[instrument.symbol] = seed

    for group, is_etf in (("stocks", False), ("etfs", True)):
        for entry in spec.get(group, []):
            where = f"{group}.{entry.get('symbol', '?')}"
            add(Instrument(
                symbol=entry["symbol"], sec_type=SecType.STK, description=entry["description"],
                currency=entry.get("currency", "USD"), exchange=entry["exchange"],
                country=entry.get("country", "US"), product_class=ProductClass.EQUITY,
                is_etf=is_etf, marginable=entry.get("marginable", True),
                leverage_factor=to_decimal(entry.get("leverage_factor", 1), f"{where}.leverage_factor"),
                broad_based_index=entry.get("broad_based_index", False), sector=entry.get("sector", ""),
                listed_since=_date(entry["listed_since"], f"{where}.listed_since") if "listed_since" in entry
                else None,
                shares_outstanding=_optional_decimal(entry, "shares_outstanding", where),
                typical_volume=_optional_decimal(entry, "typical_volume", where),
            ), _seed(entry, where))
    for entry in spec.get("indices", []):
        where = f"indices.{entry['symbol']}"
        add(Instrument(
            symbol=entry["symbol"], sec_type=SecType.IND, description=entry["description"],
            currency="USD", exchange=entry["exchange"], country="US", product_class=ProductClass.EQUITY,
            broad_based_index=entry.get("broad_based_index", False), tradable=False,
        ), _seed(entry, where))
    for entry in spec.get("futures", []):
        where = f"futures.{entry['symbol']}"
        add(Instrument(
            symbol=entry["symbol"], sec_type=SecType.FUT, description=entry["description"],
            currency=entry.get("currency", "USD"), exchange=entry["exchange"], country="US",
            product_class=ProductClass(entry["product_class"]), underlying=entry["underlying"],
            multiplier=to_decimal(entry["multiplier"], f"{where}.multiplier"),
            expiry=_date(entry["expiry"], f"{where}.expiry"),
            tick_size=to_decimal(entry.get("tick_size", "0.01"), f"{where}.tick_size"),
        ), _seed(entry, where))
    for entry in spec.get("funds", []):
        where = f"funds.{entry['symbol']}"
        add(Instrument(
            symbol=entry["symbol"], sec_type=SecType.FUND, description=entry["description"],
            currency="USD", exchange=entry["exchange"], country="US", product_class=ProductClass.FUND,
            marginable=False,
        ), _seed(entry, where))
    for entry in spec.get("fx", []):
        where = f"fx.{entry['symbol']}"
        add(Instrument(
            symbol=entry["symbol"], sec_type=SecType.CASH, description=entry["description"],
            currency=entry["quote"], exchange="IDEALPRO", country="", product_class=ProductClass.FX,
            underlying=entry["base"], tick_size=to_decimal(entry.get("tick_size", "0.00005"), f"{where}.tick_size"),
        ), _seed(entry, where))

    by_symbol = {i.symbol: i for i in instruments}
    for entry in spec.get("option_chains", []):
        underlying = by_symbol.get(entry["underlying"])
        where = f"option_chains.{entry['underlying']}"
        if underlying is None:
            raise ValueError(f"{where}.underlying: {entry['underlying']!r} is not in the universe")
        sec_type = SecType(entry["sec_type"])
        strikes = entry["strikes"]
        low, high, step = (to_decimal(strikes[k], f"{where}.strikes.{k}") for k in ("from", "to", "step"))
        if step <= 0 or high < low:
            raise ValueError(f"{where}.strikes: need from <= to and a positive step")
        root = underlying.underlying if sec_type is SecType.FOP else underlying.symbol
        for raw_expiry in entry["expiries"]:
            expiry = _date(raw_expiry, f"{where}.expiries")
            for right in (Right.CALL, Right.PUT):
                strike = low
                while strike <= high:
                    if sec_type is SecType.FOP:
                        symbol = f"{underlying.symbol} {right.value}{strike.normalize():f}"
                        description = f"{root} {expiry:%b%d'%y} {strike.normalize():f} {right.name.title()}"
                    else:
                        symbol = occ_symbol(root, expiry, right, strike)
                        description = f"{root} {expiry:%b%d'%y} {strike.normalize():f} {right.name.title()}"
                    add(Instrument(
                        symbol=symbol, sec_type=sec_type, description=description,
                        currency=underlying.currency, exchange=entry["exchange"], country=underlying.country,
                        product_class=underlying.product_class, underlying=underlying.symbol,
                        multiplier=to_decimal(entry["multiplier"], f"{where}.multiplier"),
                        strike=strike, right=right, expiry=expiry,
                        broad_based_index=underlying.broad_based_index,
                        leverage_factor=underlying.leverage_factor,
                        tick_size=to_decimal(entry.get("tick_size", "0.01"), f"{where}.tick_size"),
                    ), None)
                    strike += step
    return Universe(InstrumentCatalog.of(instruments), seeds)
