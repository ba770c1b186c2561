"""The real clients connect: ib_async 2.1.0 and ibapi 10.51 at negotiated versions 157, 176 and 178
(reference §1, §7), plus the session's answers a raw client checks byte for byte."""

from __future__ import annotations

import threading

import ib_async
import pytest
from ibapi.client import EClient
from ibapi.wrapper import EWrapper

from tests.tws_api.clients import ib_async_requests
from tests.tws_api.conftest import ADVISOR_SCENARIO, TIMEOUT, RawClient, run
from workstation.tws_api.handlers import HANDLERS
from workstation.tws_api.incoming import ReqAccountSummary

VERSIONS = [157, 176, 178]


@pytest.mark.parametrize("version", VERSIONS)
def test_ib_async_connects_and_finishes_its_startup_requests(open_gateway, version):
    gateway = open_gateway(ADVISOR_SCENARIO, max_server_version=version)

    async def connect() -> tuple[int, list[str], float]:
        ib = ib_async.IB()
        # raiseSyncErrors: a startup request left unanswered (ib.py connectAsync, reference §1.5) fails here.
        await ib.connectAsync(gateway.host, gateway.port, clientId=7, timeout=TIMEOUT, raiseSyncErrors=True)
        try:
            now = await ib.reqCurrentTimeAsync()
            return ib.client.serverVersion(), ib.managedAccounts(), now.timestamp()
        finally:
            ib.disconnect()

    server_version, accounts, now = run(connect())
    assert server_version == version
    assert accounts == ["FA9", "K1", "K2", "K3"]  # the advisor's master first, then its clients
    assert now == gateway.on_engine(lambda engine: int(engine.now.timestamp()))  # the simulated clock


class RecordingWrapper(EWrapper):
    """ibapi's callbacks for the connect messages (ibapi/wrapper.py), recorded."""

    def __init__(self) -> None:
        super().__init__()
        self.accounts = ""
        self.next_id = 0
        self.errors: list[tuple[int, int]] = []
        self.ready = threading.Event()

    def managedAccounts(self, accountsList: str) -> None:  # noqa: N802, N803 - ibapi's names
        self.accounts = accountsList

    def nextValidId(self, orderId: int) -> None:  # noqa: N802, N803
        self.next_id = orderId

    def error(self, reqId, *rest) -> None:  # noqa: ANN001 - the arity depends on the server version
        code = next(item for item in rest if isinstance(item, int) and item > 0)
        self.errors.append((reqId, code))
        if code == 2158:  # the last of the connect messages
            self.ready.set()


@pytest.mark.parametrize("version", VERSIONS)
def test_ibapi_connects_and_reads_accounts_next_id_and_farm_messages(open_gateway, version):
    gateway = open_gateway(ADVISOR_SCENARIO, max_server_version=version)
    wrapper = RecordingWrapper()
    client = EClient(wrapper)
    client.connect(gateway.host, gateway.port, clientId=1)
    reader = threading.Thread(target=client.run, daemon=True)
    reader.start()
    try:
        assert wrapper.ready.wait(TIMEOUT)
        assert client.serverVersion() == version
    finally:
        client.disconnect()
        reader.join(TIMEOUT)
    assert wrapper.accounts == "FA9,K1,K2,K3"
    assert wrapper.next_id == 1  # a client that has placed nothing starts at 1
    assert wrapper.errors == [(-1, 2104), (-1, 2106), (-1, 2158)]  # IB "Message Codes": the farms are OK


def test_a_duplicate_client_id_is_refused_with_326_and_closed(open_gateway, caplog):
    gateway = open_gateway(ADVISOR_SCENARIO)

    async def scenario() -> tuple[list[str], bool, list[str]]:
        first = await RawClient.started(gateway.port, client_id=5)
        second = await RawClient.open(gateway.port)
        await second.handshake()
        second.send(71, 2, 5, "")  # startApi as client 5 again
        refusal = await second.read()
        closed = await second.closed_by_server()
        still_served = await first.current_time()
        first.close()
        return refusal, closed, still_served

    refusal, closed, still_served = run(scenario())
    # errMsg at v176 (ibapi decoder processErrorMsg): 4, version 2, reqId -1, code, text, advancedOrderRejectJson
    assert refusal == ["4", "2", "-1", "326", "Unable to connect as the client id is already in use. Retry with a "
                                              "unique client id.", ""]
    assert closed
    assert still_served[:2] == ["49", "1"]  # the first client is unaffected
    assert "client id 5 is already in use" in caplog.text


def test_read_only_refuses_an_order_with_321(open_gateway):
    gateway = open_gateway(ADVISOR_SCENARIO, read_only=True)

    async def place() -> tuple[int, int, str]:
        ib = ib_async.IB()
        await ib.connectAsync(gateway.host, gateway.port, clientId=2, timeout=TIMEOUT, raiseSyncErrors=True)
        refused = ib_async.util.getLoop().create_future()
        ib.errorEvent += lambda req_id, code, text, _contract: refused.done() or refused.set_result(
            (req_id, code, text))
        try:
            trade = ib.placeOrder(ib_async.Stock("MSFT", "SMART", "USD", conId=272093),
                                  ib_async.LimitOrder("BUY", 10, 400.0, account="K1"))
            req_id, code, text = await refused
            assert req_id == trade.order.orderId
            return req_id, code, text
        finally:
            ib.disconnect()

    _req_id, code, text = run(place())
    assert code == 321  # IB "Message Codes": 321, error validating request (Read-Only API)
    assert "Read-Only" in text


