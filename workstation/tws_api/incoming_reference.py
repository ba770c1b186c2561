"""Reference-data requests: option chain parameters, symbol search and the earliest bar (reference §4.2).

None of them carries a per-message version field (ibapi client.py reqSecDefOptParams, reqMatchingSymbols,
reqHeadTimeStamp, cancelHeadTimeStamp; ib_async client.py sends the same fields).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workstation.tws_api.fields import ID, INT, STR, FieldReader
from workstation.tws_api.ids import Incoming
from workstation.tws_api.model import ApiContract
from workstation.tws_api.registry import read_contract_12, request


@request(Incoming.REQ_SEC_DEF_OPT_PARAMS, "reqSecDefOptParams",
         (("req_id", ID), ("underlying_symbol", STR), ("fut_fop_exchange", STR), ("underlying_sec_type", STR),
          ("underlying_con_id", INT)), versioned=False)
@dataclass
class ReqSecDefOptParams:
    """reqSecDefOptParams: the expirations and strikes of an underlying's options (futFopExchange for FOPs)."""

    req_id: int = 0
    underlying_symbol: str = ""
    fut_fop_exchange: str = ""
    underlying_sec_type: str = ""
    underlying_con_id: int | None = 0


@request(Incoming.REQ_MATCHING_SYMBOLS, "reqMatchingSymbols", (("req_id", ID), ("pattern", STR)), versioned=False)
@dataclass
class ReqMatchingSymbols:
    """reqMatchingSymbols: contracts whose symbol or name matches a pattern (TWS's symbol search)."""

    req_id: int = 0
    pattern: str = ""


@request(Incoming.REQ_HEAD_TIMESTAMP, "reqHeadTimeStamp")
@dataclass
class ReqHeadTimeStamp:
    """reqHeadTimeStamp: the time of a contract's earliest bar of ``whatToShow``."""

    req_id: int = 0
    contract: ApiContract = field(default_factory=ApiContract)
    use_rth: int | None = 0
    what_to_show: str = ""
    format_date: int | None = 1

    @classmethod
    def read(cls, r: FieldReader) -> ReqHeadTimeStamp:
        obj = cls(req_id=r.required_int("reqId"), contract=read_contract_12(r))
        obj.contract.include_expired = r.bool("includeExpired")
        obj.use_rth = r.int("useRTH")
        obj.what_to_show = r.str("whatToShow")
        obj.format_date = r.int("formatDate")
        return obj


@request(Incoming.CANCEL_HEAD_TIMESTAMP, "cancelHeadTimeStamp", (("req_id", ID),), versioned=False)
@dataclass
class CancelHeadTimeStamp:
    """cancelHeadTimeStamp."""

    req_id: int = 0
