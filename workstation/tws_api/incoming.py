"""Client -> server requests: typed dataclasses, their parsers, and `parse_request`, the one entry point.

Each request class is registered by registry.request with its message id, IB's name and, for the
simple ones, the layout of its fields; `REQUESTS` (id -> registration) is derived from those definitions.
A parser consumes exactly the request's fields: a short, malformed or over-long request raises
`RequestError` naming the request and the field (the server answers 320/321 with it). Layouts: reference
tws-api.md section 4.2, ib_async client.py and ibapi client.py at server versions 157..178.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from workstation.tws_api import incoming_reference  # noqa: F401 - registers its requests
from workstation.tws_api.fields import BOOL, ID, INT, STR, FieldReader, RequestError, UnknownRequest
from workstation.tws_api.ids import Incoming
from workstation.tws_api.incoming_orders import PlaceOrder
from workstation.tws_api.layouts import DELTA_NEUTRAL
from workstation.tws_api.model import ApiContract, DeltaNeutralContract, ExecutionFilter
from workstation.tws_api.registry import REQUESTS, read_contract_12, read_mkt_data_legs, request

BOND_ISSUERID = 176  # reqContractDetails gains issuerId
MANUAL_ORDER_TIME = 169  # cancelOrder gains manualOrderCancelTime


def parse_request(fields: Sequence[str], server_version: int) -> Any:
    """The typed request in `fields` (message id first), read at `server_version`.

    Raises UnknownRequest for an id this server does not read, RequestError for anything malformed.
    """
    if not fields:
        raise RequestError("request", "msgId", "empty request")
    head = fields[0]
    if not (head.isascii() and head.isdigit()) or len(head) > 6:
        raise RequestError("request", "msgId", f"expected a message id, got {head[:40]!r}")
    registration = REQUESTS.get(int(head))
    if registration is None:
        raise UnknownRequest(f"request {int(head)}", None, "not supported by this server")
    reader = FieldReader(fields[1:], registration.name, server_version)
    parsed = registration.read(reader)
    reader.finish()
    return parsed


# ------------------------------------------------------------------------------------------------ session


@request(Incoming.START_API, "startApi")
@dataclass
class StartApi:
    """startApi: the client id, and the optional capabilities (ib_async always sends them, maybe empty)."""

    client_id: int = 0
    optional_capabilities: str = ""

    @classmethod
    def read(cls, r: FieldReader) -> StartApi:
        r.int("version")
        obj = cls(client_id=r.required_int("clientId"))
        if r.remaining:
            obj.optional_capabilities = r.str("optionalCapabilities")
        return obj


@request(Incoming.REQ_IDS, "reqIds", (("num_ids", INT),))
@dataclass
class ReqIds:
    """reqIds: answered with nextValidId."""

    num_ids: int | None = 1


@request(Incoming.REQ_CURRENT_TIME, "reqCurrentTime")
@dataclass
class ReqCurrentTime:
    """reqCurrentTime: answered with currentTime."""


@request(Incoming.REQ_MANAGED_ACCTS, "reqManagedAccts")
@dataclass
class ReqManagedAccts:
    """reqManagedAccts: answered with managedAccounts."""


# ------------------------------------------------------------------------------------------------ accounts


@request(Incoming.REQ_ACCOUNT_SUMMARY, "reqAccountSummary", (("req_id", ID), ("group_name", STR), ("tags", STR)))
@dataclass
class ReqAccountSummary:
    """reqAccountSummary: group "All" or an FA group; tags a comma list (incl. $LEDGER, $LEDGER:CCY, :ALL)."""

    req_id: int = 0
    group_name: str = ""
    tags: str = ""

    @property
    def tag_list(self) -> list[str]:
        """The requested tags in order, without empty entries."""
        return [tag for tag in self.tags.split(",") if tag]


@request(Incoming.CANCEL_ACCOUNT_SUMMARY, "cancelAccountSummary", (("req_id", ID),))
@dataclass
class CancelAccountSummary:
    """cancelAccountSummary."""

    req_id: int = 0


@request(Incoming.REQ_ACCOUNT_UPDATES, "reqAccountUpdates", (("subscribe", BOOL), ("acct_code", STR)))
@dataclass
class ReqAccountUpdates:
    """reqAccountUpdates: subscribe (or unsubscribe) one account's values and portfolio."""

    subscribe: bool = False
    acct_code: str = ""


@request(Incoming.REQ_ACCOUNT_UPDATES_MULTI, "reqAccountUpdatesMulti",
         (("req_id", ID), ("account", STR), ("model_code", STR), ("ledger_and_nlv", BOOL)))
@dataclass
class ReqAccountUpdatesMulti:
    """reqAccountUpdatesMulti."""

    req_id: int = 0
    account: str = ""
    model_code: str = ""
    ledger_and_nlv: bool = False