def test_the_next_id_follows_the_highest_order_id_the_client_used(open_gateway):
    gateway = open_gateway(ADVISOR_SCENARIO, read_only=True)

    # order id 41, as ib_async itself writes the placeOrder (its id comes first: no version field at v>=145)
    place = ib_async_requests(176, lambda c: c.placeOrder(41, ib_async.Stock("MSFT", "SMART", "USD"),
                                                             ib_async.LimitOrder("BUY", 10, 400.0, account="K1")))[0]

    async def scenario() -> list[str]:
        client = await RawClient.started(gateway.port, client_id=9)
        client.send(*place)
        assert (await client.read())[3] == "321"
        client.send(8, 1, 1)  # reqIds (ibapi client.py reqIds: 8, version 1, numIds)
        answer = await client.read()
        client.close()
        return answer

    assert run(scenario()) == ["9", "1", "42"]  # nextValidId: ids need not be contiguous (reference §1.4)


def test_requests_not_handled_yet_get_505_on_their_request_id_and_the_session_goes_on(open_gateway, monkeypatch):
    monkeypatch.delitem(HANDLERS, ReqAccountSummary)  # a request the codec reads but no handler serves
    gateway = open_gateway(ADVISOR_SCENARIO)

    async def scenario() -> list[list[str]]:
        client = await RawClient.started(gateway.port, client_id=3)
        client.send(62, 1, 77, "All", "NetLiquidation")  # reqAccountSummary: 62, version 1, reqId, group, tags
        client.send(9999)  # an id no client sends
        client.send("x", "y")  # not a message id at all
        client.send(7, 3)  # reqExecutions cut short: no request id
        answers = [await client.read() for _ in range(4)]
        answers.append(await client.current_time())
        client.close()
        return answers

    summary, unknown, unreadable, cut_short, clock = run(scenario())
    assert cut_short[:4] == ["4", "2", "-1", "320"]  # Server error when reading an API client request
    assert summary[:4] == ["4", "2", "77", "505"] and "reqAccountSummary" in summary[4]
    assert unknown[:4] == ["4", "2", "-1", "505"]
    assert unreadable[:4] == ["4", "2", "-1", "320"]
    assert clock[:2] == ["49", "1"]


def test_requests_before_start_api_close_the_connection(open_gateway):
    gateway = open_gateway(ADVISOR_SCENARIO)

    async def scenario() -> bool:
        client = await RawClient.open(gateway.port)
        reply = await client.handshake(b"v100..226")
        assert reply[0] == "176" and len(reply) == 2  # ibapi waits for exactly two fields (client.py connect)
        client.send(49, 1)
        return await client.closed_by_server()

    assert run(scenario())


def test_a_client_below_the_floor_is_closed_without_a_reply(open_gateway, caplog):
    gateway = open_gateway(ADVISOR_SCENARIO)

    async def scenario() -> bytes:
        client = await RawClient.open(gateway.port)
        client.writer.write(b"API\0" + b"\0\0\0\x09v100..156")  # ibapi 9.73's range: too old
        return await client.reader.read()

    assert run(scenario()) == b""
    assert "v100..156 do not meet" in caplog.text


def test_the_market_clock_moves_at_the_gateway_speed(open_gateway):
    gateway = open_gateway(ADVISOR_SCENARIO, speed=3600)  # an hour a second: the next step is minutes on

    async def watch() -> tuple[int, int]:
        client = await RawClient.started(gateway.port, client_id=1)
        first = int((await client.current_time())[2])
        later = first
        while later == first:  # each answer is a new request: this waits on the clock, not on a timer
            answer = await client.current_time()
            if answer[0] == "49":  # not the pacing error 100: this loop sends more than 50 a second
                later = int(answer[2])
        client.close()
        return first, later

    first, later = run(watch())
    assert later > first


def test_the_gateway_fixture_serves_the_demo_profile_login(gateway):
    async def ask() -> list[str]:
        client = await RawClient.started(gateway.port, client_id=1)
        client.send(17, 1)  # reqManagedAccts (ibapi client.py: 17, version 1)
        answer = await client.read()
        client.close()
        return answer

    answer = run(ask())
    assert answer[:2] == ["15", "1"]
    assert answer[2].split(",")[0] == gateway.login


@pytest.mark.parametrize(("login", "client_id", "accounts"), [
    ("K1", 3, ["K1"]),  # one account: ib_async also sends reqAccountUpdates (ib.py connectAsync, reference §1.5 e)
    (None, 0, ["FA9", "K1", "K2", "K3"]),  # client 0: ib_async also sends reqAutoOpenOrders(True) (§1.5 a)
])
def test_ib_async_connects_as_a_single_account_and_as_client_zero(open_gateway, login, client_id, accounts):
    gateway = open_gateway(ADVISOR_SCENARIO, login=login)

    async def connect() -> list[str]:
        ib = ib_async.IB()
        await ib.connectAsync(gateway.host, gateway.port, clientId=client_id, timeout=TIMEOUT, raiseSyncErrors=True)
        try:
            return ib.managedAccounts()
        finally:
            ib.disconnect()

    assert run(connect()) == accounts
