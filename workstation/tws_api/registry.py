"""The registry of client requests: the `request` decorator, REQUESTS (id -> how to read it) and the
contract readers several requests share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from workstation.tws_api.fields import FieldReader, Spec
from workstation.tws_api.ids import Incoming
from workstation.tws_api.layouts import CONTRACT_12, MKT_DATA_LEG
from workstation.tws_api.model import ApiContract, ComboLeg


class Request(Protocol):
    """What every parsed request offers: its message id and IB's name for it."""

    MSG_ID: Incoming
    NAME: str


@dataclass(frozen=True)
class Registration:
    """How one request id is read: its name, its class and its reader."""

    msg_id: Incoming
    name: str
    cls: type
    read: Callable[[FieldReader], Any]


REQUESTS: dict[int, Registration] = {}
_T = TypeVar("_T")


def request(
    msg_id: Incoming, name: str, layout: Spec = (), *, versioned: bool = True
) -> Callable[[type[_T]], type[_T]]:
    """Register a request class. Without its own `read` classmethod it is read as: the per-message version
    field (when `versioned`), then `layout`."""

    def register(cls: type[_T]) -> type[_T]:
        cls.MSG_ID = msg_id  # type: ignore[attr-defined]
        cls.NAME = name  # type: ignore[attr-defined]
        reader = getattr(cls, "read", None)
        if reader is None:

            def reader(r: FieldReader) -> _T:
                if versioned:
                    r.int("version")
                obj = cls()
                r.read_spec(obj, layout)
                return obj

        REQUESTS[msg_id] = Registration(msg_id, name, cls, reader)
        return cls

    return register


def read_contract_12(r: FieldReader) -> ApiContract:
    """The 12-field contract block (conId .. tradingClass)."""
    contract = ApiContract()
    r.read_spec(contract, CONTRACT_12)
    return contract


def read_mkt_data_legs(r: FieldReader, contract: ApiContract) -> None:
    """A BAG contract's legs as reqMktData and reqHistoricalData carry them (4 fields each)."""
    if contract.sec_type == "BAG":
        for _ in range(r.count("comboLegsCount", len(MKT_DATA_LEG))):
            leg = ComboLeg()
            r.read_spec(leg, MKT_DATA_LEG)
            contract.combo_legs.append(leg)
