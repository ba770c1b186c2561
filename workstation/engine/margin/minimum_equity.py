"""IB's USD 2,000 minimum for margin: what an order borrows, and the refusal (and preview warning) of a
borrowing order in a margin account whose equity with loan value after the order is under the minimum.

IB: "should the account balance fall below USD 2,000 IBKR is precluded, by regulation, from affording
margin treatment" (https://ibkr.info/es/tag/margin?page=7); FINRA 4210(b): long purchases need USD 2,000
"or 100% of the price, whichever is less", short sales USD 2,000. So the minimum bars borrowing, not
trading: a purchase paid in full from cash is accepted, one that leaves a debit balance is refused.

An order borrows when, after its proposed fills, some currency's cash is negative and lower than before
(a debit opened or grown), a short stock position opens or grows (a short sale borrows shares), or a short
option opens or grows uncovered. Decision D5.1: short options count as a credit extension under Reg T
unless covered, as a cash account would accept them: calls by the underlying held (shares, or futures for
futures options), puts by cash in the option's currency of strike x multiplier for every short put on the
underlying. Spreads are netted: a short option paired with a long option of the same right on the same
underlying (same multiplier and currency, expiring no earlier) has a defined risk, the strikes' difference
(long call strike above the short's, long put strike below the short's; nothing for a debit spread), and
is covered when the cash in the option's currency pays that maximum loss: a spread fully paid from cash
borrows nothing, as the research note's section 5 reads FINRA 4210(b) ("100% of the price"). Shorts are
paired with the long that leaves the least risk first; the unpaired ones need the shares or the strike
cash above. Futures borrow nothing by themselves (their margin is a good-faith deposit, not a loan): a
futures order under the minimum is refused only when its commission would leave cash negative.
Decision D5.2: the equity judged is ELV after the order.
An order whose fills only reduce positions (closing) never borrows in this sense and is always accepted.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from workstation.engine.core.instruments import Instrument, Right, SecType
from workstation.engine.ledger.accounts import Account
from workstation.engine.margin.impact import MarginImpact, ProposedFill

InstrumentOf = Callable[[str], Instrument | None]

IB_MINIMUM_WORDS = ("should the account balance fall below USD 2,000 IBKR is precluded, by regulation, from "
                    "affording margin treatment")


def _opens(before: Decimal, after: Decimal) -> bool:
    """The position grows away from zero or crosses it (not a pure closing)."""
    return abs(after) > abs(before) or before * after < 0


def order_loan(account: Account, trial: Account, fills: Sequence[ProposedFill],
               instrument_of: InstrumentOf, cash_c: Decimal = Decimal(0)) -> str | None:
    """What the fills borrow (``trial``: the account after them), in words, or None when they borrow nothing.

    ``cash_c`` is the account's cash in the commodities segment (in its base currency, ``segments``): the
    futures' margin deposit, which a securities order cannot spend. A securities order that leaves the
    securities segment's cash in debit borrows, whatever the commodities segment holds."""
    touched = {fill.instrument.symbol: fill.instrument for fill in fills}
    if not any(_opens(account.position_quantity(symbol), trial.position_quantity(symbol)) for symbol in touched):
        return None  # closing orders stay allowed
    if all(fill.instrument.sec_type in (SecType.FUT, SecType.FOP) for fill in fills):
        cash_c = Decimal(0)  # a futures order's commission is paid from the commodities segment
    base = account.base_currency
    for currency in sorted(trial.cash.keys() | account.cash.keys()):
        held = cash_c if currency == base else Decimal(0)
        before, after = account.cash.get(currency, Decimal(0)) - held, trial.cash.get(currency, Decimal(0)) - held
        if after < 0 and after < before:
            where = " in the securities segment" if held else ""
            return f"it leaves {currency} cash{where} at {after:,.2f} (from {before:,.2f}), a debit balance"
    for symbol, instrument in touched.items():
        before, after = account.position_quantity(symbol), trial.position_quantity(symbol)
        if after >= 0 or after >= before:
            continue
        if instrument.sec_type in (SecType.STK, SecType.FUND):
            return f"it sells {symbol} short ({before.normalize():f} -> {after.normalize():f}), which borrows shares"
        if instrument.is_option and not _covered(trial, instrument, instrument_of,
                                                 cash_c if instrument.currency == base else Decimal(0)):
            return f"it writes {symbol} uncovered ({before.normalize():f} -> {after.normalize():f})"
    return None


