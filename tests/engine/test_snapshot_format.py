"""Snapshots pickle the engine state, so any change to the shape or the module of a class inside it must bump
SNAPSHOT_FORMAT (old snapshots are then skipped and the journal replayed). This test records the
shape each format number stands for: changing a field fails it until the format is bumped and the
recorded shape updated together."""

import dataclasses
import hashlib

from workstation.engine.allocation.models import Model
from workstation.engine.allocation.setup import AllocationGroup, AllocationPresets
from workstation.engine.api import SNAPSHOT_FORMAT
from workstation.engine.core.fee_schedule import FeeSchedule
from workstation.engine.core.terms import ComboLeg
from workstation.engine.funding.records import DepositHold, FundingRecord
from workstation.engine.ledger.accounts import Account, Position, UnpaidPurchase, UnsettledCash
from workstation.engine.margin.day_trading_call import DayTradingCall
from workstation.engine.messages.events import ExecutionReported
from workstation.engine.orders.allocation_plan import AccountAllocation, AllocationPlan
from workstation.engine.orders.order import Combo, Order
from workstation.engine.partitions.records import Partition, PerformancePoint
from workstation.engine.state import EngineState
from workstation.engine.trading.configuration import ConfigurationRequest
from workstation.engine.trading.paper import PaperReset

STATE_CLASSES = (EngineState, Account, Position, Order, ExecutionReported, AllocationPlan, AccountAllocation,
                 AllocationGroup, AllocationPresets, Model, Combo, ComboLeg, Partition, PerformancePoint, FeeSchedule,
                 FundingRecord, DepositHold, DayTradingCall, UnsettledCash, UnpaidPurchase, ConfigurationRequest,
                 PaperReset)
SHAPES = {7: "582868b4b662c9c0", 8: "8232e3ab9f3fe1fc", 9: "71cddf750ff2d9cb", 10: "0953215c7d88a6ff",
          11: "4e001687adf0fba4", 12: "744581c1e63fa7ff",
          13: "dc2bb55c643be00c", 14: "5b07eeaaf86fade1",
          15: "5b07eeaaf86fade1",  # 15: the market simulator caches its marks
          16: "9bfd0dbb6a097580",
          17: "9bfd0dbb6a097580",  # 17: day trades counted per day, not listed
          18: "f9da58e49e97f4c3",
          19: "c6ca1d1d1708685d",
          20: "af064c09e078d49b",
          21: "516b137280da2dc7",
          22: "7358e655f998371b",  # 22: the close-positions-first preset, kept on each plan
          23: "eb512680cb6139f3",  # 23: the audit trail
          24: "be8d340beddaab95",  # 24: the audit trail keeps its events and formats them when read
          25: "d5a2acdcb18821b1",  # 25: partitions, the funding history and deposit holds
          26: "0583a9a49078d7f0",  # 26: an account's holder; each account's commission on an advisor execution
          27: "914b0030caef2bc2",  # 27: the engine's classes moved into rooms; from here on a shape names the modules
          28: "fa00cd710fa40a57",  # 28: done orders, executions and the Audit Trail live in the history, not the
          # state; the Trades Summary and today's fills ride in the snapshot beside the bars
          29: "fa00cd710fa40a57",  # 29: today's fills keep their totals only, not each fill
          30: "cc64395198622081",  # 30: pattern day traders and day-trading calls; each account's unsettled trade
          # cash and unpaid purchases, Cash Up Front; the commodities segment's cash, sweep period and settings
          31: "2e81bbb4fb48b7ef",  # 31: an unpaid purchase keeps the units it bought; the previous close's
          # commodities net liquidation
          32: "e661b1298319d07a",  # 32: an order keeps the API client and order id that placed it
          33: "c2333c9e52a82836",  # 33: users and their role on each account; pending deposits by method, holds by
          # bank, security devices; the account holder's name; account configuration requests waiting for their day
          34: "a0d5637fca7d548f",  # 34: paper accounts (the flag, the live account) and their resets,
          # waiting, made or cancelled
          35: "51ab7f8ada63899a"}  # 35: market data subscriptions, each account's month's bill; the delayed series
FIRST_WITH_MODULES = 27  # a pickle names each class's module, so moving a class changes the snapshot too


def shape() -> str:
    def name(cls: type) -> str:
        return f"{cls.__module__}.{cls.__qualname__}" if SNAPSHOT_FORMAT >= FIRST_WITH_MODULES else cls.__name__

    text = ";".join(f"{name(cls)}:{','.join(f.name for f in dataclasses.fields(cls))}" for cls in STATE_CLASSES)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def test_the_snapshot_format_matches_the_state_it_pickles():
    assert SNAPSHOT_FORMAT in SHAPES, f"record SHAPES[{SNAPSHOT_FORMAT}] = {shape()!r}"
    assert shape() == SHAPES[SNAPSHOT_FORMAT], (
        f"the engine state changed shape: bump SNAPSHOT_FORMAT and record SHAPES[new] = {shape()!r}")
