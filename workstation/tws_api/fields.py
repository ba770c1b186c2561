"""Field encoding rules of the TWS API text protocol, and a strict reader over a request's fields.

Both directions carry every value as ASCII text (reference tws-api.md section 2): ints and floats as decimal
text, an unset number as "", infinity as "Infinite" from clients and "Infinity" from the server, booleans
as "1"/"0", Decimal quantities as plain decimal text (never "1E+2": ibapi parses them with Decimal(),
ib_async with float()). Text is ASCII: other characters
travel as \\uXXXX escapes, which ibapi turns back into the character in the fields it decodes with
"unicode-escape" (error texts, long names and every message it hands to its wrapper by signature).

A *spec* is a tuple of (attribute, kind) pairs describing a run of consecutive fields, kind one of
STR, INT, ID, FLOAT, DEC, BOOL; `encode_spec` writes an object's attributes in that order and
`FieldReader.read_spec` reads them back, so the long order layouts are written once as data.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

STR, INT, FLOAT, DEC, BOOL = "str", "int", "float", "dec", "bool"
ID = "id"  # an int that must be present (request ids): "" is refused rather than read as None
Spec = tuple[tuple[str, str], ...]

UNSET_INTEGER = 2**31 - 1
UNSET_DOUBLE = 1.7976931348623157e308
UNSET_LONG = 2**63 - 1
INFINITY_TEXT = "Infinite"  # what clients send (ib_async client.placeOrder, ibapi comm.make_field)
# What the server sends for infinity: ib_async's openOrder runs float() on it, which refuses "Infinite" but
# takes "Infinity", as do ibapi's decode() and Java's Double.parseDouble.
INFINITY_OUT = "Infinity"
# Texts the clients send for "no value": ib_async sends "", ibapi's make_field sends the sentinel itself.
_UNSET_TEXTS = frozenset({"", "2147483647", "9223372036854775807", "-9223372036854775808", "1.7976931348623157E308",
                          "1.7976931348623157e+308"})
# A number longer than this is hostile, not a quantity: refuse it before int() or Decimal() spends time on it.
_MAX_NUMBER_TEXT = 40


class RequestError(ValueError):
    """A client request that cannot be read: short, malformed, with extra fields, or of an unknown kind.

    `message` is the request's name (e.g. "placeOrder"), `field` the field being read when it failed, as IB
    names it (None when the problem is the request as a whole); the server answers it with error 320/321
    and this text.
    """

    def __init__(self, message: str, field: str | None, problem: str) -> None:
        self.message = message
        self.field = _ib_name(field) if field else None
        field = self.field
        self.problem = problem
        where = f"{message}.{field}" if field else message
        super().__init__(f"{where}: {problem}")


def _ib_name(name: str) -> str:
    """A field's name as IB spells it: the layouts' snake_case attribute "lmt_price" is "lmtPrice"."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


class UnknownRequest(RequestError):
    """A request whose message id this server does not know (or does not serve)."""


# ---------------------------------------------------------------------------------------------- encoding


def enc_int(value: int | None) -> str:
    """An int as decimal text; None (unset) as ""."""
    if value is None:
        return ""
    return str(int(value))


def enc_float(value: float | None) -> str:
    """A float as text: None or IB's unset double as "", infinity as "Infinity", integral values as "150.0"."""
    if value is None or value == UNSET_DOUBLE:
        return ""
    if math.isinf(value):
        return INFINITY_OUT if value > 0 else "-" + INFINITY_OUT
    if math.isnan(value):
        return ""
    return repr(float(value))


def enc_decimal(value: Decimal | int | float | None) -> str:
    """A quantity as plain decimal text ("100", "0.5"), never in exponent notation; None as ""."""
    if value is None:
        return ""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if not number.is_finite():
        return ""
    if number == number.to_integral_value():
        return str(number.quantize(Decimal(1)))
    return format(number.normalize(), "f")


def enc_bool(value: bool | None) -> str:
    """A boolean as "1"/"0" (None as "0")."""
    return "1" if value else "0"


def enc_text(value: str | None) -> str:
    """Text as an ASCII field: other characters as \\uXXXX (\\UXXXXXXXX beyond the BMP), NUL removed."""
    if not value:
        return ""
    text = value.replace("\0", "")
    if text.isascii():
        return text
    return "".join(ch if ch.isascii() else _escape(ch) for ch in text)


def enc_escaped_text(value: str | None) -> str:
    """Text for a field a client decodes with "unicode-escape": backslashes doubled, then as `enc_text`."""
    if not value:
        return ""
    return enc_text(value.replace("\\", "\\\\"))


def _escape(ch: str) -> str:
    code = ord(ch)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def ib_datetime(moment: datetime) -> str:
    """IB's datetime text "YYYYMMDD HH:MM:SS <IANA zone>"; UTC as "UTC", a naive datetime without a zone.

    ib_async parses the zone with ZoneInfo(), so only IANA names may travel (never "Eastern Standard Time");
    an aware datetime in another kind of tzinfo is sent in UTC.
    """
    stamp = moment.strftime("%Y%m%d %H:%M:%S")
    tz = moment.tzinfo
    if tz is None:
        return stamp
    if isinstance(tz, ZoneInfo):
        return f"{stamp} {tz.key}"
    return f"{moment.astimezone(UTC).strftime('%Y%m%d %H:%M:%S')} UTC"


