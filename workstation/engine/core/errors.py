"""Refusals. A refused command changes nothing; its code is UPPER_SNAKE, its field names what it is
about and its message says why, without the field.

The field is a field of the command (``total_quantity``), a path into one (``legs[1].ratio``,
``accounts.C1``, ``cash.EUR``, ``fees.asset_percent``), for a command on a placed order a field of
that order (``cash_qty``), ``command`` for the command as a whole (a value the engine cannot use), or
"" when the refusal names none. Readers take ``field`` as it is: nothing parses it out of the text.
"""

from __future__ import annotations

from dataclasses import dataclass


def full_text(field: str, message: str) -> str:
    """A refusal as the engine words it: ``field: message``, or the message alone when it names
    no field."""
    return f"{field}: {message}" if field else message


@dataclass(frozen=True, slots=True)
class Rejected:
    """The answer to a command that was refused."""

    code: str
    field: str
    message: str

    @property
    def text(self) -> str:
        """The field and the reason as one line (``total_quantity: must be positive``)."""
        return full_text(self.field, self.message)

    def __str__(self) -> str:
        return f"{self.code}: {self.text}"


class Rejection(Exception):
    """Raised by validators inside the engine; the facade turns it into ``Rejected``."""

    def __init__(self, code: str, field: str, message: str) -> None:
        super().__init__(f"{code}: {full_text(field, message)}")
        self.code = code
        self.field = field
        self.message = message

    @property
    def text(self) -> str:
        """The field and the reason as one line, as ``Rejected.text``."""
        return full_text(self.field, self.message)

    def rejected(self) -> Rejected:
        """This refusal as the answer to the command."""
        return Rejected(self.code, self.field, self.message)


class FieldValueError(ValueError):
    """A value that cannot stand for ``field`` (text that is not a number, a name that is not one
    of an enum's), raised while a command or a setting is built; ``str()`` is ``field: message``."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(full_text(field, message))
        self.field = field
        self.message = message


class FieldTypeError(TypeError):
    """A value of the wrong type for ``field`` (a float for money); ``str()`` is ``field: message``."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(full_text(field, message))
        self.field = field
        self.message = message


FIELD_ERRORS = (FieldValueError, FieldTypeError)
"""The exceptions that name the field a value was refused for."""
