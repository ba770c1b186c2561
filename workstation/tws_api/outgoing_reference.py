"""Server -> client reference data: option chain parameters, symbol samples and the head timestamp.

Layouts as ib_async decoder.py (securityDefinitionOptionParameter, symbolSamples, the wrap of 76 and 88) and
ibapi decoder.py (processSecurityDefinitionOptionParameterMsg, processSymbolSamplesMsg, processHeadTimestamp)
read them; none of them carries a version field. Every builder takes the server version ``v`` first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from workstation.tws_api.fields import enc_float, enc_int, enc_text
from workstation.tws_api.ids import Outgoing

BOND_ISSUERID = 176  # symbolSamples gains each contract's description and issuerId


@dataclass(frozen=True)
class OptionChain:
    """One row of reqSecDefOptParams: the options of an underlying on one exchange and trading class."""

    exchange: str
    underlying_con_id: int
    trading_class: str
    multiplier: str
    expirations: tuple[str, ...]
    strikes: tuple[float, ...]


@dataclass(frozen=True)
class SymbolSample:
    """One contract of reqMatchingSymbols, with the derivative types listed on it."""

    con_id: int
    symbol: str
    sec_type: str
    primary_exchange: str
    currency: str
    derivative_sec_types: tuple[str, ...]
    description: str = ""
    issuer_id: str = ""


def option_chain(v: int, req_id: int, chain: OptionChain) -> list[str]:
    """securityDefinitionOptionParameter (75)."""
    return [str(int(Outgoing.SECURITY_DEFINITION_OPTION_PARAMETER)), enc_int(req_id), enc_text(chain.exchange),
            enc_int(chain.underlying_con_id), enc_text(chain.trading_class), enc_text(chain.multiplier),
            enc_int(len(chain.expirations)), *map(enc_text, chain.expirations),
            enc_int(len(chain.strikes)), *map(enc_float, chain.strikes)]


def option_chain_end(v: int, req_id: int) -> list[str]:
    """securityDefinitionOptionParameterEnd (76)."""
    return [str(int(Outgoing.SECURITY_DEFINITION_OPTION_PARAMETER_END)), enc_int(req_id)]


def symbol_samples(v: int, req_id: int, samples: Sequence[SymbolSample]) -> list[str]:
    """symbolSamples (79): description and issuerId per contract from 176."""
    out = [str(int(Outgoing.SYMBOL_SAMPLES)), enc_int(req_id), enc_int(len(samples))]
    for sample in samples:
        out += [enc_int(sample.con_id), enc_text(sample.symbol), enc_text(sample.sec_type),
                enc_text(sample.primary_exchange), enc_text(sample.currency),
                enc_int(len(sample.derivative_sec_types)), *map(enc_text, sample.derivative_sec_types)]
        if v >= BOND_ISSUERID:
            out += [enc_text(sample.description), enc_text(sample.issuer_id)]
    return out


def head_timestamp(v: int, req_id: int, timestamp: str) -> list[str]:
    """headTimestamp (88)."""
    return [str(int(Outgoing.HEAD_TIMESTAMP)), enc_int(req_id), enc_text(timestamp)]