_ENCODERS = {STR: enc_text, INT: enc_int, ID: enc_int, FLOAT: enc_float, DEC: enc_decimal, BOOL: enc_bool}


def encode_spec(obj: Any, spec: Spec) -> list[str]:
    """The fields of `obj`'s attributes named in `spec`, each encoded by its kind."""
    return [_ENCODERS[kind](getattr(obj, name)) for name, kind in spec]


# ---------------------------------------------------------------------------------------------- decoding


class FieldReader:
    """Reads one request's fields in order; every failure is a RequestError naming the message and field.

    `fields` holds the request's fields after the message id. `finish()` refuses fields left over, so a
    parser that returns has consumed exactly the request.
    """

    __slots__ = ("_fields", "_pos", "message", "version")

    def __init__(self, fields: list[str] | tuple[str, ...], message: str, version: int) -> None:
        self._fields = fields
        self._pos = 0
        self.message = message
        self.version = version

    @property
    def remaining(self) -> int:
        """How many fields are left to read."""
        return len(self._fields) - self._pos

    def _next(self, name: str) -> str:
        if self._pos >= len(self._fields):
            raise RequestError(self.message, name, f"request too short ({len(self._fields)} fields after the id)")
        value = self._fields[self._pos]
        self._pos += 1
        return value

    def _fail(self, name: str, text: str, expected: str) -> RequestError:
        shown = text if len(text) <= 40 else text[:37] + "..."
        return RequestError(self.message, name, f"expected {expected}, got {shown!r}")

    def str(self, name: str) -> str:
        """The next field as text."""
        return self._next(name)

    def int(self, name: str) -> int | None:
        """The next field as an int; "" or IB's unset sentinel as None."""
        text = self._next(name)
        if text in _UNSET_TEXTS:
            return None
        if len(text) > _MAX_NUMBER_TEXT:
            raise self._fail(name, text, "an integer")
        try:
            return int(text)
        except ValueError:
            if text in ("True", "False"):  # a bool where an int is expected: what str(True) would send
                return int(text == "True")
            raise self._fail(name, text, "an integer") from None

    def required_int(self, name: str) -> int:
        """The next field as an int that must be present."""
        value = self.int(name)
        if value is None:
            raise RequestError(self.message, name, "expected an integer, got nothing")
        return value

    def float(self, name: str) -> float | None:
        """The next field as a float; "" or unset as None, "Infinite" as infinity."""
        text = self._next(name)
        if text in _UNSET_TEXTS:
            return None
        if text == INFINITY_TEXT:
            return math.inf
        if len(text) > _MAX_NUMBER_TEXT:
            raise self._fail(name, text, "a number")
        try:
            value = float(text)
        except ValueError:
            raise self._fail(name, text, "a number") from None
        if math.isnan(value) or value == UNSET_DOUBLE:
            return None
        return value

    def decimal(self, name: str) -> Decimal | None:
        """The next field as a Decimal quantity; "" or unset as None."""
        text = self._next(name)
        if text in _UNSET_TEXTS:
            return None
        if len(text) > _MAX_NUMBER_TEXT:
            raise self._fail(name, text, "a quantity")
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise self._fail(name, text, "a quantity") from None
        if not value.is_finite():
            raise self._fail(name, text, "a finite quantity")
        return value

    def bool(self, name: str) -> bool:
        """The next field as a boolean: "1"/"0" (and "", "True"/"False" as clients' str() would send)."""
        text = self._next(name)
        if text in ("0", "", "False", "false"):
            return False
        if text in ("1", "True", "true"):
            return True
        raise self._fail(name, text, "0 or 1")

    def count(self, name: str, fields_each: int) -> int:
        """A repeat count, checked against the fields left (at least `fields_each` per item) before any loop.

        A hostile count (10**9 legs) therefore fails here, without allocating or looping.
        """
        value = self.int(name)
        if value is None:
            return 0
        if value < 0:
            raise self._fail(name, str(value), "a count >= 0")
        if value * fields_each > self.remaining:
            raise RequestError(self.message, name, f"count {value} exceeds the {self.remaining} fields left")
        return value

    def read_spec(self, obj: Any, spec: Spec) -> None:
        """Read consecutive fields into `obj`'s attributes as described by `spec`."""
        left = self.remaining
        if left < len(spec):  # the request ends inside this run: name its first missing field
            self._pos = len(self._fields)
            self._next(spec[left][0])
        fields, readers = self._fields, _SPEC_READERS
        for name, kind in spec:
            if kind == STR:  # most fields are text: read them without a method call
                setattr(obj, name, fields[self._pos])
                self._pos += 1
            else:
                setattr(obj, name, readers[kind](self, name))

    def finish(self) -> None:
        """Refuse fields left over after the parser read everything it expects."""
        if self._pos < len(self._fields):
            raise RequestError(self.message, None, f"{len(self._fields) - self._pos} unexpected extra field(s)")


_SPEC_READERS = {
    INT: FieldReader.int,
    ID: FieldReader.required_int,
    FLOAT: FieldReader.float,
    DEC: FieldReader.decimal,
    BOOL: FieldReader.bool,
}
