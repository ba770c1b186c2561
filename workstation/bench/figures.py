"""A benchmark figure and how `workstation bench` prints it: each beside a reference measured in
the same run on the same machine, so it reads as "this fast, where the bare floor is that fast"."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


class Unavailable(Exception):
    """A figure that needs what this installation lacks (an optional package): reported as not
    measured, without failing the run, since no target was missed."""


@dataclass(frozen=True, slots=True)
class Figure:
    name: str
    value: float
    unit: str
    target: str
    met: bool
    reference_name: str
    reference: float
    reference_unit: str


def print_figures(figures: list[Figure], out: Callable[[str], None]) -> None:
    for f in figures:
        verdict = "ok" if f.met else "BELOW TARGET"
        value = f"{f.value:,.2f}" if f.value < 100 else f"{f.value:,.0f}"
        reference = f"{f.reference:,.2f}" if f.reference < 100 else f"{f.reference:,.0f}"
        out(f"{f.name}\n    {value} {f.unit}  (target {f.target}: {verdict})"
            f"\n    reference: {f.reference_name} {reference} {f.reference_unit}")