def _covered(trial: Account, option: Instrument, instrument_of: InstrumentOf, cash_c: Decimal) -> bool:
    """Whether every short option of this right on the option's underlying is covered after the order:
    by a long option of the same right (a spread, its maximum loss paid from cash), else by the shares
    (calls) or the strike cash (puts); ``cash_c``: the part of that cash in the commodities segment."""
    underlying, right = option.underlying, option.right
    shorts: list[tuple[Instrument, Decimal]] = []
    longs: list[list] = []  # [instrument, contracts not yet paired]
    for symbol, position in trial.positions.items():
        other = instrument_of(symbol) if position.quantity else None
        if other is None or not other.is_option or other.underlying != underlying or other.right is not right:
            continue
        if position.quantity < 0:
            shorts.append((other, -position.quantity))
        else:
            longs.append([other, position.quantity])
    cash_needed, units_needed = Decimal(0), Decimal(0)
    for short, count in sorted(shorts, key=lambda s: (s[0].strike or Decimal(0)) * (1 if right is Right.PUT else -1)):
        while count > 0:
            pair = min((long for long in longs if long[1] > 0 and _pairs(short, long[0])),
                       key=lambda long: _spread_risk(short, long[0]), default=None)
            if pair is None:
                break
            paired = min(count, pair[1])
            pair[1] -= paired
            count -= paired
            if short.currency == option.currency:
                cash_needed += paired * short.multiplier * _spread_risk(short, pair[0])
        if count <= 0:
            continue
        if right is Right.CALL:
            units_needed += count * short.multiplier
        elif short.currency == option.currency:
            cash_needed += count * short.multiplier * (short.strike or Decimal(0))
    if units_needed:
        held = instrument_of(underlying) if underlying is not None else None
        if held is None or trial.position_quantity(held.symbol) * held.multiplier < units_needed:
            return False
    return trial.cash.get(option.currency, Decimal(0)) - cash_c >= cash_needed


def _pairs(short: Instrument, long: Instrument) -> bool:
    """A long option that limits a short one's risk: same multiplier and currency, expiring no earlier."""
    return long.multiplier == short.multiplier and long.currency == short.currency and \
        (long.expiry or short.expiry) >= (short.expiry or long.expiry)  # type: ignore[operator]


def _spread_risk(short: Instrument, long: Instrument) -> Decimal:
    """The spread's maximum loss per unit of the underlying: what the short's strike is on the wrong side
    of the long's (0 for a debit spread)."""
    short_strike, long_strike = short.strike or Decimal(0), long.strike or Decimal(0)
    risk = long_strike - short_strike if short.right is Right.CALL else short_strike - long_strike
    return max(risk, Decimal(0))


def minimum_equity_refusal(account: Account, impact: MarginImpact, minimum_equity: Decimal,
                           loan: Callable[[], str | None]) -> str | None:
    """The refusal of a borrowing order while ELV after it is under the minimum (in base), or None.
    ``loan`` says what the order borrows; it is asked only under the minimum."""
    elv = impact.equity_with_loan.after
    if elv >= minimum_equity:
        return None
    borrowed = loan()
    if borrowed is None:
        return None
    currency = impact.currency
    minimum = "USD 2,000" if currency == "USD" else f"USD 2,000 ({minimum_equity:,.2f} {currency})"
    return (f"account {account.account_id} would have {elv:,.2f} {currency} of equity with loan value, under the "
            f"{minimum} IB needs to lend (\"{IB_MINIMUM_WORDS}\"), and the order borrows: {borrowed}. Orders paid "
            "in full from cash and closing orders are accepted")
