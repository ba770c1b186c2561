"""The workstation's API settings (TWS: File -> Global Configuration -> API -> Settings): TWS's defaults, a
refusal naming the field, and the server configuration they give; and the server's client observer, which
the window's connected-clients list follows."""

from __future__ import annotations

import asyncio
import threading

import pytest

from tests.tws_api.conftest import TIMEOUT, RawClient, run
from workstation.tws_api.api_settings import ApiSettings, ApiSettingsError, settings_from_form
from workstation.tws_api.server import ClientInfo


def form(**changes: object) -> ApiSettings:
    entered: dict[str, object] = {"enabled": True, "port": "7497", "read_only": True, "localhost_only": True,
                                  "trusted_ips": (), "master_client_id": "", "message_log_file": False}
    entered.update(changes)
    return settings_from_form(**entered)  # type: ignore[arg-type]


def test_the_defaults_are_tws_paper_defaults_listening_on_loopback_read_only() -> None:
    settings = ApiSettings()
    config = settings.server_config()

    assert not settings.enabled and settings.port == 7497 and not settings.message_log_file
    assert (config.host, config.port, config.read_only, config.trusted_hosts, config.master_client_id) == (
        "127.0.0.1", 7497, True, frozenset(), None)


@pytest.mark.parametrize(("changes", "message"), [
    ({"port": "70000"}, "Socket port: 70000 is not a port; use a whole number from 1 to 65535"),
    ({"port": "0"}, "Socket port: 0 is not a port"),
    ({"port": "74x7"}, "Socket port: 74x7 is not a port"),
    ({"port": " "}, "Socket port: nothing is not a port"),
    ({"master_client_id": "seven"}, "Master API client ID: seven is not a whole number"),
    ({"master_client_id": "-1"}, "Master API client ID: -1 is not a client id"),
    ({"trusted_ips": ("192.168.1.300",)}, "Trusted IPs: '192.168.1.300' is not an IP address"),
])
def test_a_setting_that_cannot_be_used_is_refused_naming_the_field(changes: dict[str, object], message: str) -> None:
    with pytest.raises(ApiSettingsError) as refused:
        form(**changes)

    assert str(refused.value).startswith(message)
    assert refused.value.field == message.split(":")[0]


def test_the_form_reads_a_live_port_a_master_client_and_trusted_addresses() -> None:
    settings = form(port=" 7496 ", master_client_id="9", trusted_ips=(" 10.0.0.5", "", "10.0.0.5", "::1"),
                    read_only=False)

    assert (settings.port, settings.master_client_id, settings.trusted_ips, settings.read_only) == (
        7496, 9, ("10.0.0.5", "::1"), False)


def test_trusted_addresses_are_listened_for_only_when_not_limited_to_localhost() -> None:
    trusted = ("192.0.2.7",)
    limited = ApiSettings(trusted_ips=trusted).server_config()
    opened = ApiSettings(localhost_only=False, trusted_ips=trusted).server_config()
    nobody_trusted = ApiSettings(localhost_only=False).server_config()

    assert (limited.host, limited.admits("192.0.2.7")) == ("127.0.0.1", False)
    assert (opened.host, opened.admits("192.0.2.7"), opened.admits("198.51.100.1")) == ("0.0.0.0", True, False)
    assert (nobody_trusted.host, nobody_trusted.trusted_hosts) == ("127.0.0.1", frozenset())


def test_settings_survive_their_json_form() -> None:
    settings = ApiSettings(enabled=True, port=4001, read_only=False, localhost_only=False, trusted_ips=("::1",),
                           master_client_id=0, message_log_file=True)

    assert ApiSettings.from_json(settings.to_json()) == settings


class Observer:
    """Records the server's client notifications (called on its thread)."""

    def __init__(self) -> None:
        self.events: list[tuple[str, int, int]] = []
        self.gone = threading.Event()

    def client_connected(self, client: ClientInfo) -> None:
        self.events.append(("connected", client.client_id, client.server_version))

    def client_disconnected(self, client: ClientInfo) -> None:
        self.events.append(("disconnected", client.client_id, client.server_version))
        self.gone.set()


def test_the_observer_hears_of_a_client_once_it_has_its_id_and_when_it_goes(open_gateway) -> None:
    gateway = open_gateway()
    observer = Observer()
    gateway._gateway.server.observer = observer  # the window's ApiHost passes its own to ApiServer

    async def scenario() -> None:
        handshaken = await RawClient.open(gateway.port)
        await handshaken.handshake()  # no startApi yet: no client id, nothing to tell
        first = await RawClient.started(gateway.port, client_id=5)
        second = await RawClient.open(gateway.port)
        await second.handshake()
        second.send(71, 2, 5, "")  # client id 5 again: refused with 326, never a client
        await second.closed_by_server()
        handshaken.close()
        first.close()
        await asyncio.to_thread(observer.gone.wait, TIMEOUT)

    run(scenario())
    assert observer.events == [("connected", 5, 176), ("disconnected", 5, 176)]
