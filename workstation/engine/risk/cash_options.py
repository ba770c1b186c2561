"""Options in a cash account at order entry: long options paid in full, covered calls, cash-secured
puts and European cash-settled spreads, and nothing committed to them spent twice.

The cash check (``cash_account``) asks this module what an order commits. The account is judged as
it would be if every working sale filled, and every leg of a working combo with it (the legs of a
combo fill together), and then this order: working purchases do not count, since they may never
fill. A short call must then be covered by shares held and not on sale (IB: covered call "Stock paid
in full or None"); a short put commits strike x multiplier of cash ("Put Strike Price"); a European
cash-settled spread the strike width (see ``margin.cash_cover`` for the table and its sources).
So a sale of the shares that cover a short call, a second call on the same shares, or a sale of the
long leg of a spread that covers a short one, is refused; and the cash committed to puts is reserved
as working orders' cash is, so a purchase cannot spend it. Closing the short option frees both.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Protocol

from workstation.engine.core.errors import Rejection
from workstation.engine.core.instruments import Instrument, InstrumentCatalog
from workstation.engine.core.terms import Action
from workstation.engine.ledger.accounts import Account
from workstation.engine.margin.cash_cover import CashCover, cash_cover, european_cash_settled


class OrderTerms(Protocol):
    """What this module reads of ``cash_account.OrderTerms``."""

    @property
    def symbol(self) -> str: ...
    @property
    def action(self) -> Action: ...
    @property
    def quantity(self) -> Decimal: ...
    @property
    def together(self) -> bool: ...


ZERO = Decimal(0)
NAKED_WORDS = ('a cash account writes only covered calls and cash-secured puts: a naked option is "N/A" in the '
               '"Cash or IRA Cash" column of IB\'s options margin table')
Commitments = tuple[dict[str, Decimal], dict[str, Decimal]]
NOTHING: Commitments = ({}, {})


def option_commitments(catalog: InstrumentCatalog, account: Account, terms: OrderTerms, others: Iterable[OrderTerms],
                       field: str) -> Commitments:
    """What ``terms`` commits beyond what the account's working orders (``others``) and positions already
    commit, and what those commit, in cash per currency; refuse ``terms`` if they would leave a short
    option uncovered."""
    others = list(others)
    instrument = catalog[terms.symbol]
    if not instrument.is_option and not _holds_short_options(catalog, account) \
            and not any(catalog[o.symbol].is_option for o in others):
        return NOTHING
    before = _worst_case(account, others)
    after = dict(before)
    after[terms.symbol] = after.get(terms.symbol, ZERO) + _signed(terms)
    cover_before, cover_after = cash_cover(before, catalog.get), cash_cover(after, catalog.get)
    european = european_cash_settled(instrument, catalog.get)
    _refuse_uncovering(account, terms, instrument, european, before, cover_before, cover_after, field)
    change = {currency: amount - cover_before.cash.get(currency, ZERO) for currency, amount in cover_after.cash.items()}
    for currency, amount in cover_before.cash.items():
        change.setdefault(currency, -amount)
    return change, cover_before.cash


def _holds_short_options(catalog: InstrumentCatalog, account: Account) -> bool:
    return any(p.quantity < 0 and catalog[s].is_option for s, p in account.positions.items())


def _signed(terms: OrderTerms) -> Decimal:
    return terms.quantity if terms.action is Action.BUY else -terms.quantity


def _worst_case(account: Account, others: list[OrderTerms]) -> dict[str, Decimal]:
    """The account's positions if every working sale and every working combo leg filled."""
    quantities = {symbol: p.quantity for symbol, p in account.positions.items() if p.quantity}
    for other in others:
        if other.action is Action.SELL or other.together:
            quantities[other.symbol] = quantities.get(other.symbol, ZERO) + _signed(other)
    return quantities


def _refuse_uncovering(account: Account, terms: OrderTerms, instrument: Instrument, european: bool,
                       held: dict[str, Decimal], before: CashCover, after: CashCover, field: str) -> None:
    grown = {symbol: contracts for symbol, contracts in after.uncovered.items()
             if contracts > before.uncovered.get(symbol, ZERO)}
    if not grown:
        return
    symbol = terms.symbol
    quantity = f"{terms.quantity.normalize():f}"
    left = ", ".join(f"{contracts.normalize():f} {short}" for short, contracts in sorted(grown.items()))
    if instrument.is_option and terms.action is Action.SELL and held.get(symbol, ZERO) < terms.quantity:  # writing
        raise Rejection("UNCOVERED_OPTION_NOT_ALLOWED", field, f"writing {quantity} {symbol} would leave a short "
                        f"call uncovered in cash account {account.account_id}: "
                        f"{_cover_hint(instrument, european, held, before)}; {NAKED_WORDS}")
    code = "SHARES_COVER_SHORT_CALL" if symbol in after.shares or symbol in before.shares \
        else "UNCOVERED_OPTION_NOT_ALLOWED"
    raise Rejection(code, field, f"{'selling' if terms.action is Action.SELL else 'buying'} {quantity} {symbol} "
                    f"would leave short {left} uncovered in cash account {account.account_id}: they cover it; buy the "
                    f"short option back first ({NAKED_WORDS})")


def _cover_hint(option: Instrument, european: bool, held: dict[str, Decimal], before: CashCover) -> str:
    """What could cover a call on ``option``'s underlying, and how much of it already does."""
    underlying = option.underlying or ""
    if european:
        return f"a call on {underlying} is covered only by a long call of the same kind, as a spread"
    if held.get(underlying, ZERO) <= 0:
        return f"it holds no {underlying} not on sale to cover it"
    free = max(held.get(underlying, ZERO), ZERO)
    committed = before.shares.get(underlying, ZERO)
    return f"of its {free.normalize():f} {underlying} not on sale, {committed.normalize():f} already cover other calls"


def commitment_warning(catalog: InstrumentCatalog, account: Account, trades: Iterable[tuple[str, Decimal]]) -> str:
    """What ``trades`` (symbol, signed quantity) would commit in the cash account, for the Order Preview
    ("" when nothing): the cash securing puts and spreads, and the shares covering calls."""
    trades = list(trades)
    if not any(catalog[symbol].is_option for symbol, _ in trades) and not _holds_short_options(catalog, account):
        return ""
    before = {symbol: p.quantity for symbol, p in account.positions.items() if p.quantity}
    after = dict(before)
    for symbol, quantity in trades:
        after[symbol] = after.get(symbol, ZERO) + quantity
    cover_before, cover_after = cash_cover(before, catalog.get), cash_cover(after, catalog.get)
    parts = []
    for currency, amount in sorted(cover_after.cash.items()):
        more = amount - cover_before.cash.get(currency, ZERO)
        if more > 0:
            parts.append(f"{more:,.2f} {currency} of cash is committed to its short options (IB: \"Put Strike "
                         f"Price\" for a put, the strike width for a European spread), {amount:,.2f} {currency} in "
                         "all, which purchases cannot spend")
    for underlying, shares in sorted(cover_after.shares.items()):
        more = shares - cover_before.shares.get(underlying, ZERO)
        if more > 0:
            parts.append(f"{more.normalize():f} {underlying} cover its short calls and cannot be sold until they "
                         "are closed")
    if not parts:
        return ""
    return f"cash account {account.account_id}: after the order " + "; ".join(parts)
