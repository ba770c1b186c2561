"""Refusals. A refused command changes nothing; its code is UPPER_SNAKE and its message names the
field and the reason."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Rejected:
    """The answer to a command that was refused."""

    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


class Rejection(Exception):
    """Raised by validators inside the engine; the facade turns it into ``Rejected``."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
