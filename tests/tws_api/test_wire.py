"""Framing and version negotiation (reference §1.1, §1.2, §2; ibapi comm.py make_field/read_msg)."""

import struct

import pytest

from workstation.tws_api.wire import (
    MAX_FRAME_BYTES,
    ClientVersions,
    FrameReader,
    ProtocolError,
    check_server_max,
    decode_fields,
    encode_fields,
    negotiate,
    parse_version_range,
)


def test_a_frame_is_a_big_endian_length_and_nul_terminated_fields():
    # Reference §1.2, recorded by rust-ibapi: b"\x00\x00\x00\x2a" b"176\0" b"20250323 22:21:01 Greenwich Mean Time\0"
    encoded = encode_fields(["176", "20250323 22:21:01 Greenwich Mean Time"])
    assert encoded == b"\x00\x00\x00\x2a176\x0020250323 22:21:01 Greenwich Mean Time\x00"
    assert encode_fields([4, 2, -1, True, None]) == struct.pack(">I", 10) + b"4\x002\x00-1\x001\x00\x00"


def test_text_that_is_not_ascii_travels_escaped_and_nul_is_refused():
    assert encode_fields(["caf\u00e9"]).endswith(b"caf\\xe9\0")
    with pytest.raises(ValueError, match="NUL"):
        encode_fields(["a\0b"])
    assert decode_fields(b"1\x00\xff\x00") == ["1", "\\xff"]


def test_frames_arrive_whole_however_the_bytes_are_split():
    stream = encode_fields([49, 1]) + encode_fields([8, 1, 1]) + encode_fields([])
    reader = FrameReader()
    frames = [frame for byte in stream for frame in reader.feed(bytes([byte]))]
    assert [decode_fields(f) for f in frames] == [["49", "1"], ["8", "1", "1"], []]
    assert reader.buffered == 0
    assert FrameReader().feed(stream) == frames


def test_a_length_over_the_limit_is_refused_before_anything_is_buffered():
    reader = FrameReader()
    with pytest.raises(ProtocolError, match="4,294,967,295 bytes"):
        reader.feed(b"\xff\xff\xff\xff" + b"x" * 100)
    assert reader.buffered == 104  # only what arrived: nothing was allocated for the announced size
    with pytest.raises(ProtocolError):
        FrameReader().feed(struct.pack(">I", MAX_FRAME_BYTES + 1))
    assert FrameReader().feed(struct.pack(">I", 0)) == [b""]


@pytest.mark.parametrize(("text", "expected"), [
    (b"v157..178", ClientVersions(157, 178)),          # ib_async 2.1.0 client.py MinClientVersion..MaxClientVersion
    (b"v100..226", ClientVersions(100, 226)),          # ibapi 10.51 client.py MIN_CLIENT_VER..MAX_CLIENT_VER
    (b"v157..178 +PACEAPI", ClientVersions(157, 178, "+PACEAPI")),  # connectOptions follow one space
    (b"v176", ClientVersions(176, 176)),
])
def test_version_ranges_parse(text, expected):
    assert parse_version_range(text) == expected


@pytest.mark.parametrize("text", [b"", b"garbage", b"v..", b"v178..157", b"157..178"])
def test_a_version_range_that_is_not_one_is_a_protocol_error(text):
    with pytest.raises(ProtocolError):
        parse_version_range(text)


@pytest.mark.parametrize(("low", "high", "server_max", "answer"), [
    (157, 178, 176, 176),   # ib_async at the default cap
    (100, 226, 176, 176),   # ibapi 10.x
    (157, 176, 176, 176),   # ib_insync 0.9.86
    (157, 178, 178, 178),
    (157, 178, 157, 157),
    (100, 158, 178, 157),   # 158: ib_async and ibapi disagree on openOrder; step down
    (100, 163, 178, 162),   # 163: they disagree on contractDetails; step down
    (100, 157, 176, 157),   # ibapi 9.81
    (100, 156, 176, None),  # below the floor: refused
    (177, 178, 176, None),  # the ranges do not meet
    (158, 158, 178, None),  # only a skipped version on offer
])
def test_negotiation_answers_the_highest_common_version_never_158_or_163(low, high, server_max, answer):
    assert negotiate(ClientVersions(low, high), server_max) == answer


@pytest.mark.parametrize("version", [156, 158, 163, 179, 201])
def test_the_server_maximum_is_157_to_178_except_158_and_163(version):
    with pytest.raises(ValueError, match="157 to 178"):
        check_server_max(version)
    assert check_server_max(178) == 178
