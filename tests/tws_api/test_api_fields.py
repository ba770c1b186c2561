"""The field encoding rules (reference tws-api.md section 2) and the strict request reader."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from workstation.tws_api.fields import (
    UNSET_DOUBLE,
    FieldReader,
    RequestError,
    enc_bool,
    enc_decimal,
    enc_escaped_text,
    enc_float,
    enc_int,
    enc_text,
    ib_datetime,
)


def test_quantities_are_plain_decimal_text_never_exponents():
    # ibapi decodes sizes with Decimal(), ib_async with float(): "1E+2" would be read by both, but real TWS
    # never sends it and other clients (Java's BigDecimal aside) choke on it
    assert [enc_decimal(q) for q in (Decimal("1E+2"), Decimal("0.50"), 100, 0.1, Decimal("-2.5E-3"), None)] == [
        "100", "0.5", "100", "0.1", "-0.0025", ""]
    assert enc_decimal(Decimal("1E+25")) == "10000000000000000000000000"


def test_numbers_booleans_and_unset():
    assert [enc_int(5), enc_int(None), enc_int(-1)] == ["5", "", "-1"]
    assert [enc_float(189.5), enc_float(150), enc_float(None), enc_float(UNSET_DOUBLE)] == ["189.5", "150.0", "", ""]
    assert [enc_float(math.inf), enc_float(math.nan)] == ["Infinity", ""]
    assert [enc_bool(True), enc_bool(False), enc_bool(None)] == ["1", "0", "0"]


def test_text_is_ascii_with_unicode_escapes_and_no_nul():
    assert enc_text("caf\u00e9 \U0001f600\0!") == "caf\\u00e9 \\U0001f600!"
    assert enc_text("C:\\path") == "C:\\path"
    assert enc_escaped_text("C:\\caf\u00e9") == "C:\\\\caf\\u00e9"
    assert enc_escaped_text("C:\\caf\u00e9").encode("ascii").decode("unicode-escape") == "C:\\caf\u00e9"


def test_ib_datetimes_carry_an_iana_zone_or_none():
    moment = datetime(2026, 12, 7, 14, 15, 23)
    assert ib_datetime(moment) == "20261207 14:15:23"
    assert ib_datetime(moment.replace(tzinfo=ZoneInfo("America/New_York"))) == "20261207 14:15:23 America/New_York"
    assert ib_datetime(moment.replace(tzinfo=UTC)) == "20261207 14:15:23 UTC"
    # a fixed offset has no IANA name (ib_async's parseIBDatetime calls ZoneInfo on the zone): sent in UTC
    assert ib_datetime(moment.replace(tzinfo=timezone(timedelta(hours=-5)))) == "20261207 19:15:23 UTC"


def test_the_reader_maps_unset_sentinels_to_none_and_reads_infinity():
    r = FieldReader(["", "2147483647", "1.7976931348623157E308", "Infinite", "9223372036854775807", "1.5"], "m", 176)
    assert [r.int("a"), r.int("b"), r.float("c"), r.float("d"), r.decimal("e"), r.decimal("f")] == [
        None, None, None, math.inf, None, Decimal("1.5")]
    r.finish()


def test_the_reader_names_the_message_and_field_of_every_failure():
    with pytest.raises(RequestError, match=r"^reqIds\.numIds: request too short"):
        FieldReader([], "reqIds", 176).int("numIds")
    with pytest.raises(RequestError, match=r"^m\.flag: expected 0 or 1, got '2'"):
        FieldReader(["2"], "m", 176).bool("flag")
    with pytest.raises(RequestError, match=r"^m\.qty: expected a quantity"):
        FieldReader(["1,5"], "m", 176).decimal("qty")
    with pytest.raises(RequestError, match=r"^m\.qty: expected a finite quantity"):
        FieldReader(["NaN"], "m", 176).decimal("qty")
    with pytest.raises(RequestError, match=r"^m\.id: expected an integer, got nothing"):
        FieldReader([""], "m", 176).required_int("id")
    with pytest.raises(RequestError, match=r"^m: 1 unexpected extra field"):
        FieldReader(["x"], "m", 176).finish()


def test_counts_are_checked_against_the_fields_left():
    r = FieldReader(["2", "a", "b", "c", "d"], "m", 176)
    assert r.count("n", 2) == 2
    with pytest.raises(RequestError, match="count 3 exceeds the 2 fields left"):
        FieldReader(["3", "a", "b"], "m", 176).count("n", 1)


def test_a_run_read_from_a_short_request_names_its_first_missing_field():
    class Target:
        pass

    with pytest.raises(RequestError, match=r"^m\.c: request too short"):
        FieldReader(["x", "1"], "m", 176).read_spec(Target(), (("a", "str"), ("b", "int"), ("c", "str")))
    target = Target()
    FieldReader(["x", "1", "y"], "m", 176).read_spec(target, (("a", "str"), ("b", "int"), ("c", "str")))
    assert (target.a, target.b, target.c) == ("x", 1, "y")
