"""ChartPanel: Mosaic's chart window for the linked symbol and one account, in four tabs.

- Price: five-minute candles and volume of the symbol (``Engine.bars``), live as quotes move.
- Risk Navigator: the account's P&L across moves of an underlying it holds (``Engine.pnl_curve``).
- Exposure Fee: the account's fee by product class (``Engine.exposure_fee``).
- Partition: a partition's NLV over time and its return net of transfers
  (``Engine.partition_performance``), for its holder and its advisor.

The panel reads engine read models through the bridge and draws them; it computes nothing. Quotes
arrive coalesced (at most once a frame); the risk and fee views, costlier to compute, refresh at
most once every ``refresh_ms`` and only while their tab is shown.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QTimer, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QTabWidget, QVBoxLayout, QWidget

from workstation.client.account_window import account_selections
from workstation.engine import PositionChanged
from workstation.ui import formatting
from workstation.ui import object_names as names
from workstation.ui.bridge import EngineBridge, QuoteChanges
from workstation.ui.charts.exposure_fee_chart import ExposureFeeChart
from workstation.ui.charts.partition_chart import PartitionChart
from workstation.ui.charts.price_chart import PriceChart
from workstation.ui.charts.risk_navigator_chart import RiskNavigatorChart
from workstation.ui.panels.contract_search import ContractSearchInput
from workstation.ui.theme import direction_colour
from workstation.ui.throttle import Throttle

log = logging.getLogger(__name__)

REFRESH_MS = 1000
PRICE_REFRESH_MS = 250
"""The live candle redraws at once on a move, then at most four times a second while prices stream."""
"""Risk Navigator and the exposure fee are recomputed at most once a second while they change."""
PRICE_TAB, RISK_TAB, EXPOSURE_FEE_TAB, PARTITION_TAB = range(4)


class ChartPanel(QWidget):
    """Charts of the linked symbol (``load_symbol``) and of ``account``'s risk."""

    sig_symbol_changed = Signal(str)
    """The chart now shows this symbol (typed in its own symbol box, or loaded by a linked panel)."""

    def __init__(self, bridge: EngineBridge, account: str, parent: QWidget | None = None, *, symbol: str = "",
                 refresh_ms: int = REFRESH_MS) -> None:
        super().__init__(parent)
        self.setObjectName(names.CHART_PANEL)
        self._bridge = bridge
        self._account = account
        self._symbol = ""
        self._risk_dirty = True
        self._fee_dirty = True
        self._partition_dirty = True

        self.symbol_input = ContractSearchInput(bridge.engine.catalog, self)
        self.symbol_input.setObjectName(names.CHART_SYMBOL)
        self.symbol_input.setPlaceholderText("Symbol")
        self.symbol_input.setMaximumWidth(220)
        self.symbol_input.sig_contract_chosen.connect(self.load_symbol)
        self.description = QLabel(self)
        self.description.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.quote_label = QLabel(self)
        self.price_chart = PriceChart(self)
        self.risk_chart = RiskNavigatorChart(self)
        self.risk_chart.sig_underlying_chosen.connect(lambda _symbol: self._mark_risk_dirty(now=True))
        self.fee_chart = ExposureFeeChart(self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName(names.CHART_TABS)
        self.tabs.addTab(self.price_chart, "Price")
        self.tabs.addTab(self.risk_chart, "Risk Navigator")
        self.tabs.addTab(self.fee_chart, "Exposure Fee")
        self.partition_chart = PartitionChart(self)
        self.partition_chart.sig_partition_chosen.connect(lambda _id: self._mark_partition_dirty(now=True))
        self.tabs.addTab(self.partition_chart, "Partition")
        self.tabs.currentChanged.connect(lambda _index: self._refresh_due())

        header = QHBoxLayout()
        header.setContentsMargins(4, 4, 4, 0)
        header.addWidget(self.symbol_input)
        header.addWidget(self.description, 1)
        header.addWidget(self.quote_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(header)
        layout.addWidget(self.tabs, 1)

        self._price_throttle = Throttle(self._show_live_price, PRICE_REFRESH_MS, self)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(refresh_ms)
        self._refresh_timer.timeout.connect(self._refresh_due)
        bridge.sig_quotes_updated.connect(self._on_quotes)
        bridge.sig_position_changed.connect(self._on_position_changed)
        bridge.sig_account_values_changed.connect(self._on_account_values)
        bridge.sig_session_opened.connect(lambda _event: self._mark_fee_dirty())
        bridge.sig_partitions_changed.connect(lambda _event: self._mark_partition_dirty(now=True))
        if symbol:
            self.load_symbol(symbol)
        self._refresh_due()

    # -- what a person (or a linked panel) does -------------------------------------------------

    @property
    def symbol(self) -> str:
        return self._symbol

    @property
    def account(self) -> str:
        return self._account

    @Slot(str)
    def load_symbol(self, symbol: str) -> None:
        """Chart ``symbol`` (typed, or chosen in a linked panel); Risk Navigator studies its
        underlying if the account holds positions on it."""
        engine = self._bridge.engine
        instrument = engine.catalog.get(symbol.strip().upper())
        if instrument is None:
            log.warning("chart: %r is not a known contract", symbol)
            return
        changed = instrument.symbol != self._symbol
        self._symbol = instrument.symbol
        self.symbol_input.setText(instrument.symbol)
        self.description.setText(instrument.description)
        self._show_price()
        self.risk_chart.choose(self._underlying_of_symbol())
        if changed:
            self.sig_symbol_changed.emit(instrument.symbol)

    @Slot(str)
    def set_account(self, account: str) -> None:
        """Show ``account``'s risk (the Risk Navigator and Exposure Fee tabs)."""
        if account == self._account:
            return
        self._account = account
        self._mark_risk_dirty(now=True)
        self._mark_fee_dirty(now=True)

    def refresh(self) -> None:
        """Draw everything again from the engine now (the timers do this as the engine changes)."""
        self._risk_dirty = self._fee_dirty = self._partition_dirty = True
        if self._symbol:
            self._show_price()
        self._show_risk()
        self._show_fee()
        self._show_partition()

    # -- engine updates -------------------------------------------------------------------------

    def _on_quotes(self, changes: QuoteChanges) -> None:
        if self._symbol and changes.includes(self._symbol):
            self._price_throttle.request()
        self._mark_risk_dirty()

    def _show_live_price(self) -> None:
        if self._symbol:
            self._show_price()

    def _on_position_changed(self, event: PositionChanged) -> None:
        if event.account_id == self._account:
            self._mark_risk_dirty()
            self._mark_fee_dirty()

    def _on_account_values(self, accounts: frozenset[str]) -> None:
        if self._account in accounts:
            self._mark_fee_dirty()
        if self.partition_chart.partition in accounts:
            self._mark_partition_dirty()

    def _mark_partition_dirty(self, now: bool = False) -> None:
        self._partition_dirty = True
        self._schedule(now)

    def _mark_risk_dirty(self, now: bool = False) -> None:
        self._risk_dirty = True
        self._schedule(now)

    def _mark_fee_dirty(self, now: bool = False) -> None:
        self._fee_dirty = True
        self._schedule(now)

    def _schedule(self, now: bool) -> None:
        if now:
            self._refresh_due()
        elif not self._refresh_timer.isActive():
            self._refresh_timer.start()

    def _refresh_due(self) -> None:
        """Recompute what is out of date and on show; the rest waits until its tab is opened."""
        tab = self.tabs.currentIndex()
        if tab == RISK_TAB and self._risk_dirty:
            self._show_risk()
        elif tab == EXPOSURE_FEE_TAB and self._fee_dirty:
            self._show_fee()
        elif tab == PARTITION_TAB and self._partition_dirty:
            self._show_partition()

    # -- drawing read models --------------------------------------------------------------------

    def _show_price(self) -> None:
        engine = self._bridge.engine
        places = formatting.places_for_tick(engine.catalog[self._symbol].tick_size)
        self.price_chart.show_bars(engine.bars(self._symbol), places)
        quote = engine.quote(self._symbol)
        self.quote_label.setText(f"{formatting.price(quote.last, places)}   {formatting.signed(quote.change, places)}"
                                 f"   {formatting.percent(quote.change_percent)}")
        colour = direction_colour(quote.change)
        style = f"color: {colour.name()};" if colour is not None else ""
        if style != self.quote_label.styleSheet():  # restyling is costly: only when the direction turns
            self.quote_label.setStyleSheet(style)

    def _underlying_of_symbol(self) -> str:
        """What Risk Navigator studies for the charted symbol: an option's underlying, else itself."""
        instrument = self._bridge.engine.catalog.get(self._symbol)
        if instrument is None:
            return ""
        return instrument.underlying if instrument.is_option and instrument.underlying else instrument.symbol

    def _has_account(self) -> bool:
        return self._account in self._bridge.engine.account_ids()

    def _show_risk(self) -> None:
        self._risk_dirty = False
        engine = self._bridge.engine
        held = engine.underlyings(self._account) if self._has_account() else []
        self.risk_chart.set_underlyings(held, self._underlying_of_symbol())
        underlying = self.risk_chart.underlying
        self.risk_chart.show_curve(engine.pnl_curve(self._account, underlying) if underlying else None, self._account)

    def _show_fee(self) -> None:
        self._fee_dirty = False
        if not self._has_account():
            self.fee_chart.show_no_account(self._account)
            return
        engine = self._bridge.engine
        account = engine.account(self._account)
        self.fee_chart.show_fee(self._account, account.base_currency, engine.exposure_fee(self._account),
                                bool(account.positions))

    def _show_partition(self) -> None:
        """The open partitions the login follows: its own accounts' (as their holder) or its
        clients' (as their advisor)."""
        self._partition_dirty = False
        engine = self._bridge.engine
        login = self._bridge.login or self._account
        followed = {a for s in account_selections(engine, login) for a in s.accounts} if login else set()
        self.partition_chart.set_partitions(sorted(p.partition_id for p in engine.partitions()
                                                   if p.status == "Open" and p.partition_id in followed))
        chosen = self.partition_chart.partition
        self.partition_chart.show_performance(engine.partition_performance(chosen) if chosen else None)
