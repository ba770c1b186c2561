"""The workstation's API settings (File -> Global Configuration -> API -> Settings), as TWS has them.

:class:`ApiSettings` holds TWS's items with TWS's defaults: socket clients off, port 7497 (paper;
7496 is TWS's live port), Read-Only API on, connections from localhost only, no master client id, no
message log file. It checks itself and :meth:`ApiSettings.server_config` turns it into the server's
:class:`~workstation.tws_api.server.ServerConfig`. :func:`settings_from_form` reads what a user typed
and refuses it with an :class:`ApiSettingsError` naming the field and the reason.

The settings are kept per database: :class:`StoredApiSettings` writes them as JSON through any
:class:`SettingsTable` (the store's ``settings`` table); a value that no longer reads falls back to
the defaults with a log line. :class:`SessionApiSettings` keeps them for the session when there is
no database. Nothing here is journaled: the settings are not engine state.
"""

from __future__ import annotations

import ipaddress
import json
import logging
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Protocol

from workstation.tws_api.server import ServerConfig

log = logging.getLogger("workstation.tws_api")

PAPER_PORT = 7497
"""TWS's default socket port for a paper account (7496 for a live one)."""
LIVE_PORT = 7496
SETTING_NAME = "tws_api"
"""The key the settings are stored under in a database's settings table."""
LOOPBACK = "127.0.0.1"
ALL_INTERFACES = "0.0.0.0"


class ApiSettingsError(ValueError):
    """A setting that cannot be used: ``field`` is its label in the dialog, the message says why."""

    def __init__(self, field_label: str, reason: str) -> None:
        super().__init__(f"{field_label}: {reason}")
        self.field = field_label
        self.reason = reason


@dataclass(frozen=True)
class ApiSettings:
    """TWS's API settings. ``port`` 0 lets the system choose a free port (tests); the form asks 1..65535."""

    enabled: bool = False
    """Enable ActiveX and Socket Clients."""
    port: int = PAPER_PORT
    read_only: bool = True
    localhost_only: bool = True
    """Allow connections from localhost only; when off, the trusted IPs may connect too."""
    trusted_ips: tuple[str, ...] = field(default_factory=tuple)
    master_client_id: int | None = None
    message_log_file: bool = False
    """Create API message log file (one file a day beside the database, see ``api_log_file_name``)."""

    def __post_init__(self) -> None:
        if isinstance(self.port, bool) or not isinstance(self.port, int) or not 0 <= self.port <= 65535:
            raise ApiSettingsError("Socket port", f"{self.port!r} is not a port; use a whole number from 1 to 65535")
        for address in self.trusted_ips:
            _check_ip(address)
        master = self.master_client_id
        if master is not None and (isinstance(master, bool) or not isinstance(master, int) or master < 0):
            raise ApiSettingsError("Master API client ID", f"{master!r} is not a client id; give a whole number from "
                                                           f"0, or leave it empty for none")

    @property
    def listens_beyond_localhost(self) -> bool:
        """Whether the server listens on every interface: only with trusted IPs to admit (others are refused)."""
        return not self.localhost_only and bool(self.trusted_ips)

    def server_config(self) -> ServerConfig:
        """The server's configuration for these settings."""
        beyond = self.listens_beyond_localhost
        return ServerConfig(host=ALL_INTERFACES if beyond else LOOPBACK, port=self.port,
                            trusted_hosts=frozenset(self.trusted_ips) if beyond else frozenset(),
                            read_only=self.read_only, master_client_id=self.master_client_id)

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> ApiSettings:
        """Settings written by :meth:`to_json`; an item missing (an older version's) takes its default.
        Raises ValueError (naming the item) for anything unreadable."""
        raw = json.loads(text)
        if not isinstance(raw, dict):
            raise ValueError(f"not an object: {text[:60]!r}")
        known = {name: raw[name] for name in cls.__dataclass_fields__ if name in raw}
        for name in ("enabled", "read_only", "localhost_only", "message_log_file"):
            if name in known and not isinstance(known[name], bool):
                raise ValueError(f"{name} is {known[name]!r}, not true or false")
        if "trusted_ips" in known:
            if not isinstance(known["trusted_ips"], list) or not all(isinstance(a, str) for a in known["trusted_ips"]):
                raise ValueError(f"trusted_ips is {known['trusted_ips']!r}, not a list of addresses")
            known["trusted_ips"] = tuple(known["trusted_ips"])
        return cls(**known)


def settings_from_form(*, enabled: bool, port: str, read_only: bool, localhost_only: bool,
                       trusted_ips: Iterable[str], master_client_id: str, message_log_file: bool) -> ApiSettings:
    """The settings a user entered, as text where it was typed; raises :class:`ApiSettingsError`."""
    port_text = port.strip()
    try:
        port_number = int(port_text)
    except ValueError:
        port_number = -1
    if not 1 <= port_number <= 65535:
        raise ApiSettingsError("Socket port", f"{port_text or 'nothing'} is not a port; use a whole number "
                                              f"from 1 to 65535 ({PAPER_PORT} paper, {LIVE_PORT} live)")
    master_text = master_client_id.strip()
    master: int | None = None
    if master_text:
        try:
            master = int(master_text)
        except ValueError:
            raise ApiSettingsError("Master API client ID", f"{master_text} is not a whole number; give a client "
                                                           f"id, or leave it empty for none") from None
    ips = tuple(dict.fromkeys(a.strip() for a in trusted_ips if a.strip()))
    return ApiSettings(enabled=enabled, port=port_number, read_only=read_only, localhost_only=localhost_only,
                       trusted_ips=ips, master_client_id=master, message_log_file=message_log_file)


def _check_ip(address: str) -> None:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        raise ApiSettingsError("Trusted IPs", f"{address!r} is not an IP address (such as 192.168.1.20 "
                                              f"or ::1)") from None


def api_log_file_name(day: str) -> str:
    """The API message log file of ``day`` (YYYYMMDD): one a day for all clients, as TWS's api.<id>.<date>.log
    without the client id (the server's log lines are not one client's)."""
    return f"api.{day}.log"


class SettingsTable(Protocol):
    """Named text values kept in a database (the store's ``settings`` table)."""

    def read(self, name: str) -> str | None: ...

    def write(self, name: str, value: str) -> None: ...


class ApiSettingsKeeper(Protocol):
    """Where the settings live: a database, or the session. ``log_folder``: where the message log goes."""

    log_folder: Path | None

    def load(self) -> ApiSettings: ...

    def save(self, settings: ApiSettings) -> None: ...


class SessionApiSettings:
    """Settings kept for the session only (an engine without a database)."""

    def __init__(self, settings: ApiSettings | None = None, log_folder: Path | None = None) -> None:
        self._settings = settings or ApiSettings()
        self.log_folder = log_folder

    def load(self) -> ApiSettings:
        return self._settings

    def save(self, settings: ApiSettings) -> None:
        self._settings = settings


class StoredApiSettings:
    """Settings kept in a database's settings table; the message log is written beside the database."""

    def __init__(self, table: SettingsTable, log_folder: Path | None) -> None:
        self._table = table
        self.log_folder = log_folder

    def load(self) -> ApiSettings:
        """The stored settings; TWS's defaults when none were stored or what was stored no longer reads."""
        text = self._table.read(SETTING_NAME)
        if text is None:
            return ApiSettings()
        try:
            return ApiSettings.from_json(text)
        except (ValueError, TypeError) as error:
            log.warning("the stored API settings are unreadable (%s); using the defaults", error)
            return ApiSettings()

    def save(self, settings: ApiSettings) -> None:
        self._table.write(SETTING_NAME, settings.to_json())