@request(Incoming.CANCEL_ACCOUNT_UPDATES_MULTI, "cancelAccountUpdatesMulti", (("req_id", ID),))
@dataclass
class CancelAccountUpdatesMulti:
    """cancelAccountUpdatesMulti."""

    req_id: int = 0


@request(Incoming.REQ_POSITIONS, "reqPositions")
@dataclass
class ReqPositions:
    """reqPositions: a subscription to every account's positions."""


@request(Incoming.CANCEL_POSITIONS, "cancelPositions")
@dataclass
class CancelPositions:
    """cancelPositions."""


@request(Incoming.REQ_POSITIONS_MULTI, "reqPositionsMulti", (("req_id", ID), ("account", STR), ("model_code", STR)))
@dataclass
class ReqPositionsMulti:
    """reqPositionsMulti."""

    req_id: int = 0
    account: str = ""
    model_code: str = ""


@request(Incoming.CANCEL_POSITIONS_MULTI, "cancelPositionsMulti", (("req_id", ID),))
@dataclass
class CancelPositionsMulti:
    """cancelPositionsMulti."""

    req_id: int = 0


@request(Incoming.REQ_PNL, "reqPnL", (("req_id", ID), ("account", STR), ("model_code", STR)), versioned=False)
@dataclass
class ReqPnL:
    """reqPnL: daily, unrealized and realized P&L of an account (no version field)."""

    req_id: int = 0
    account: str = ""
    model_code: str = ""


@request(Incoming.CANCEL_PNL, "cancelPnL", (("req_id", ID),), versioned=False)
@dataclass
class CancelPnL:
    """cancelPnL."""

    req_id: int = 0


@request(Incoming.REQ_PNL_SINGLE, "reqPnLSingle",
         (("req_id", ID), ("account", STR), ("model_code", STR), ("con_id", INT)), versioned=False)
@dataclass
class ReqPnLSingle:
    """reqPnLSingle: one position's P&L."""

    req_id: int = 0
    account: str = ""
    model_code: str = ""
    con_id: int | None = 0


@request(Incoming.CANCEL_PNL_SINGLE, "cancelPnLSingle", (("req_id", ID),), versioned=False)
@dataclass
class CancelPnLSingle:
    """cancelPnLSingle."""

    req_id: int = 0


# ------------------------------------------------------------------------------------------------ contracts, data


@request(Incoming.REQ_CONTRACT_DETAILS, "reqContractDetails")
@dataclass
class ReqContractDetails:
    """reqContractDetails: the contract to qualify (issuerId from 176)."""

    req_id: int = 0
    contract: ApiContract = field(default_factory=ApiContract)

    @classmethod
    def read(cls, r: FieldReader) -> ReqContractDetails:
        r.int("version")
        obj = cls(req_id=r.required_int("reqId"), contract=read_contract_12(r))
        obj.contract.include_expired = r.bool("includeExpired")
        obj.contract.sec_id_type = r.str("secIdType")
        obj.contract.sec_id = r.str("secId")
        if r.version >= BOND_ISSUERID:
            obj.contract.issuer_id = r.str("issuerId")
        return obj


@request(Incoming.REQ_MKT_DATA, "reqMktData")
@dataclass
class ReqMktData:
    """reqMktData: streaming or snapshot quotes of a contract (BAG legs and a delta-neutral contract included)."""

    req_id: int = 0
    contract: ApiContract = field(default_factory=ApiContract)
    generic_tick_list: str = ""
    snapshot: bool = False
    regulatory_snapshot: bool = False
    mkt_data_options: str = ""

    @classmethod
    def read(cls, r: FieldReader) -> ReqMktData:
        r.int("version")
        obj = cls(req_id=r.required_int("reqId"), contract=read_contract_12(r))
        read_mkt_data_legs(r, obj.contract)
        if r.bool("deltaNeutralContractPresent"):
            dnc = DeltaNeutralContract()
            r.read_spec(dnc, DELTA_NEUTRAL)
            obj.contract.delta_neutral_contract = dnc
        obj.generic_tick_list = r.str("genericTickList")
        obj.snapshot = r.bool("snapshot")
        obj.regulatory_snapshot = r.bool("regulatorySnapshot")
        obj.mkt_data_options = r.str("mktDataOptions")
        return obj


@request(Incoming.CANCEL_MKT_DATA, "cancelMktData", (("req_id", ID),))
@dataclass
class CancelMktData:
    """cancelMktData."""

    req_id: int = 0


@request(Incoming.REQ_MARKET_DATA_TYPE, "reqMarketDataType", (("market_data_type", INT),))
@dataclass
class ReqMarketDataType:
    """reqMarketDataType: 1 live, 2 frozen, 3 delayed, 4 delayed frozen."""

    market_data_type: int | None = 1


