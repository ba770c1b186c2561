"""Mark-to-market of an account: market values, P&L and the balance tags that need no margin
model (NetLiquidation, TotalCashValue, GrossPositionValue, ...), in the base currency.

Margin tags (InitMarginReq, AvailableFunds, SMA, ...) are added by the margin module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from workstation.engine.core.account_tags import AccountTag
from workstation.engine.core.instruments import Instrument, InstrumentCatalog, SecType
from workstation.engine.core.money import ZERO, round_cents
from workstation.engine.ledger.accounts import Account, Position

PriceOf = Callable[[str], Decimal]


@dataclass(frozen=True, slots=True)
class PositionValue:
    """A position marked at the last price, in the instrument's currency."""

    account_id: str
    symbol: str
    quantity: Decimal
    avg_cost: Decimal
    market_price: Decimal
    market_value: Decimal
    unrealized_pnl: Decimal
    realized_pnl: Decimal
    currency: str


_QUOTED_PER_CONTRACT = frozenset({SecType.OPT, SecType.FOP, SecType.FUT})
"""Derivatives carry the multiplier in IB's average cost (decision D10.1: futures as well as options)."""


def avg_cost_per_contract(avg_cost: Decimal, instrument: Instrument) -> Decimal:
    """IB's average cost of ``instrument`` from the ledger's ``avg_cost`` per unit: per contract
    (x the multiplier) for options, futures options and futures, per share otherwise.

    IB's API ``position``/``updatePortfolio`` avgCost includes the multiplier and the commission for
    derivatives (ib_insync #175: a gold future filled at 1,477.3 reports 147,732.37). The ledger keeps
    the per-unit figure for P&L, transfers and margin; every output that shows a cost converts here."""
    return avg_cost * instrument.multiplier if instrument.sec_type in _QUOTED_PER_CONTRACT else avg_cost


def avg_cost_per_unit(avg_cost: Decimal, instrument: Instrument) -> Decimal:
    """The inverse of :func:`avg_cost_per_contract`: a cost given as IB reports it (a scenario's
    seed position), per unit as the ledger keeps it."""
    return avg_cost / instrument.multiplier if instrument.sec_type in _QUOTED_PER_CONTRACT else avg_cost


def value_position(account_id: str, position: Position, instrument: Instrument, price: Decimal) -> PositionValue:
    units = position.quantity * instrument.multiplier
    return PositionValue(
        account_id=account_id, symbol=position.symbol, quantity=position.quantity,
        avg_cost=position.avg_cost, market_price=price,
        market_value=round_cents(price * units),
        unrealized_pnl=round_cents((price - position.avg_cost) * units),
        realized_pnl=round_cents(position.realized_pnl), currency=instrument.currency,
    )


class FxRates:
    """Converts between currencies through the FX pairs' last prices (``EUR.USD`` = USD per EUR)."""

    def __init__(self, catalog: InstrumentCatalog, price_of: PriceOf) -> None:
        self._pairs = {(i.underlying, i.currency): i.symbol for i in catalog if i.sec_type is SecType.CASH}
        self._price_of = price_of

    def can_convert(self, from_ccy: str, to_ccy: str) -> bool:
        try:
            self.rate(from_ccy, to_ccy)
        except KeyError:
            return False
        return True

    def rate(self, from_ccy: str, to_ccy: str) -> Decimal:
        """Units of ``to_ccy`` per unit of ``from_ccy``."""
        if from_ccy == to_ccy:
            return Decimal(1)
        direct = self._pairs.get((from_ccy, to_ccy))
        if direct:
            return self._price_of(direct)
        inverse = self._pairs.get((to_ccy, from_ccy))
        if inverse:
            return Decimal(1) / self._price_of(inverse)
        if "USD" not in (from_ccy, to_ccy):
            return self.rate(from_ccy, "USD") * self.rate("USD", to_ccy)
        raise KeyError(f"currency: no FX pair converts {from_ccy} to {to_ccy}")


_MARKET_VALUE_TAG = {
    SecType.STK: AccountTag.STOCK_MARKET_VALUE,
    SecType.OPT: AccountTag.OPTION_MARKET_VALUE,
    SecType.FOP: AccountTag.FUTURE_OPTION_VALUE,
    SecType.FUND: AccountTag.MUTUAL_FUND_VALUE,
}


