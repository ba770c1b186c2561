"""AccountFeed on the engine's thread, without sockets: one batch per engine command, nothing for a
command that moves no watched account, and a failing feed never fails the engine's command."""

from __future__ import annotations

import logging
from decimal import Decimal

import pytest

from tests.tws_api.conftest import ADVISOR_SCENARIO
from workstation.engine import Accepted
from workstation.engine.messages.commands import SetPrice
from workstation.testing import _engine
from workstation.tws_api.account_feed import AccountFeed, Messages, watch
from workstation.tws_api.account_rows import AccountReads
from workstation.tws_api.contracts import ContractBook


@pytest.fixture
def feed_and_batches():
    engine, _login = _engine(ADVISOR_SCENARIO, None, None)
    batches: list[Messages] = []
    feed = AccountFeed(AccountReads(engine, ContractBook.of(engine.catalog)), 176, batches.append)
    return engine, feed, batches


def names(batch: Messages) -> list[str]:
    return [build.__name__ for build, _args in batch]


def test_one_batch_per_engine_command_with_only_the_changed_values(feed_and_batches):
    engine, feed, batches = feed_and_batches
    feed.start("updates", watch("updates", ["K1"], name="K1"))
    first = batches.pop()
    assert names(first)[-2:] == ["update_account_time", "account_download_end"]
    engine.execute(SetPrice("MSFT", Decimal("425.00")))  # K1 holds MSFT
    (batch,) = batches
    sent = [args[1] for build, args in batch if build.__name__ == "update_account_value"]
    assert "NetLiquidation" in sent and "AccountCode" not in sent and "TotalCashValue" not in sent
    assert len(sent) < len([m for m in first if m[0].__name__ == "update_account_value"])
    assert names(batch).count("update_portfolio") == 1 and names(batch)[-1] == "update_account_time"


def test_a_command_that_moves_no_watched_account_sends_nothing(feed_and_batches):
    engine, feed, batches = feed_and_batches
    feed.start("updates", watch("updates", ["K1"], name="K1"))
    batches.clear()
    engine.execute(SetPrice("AAPL", Decimal("240.00")))  # nobody in the scenario holds AAPL
    assert batches == []


def test_a_failing_feed_ends_its_subscriptions_and_the_command_still_succeeds(feed_and_batches, monkeypatch, caplog):
    engine, feed, batches = feed_and_batches
    feed.start("updates", watch("updates", ["K1"], name="K1"))

    def broken(*_args: object) -> None:
        raise RuntimeError("a broken read")

    monkeypatch.setattr(feed.reads, "value_rows", broken)
    with caplog.at_level(logging.ERROR, logger="workstation.tws_api"):
        result = engine.execute(SetPrice("MSFT", Decimal("426.00")))
    assert isinstance(result, Accepted)
    assert feed.watches == {}
    assert "account subscriptions are ended" in caplog.text
    batches.clear()
    engine.execute(SetPrice("MSFT", Decimal("427.00")))
    assert batches == []  # no longer listening