@request(Incoming.REQ_HISTORICAL_DATA, "reqHistoricalData")
@dataclass
class ReqHistoricalData:
    """reqHistoricalData (no version field): bars of a contract over a duration ending at endDateTime."""

    req_id: int = 0
    contract: ApiContract = field(default_factory=ApiContract)
    end_date_time: str = ""
    bar_size: str = ""
    duration: str = ""
    use_rth: int | None = 0
    what_to_show: str = ""
    format_date: int | None = 1
    keep_up_to_date: bool = False
    chart_options: str = ""

    @classmethod
    def read(cls, r: FieldReader) -> ReqHistoricalData:
        obj = cls(req_id=r.required_int("reqId"), contract=read_contract_12(r))
        obj.contract.include_expired = r.bool("includeExpired")
        obj.end_date_time = r.str("endDateTime")
        obj.bar_size = r.str("barSizeSetting")
        obj.duration = r.str("durationStr")
        obj.use_rth = r.int("useRTH")
        obj.what_to_show = r.str("whatToShow")
        obj.format_date = r.int("formatDate")
        read_mkt_data_legs(r, obj.contract)
        obj.keep_up_to_date = r.bool("keepUpToDate")
        obj.chart_options = r.str("chartOptions")
        return obj


@request(Incoming.CANCEL_HISTORICAL_DATA, "cancelHistoricalData", (("req_id", ID),))
@dataclass
class CancelHistoricalData:
    """cancelHistoricalData."""

    req_id: int = 0


# ------------------------------------------------------------------------------------------------ orders


@request(Incoming.CANCEL_ORDER, "cancelOrder")
@dataclass
class CancelOrder:
    """cancelOrder (manualOrderCancelTime from 169)."""

    order_id: int = 0
    manual_order_cancel_time: str = ""

    @classmethod
    def read(cls, r: FieldReader) -> CancelOrder:
        r.int("version")
        obj = cls(order_id=r.required_int("orderId"))
        if r.version >= MANUAL_ORDER_TIME:
            obj.manual_order_cancel_time = r.str("manualOrderCancelTime")
        return obj


@request(Incoming.REQ_OPEN_ORDERS, "reqOpenOrders")
@dataclass
class ReqOpenOrders:
    """reqOpenOrders: this client's open orders."""


@request(Incoming.REQ_ALL_OPEN_ORDERS, "reqAllOpenOrders")
@dataclass
class ReqAllOpenOrders:
    """reqAllOpenOrders: every client's open orders."""


@request(Incoming.REQ_AUTO_OPEN_ORDERS, "reqAutoOpenOrders", (("auto_bind", BOOL),))
@dataclass
class ReqAutoOpenOrders:
    """reqAutoOpenOrders (client 0 only): bind orders placed in the GUI to this client."""

    auto_bind: bool = False


@request(Incoming.REQ_COMPLETED_ORDERS, "reqCompletedOrders", (("api_only", BOOL),), versioned=False)
@dataclass
class ReqCompletedOrders:
    """reqCompletedOrders (no version field)."""

    api_only: bool = False


@request(Incoming.REQ_GLOBAL_CANCEL, "reqGlobalCancel")
@dataclass
class ReqGlobalCancel:
    """reqGlobalCancel: cancel every open order."""


@request(Incoming.REQ_EXECUTIONS, "reqExecutions")
@dataclass
class ReqExecutions:
    """reqExecutions with its filter (empty or 0 fields mean "any")."""

    req_id: int = 0
    filter: ExecutionFilter = field(default_factory=ExecutionFilter)

    @classmethod
    def read(cls, r: FieldReader) -> ReqExecutions:
        r.int("version")
        obj = cls(req_id=r.required_int("reqId"))
        r.read_spec(obj.filter, (("client_id", INT), ("acct_code", STR), ("time", STR), ("symbol", STR),
                                 ("sec_type", STR), ("exchange", STR), ("side", STR)))
        return obj


# ------------------------------------------------------------------------------------------------ FA


@request(Incoming.REQUEST_FA, "requestFA", (("fa_data_type", INT),))
@dataclass
class RequestFA:
    """requestFA: 1 groups, 2 profiles, 3 aliases."""

    fa_data_type: int | None = 1


@request(Incoming.REPLACE_FA, "replaceFA", (("fa_data_type", INT), ("xml", STR), ("req_id", ID)))
@dataclass
class ReplaceFA:
    """replaceFA: the new configuration as IB's XML; answered with replaceFAEnd(reqId)."""

    fa_data_type: int | None = 1
    xml: str = ""
    req_id: int = 0


__all__ = ["REQUESTS", "PlaceOrder", "parse_request"]
