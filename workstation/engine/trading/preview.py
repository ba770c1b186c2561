"""The what-if preview of an order (TWS's Order Preview, the API's ``whatIf``): would it be accepted,
what would it cost, and its Margin Impact on the account, or on every account an advisor order is shared
among. ``OrderPreview`` is the answer; ``Previewer`` works it out with the desk's own checks. Nothing
changes: not the ledgers, not the market, not the RNG.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from workstation.engine.allocation.combo_plans import ComboPlans
from workstation.engine.core.commissions import commission_currency, order_commission
from workstation.engine.core.errors import Rejected, Rejection
from workstation.engine.core.instruments import Instrument, InstrumentCatalog
from workstation.engine.core.terms import AccountType, Action, ComboLeg, MarketState, OrderType
from workstation.engine.ledger.accounts import Account
from workstation.engine.margin import MarginImpact, MarginModel, ProposedFill
from workstation.engine.margin.risk_cache import trial_account
from workstation.engine.market.calendar import EASTERN
from workstation.engine.market.quotes import Quote
from workstation.engine.messages.commands import PlaceOrder
from workstation.engine.orders.allocation_plan import AllocationPlan
from workstation.engine.orders.mutual_funds import shares_for
from workstation.engine.orders.price_estimate import estimate_price, fill_price_range
from workstation.engine.risk.cash_options import commitment_warning
from workstation.engine.risk.fee_ledger import ExposureFeeImpact, ExposureFees
from workstation.engine.risk.liquidation import REG_T_CHECK
from workstation.engine.trading.book import TradingState
from workstation.engine.trading.desk import OrderDesk


@dataclass(frozen=True, slots=True)
class OrderPreview:
    """``rejected`` is set when the order would be refused; the estimate is then still shown.
    ``margin`` is the Margin Impact on the order's account; an advisor order has one per client
    account in ``account_margins`` instead. ``exposure_fee`` is "Check Exposure Fee Impact", offered
    to accounts charged an exposure fee in the last 30 days (else ``exposure_fee_unavailable`` says why)."""

    rejected: Rejected | None
    estimated_price: Decimal
    commission: Decimal
    commission_currency: str
    allocation: AllocationPlan | None = None
    margin: MarginImpact | None = None
    account_margins: tuple[MarginImpact, ...] = ()
    exposure_fee: ExposureFeeImpact | None = None
    exposure_fee_unavailable: str = ""
    warnings: tuple[str, ...] = ()
    # The least and the most the order's commission can be once it has filled completely: a fee
    # that is a share of the trade's value (IBKR Pro's 1% cap on US stocks, German stocks, FX)
    # depends on the prices the order may fill at, between the touch and its limit.
    min_commission: Decimal | None = None
    max_commission: Decimal | None = None
    # The order's value at the estimated price (quantity x price x multiplier), in ``value_currency``,
    # the contract's currency; None for a combo, whose legs may differ in multiplier.
    value: Decimal | None = None
    value_currency: str = ""

    def __post_init__(self) -> None:
        if self.min_commission is None:
            object.__setattr__(self, "min_commission", self.commission)
        if self.max_commission is None:
            object.__setattr__(self, "max_commission", self.commission)






def build_preview(instrument: Instrument, quantity: Decimal, price: Decimal, rejected: Rejected | None,
                  plan: AllocationPlan | None = None,
                  price_range: tuple[Decimal, Decimal] | None = None) -> OrderPreview:
    """The estimate at ``price``, with the commission's range over ``price_range``; an allocated
    order's commission is each account's own, added up."""
    multiplier = instrument.multiplier
    if plan is not None:
        # A fund order for cash has no shares yet: each account's amount buys them at the estimate.
        shares = [Decimal(row.allowed_quantity) if plan.cash_qty is None
                  else Decimal(shares_for(row.amount, price, multiplier)) for row in plan.rows]
    else:
        shares = [quantity]

    def commission_at(at: Decimal) -> Decimal:
        return sum((order_commission(instrument, units, units * at * multiplier) for units in shares if units > 0),
                   Decimal(0))

    commission = commission_at(price)
    bounds = [commission] + [commission_at(at) for at in (price_range or ())]
    value = sum(shares, Decimal(0)) * price * multiplier
    return OrderPreview(rejected, price, commission, commission_currency(instrument), plan,
                        min_commission=min(bounds), max_commission=max(bounds), value=value,
                        value_currency=instrument.currency)


def build_combo_preview(legs: list[tuple[ComboLeg, Instrument, Quote]], action: Action, units: Decimal,
                        lmt_price: Decimal | None, rejected: Rejected | None,
                        plans: ComboPlans | None = None) -> OrderPreview:
    """A combo's estimate: its limit, else the net of the touches its legs would take; the
    commission is every leg's own (each account's, for an advisor), added up."""
    net = Decimal(0)
    commission = Decimal(0)
    for i, (leg, instrument, quote) in enumerate(legs):
        side = leg.side(action)
        price = quote.ask if side is Action.BUY else quote.bid
        net += leg.action.sign * leg.ratio * price
        sizes = [units * leg.ratio] if plans is None else [Decimal(r.allowed_quantity) for r in plans.legs[i].rows]
        commission += sum((order_commission(instrument, size, size * price * instrument.multiplier)
                           for size in sizes if size > 0), Decimal(0))
    price = lmt_price if lmt_price is not None else net
    return OrderPreview(rejected, price, commission, commission_currency(legs[0][1]),
                        None if plans is None else plans.units)


def _nothing(rejected: Rejected | None) -> OrderPreview:
    return OrderPreview(rejected, Decimal(0), Decimal(0), "USD")


class Previewer:
    def __init__(self, catalog: InstrumentCatalog, desk: OrderDesk, margin: MarginModel, fees: ExposureFees) -> None:
        self._catalog = catalog
        self._desk = desk
        self._margin = margin
        self._fees = fees

    def preview(self, state: TradingState, command: PlaceOrder) -> OrderPreview:
        rejected, plan = None, None
        try:
            plan = self._desk.validate_place(state, command)
        except Rejection as refusal:
            rejected = Rejected(refusal.code, refusal.field, refusal.message)
        except (ArithmeticError, ValueError) as error:
            return _nothing(Rejected("INVALID_VALUE", "command", "the order carries a value the engine cannot use "
                                     f"({error})"))
        if command.is_combo:
            return self._combo(state, command, plan, rejected)
        instrument = self._catalog.get(command.symbol)
        if rejected is not None and (instrument is None or not instrument.tradable
                                     or not command.total_quantity.is_finite()):
            return _nothing(rejected)
        assert instrument is not None and not isinstance(plan, ComboPlans)
        quote = state.market.quote(command.symbol)
        if command.cash_qty is not None and command.cash_qty.is_finite():
            # A fund bought for cash: the shares the amount buys at the last NAV.
            price = quote.last
            quantity = Decimal(shares_for(command.cash_qty, price, instrument.multiplier))
        else:
            price = estimate_price(command.action, command.order_type, command.lmt_price, command.aux_price, quote)
            quantity = command.total_quantity
        quantity = quantity if plan is None else Decimal(plan.total_allowed)
        preview = build_preview(instrument, quantity, price, rejected, plan,
                                fill_price_range(command.action, command.order_type, command.lmt_price, quote, price))
        if plan is None:
            fills = {command.account: [(command.symbol, quantity, price)]}
        else:
            fills = {row.account: [(command.symbol, Decimal(row.allowed_quantity), price)] for row in plan.rows
                     if row.allowed_quantity}
        return self._with_margin(state, command, preview, fills, plan)

    def _combo(self, state: TradingState, command: PlaceOrder, plans: ComboPlans | AllocationPlan | None,
               rejected: Rejected | None) -> OrderPreview:
        legs = [(leg, self._catalog[leg.symbol], state.market.quote(leg.symbol)) for leg in command.legs
                if leg.symbol in self._catalog]
        if len(legs) != len(command.legs) or not legs or not command.total_quantity.is_finite() or (
                rejected is not None and not all(instrument.tradable for _, instrument, _ in legs)):
            return _nothing(rejected)
        assert not isinstance(plans, AllocationPlan)
        units = command.total_quantity if plans is None else Decimal(plans.units.total_allowed)
        preview = build_combo_preview(legs, command.action, units, command.lmt_price, rejected, plans)
        prices = [estimate_price(leg.side(command.action), OrderType.MKT, None, None, quote) for leg, _, quote in legs]
        shares = {command.account: units} if plans is None else {
            row.account: Decimal(row.allowed_quantity) for row in plans.units.rows if row.allowed_quantity}
        fills = {account: [(leg.symbol, count * leg.ratio, price) for (leg, _, _), price in zip(legs, prices,
                                                                                                 strict=True)]
                 for account, count in shares.items()}
        return self._with_margin(state, command, preview, fills, plans)

    def _with_margin(self, state: TradingState, command: PlaceOrder, preview: OrderPreview,
                     fills: dict[str, list[tuple[str, Decimal, Decimal]]], plan: object) -> OrderPreview:
        """The Margin Impact of each account's part (the order's account, or every client)."""
        account = state.accounts.get(command.account)
        if account is not None and account.is_advisor and plan is None:
            return preview  # a refused advisor order: the master holds nothing, so it has no Margin Impact
        if account is None or not all(quantity.is_finite() and quantity >= 0 for parts in fills.values()
                                      for _, quantity, _ in parts):
            return preview
        impacts, exposure, loans, later = [], None, [], []
        for account_id, parts in fills.items():
            client = state.accounts[account_id]
            proposed = [self._fill(command, symbol, quantity, price) for symbol, quantity, price in parts if quantity]
            impacts.append(self._margin.impact(client, proposed, state.now))
            if client.account_type is AccountType.CASH:  # what its short options would commit, in its place
                loans.append(commitment_warning(self._catalog, client, [
                    (fill.instrument.symbol, fill.quantity * fill.action.sign) for fill in proposed]) or None)
                later.append(None)
                continue
            loan = self._margin.minimum_equity_refusal(client, proposed, impacts[-1], state.now)
            loans.append(loan or self._desk.day_trading_refusal(state, client, proposed, impacts[-1]))
            later.append(self._overnight_warning(state, client, proposed, impacts[-1]))
            if plan is None:  # "Check Exposure Fee Impact", for an order to one account
                exposure = self._fees.impact(state, client, trial_account(client, proposed, state.now))
        mine: MarginImpact | None = None if plan is not None else (impacts[0] if impacts else None)
        fee = exposure if not isinstance(exposure, str) else None
        return replace(preview, margin=mine, account_margins=tuple(impacts) if plan is not None else (),
                       exposure_fee=fee, exposure_fee_unavailable=exposure if isinstance(exposure, str) else "",
                       warnings=_warnings(state, command, impacts, fee, loans, later))

    def _overnight_warning(self, state: TradingState, account: Account, fills: list[ProposedFill],
                           impact: MarginImpact) -> str | None:
        """What the order leaves short at the next margin change: the futures' overnight margin (IB: "Margin
        accounts with lower Intraday futures margins have higher Overnight margins, applicable 15 minutes before
        the end of Regular Trading Hours", decision D7.1), or Reg T's 50%, checked through SMA from 15:50 ET on
        a trading day (decision D7.2)."""
        look_ahead = self._margin.look_ahead_funds(account, fills, impact, state.now)
        if look_ahead is not None and look_ahead < 0:
            change = self._margin.period(state.now).next_change.astimezone(EASTERN)
            return (f"Available funds at the next margin change ({change:%a %d %b %H:%M} ET) would be "
                    f"{look_ahead:,.2f} {impact.currency}: the overnight futures margin would not be met")
        if account.is_margined and state.market_state is MarketState.OPEN \
                and state.now.astimezone(EASTERN).time() >= REG_T_CHECK:
            shown = state.sma.get(account.account_id, Decimal(0))
            after = self._margin.sma_after(account, fills, shown)
            if after < 0 and after < shown:
                return (f"Reg T initial margin (50%) is checked at 15:50 ET; SMA after this order would be "
                        f"{after:,.2f} {impact.currency}")
        return None

    def _fill(self, command: PlaceOrder, symbol: str, quantity: Decimal, price: Decimal) -> ProposedFill:
        side = command.action
        for leg in command.legs:
            if leg.symbol == symbol:
                side = leg.side(command.action)
        return self._margin.proposed_fill(symbol, side, quantity, price)


def _warnings(state: TradingState, command: PlaceOrder, impacts: list[MarginImpact],
              fee: ExposureFeeImpact | None, loans: list[str | None],
              later: list[str | None] | None = None) -> tuple[str, ...]:
    """What TWS would warn about before transmitting (OrderState's warningText); ``loans``: for each
    account, what its short options would commit (a cash account), else its refusal under IB's USD 2,000
    minimum for borrowing, else its pattern day trader refusal (day-trading buying power exceeded, or a
    borrowing order under a day-trading call's restriction), or None; ``later``: what each account would
    be short of at the next margin change (``Previewer._overnight_warning``), or None."""
    warnings = []
    for impact, loan, overnight in zip(impacts, loans, later or [None] * len(impacts), strict=True):
        funds, excess = impact.available_funds.after, impact.excess_liquidity.after
        maintenance = impact.maintenance_margin.after
        who = f"account {impact.account}: " if len(impacts) > 1 else ""
        if loan is not None:
            warnings.append(f"{who}{loan}")
        if funds < 0:
            warnings.append(f"{who}available funds after the order would be {funds:,.2f} {impact.currency}")
        elif maintenance > 0 and excess < maintenance * _NEAR_MARGIN:
            warnings.append(f"{who}excess liquidity after the order ({excess:,.2f} {impact.currency}) would be within "
                            f"5% of the maintenance margin")
        if overnight is not None:
            warnings.append(f"{who}{overnight}")
    account = state.accounts.get(command.account)
    if account is not None and not command.is_combo and not account.is_advisor:
        held = account.position_quantity(command.symbol)
        if command.action.sign < 0 and command.total_quantity > max(held, Decimal(0)):
            warnings.append(f"the order opens a short position in {command.symbol}")
    if fee is not None and fee.totals()[1] > 0:
        warnings.append(f"the order raises the daily exposure fee by {fee.totals()[1]:,.2f}")
    return tuple(warnings)


_NEAR_MARGIN = Decimal("0.05")  # TWS colours an account yellow within 5% of its requirement
