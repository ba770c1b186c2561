"""The engine stays single-threaded: every adapter call runs on the engine's thread, never the socket
thread (reference §6.3, §8 risk 6); and the server listens on loopback unless an address is trusted."""

from __future__ import annotations

import threading

import ib_async
import pytest

from tests.tws_api.conftest import ADVISOR_SCENARIO, TIMEOUT, run
from workstation.tws_api.server import ServerConfig


def test_every_engine_call_of_a_connect_runs_on_the_engine_thread(open_gateway, monkeypatch):
    gateway = open_gateway(ADVISOR_SCENARIO)
    engine_thread = gateway.on_engine(lambda _engine: threading.get_ident())
    adapter = gateway._gateway.adapter
    seen: list[tuple[str, int]] = []
    for name in ("managed_accounts", "next_order_id", "now"):
        original = getattr(adapter, name)

        def recording(*args, _name=name, _original=original):
            seen.append((_name, threading.get_ident()))
            return _original(*args)

        monkeypatch.setattr(adapter, name, recording)

    async def connect() -> None:
        ib = ib_async.IB()
        await ib.connectAsync(gateway.host, gateway.port, clientId=4, timeout=TIMEOUT, raiseSyncErrors=True)
        await ib.reqCurrentTimeAsync()
        ib.disconnect()

    run(connect())
    assert {name for name, _thread in seen} == {"managed_accounts", "next_order_id", "now"}
    assert {thread for _name, thread in seen} == {engine_thread}
    assert engine_thread != threading.get_ident()


def test_only_loopback_or_a_trusted_address_is_listened_on_or_admitted():
    assert ServerConfig().host == "127.0.0.1"
    with pytest.raises(ValueError, match="list it as trusted"):
        ServerConfig(host="0.0.0.0")
    trusted = ServerConfig(host="192.0.2.7", trusted_hosts=frozenset({"192.0.2.7", "192.0.2.8"}))
    assert trusted.admits("192.0.2.8") and trusted.admits("127.0.0.1") and trusted.admits("::1")
    assert not trusted.admits("198.51.100.1")
    with pytest.raises(ValueError, match="157 to 178"):
        ServerConfig(max_server_version=163)
