"""Margin compliance (the seed's "Will IBKR delay liquidation...", "Key Margin Definitions"):

- an account whose Equity with Loan Value falls below its maintenance margin (Excess Liquidity
  under zero) is liquidated at once, with market orders, the reason logged;
- Soft Edge Margin: while ELV stays at 90% of the maintenance requirement or more, US stocks are
  not liquidated before 15:45 ET, when the requirement must be met in full.

Each position's close is tried as a what-if; those that add most to the excess liquidity go first
(never a hedge whose close would deepen the deficit). A position is reduced (sold, or bought back) by
the quantity that covers the deficit, with a tenth more for slippage, and so is a derivative
position. Working liquidation orders are left to fill before more are placed.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime, time
from decimal import Decimal

from workstation.engine.accounts import Account
from workstation.engine.commands import PlaceOrder
from workstation.engine.events import Event, LiquidationStarted
from workstation.engine.instruments import InstrumentCatalog
from workstation.engine.margin import MarginModel
from workstation.engine.market.calendar import MarketState
from workstation.engine.orders import Action, Order, OrderType
from workstation.engine.state import EngineState

Place = Callable[[EngineState, PlaceOrder, list[Event]], Order]
Cancel = Callable[[EngineState, Order, str, list[Event]], None]
SOFT_EDGE_SHARE = 0.90
SOFT_EDGE_DEADLINE = time(15, 45)
LIQUIDATION_REF = "Liquidation"
_SLIPPAGE = 1.10
_FEW_ACCOUNTS = 16


class Liquidator:
    def __init__(self, catalog: InstrumentCatalog, margin: MarginModel, place: Place, cancel: Cancel) -> None:
        self._catalog = catalog
        self._margin = margin
        self._place = place    # the desk's placement, checks bypassed: liquidation must go through
        self._cancel = cancel

    def check(self, state: EngineState, sink: list[Event], account_ids: list[str] | None = None) -> None:
        """Liquidate every account in a maintenance deficit that Soft Edge Margin does not shelter
        (every margin account when prices moved; those named, after they traded)."""
        if state.market_state is not MarketState.OPEN:
            return
        candidates = state.accounts.values() if account_ids is None else (state.accounts[i] for i in account_ids)
        holders = [a for a in candidates if a.positions and a.is_margined]
        if not holders:
            return
        if len(holders) > _FEW_ACCOUNTS:  # many accounts: one vectorised pass
            summary = self._margin.batch_figures(holders, state.now)
            figures = [(float(summary.equity_with_loan[i]), float(summary.maintenance[i])) for i in range(len(holders))]
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
    def next_deadline(state: EngineState) -> datetime | None:
        """15:45 ET today, while an account is sheltered by Soft Edge Margin: the clock stops there."""
        if not state.soft_edge or state.now.time() >= SOFT_EDGE_DEADLINE:
            return None
        return state.now.replace(hour=SOFT_EDGE_DEADLINE.hour, minute=SOFT_EDGE_DEADLINE.minute, second=0,
                                 microsecond=0)

    @staticmethod
    def _liquidation_orders(state: EngineState, account: Account) -> list[Order]:
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

    def _liquidate(self, state: EngineState, account: Account, deficit: float, elv: float, maintenance: float,
                   sink: list[Event]) -> None:
        base = account.base_currency
        reason = (f"Equity with loan value {elv:,.2f} {base} is below the maintenance margin {maintenance:,.2f} "
                  f"{base}: a deficit of {deficit:,.2f} {base}")
        orders = []
        left = deficit
        for gain, symbol, side, units in self._cures(state, account):
            if left <= 0:
                break
            # Only the units the deficit needs (what a close adds is close to proportional to its size).
            per_unit = gain / float(units)
            needed = min(units, Decimal(math.ceil(left * _SLIPPAGE / per_unit)))
            gain = per_unit * float(needed)
            orders.append((symbol, side, needed))
            left -= gain
        sink.append(LiquidationStarted(account.account_id, Decimal(f"{deficit:.2f}"), reason, tuple(orders),
                                       state.now))
        for symbol, side, units in orders:
            order = self._place(state, PlaceOrder(account.account_id, symbol, side, units, OrderType.MKT,
                                                  order_ref=LIQUIDATION_REF), sink)
            state.liquidations.setdefault(account.account_id, []).append(order.order_id)
            totals = self._margin.risk.totals(account, state.now)
            if totals.equity_with_loan >= totals.maintenance:  # cured by what has filled already
                for order in self._liquidation_orders(state, account):
                    self._cancel(state, order, "Margin deficit cured; the rest of the liquidation is cancelled",
                                 sink)
                break

    def _cures(self, state: EngineState, account: Account) -> list[tuple[float, str, Action, Decimal]]:
        """Closing each position, what it adds to the excess liquidity (a what-if each), best first;
        positions whose close would not help (a hedge) are left alone."""
        cures = []
        for position in account.positions.values():
            if not position.quantity:
                continue
            side = Action.SELL if position.quantity > 0 else Action.BUY
            quote = state.market.quote(position.symbol)
            price = quote.bid if side is Action.SELL else quote.ask
            if price <= 0:
                continue
            fill = self._margin.proposed_fill(position.symbol, side, abs(position.quantity), price)
            gain = float(self._margin.impact(account, [fill], state.now).excess_liquidity.change)
            if gain > 0:
                cures.append((gain, position.symbol, side, abs(position.quantity)))
        return sorted(cures, key=lambda cure: (-cure[0], cure[1]))