_TOTAL_TAGS = (AccountTag.TOTAL_CASH_VALUE, AccountTag.STOCK_MARKET_VALUE, AccountTag.OPTION_MARKET_VALUE,
               AccountTag.FUTURE_OPTION_VALUE, AccountTag.MUTUAL_FUND_VALUE, AccountTag.FUTURES_PNL,
               AccountTag.GROSS_POSITION_VALUE, AccountTag.UNREALIZED_PNL, AccountTag.REALIZED_PNL)


def account_values(account: Account, catalog: InstrumentCatalog, price_of: PriceOf,
                   fx: FxRates) -> dict[AccountTag, Decimal]:
    """Balance tags of ``account`` in its base currency, rounded to cents.

    Sums are kept per currency and converted once each: most accounts hold one or two currencies
    and many positions, and this runs after every command that touches them.
    """
    by_currency = _sums_by_currency(account, catalog, price_of)
    totals = dict.fromkeys(_TOTAL_TAGS, ZERO)
    for currency, sums in by_currency.items():
        rate = fx.rate(currency, account.base_currency)
        for tag, amount in sums.items():
            if amount:
                totals[tag] += amount * rate
    return _with_net_liquidation(totals)


def values_by_currency(account: Account, catalog: InstrumentCatalog, price_of: PriceOf,
                       fx: FxRates) -> dict[str, dict[AccountTag, Decimal]]:
    """The balance tags per currency, in that currency (IB's ``$LEDGER:ALL``), each with its
    ``ExchangeRate`` to the base currency; the Account Window's Market Value by currency."""
    result = {}
    for currency, sums in sorted(_sums_by_currency(account, catalog, price_of).items()):
        tags = _with_net_liquidation(dict(sums))
        tags[AccountTag.EXCHANGE_RATE] = fx.rate(currency, account.base_currency)
        result[currency] = tags
    return result


def _with_net_liquidation(totals: dict[AccountTag, Decimal]) -> dict[AccountTag, Decimal]:
    # IB: TotalCashValue is cash recognised at trade time plus futures P&L (ib-domain §3.3).
    totals[AccountTag.TOTAL_CASH_VALUE] += totals[AccountTag.FUTURES_PNL]
    totals[AccountTag.NET_LIQUIDATION] = (
        totals[AccountTag.TOTAL_CASH_VALUE] + totals[AccountTag.STOCK_MARKET_VALUE]
        + totals[AccountTag.OPTION_MARKET_VALUE] + totals[AccountTag.FUTURE_OPTION_VALUE]
        + totals[AccountTag.MUTUAL_FUND_VALUE])
    return {tag: round_cents(amount) for tag, amount in totals.items()}


def _sums_by_currency(account: Account, catalog: InstrumentCatalog,
                      price_of: PriceOf) -> dict[str, dict[AccountTag, Decimal]]:
    by_currency: dict[str, dict[AccountTag, Decimal]] = {}
    for currency, amount in account.cash.items():
        by_currency.setdefault(currency, dict.fromkeys(_TOTAL_TAGS, ZERO))[AccountTag.TOTAL_CASH_VALUE] += amount
    for position in account.positions.values():
        instrument = catalog[position.symbol]
        sums = by_currency.get(instrument.currency)
        if sums is None:
            sums = by_currency[instrument.currency] = dict.fromkeys(_TOTAL_TAGS, ZERO)
        sums[AccountTag.REALIZED_PNL] += position.realized_pnl
        if not position.quantity:
            continue
        price = price_of(position.symbol)
        units = position.quantity * instrument.multiplier
        sums[AccountTag.UNREALIZED_PNL] += (price - position.avg_cost) * units
        if instrument.sec_type is SecType.FUT:
            sums[AccountTag.FUTURES_PNL] += (price - position.avg_price) * units
            continue
        value = price * units
        sums[_MARKET_VALUE_TAG[instrument.sec_type]] += value
        sums[AccountTag.GROSS_POSITION_VALUE] += abs(value)
    return by_currency
