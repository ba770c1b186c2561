"""Cash-account rules: pay in full from settled cash in the right currency, never go short, no futures;
options only as ``cash_options`` allows (covered calls, cash-secured puts, European spreads).

Every order that could spend cash is counted: a buy spends the contract's currency, an FX sale
spends its base currency, and commissions spend their own currency. An order is accepted only if
the account's settled cash covers it together with everything its other working orders could spend.

IB: "Accounts which have been set up as a 'Cash' type do not have access to the proceeds from the sale
of securities until such time the transaction has settled" (IB KB 814, http://ibkb.interactivebrokers.com/node/814);
"The real time check for fully settled cash is done at the Credit Check when entering a new order"
(IB KB 3101, https://ibkr.info/nl/node/3101). This is the strict model (decision D2.2): every purchase
needs cash settled now. Market and stop orders carry IB's cushion: "When authorizing market, relative
and VWAP orders, a 5% cash cushion is required to compensate for market movements" (IB account types,
https://www.interactivebrokers.co.in/en/index.php?f=1588&p=acctypes; decision D2.1). The refusal is in
the words of IB's order reject (error 201): "Available settled cash ... Cash needed for this order and
other pending orders ...".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from workstation.engine.core.account_rules import account_rule
from workstation.engine.core.commissions import commission_currency, order_commission
from workstation.engine.core.errors import Rejection
from workstation.engine.core.instruments import Instrument, InstrumentCatalog, Right, SecType
from workstation.engine.core.terms import Action, OrderType
from workstation.engine.ledger.accounts import Account
from workstation.engine.market.quotes import Quote
from workstation.engine.orders.mutual_funds import shares_for
from workstation.engine.orders.order import Order
from workstation.engine.orders.price_estimate import estimate_price
from workstation.engine.risk.book import RiskState
from workstation.engine.risk.cash_options import option_commitments


@dataclass(frozen=True, slots=True)
class OrderTerms:
    """The shape of an order, placed or proposed, as far as cash is concerned."""

    account: str
    symbol: str
    action: Action
    quantity: Decimal
    order_type: OrderType
    lmt_price: Decimal | None
    aux_price: Decimal | None
    cash_qty: Decimal | None = None
    together: bool = False  # a combo's leg, which fills with its other legs

    @classmethod
    def of(cls, order: Order) -> OrderTerms:
        return cls(order.account, order.symbol, order.action, order.remaining, order.order_type, order.lmt_price,
                   order.aux_price, order.cash_qty if order.awaiting_nav else None, order.parent_id is not None)


MARKET_CUSHION = Decimal("1.05")
"""A market or stop purchase in a cash account needs 5% more cash than its estimate (decision D2.1)."""

def cash_needed(instrument: Instrument, terms: OrderTerms, quote: Quote,
                price: Decimal | None = None) -> dict[str, Decimal]:
    """``outflow``, with IB's 5% cushion on a purchase whose price is not known in advance: a market
    or stop order estimated at the touch or its stop (not one given its price, nor a fund bought
    for an amount)."""
    spent = outflow(instrument, terms, quote, price)
    if price is None and terms.cash_qty is None and terms.action is Action.BUY \
            and not terms.order_type.takes_limit:
        return {currency: (amount * MARKET_CUSHION).quantize(Decimal("0.01")) for currency, amount in spent.items()}
    return spent


def outflow(instrument: Instrument, terms: OrderTerms, quote: Quote,
            price: Decimal | None = None) -> dict[str, Decimal]:
    """Cash each currency would lose if ``terms`` filled in full at ``price`` (default: its estimate)."""
    spent: dict[str, Decimal] = defaultdict(Decimal)
    if terms.cash_qty is not None:
        # A fund bought for an amount: the amount, and the commission on the shares it may buy.
        shares = Decimal(shares_for(terms.cash_qty, quote.last, instrument.multiplier))
        spent[instrument.currency] += terms.cash_qty
        spent[commission_currency(instrument)] += order_commission(instrument, shares, terms.cash_qty)
        return spent
    if terms.quantity <= 0:
        return spent
    price = price if price is not None else estimate_price(terms.action, terms.order_type, terms.lmt_price,
                                                          terms.aux_price, quote)
    value = terms.quantity * price * instrument.multiplier
    if terms.action is Action.BUY:
        spent[instrument.currency] += value
    elif instrument.sec_type is SecType.CASH:
        spent[instrument.underlying or ""] += terms.quantity
    spent[commission_currency(instrument)] += order_commission(instrument, terms.quantity, value)
    return spent


def _pending_terms(state: RiskState, account_id: str, replacing: int | frozenset[int] | None) -> Iterator[OrderTerms]:
    """What the account's working orders could still spend or sell: its own orders, and its part
    of every working advisor order it is allocated from."""
    left_out = replacing if isinstance(replacing, frozenset) else frozenset({replacing})
    for order in state.working.values():
        if order.order_id in left_out or order.combo is not None:
            continue  # a combo reserves through its legs' orders
        if order.account == account_id:
            yield OrderTerms.of(order)
        elif order.allocation is not None:
            for row in order.allocation.rows:
                if row.account == account_id and order.awaiting_nav and row.amount:
                    yield replace(OrderTerms.of(order), account=account_id, cash_qty=row.amount)
                elif row.account == account_id and row.allowed_quantity > row.allocated:
                    yield replace(OrderTerms.of(order), account=account_id,
                                  quantity=Decimal(row.allowed_quantity - row.allocated))


@account_rule
def check_cash_account(state: RiskState, catalog: InstrumentCatalog, account: Account, terms: OrderTerms,
                       replacing: int | frozenset[int] | None = None, price: Decimal | None = None,
                       field: str = "total_quantity", also: Sequence[OrderTerms] = ()) -> None:
    """Refuse ``terms`` if the cash account cannot pay for it in full or it would open a short.

    ``replacing`` is the id (or ids) of working orders these terms replace, left out of the sums;
    ``also`` are terms placed together with these (a combo's other legs), counted with them.
    """
    instrument = catalog[terms.symbol]
    if instrument.sec_type in (SecType.FUT, SecType.FOP):
        raise Rejection("CASH_ACCOUNT_NOT_ELIGIBLE", "symbol", f"{instrument.symbol} is a futures contract; cash "
                        f"account {account.account_id} cannot trade futures")
    others = [*_pending_terms(state, account.account_id, replacing), *also]
    if terms.action is Action.SELL and instrument.sec_type is not SecType.CASH:
        on_sale = sum((o.quantity for o in others if o.symbol == terms.symbol and o.action is Action.SELL),
                      Decimal(0))
        held = account.position_quantity(terms.symbol) - on_sale
        if terms.quantity > held and not instrument.is_option:  # options: see cash_options
            raise Rejection("SHORT_SALE_NOT_ALLOWED",
                            field, f"selling {terms.quantity.normalize():f} {instrument.symbol} would open a "
                            f"short position; cash account {account.account_id} holds {held.normalize():f} "
                            "not already on sale")
    if instrument.is_option and terms.action is Action.SELL and instrument.right is Right.CALL \
            and account.position_quantity(terms.symbol) < terms.quantity:
        _refuse_unpaid_cover(account, instrument, terms, field)
    needed = cash_needed(instrument, terms, state.market.quote(terms.symbol), price)
    committing, committed = option_commitments(catalog, account, terms, others, field)
    reserved: dict[str, Decimal] = defaultdict(Decimal, committed)
    for currency, amount in committing.items():
        needed[currency] = needed.get(currency, Decimal(0)) + amount
    for pending in others:
        for currency, amount in cash_needed(catalog[pending.symbol], pending,
                                            state.market.quote(pending.symbol)).items():
            reserved[currency] += amount
    # A purchase (an FX trade buys one currency with another) is paid from settled cash. A sale's commission
    # comes out of its proceeds, in the contract's currency: nothing to find then (so an account may sell
    # what it has not paid for, the free riding ``free_riding`` looks for); in another currency, from cash.
    # The cash a short put commits is held from settled cash too (the premium does not count, decision D4.1).
    buying = terms.action is Action.BUY or instrument.sec_type is SecType.CASH or any(
        amount > 0 for amount in committing.values())
    for currency, amount in needed.items():
        if buying:
            settled = account.settled_cash_in(currency)
        elif currency == instrument.currency:
            continue
        else:
            settled = account.cash_in(currency)
        if amount + reserved[currency] > settled:
            restricted = state.cash_up_front.get(account.account_id)
            because = "" if restricted is None else (
                f" (account {account.account_id} is restricted to purchases with settled cash: free riding, "
                f"Cash Up Front until {restricted:%d %b %Y})")
            kind = "settled cash" if buying else "cash"
            raise Rejection("INSUFFICIENT_CASH", field,
                            f"Available {kind}: {settled:,.2f} {currency} Cash needed for this order and "
                            f"other pending orders: {amount + reserved[currency]:,.2f} {currency}{because}")


def _refuse_unpaid_cover(account: Account, option: Instrument, terms: OrderTerms, field: str) -> None:
    """A call written on shares not paid in full is refused: IB's covered call in a cash account needs "Stock
    paid in full". A purchase of the underlying that settled cash did not cover (``UnpaidPurchase``, the free
    riding surveillance's record) is unpaid while the account's settled cash in its currency is negative; its
    shares cover no call until a deposit pays for them or the purchase settles."""
    underlying = option.underlying
    owed = [u for u in account.unpaid if u.symbol == underlying and not u.sold]
    if not owed:
        return
    settled = account.settled_cash_in(owed[0].currency)
    if settled >= 0:
        return
    raise Rejection("STOCK_NOT_PAID", field, f"writing {terms.quantity.normalize():f} {option.symbol} needs "
                    f"{underlying} paid in full (IB's covered call in a cash account: \"Stock paid in full\"); cash "
                    f"account {account.account_id} has not paid for its purchase of {underlying}: settled cash is "
                    f"{settled:,.2f} {owed[0].currency}")
