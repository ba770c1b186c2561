"""Account requests end to end with ib_async 2.1.0: account summaries with the ledgers, account values and
portfolio at connect, positions per client, P&L, all following the engine live (reference §1.5, §4.2-§4.4).

Each expectation is read from the engine itself (on its thread, ``gateway.on_engine``), so a value that
reaches the client differently from the engine's fails. Waits end on ib_async's own events
(ib_async/ib.py: updatePortfolioEvent, positionEvent, pnlEvent, pnlSingleEvent), never on time.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import ib_async
import pytest

from tests.tws_api.conftest import (
    ADVISOR_SCENARIO,
    SCENARIOS,
    SERVER_VERSIONS,
    RawClient,
    connect_ib,
    on_engine,
    run,
)
from workstation.engine import AccountTag, Action
from workstation.engine.ledger.valuation import avg_cost_per_contract
from workstation.engine.messages.commands import ForceExecution, PlaceOrder, SetPrice
from workstation.engine.messages.events import OrderPlaced
from workstation.tws_api.account_rows import SUMMARY_TAGS

MARGIN_SCENARIO = SCENARIOS / "margin.yaml"  # M1 holds stock, an AAPL call spread and an ES future; L1 is not M1's
MSFT, ES = 272093, None  # MSFT's conId is IB's (contracts.IB_CON_IDS)


def text(value: Decimal) -> str:
    return f"{value:f}"


def next_event(event: Any, wanted: Callable[..., bool]) -> asyncio.Future[tuple[Any, ...]]:
    """The arguments of the first emission of ``event`` that ``wanted`` accepts (subscribe before acting)."""
    future: asyncio.Future[tuple[Any, ...]] = asyncio.get_running_loop().create_future()

    def seen(*args: Any) -> None:
        if not future.done() and wanted(*args):
            future.set_result(args)
            event.disconnect(seen)

    event.connect(seen)
    return future


@pytest.mark.parametrize("version", SERVER_VERSIONS)
def test_account_summary_carries_every_tag_and_the_ledgers_as_the_engine_has_them(open_gateway, version):
    gateway = open_gateway(ADVISOR_SCENARIO, max_server_version=version)

    async def summary() -> list[ib_async.AccountValue]:
        ib = await connect_ib(gateway, 1, raise_request_errors=True)
        try:
            # ib_async ib.py reqAccountSummaryAsync: group "All", IB's tags with RegT spelled "RegT", $LEDGER:ALL
            return await ib.accountSummaryAsync()
        finally:
            ib.disconnect()

    rows = {(v.account, v.tag, v.currency): v.value for v in run(summary())}
    clients = ("K1", "K2", "K3")
    assert {account for account, _tag, _currency in rows} == set(clients)  # the master holds no values
    for account in clients:
        values = gateway.on_engine(lambda engine, a=account: engine.account_values(a))
        ledger = gateway.on_engine(lambda engine, a=account: engine.account_values_by_currency(a))
        tags = {tag for a, tag, _currency in rows if a == account}
        assert set(SUMMARY_TAGS) <= tags  # every tag IB defines (ibapi account_summary_tags.py AllTags)
        assert rows[(account, "NetLiquidation", "USD")] == text(values[AccountTag.NET_LIQUIDATION])
        assert rows[(account, "RegTEquity", "USD")] == text(values[AccountTag.REG_T_EQUITY])
        assert rows[(account, "ExcessLiquidity", "USD")] == text(values[AccountTag.EXCESS_LIQUIDITY])
        assert rows[(account, "Cushion", "")] == text(values[AccountTag.CUSHION])  # a ratio: no currency
        assert rows[(account, "AccountType", "")] == "INDIVIDUAL"
        # $LEDGER:ALL: each currency held, then BASE (IB "Account Summary" ledger tags)
        usd = ledger["USD"]
        assert rows[(account, "NetLiquidationByCurrency", "USD")] == text(usd[AccountTag.NET_LIQUIDATION])
        assert rows[(account, "TotalCashBalance", "USD")] == text(usd[AccountTag.TOTAL_CASH_VALUE])
        assert rows[(account, "StockMarketValue", "USD")] == text(usd[AccountTag.STOCK_MARKET_VALUE])
        assert rows[(account, "NetLiquidationByCurrency", "BASE")] == text(values[AccountTag.NET_LIQUIDATION])
        assert rows[(account, "ExchangeRate", "BASE")] == "1"


def test_an_advisor_sees_each_clients_values_and_positions_at_connect(open_gateway):
    gateway = open_gateway(ADVISOR_SCENARIO)

    async def connect() -> tuple[list[ib_async.AccountValue], dict[str, list[ib_async.Position]]]:
        ib = await connect_ib(gateway, 1, raise_request_errors=True)
        try:
            # ib_async connectAsync sends reqAccountUpdatesMulti for every managed account of an advisor
            # and reqPositions (ib.py connectAsync; reference §1.5)
            return ib.accountValues(), {account: ib.positions(account) for account in ("FA9", "K1", "K2", "K3")}
        finally:
            ib.disconnect()

    values, positions = run(connect())
    by_key = {(v.account, v.tag, v.currency): v.value for v in values}
    assert not [v for v in values if v.account == "FA9"]
    for account in ("K1", "K2", "K3"):
        engine_values = gateway.on_engine(lambda engine, a=account: engine.account_values(a))
        assert by_key[(account, "NetLiquidation", "USD")] == text(engine_values[AccountTag.NET_LIQUIDATION])
        assert by_key[(account, "InitMarginReq-S", "USD")] == text(engine_values[AccountTag.INIT_MARGIN_REQ_S])
        assert by_key[(account, "CashBalance", "USD")]  # the ledger per currency rides along
        held = gateway.on_engine(lambda engine, a=account: {p.symbol: p for p in engine.positions(a) if p.quantity})
        got = {p.contract.localSymbol: p for p in positions[account]}
        assert set(got) == set(held)
        for symbol, position in held.items():
            assert Decimal(str(got[symbol].position)) == position.quantity
            assert got[symbol].avgCost == pytest.approx(float(position.avg_cost))
    assert positions["FA9"] == []
    assert {p.contract.conId for p in positions["K1"]} >= {MSFT}


@pytest.mark.parametrize("version", SERVER_VERSIONS)
def test_portfolio_and_values_follow_a_price_move_sending_only_what_changed(open_gateway, version):
    gateway = open_gateway(MARGIN_SCENARIO, max_server_version=version)

    async def scenario() -> tuple[list[ib_async.PortfolioItem], ib_async.PortfolioItem, list[ib_async.AccountValue],
                                  dict[str, str]]:
        # one managed account: ib_async sends reqAccountUpdates (reference §1.5)
        ib = await connect_ib(gateway, 1, raise_request_errors=True)
        try:
            before = ib.portfolio("M1")
            positions = ib.positions("M1")
            assert {p.contract.localSymbol: p.avgCost for p in positions} == {
                i.contract.localSymbol: i.averageCost for i in before}  # position (61) and updatePortfolio agree
            moved = next_event(ib.updatePortfolioEvent, lambda item: item.contract.localSymbol == "ESZ6")
            resent: list[ib_async.AccountValue] = []
            ib.accountValueEvent += resent.append
            await on_engine(gateway, lambda engine: engine.execute(SetPrice("ESZ6", Decimal("6100.00"))))
            (item,) = await moved
            await ib.reqCurrentTimeAsync()  # answered after every update the price move sent
            return before, item, resent, {v.tag + "/" + v.currency: v.value for v in ib.accountValues("M1")}
        finally:
            ib.disconnect()

    before, item, resent, values = run(scenario())
    held = gateway.on_engine(lambda engine: {p.symbol: (p, engine.catalog[p.symbol]) for p in engine.positions("M1")})
    assert {i.contract.localSymbol for i in before} == {s for s, (p, _i) in held.items() if p.quantity}
    for portfolio_item in before:  # IB's avgCost is per contract for futures and options (ib_insync #175)
        position, instrument = held[portfolio_item.contract.localSymbol]
        assert portfolio_item.averageCost == pytest.approx(float(avg_cost_per_contract(position.avg_cost, instrument)))
    future, _instrument = held["ESZ6"]
    assert item.marketPrice == 6100.0
    assert item.marketValue == pytest.approx(float(future.market_value))
    assert item.unrealizedPNL == pytest.approx(float(future.unrealized_pnl))
    engine_values = gateway.on_engine(lambda engine: engine.account_values("M1"))
    assert values["NetLiquidation/USD"] == text(engine_values[AccountTag.NET_LIQUIDATION])
    assert values["InitMarginReq-C/USD"] == text(engine_values[AccountTag.INIT_MARGIN_REQ_C])
    keys = [(v.tag, v.currency) for v in resent]
    # ib_async subscribes both reqAccountUpdates and reqAccountUpdatesMulti for M1 at connect (ib.py
    # connectAsync): one coalesced batch sends each changed value once per subscription, never more
    assert set(Counter(keys).values()) == {2}
    assert ("NetLiquidation", "USD") in keys
    assert ("StockMarketValue", "USD") not in keys  # KO did not move: unchanged values are not resent
    assert ("AccountCode", "") not in keys


def test_pnl_and_pnl_single_follow_the_engine(open_gateway):
    gateway = open_gateway(ADVISOR_SCENARIO)

    async def scenario() -> tuple[ib_async.PnL, ib_async.PnLSingle]:
        ib = await connect_ib(gateway, 1, raise_request_errors=True)
        try:
            first_single = next_event(ib.pnlSingleEvent, lambda _entry: True)
            first_pnl = next_event(ib.pnlEvent, lambda _entry: True)
            pnl = ib.reqPnL("K1")
            single = ib.reqPnLSingle("K1", "", MSFT)
            await first_single
            await first_pnl
            assert single.position == float(held_msft().quantity)
            assert single.unrealizedPnL == pytest.approx(float(held_msft().unrealized_pnl))
            moved_single = next_event(ib.pnlSingleEvent, lambda entry: entry.value != single_value)
            moved_pnl = next_event(ib.pnlEvent, lambda entry: entry.unrealizedPnL != pnl_unrealized)
            single_value, pnl_unrealized = single.value, pnl.unrealizedPnL
            await on_engine(gateway, lambda engine: engine.execute(SetPrice("MSFT", Decimal("433.00"))))
            await moved_single
            await moved_pnl
            return pnl, single
        finally:
            ib.disconnect()

    def held_msft() -> Any:
        return gateway.on_engine(lambda engine: next(p for p in engine.positions("K1") if p.symbol == "MSFT"))

    pnl, single = run(scenario())
    msft = held_msft()
    assert single.value == pytest.approx(float(msft.market_value))
    assert single.unrealizedPnL == pytest.approx(float(msft.unrealized_pnl))
    assert single.dailyPnL == pytest.approx(float(gateway.on_engine(lambda engine: engine.daily_pnl("K1")["MSFT"])))
    values = gateway.on_engine(lambda engine: engine.account_values("K1"))
    assert pnl.unrealizedPnL == pytest.approx(float(values[AccountTag.UNREALIZED_PNL]))
    assert pnl.realizedPnL == pytest.approx(float(values[AccountTag.REALIZED_PNL]))


def buy_and_fill(engine: Any) -> None:
    placed = engine.execute(PlaceOrder("K2", "KO", Action.BUY, Decimal(25), entered_by="FA9"))
    order_id = next(e.order_id for e in placed.events if isinstance(e, OrderPlaced))
    engine.execute(ForceExecution(order_id, Decimal(25), Decimal("64.00")))


def test_a_fill_reaches_the_position_subscribers(open_gateway):
    gateway = open_gateway(ADVISOR_SCENARIO)

    async def scenario() -> ib_async.Position:
        ib = await connect_ib(gateway, 1, raise_request_errors=True)
        try:
            before = {p.contract.symbol: p.position for p in ib.positions("K2")}
            filled = next_event(ib.positionEvent, lambda p: p.account == "K2" and p.contract.symbol == "KO")
            await on_engine(gateway, buy_and_fill)
            (position,) = await filled
            assert position.position == before["KO"] + 25
            return position
        finally:
            ib.disconnect()

    position = run(scenario())
    held = gateway.on_engine(lambda engine: next(p for p in engine.positions("K2") if p.symbol == "KO"))
    assert position.position == float(held.quantity)
    assert position.avgCost == pytest.approx(float(held.avg_cost))


def test_an_account_the_login_does_not_see_is_refused_with_321(open_gateway):
    gateway = open_gateway(MARGIN_SCENARIO)  # signed in as M1: L1 is another customer's account

    async def scenario() -> list[list[str]]:
        client = await RawClient.started(gateway.port, client_id=4)
        answers = []
        # ibapi client.py: reqPositionsMulti (74, version 1, reqId, account, modelCode), reqPnL (92, reqId,
        # account, modelCode; no version), reqAccountUpdates (6, version 2, subscribe, account)
        for request in ((74, 1, 9, "L1", ""), (92, 10, "L1", ""), (6, 2, 1, "L1")):
            client.send(*request)
            answers.append(await client.read())
        client.close()
        return answers

    answers = run(scenario())
    assert [answer[:4] for answer in answers] == [["4", "2", "9", "321"], ["4", "2", "10", "321"],
                                                  ["4", "2", "-1", "321"]]
    assert all("L1 is not an account or group of this login" in answer[4] for answer in answers)


def test_a_cancelled_pnl_subscription_stops(open_gateway):
    gateway = open_gateway(MARGIN_SCENARIO)

    async def scenario() -> tuple[list[str], list[str], list[str]]:
        client = await RawClient.started(gateway.port, client_id=4)
        client.send(92, 10, "M1", "")  # reqPnL (ibapi client.py reqPnL: no version field)
        first = await client.read()
        client.send(93, 10)  # cancelPnL
        await client.current_time()  # the cancel is in before the price moves
        await on_engine(gateway, lambda engine: engine.execute(SetPrice("ESZ6", Decimal("6200.00"))))
        after = await client.current_time()
        client.send(92, 11, "M1", "")
        again = await client.read()
        client.close()
        return first, after, again

    first, after, again = run(scenario())
    assert first[:2] == ["94", "10"]  # pnl (ibapi decoder processPnLMsg: reqId, daily, unrealized, realized)
    assert after[:2] == ["49", "1"]  # nothing for the cancelled request came before the time
    assert again[:2] == ["94", "11"] and again[3] != first[3]  # the price move did change the unrealized P&L


async def read_until(client: RawClient, message_id: str) -> list[list[str]]:
    """Every message up to and including the first of ``message_id``."""
    messages = [await client.read()]
    while messages[-1][0] != message_id:
        messages.append(await client.read())
    return messages


def test_account_updates_follow_one_account_at_a_time_as_in_tws(open_gateway):
    gateway = open_gateway(ADVISOR_SCENARIO)

    async def scenario() -> tuple[list[list[str]], list[list[str]]]:
        client = await RawClient.started(gateway.port, client_id=4)
        client.send(6, 2, 1, "K1")  # reqAccountUpdates (ibapi client.py: 6, version 2, subscribe, account)
        await read_until(client, "54")  # accountDownloadEnd
        client.send(6, 2, 1, "K2")  # a second account replaces the first (IB reqAccountUpdates: one at a time)
        switched = await read_until(client, "54")
        await on_engine(gateway, lambda engine: engine.execute(SetPrice("MSFT", Decimal("431.00"))))
        moved = (await read_until(client, "8"))  # updateAccountTime closes the batch
        client.close()
        return switched, moved

    switched, moved = run(scenario())
    assert {m[5] for m in switched if m[0] == "6"} == {"K2"}  # updateAccountValue: key, value, currency, account
    assert switched[-1] == ["54", "1", "K2"]
    assert {m[5] for m in moved if m[0] == "6"} == {"K2"}  # K1 holds MSFT too, but is no longer followed
    assert {m[-1] for m in moved if m[0] == "7"} == {"K2"}  # updatePortfolio's last field: the account


def test_closing_the_connection_ends_the_engine_subscriptions(open_gateway):
    gateway = open_gateway(MARGIN_SCENARIO)
    listening = gateway.on_engine(lambda engine: len(engine._subscribers))  # noqa: SLF001 - what the feed adds

    async def scenario() -> tuple[int, int]:
        client = await RawClient.started(gateway.port, client_id=4)
        client.send(92, 10, "M1", "")  # reqPnL
        await client.read()
        subscribed = await on_engine(gateway, lambda engine: len(engine._subscribers))  # noqa: SLF001
        client.close()
        left = subscribed
        for _round_trip in range(1000):  # each a round trip through the engine thread, never a sleep
            left = await on_engine(gateway, lambda engine: len(engine._subscribers))  # noqa: SLF001
            if left == listening:
                break
        return subscribed, left

    subscribed, left = run(scenario())
    assert subscribed > listening
    assert left == listening


def test_ledger_alone_answers_the_base_currency_and_ledger_ccy_that_currency(open_gateway):
    gateway = open_gateway(ADVISOR_SCENARIO)

    async def scenario() -> tuple[list[list[str]], list[list[str]]]:
        client = await RawClient.started(gateway.port, client_id=4)
        client.send(62, 1, 5, "All", "$LEDGER")  # reqAccountSummary (ibapi client.py: 62, version 1, ...)
        base = await read_until(client, "64")
        client.send(62, 1, 6, "All", "$LEDGER:USD,NetLiquidation")
        usd = await read_until(client, "64")
        client.close()
        return base, usd

    base, usd = run(scenario())
    # accountSummary (63): version, reqId, account, tag, value, currency (ibapi decoder: wrap accountSummary)
    assert {m[6] for m in base if m[0] == "63"} == {"BASE"}
    assert {m[3] for m in base if m[0] == "63"} == {"K1", "K2", "K3"}
    assert {m[6] for m in usd if m[0] == "63"} == {"USD"}
    assert [m[4] for m in usd if m[0] == "63" and m[3] == "K1"][-1] == "NetLiquidation"  # in the order asked
    assert base[-1] == ["64", "1", "5"] and usd[-1] == ["64", "1", "6"]


def test_account_updates_multi_with_ledger_and_nlv_only_and_its_cancel(open_gateway):
    gateway = open_gateway(ADVISOR_SCENARIO)

    async def scenario() -> tuple[list[list[str]], list[str]]:
        client = await RawClient.started(gateway.port, client_id=4)
        # reqAccountUpdatesMulti (ibapi client.py): version 1, reqId, account, modelCode, ledgerAndNLV
        client.send(76, 1, 7, "K1", "", 1)
        answer = await read_until(client, "74")  # accountUpdateMultiEnd
        client.send(77, 1, 7)  # cancelAccountUpdatesMulti
        await client.current_time()
        await on_engine(gateway, lambda engine: engine.execute(SetPrice("MSFT", Decimal("432.00"))))
        after = await client.current_time()
        client.close()
        return answer, after

    answer, after = run(scenario())
    # accountUpdateMulti (73): version, reqId, account, modelCode, key, value, currency
    keys = {m[5] for m in answer if m[0] == "73"}
    assert "NetLiquidation" in keys and "CashBalance" in keys and "NetLiquidationByCurrency" in keys
    assert not keys & {"InitMarginReq", "AvailableFunds", "AccountCode"}  # the ledger and NLV only
    assert answer[-1] == ["74", "1", "7"]
    assert after[:2] == ["49", "1"]  # cancelled: the price move sent nothing first
