"""The TWS API codec tests run under a guard: a client that logged an error while decoding fails the test."""

from __future__ import annotations

import logging

import pytest

from tests.tws_api.clients import client_error_records

# The negotiated versions every client-facing test runs at: ib_async's minimum, the default, the maximum.
SERVER_VERSIONS = (157, 176, 178)


@pytest.fixture(autouse=True)
def no_client_errors(caplog):
    """Fail when ib_async or ibapi logged an error or an exception (their only sign of a bad message)."""
    caplog.set_level(logging.DEBUG, logger="ib_async")
    caplog.set_level(logging.INFO, logger="ibapi")
    yield
    bad = client_error_records([*caplog.get_records("setup"), *caplog.get_records("call")])
    assert not bad, [record.getMessage()[:300] for record in bad]
