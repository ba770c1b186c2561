"""Reference-data requests: option chain parameters, symbol search and the earliest bar's time.

Each is read on the engine's thread and answered at once. An underlying or contract the universe does not
have is answered 200, as reqContractDetails is; a contract with no bar yet gets 162 with the reason.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from workstation.tws_api import outgoing_reference
from workstation.tws_api.handlers import handles
from workstation.tws_api.history import HISTORY_ERROR, head_timestamp
from workstation.tws_api.incoming_reference import (
    CancelHeadTimeStamp,
    ReqHeadTimeStamp,
    ReqMatchingSymbols,
    ReqSecDefOptParams,
)
from workstation.tws_api.market_feed import contract_book
from workstation.tws_api.reference_data import matching_symbols, option_chains
from workstation.tws_api.replies import NO_SECURITY

if TYPE_CHECKING:
    from workstation.tws_api.session import Session

EPOCH_DATES = 2  # formatDate 2: seconds since the epoch; 1: exchange-local text


@handles(ReqSecDefOptParams)
async def req_sec_def_opt_params(session: Session, request: ReqSecDefOptParams) -> None:
    chains = await session.host.link.call(lambda adapter: option_chains(
        adapter.engine, request.underlying_symbol, request.underlying_sec_type, request.underlying_con_id or 0,
        request.fut_fop_exchange))
    if chains is None:
        session.send_error(request.req_id, *NO_SECURITY)
        return
    v = session.server_version
    for chain in chains:
        session.send(outgoing_reference.option_chain(v, request.req_id, chain))
    session.send(outgoing_reference.option_chain_end(v, request.req_id))


@handles(ReqMatchingSymbols)
async def req_matching_symbols(session: Session, request: ReqMatchingSymbols) -> None:
    samples = await session.host.link.call(lambda adapter: matching_symbols(adapter.engine, request.pattern))
    session.send(outgoing_reference.symbol_samples(session.server_version, request.req_id, samples))


@handles(ReqHeadTimeStamp)
async def req_head_timestamp(session: Session, request: ReqHeadTimeStamp) -> None:
    def read(adapter: Any) -> tuple[int, str] | str:
        engine = adapter.engine
        found = contract_book(engine).matching(request.contract)
        if len(found) != 1:
            return NO_SECURITY
        stamp = head_timestamp(engine.bars(found[0].symbol), engine.calendar, bool(request.use_rth),
                               request.format_date == EPOCH_DATES)
        if stamp is None:
            return HISTORY_ERROR, f"Historical Market Data Service error message:No head time stamp for " \
                                  f"{found[0].symbol}"
        return stamp

    answered = await session.host.link.call(read)
    if isinstance(answered, tuple):
        session.send_error(request.req_id, *answered)
        return
    session.send(outgoing_reference.head_timestamp(session.server_version, request.req_id, answered))


@handles(CancelHeadTimeStamp)
def cancel_head_timestamp(_session: Session, _request: CancelHeadTimeStamp) -> None:
    """Every head timestamp is answered at once: there is nothing left to cancel."""
