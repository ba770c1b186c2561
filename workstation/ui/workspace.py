"""DockWorkspace: the Mosaic docking area, built on the Qt Advanced Docking System (PySide6-QtAds).

Panels are dock widgets that can be tabbed together, split, floated into their own windows and
closed; a closed panel comes back from New Window. Every dock has a stable ``objectName``, which is
also the key QtAds writes in a saved layout, so a layout saved by one run restores in the next.

The default arrangement ships as ``resources/default_layout.xml`` (QtAds' own state format, kept
uncompressed so it can be read and reviewed). :meth:`DockWorkspace.apply_default_layout` applies it;
if the file is missing or names panels we no longer have, the panels keep the arrangement the main
window created them in, which is the same layout built by code.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

import PySide6QtAds as ads
from PySide6.QtCore import QByteArray
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QSplitter, QWidget

from workstation.resources import resource_path

log = logging.getLogger(__name__)

DEFAULT_LAYOUT_RESOURCE = "default_layout.xml"
STATE_VERSION = 3
"""Bump when dock names or nesting change, so an old saved layout is ignored rather than misapplied."""

_Flag = ads.CDockManager.eConfigFlag
_CONFIG_FLAGS = (
    _Flag.OpaqueSplitterResize,  # panels follow the splitter while it is dragged, as in TWS
    _Flag.FocusHighlighting,  # the active panel's tab is highlighted
    _Flag.AlwaysShowTabs,  # a lone panel still shows its title tab, the grip to drag it by
    _Flag.DockAreaHasCloseButton,
    _Flag.DockAreaHasUndockButton,
    _Flag.DockAreaHasTabsMenuButton,
    _Flag.DockAreaHideDisabledButtons,
    _Flag.ActiveTabHasCloseButton,
    _Flag.EqualSplitOnInsertion,
    _Flag.FloatingContainerHasWidgetTitle,
    _Flag.DisableStylesheet,  # resources/theme.qss styles the ads-- classes in the dark theme
    _Flag.XmlAutoFormattingEnabled,  # a saved layout is readable XML, not a compressed blob
)


class Area(Enum):
    """Where a panel goes, relative to the whole workspace or to another panel's area."""

    LEFT = ads.DockWidgetArea.LeftDockWidgetArea
    RIGHT = ads.DockWidgetArea.RightDockWidgetArea
    TOP = ads.DockWidgetArea.TopDockWidgetArea
    BOTTOM = ads.DockWidgetArea.BottomDockWidgetArea
    TAB = ads.DockWidgetArea.CenterDockWidgetArea
    """Another tab in the same area as ``beside``."""


@dataclass(frozen=True, slots=True)
class Placement:
    area: Area
    beside: str | None = None
    """The objectName of the dock whose area to split or join; None for the whole workspace."""


def _configure_docking() -> None:
    """QtAds reads its configuration once per manager; it is global, so set it before creating one."""
    flags = ads.CDockManager.eConfigFlag(0)
    for flag in _CONFIG_FLAGS:
        flags |= flag
    ads.CDockManager.setConfigFlags(flags)


