"""Account requests as TWS limits and filters them: at most two active reqAccountSummary subscriptions per
client (a third is error 322 until one is cancelled), and reqPositionsMulti / reqAccountUpdatesMulti with a
model code covering only the accounts invested in that model of the advisor.

Layouts: ibapi client.py reqAccountSummary (62, version 1, reqId, group, tags), cancelAccountSummary (63,
version 1, reqId), reqPositionsMulti (74, version 1, reqId, account, modelCode), reqAccountUpdatesMulti (76,
version 1, reqId, account, modelCode, ledgerAndNLV); answers per reference §4.3. Code 322 and its text:
IB "Message Codes" ("Error processing request"), as TWS words the summary limit.
"""

from __future__ import annotations

from decimal import Decimal

import ib_async
import pytest

from tests.tws_api.conftest import ADVISOR_SCENARIO, SERVER_VERSIONS, RawClient, connect_ib, run
from workstation.engine.messages.commands import DefineModel, InvestInModel

LIMIT_TEXT = ("Error processing request.-'Q' : cause - Maximum number of account summary requests exceeded; "
              "desubscribe to previous request first")


async def summary(client: RawClient, req_id: int) -> list[str]:
    """reqAccountSummary for one tag; the answer's first message that is not an accountSummary row."""
    client.send(62, 1, req_id, "All", "NetLiquidation")
    while (answer := await client.read())[0] == "63":
        pass
    return answer


def test_a_third_account_summary_is_322_until_one_is_cancelled(open_gateway):
    gateway = open_gateway(ADVISOR_SCENARIO)

    async def scenario() -> list[list[str]]:
        client = await RawClient.started(gateway.port, client_id=2)
        other = await RawClient.started(gateway.port, client_id=3)
        answers = [await summary(client, 1), await summary(client, 2), await summary(client, 3)]
        answers.append(await summary(client, 2))  # again under an active id: it replaces that subscription
        answers.append(await summary(other, 1))  # the limit is per client
        client.send(63, 1, 1)  # cancelAccountSummary frees one
        answers.append(await summary(client, 3))
        answers.append(await summary(client, 4))
        client.close()
        other.close()
        return answers

    first, second, third, again, other, after_cancel, fourth = run(scenario())
    assert first == ["64", "1", "1"] and second == ["64", "1", "2"]  # accountSummaryEnd
    assert third == ["4", "2", "3", "322", LIMIT_TEXT, ""]
    assert again == ["64", "1", "2"] and other == ["64", "1", "1"] and after_cancel == ["64", "1", "3"]
    assert fourth[:4] == ["4", "2", "4", "322"]


@pytest.mark.parametrize("version", SERVER_VERSIONS)
def test_ib_async_hears_322_on_the_third_summary_request(open_gateway, expected_client_errors, version):
    gateway = open_gateway(ADVISOR_SCENARIO, max_server_version=version)
    expected_client_errors.add(322)  # ib_async logs it at ERROR (wrapper.py error): provoked here

    async def scenario() -> ib_async.RequestError:
        ib = await connect_ib(gateway, 1, raise_request_errors=True)
        try:
            for req_id in (101, 102):
                done = ib.wrapper.startReq(req_id)  # as ib.py reqAccountSummaryAsync waits for its end
                ib.client.reqAccountSummary(req_id, "All", "NetLiquidation")
                await done
            refused = ib.wrapper.startReq(103)
            ib.client.reqAccountSummary(103, "All", "NetLiquidation")
            with pytest.raises(ib_async.RequestError) as error:
                await refused
            return error.value
        finally:
            ib.disconnect()

    error = run(scenario())
    assert (error.reqId, error.code, error.message) == (103, 322, LIMIT_TEXT)


def invest_k2_in_tech(gateway) -> None:
    def define(engine) -> None:
        engine.execute(DefineModel("FA9", "Tech"))
        engine.execute(InvestInModel("K2", "Tech", Decimal(10_000)))

    gateway.on_engine(define)


def test_positions_multi_with_a_model_code_lists_only_the_models_accounts(open_gateway):
    gateway = open_gateway(ADVISOR_SCENARIO)
    invest_k2_in_tech(gateway)
    held = gateway.on_engine(lambda engine: {a: {p.symbol for p in engine.positions(a) if p.quantity}
                                             for a in ("K1", "K2", "K3")})
    assert held["K1"] and held["K2"]  # both hold something: only the model can tell them apart

    async def scenario() -> tuple[list[list[str]], list[list[str]], list[str]]:
        client = await RawClient.started(gateway.port, client_id=2)
        answers = []
        for req_id, model in ((7, "Tech"), (8, "")):
            client.send(74, 1, req_id, "", model)
            rows = []
            while (message := await client.read())[0] == "71":
                rows.append(message)
            assert message == ["72", "1", str(req_id)]  # positionMultiEnd
            answers.append(rows)
        client.send(74, 1, 9, "", "Nope")
        unknown = await client.read()
        client.close()
        return answers[0], answers[1], unknown

    tech, every, unknown = run(scenario())
    # positionMulti (71): version, reqId, account, contract (11), position, avgCost, modelCode
    assert {row[3] for row in tech} == {"K2"} and {row[-1] for row in tech} == {"Tech"}
    assert len(tech) == len(held["K2"])
    assert {row[3] for row in every} == {a for a, symbols in held.items() if symbols}
    assert unknown[:4] == ["4", "2", "9", "321"] and "Model Nope" in unknown[4]


def test_account_updates_multi_for_a_model_carry_only_the_models_accounts(open_gateway):
    gateway = open_gateway(ADVISOR_SCENARIO)
    invest_k2_in_tech(gateway)

    async def scenario() -> list[ib_async.AccountValue]:
        ib = await connect_ib(gateway, 1, raise_request_errors=True)
        try:
            await ib.reqAccountUpdatesMultiAsync("FA9", "Tech")  # the master's model: its invested clients
            return [value for value in ib.accountValues() if value.modelCode == "Tech"]
        finally:
            ib.disconnect()

    values = run(scenario())
    assert values and {value.account for value in values} == {"K2"}
