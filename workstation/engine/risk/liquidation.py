"""Margin compliance (the seed's "Will IBKR delay liquidation...", "Key Margin Definitions"):

- an account whose Equity with Loan Value falls below its maintenance margin (Excess Liquidity
  under zero) is liquidated at once, with market orders, the reason logged;
- Soft Edge Margin: while ELV stays at 90% of the maintenance requirement or more, US stocks are
  not liquidated before 15:45 ET, when the requirement must be met in full;
- the Reg T check: from 15:50 ET an account that traded today must have a non-negative SMA; the
  shortfall is liquidated by selling (or buying back) the positions whose close releases most SMA.

Each position's close is tried as a what-if; those that add most to the excess liquidity go first
(never a hedge whose close would deepen the deficit). A position is reduced (sold, or bought back) by
the quantity that covers the deficit, with a tenth more for slippage, and so is a derivative
position. Working liquidation orders are left to fill before more are placed.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, time
from decimal import Decimal
from itertools import chain

import numpy as np

from workstation.engine.core.instruments import InstrumentCatalog
from workstation.engine.core.terms import Action, MarketState, OrderType
from workstation.engine.ledger.accounts import Account
from workstation.engine.margin import MarginModel
from workstation.engine.margin.sma import SmaLedger
from workstation.engine.messages.commands import PlaceOrder
from workstation.engine.messages.events import Event, LiquidationStarted
from workstation.engine.orders.order import Order
from workstation.engine.risk.book import RiskState

Place = Callable[[RiskState, PlaceOrder, list[Event]], Order]
Cancel = Callable[[RiskState, Order, str, list[Event]], None]
Close = tuple[str, Action, Decimal]  # symbol, side, units
SOFT_EDGE_SHARE = 0.90
SOFT_EDGE_DEADLINE = time(15, 45)
REG_T_CHECK = time(15, 50)
LIQUIDATION_REF = "Liquidation"
_SLIPPAGE = 1.10
_FEW_ACCOUNTS = 16


class Liquidator:
    def __init__(self, catalog: InstrumentCatalog, margin: MarginModel, sma: SmaLedger, place: Place,
                 cancel: Cancel, holding: Callable[[], Iterable[Account]]) -> None:
        self._holding = holding  # the accounts with positions, in ledger order (only they can be in deficit)
        self._catalog = catalog
        self._margin = margin
        self._sma = sma
        self._place = place    # the desk's placement, checks bypassed: liquidation must go through
        self._cancel = cancel

    def check(self, state: RiskState, sink: list[Event], account_ids: list[str] | None = None) -> None:
        """Liquidate every account in a maintenance deficit that Soft Edge Margin does not shelter
        (every margin account when prices moved; those named, after they traded)."""
        if state.market_state is not MarketState.OPEN:
            return
        if account_ids is None:
            holders = [a for a in self._holding() if a.is_margined]
        else:
            accounts = state.accounts
            holders = [a for i in account_ids if (a := accounts[i]).positions and a.is_margined]
        if not holders:
            return
        reg_t = self._sma.shortfalls(state, (a.account_id for a in holders)) if (
            state.now.time() >= REG_T_CHECK and state.day_traded) else {}
        if len(holders) > _FEW_ACCOUNTS:  # many accounts: one vectorised pass (the SMA floor's, when they traded)
            summary = self._margin.recent_batch_figures(holders, state.now)
            elvs, maintenances = summary.equity_with_loan, summary.maintenance
            # Only an account in deficit, called by the Reg T check or with liquidation orders working
            # has anything to do: the rest, nearly always all of them, are passed over in one array test.
            concerned = np.flatnonzero(maintenances - elvs > 0).tolist()
            if reg_t or state.liquidations:
                where = {a.account_id: i for i, a in enumerate(holders)}
                concerned = sorted({*concerned, *(where[a] for a in chain(reg_t, state.liquidations) if a in where)})
            holders = [holders[i] for i in concerned]
            figures = list(zip(elvs[concerned].tolist(), maintenances[concerned].tolist(), strict=True))
        else:  # a few: their figures kept group by group, computed afresh only when near a deficit
            figures = []
            for account in holders:
                totals, slack = self._margin.risk.loose_totals(account, state.now)
                if slack and totals.equity_with_loan - totals.maintenance > slack:
                    figures.append((1.0, 0.0))  # clearly in surplus
                    continue
                exact = self._margin.risk.totals(account, state.now) if slack else totals
                figures.append((exact.equity_with_loan, exact.maintenance))
        for account, (elv, maintenance) in zip(holders, figures, strict=True):
            deficit = maintenance - elv
            if deficit <= 0:
                if account.account_id in reg_t:
                    if not self._liquidation_orders(state, account):
                        self._liquidate_reg_t(state, account, reg_t[account.account_id], sink)
                    continue
                for order in self._liquidation_orders(state, account):  # cured: the rest is not needed
                    self._cancel(state, order, "Margin deficit cured; the rest of the liquidation is cancelled", sink)
                continue
            if self._liquidation_orders(state, account):
                continue
            if elv >= SOFT_EDGE_SHARE * maintenance and state.now.time() < SOFT_EDGE_DEADLINE:
                state.soft_edge.add(account.account_id)  # Soft Edge Margin: the account has until 15:45 ET
                continue
            state.soft_edge.discard(account.account_id)
            self._liquidate(state, account, deficit, elv, maintenance, sink)
        if state.now.time() >= SOFT_EDGE_DEADLINE:
            state.soft_edge.clear()

    @staticmethod
    def next_deadline(state: RiskState) -> datetime | None:
        """Where the clock must stop for a check: 15:45 ET while an account is sheltered by Soft Edge
        Margin, 15:50 ET while an account that traded today has a negative SMA."""
        now = state.now.time()
        if state.soft_edge and now < SOFT_EDGE_DEADLINE:
            deadline = SOFT_EDGE_DEADLINE
        elif now < REG_T_CHECK and any(state.sma.get(a, 0) < 0 for a in state.day_traded):
            deadline = REG_T_CHECK
        else:
            return None
        return state.now.replace(hour=deadline.hour, minute=deadline.minute, second=0, microsecond=0)

    @staticmethod
    def _liquidation_orders(state: RiskState, account: Account) -> list[Order]:
        """The account's liquidation orders still working (``state.liquidations`` keeps their ids)."""
        ids = state.liquidations.get(account.account_id)
        if not ids:
            return []
        working = [state.working[i] for i in ids if i in state.working]
        if working:
            state.liquidations[account.account_id] = [o.order_id for o in working]
        else:
            del state.liquidations[account.account_id]
        return working

    def _liquidate(self, state: RiskState, account: Account, deficit: float, elv: float, maintenance: float,
                   sink: list[Event]) -> None:
        base = account.base_currency
        reason = (f"Equity with loan value {elv:,.2f} {base} is below the maintenance margin {maintenance:,.2f} "
                  f"{base}: a deficit of {deficit:,.2f} {base}")
        orders = _units_needed(deficit, self._cures(state, account))
        sink.append(LiquidationStarted(account.account_id, Decimal(f"{deficit:.2f}"), reason, tuple(orders),
                                       state.now))
        self._place_closes(state, account, orders, sink)

    def _liquidate_reg_t(self, state: RiskState, account: Account, shortfall: Decimal, sink: list[Event]) -> None:
        """Close what releases the SMA shortfall, the positions releasing most per unit first."""
        cures = []
        for symbol, side, units, price in _closes(state, account):
            per_unit = self._sma.release(account, symbol, price)
            if per_unit > 0:
                cures.append((float(per_unit * units), symbol, side, units))
        orders = _units_needed(float(shortfall), sorted(cures, key=lambda cure: (-cure[0] / float(cure[3]), cure[1])))
        reason = (f"SMA is {-shortfall:,.2f} {account.base_currency} after today's trades: Reg T initial margin is "
                  f"not met at the {REG_T_CHECK:%H:%M} ET check")
        sink.append(LiquidationStarted(account.account_id, shortfall, reason, tuple(orders), state.now))
        for close in orders:
            self._place_close(state, account, close, sink)

    def _place_close(self, state: RiskState, account: Account, close: Close, sink: list[Event]) -> None:
        """One liquidation order: a market order, remembered as the account's liquidation."""
        symbol, side, units = close
        order = self._place(state, PlaceOrder(account.account_id, symbol, side, units, OrderType.MKT,
                                              order_ref=LIQUIDATION_REF), sink)
        state.liquidations.setdefault(account.account_id, []).append(order.order_id)

    def _place_closes(self, state: RiskState, account: Account, orders: list[Close], sink: list[Event]) -> None:
        for close in orders:
            self._place_close(state, account, close, sink)
            totals = self._margin.risk.totals(account, state.now)
            if totals.equity_with_loan >= totals.maintenance:  # cured by what has filled already
                for order in self._liquidation_orders(state, account):
                    self._cancel(state, order, "Margin deficit cured; the rest of the liquidation is cancelled",
                                 sink)
                break

    def _cures(self, state: RiskState, account: Account) -> list[tuple[float, str, Action, Decimal]]:
        """Closing each position, what it adds to the excess liquidity (a what-if each), best first;
        positions whose close would not help (a hedge) are left alone."""
        cures = []
        for symbol, side, units, price in _closes(state, account):
            fill = self._margin.proposed_fill(symbol, side, units, price)
            gain = float(self._margin.impact(account, [fill], state.now).excess_liquidity.change)
            if gain > 0:
                cures.append((gain, symbol, side, units))
        return sorted(cures, key=lambda cure: (-cure[0], cure[1]))


def _closes(state: RiskState, account: Account) -> Iterator[tuple[str, Action, Decimal, Decimal]]:
    """Each position's close at the touch: symbol, side, units and price (none without a price)."""
    for position in account.positions.values():
        if not position.quantity:
            continue
        side = Action.SELL if position.quantity > 0 else Action.BUY
        quote = state.market.quote(position.symbol)
        price = quote.bid if side is Action.SELL else quote.ask
        if price > 0:
            yield position.symbol, side, abs(position.quantity), price


def _units_needed(shortfall: float, cures: list[tuple[float, str, Action, Decimal]]) -> list[Close]:
    """From ``cures`` (what closing each whole position gives, best first), the closes that cover
    ``shortfall`` with a tenth more for slippage: only the units needed, what a close gives being
    close to proportional to its size."""
    orders = []
    left = shortfall
    for gain, symbol, side, units in cures:
        if left <= 0:
            break
        per_unit = gain / float(units)
        needed = min(units, Decimal(math.ceil(left * _SLIPPAGE / per_unit)))
        orders.append((symbol, side, needed))
        left -= per_unit * float(needed)
    return orders