class DockWorkspace:
    """The central docking area of a QMainWindow and the panels docked in it."""

    def __init__(self, window: QMainWindow) -> None:
        _configure_docking()
        self.manager = ads.CDockManager(window)
        self.manager.setObjectName("dockManager")
        self._docks: dict[str, ads.CDockWidget] = {}
        self._watchers: list[Callable[[], None]] = []
        self._watched_splitters: set[int] = set()
        for signal in (self.manager.dockAreasAdded, self.manager.dockAreasRemoved, self.manager.dockWidgetRemoved,
                       self.manager.floatingWidgetCreated, self.manager.stateRestored):
            signal.connect(self._arrangement_changed)

    def add(self, name: str, title: str, widget: QWidget, placement: Placement,
            *, closable: bool = True) -> ads.CDockWidget:
        """Dock ``widget`` as the panel ``name`` (its stable objectName) at ``placement``."""
        if name in self._docks:
            raise ValueError(f"dock: {name!r} is already in the workspace")
        dock = ads.CDockWidget(self.manager, title)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeature(ads.CDockWidget.DockWidgetFeature.DockWidgetClosable, closable)
        # Closing hides the panel; New Window brings the same one back with its state intact.
        dock.setFeature(ads.CDockWidget.DockWidgetFeature.DockWidgetDeleteOnClose, False)
        beside = self._docks.get(placement.beside) if placement.beside else None
        target_area = beside.dockAreaWidget() if beside is not None else None
        if placement.area is Area.TAB and target_area is not None:
            self.manager.addDockWidgetTabToArea(dock, target_area)
        elif target_area is not None:
            self.manager.addDockWidget(placement.area.value, dock, target_area)
        else:
            area = Area.RIGHT if placement.area is Area.TAB else placement.area
            self.manager.addDockWidget(area.value, dock)
        self._docks[name] = dock
        dock.viewToggled.connect(self._arrangement_changed)
        dock.topLevelChanged.connect(self._arrangement_changed)
        self._arrangement_changed()
        return dock

    def watch(self, changed: Callable[[], None]) -> None:
        """Call ``changed`` whenever the arrangement may have changed: a panel opened, closed,
        floated or docked, a layout restored, a splitter dragged."""
        self._watchers.append(changed)
        self._watch_splitters()

    def _arrangement_changed(self, *_args: object) -> None:
        self._watch_splitters()   # docking creates splitters; follow the new ones too
        for changed in self._watchers:
            changed()

    def _watch_splitters(self) -> None:
        if not self._watchers:
            return
        for splitter in self.manager.findChildren(QSplitter):
            key = id(splitter)
            if key in self._watched_splitters:
                continue
            self._watched_splitters.add(key)
            splitter.splitterMoved.connect(self._arrangement_changed)
            splitter.destroyed.connect(lambda _obj=None, key=key: self._watched_splitters.discard(key))

    def dock(self, name: str) -> ads.CDockWidget | None:
        return self._docks.get(name)

    def docks(self) -> list[ads.CDockWidget]:
        return list(self._docks.values())

    def toggle_action(self, name: str, action_name: str) -> QAction:
        """The checkable action (named ``action_name``) that shows or hides the panel ``name``."""
        action = self._docks[name].toggleViewAction()
        action.setObjectName(action_name)
        return action

    def give_room(self, name: str, share: float) -> None:
        """Let panel ``name`` take at least ``share`` of the splitter its area sits in, the others
        giving up room in proportion (a panel reopened into a slot the others had squeezed)."""
        area = self._docks[name].dockAreaWidget()
        splitter = area.parentWidget() if area is not None else None
        if not isinstance(splitter, QSplitter) or splitter.count() < 2:
            return
        sizes = splitter.sizes()
        mine, total = splitter.indexOf(area), sum(sizes)
        wanted = int(total * share)
        if mine < 0 or sizes[mine] >= wanted:
            return
        others = total - sizes[mine]
        left = total - wanted
        splitter.setSizes([wanted if i == mine else int(size * left / others) if others else 0
                           for i, size in enumerate(sizes)])

    def placing_toggle_action(self, name: str, action_name: str, beside: str, owner: QWidget) -> QAction:
        """:meth:`toggle_action` for a panel the default layout leaves out: opened without a place of its own,
        it joins ``beside``'s area as a tab instead of floating. The action belongs to ``owner`` (the
        window), so it is found by name while the panel is closed."""
        dock = self._docks[name]
        action = QAction(dock.windowTitle(), owner)
        action.setObjectName(action_name)
        action.setCheckable(True)
        action.setChecked(not dock.isClosed())

        def toggled(shown: bool) -> None:
            area = self._docks[beside].dockAreaWidget()
            if shown and dock.dockAreaWidget() is None and area is not None:
                self.manager.addDockWidgetTabToArea(dock, area)
            dock.toggleView(shown)

        action.triggered.connect(toggled)
        dock.viewToggled.connect(action.setChecked)
        return action

    def show(self, name: str) -> None:
        dock = self._docks[name]
        dock.toggleView(True)
        dock.raise_()

    def is_open(self, name: str) -> bool:
        dock = self._docks.get(name)
        return dock is not None and not dock.isClosed()

    def set_sizes(self, name: str, sizes: tuple[int, ...], *, outer: bool = False) -> None:
        """Size the splitter holding panel ``name``'s area (``outer``: the workspace's top splitter)."""
        if outer:
            self.manager.rootSplitter().setSizes(list(sizes))
        else:
            self.manager.setSplitterSizes(self._docks[name].dockAreaWidget(), list(sizes))

    def save_state(self) -> QByteArray:
        return self.manager.saveState(STATE_VERSION)

    def restore_state(self, state: QByteArray) -> bool:
        """Apply a saved arrangement; False (and nothing changed) if it is from another version."""
        return bool(self.manager.restoreState(state, STATE_VERSION))

    def apply_default_layout(self) -> bool:
        """Arrange the panels as ``resources/default_layout.xml`` says; False keeps them as built."""
        try:
            xml = resource_path(DEFAULT_LAYOUT_RESOURCE).read_bytes()
        except FileNotFoundError:
            log.warning("layout: %s is missing; keeping the built-in arrangement", DEFAULT_LAYOUT_RESOURCE)
            return False
        if not self.restore_state(QByteArray(xml)):
            log.warning("layout: %s does not fit this version; keeping the built-in arrangement",
                        DEFAULT_LAYOUT_RESOURCE)
            return False
        return True
