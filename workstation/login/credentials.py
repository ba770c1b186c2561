"""Credentials: the password's salted hash, the second factor's secret wrapped with the password, the
security code card and the authenticator (TOTP) codes.

The password is hashed with ``hashlib.scrypt``; the stored text names the function and its parameters
(``scrypt$n$r$p$salt$hash``), so they can be raised later and old hashes still checked. One scrypt run
gives 64 bytes: the first 32 are kept as the hash and compared in constant time (``hmac.compare_digest``),
the last 32 are never stored and wrap the second factor's secret (a card's seed, an authenticator's
TOTP key). So the database alone gives neither a password nor a second factor's secret: the secret is
unwrapped only after the password was checked, with the key the password gives. The wrapping is a
SHA-256 keystream under a random nonce with an HMAC-SHA256 tag, from the standard library alone.

The security code card (IB's geometry is not public, reference §1.3): ``CARD_CELLS`` numbered cells of
``CARD_DIGITS`` digits, derived from a random seed made when the card is issued (the seed is what is
stored, wrapped; the card is printed once). The challenge asks two different cells; the answer is both
values one after the other, no space.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass

import pyotp

SECOND_FACTORS = ("none", "card", "totp")
CARD_CELLS = 36
CARD_DIGITS = 3
CARD_COLUMNS = 6
TOTP_ISSUER = "Mosaic Workstation"


@dataclass(frozen=True, slots=True)
class ScryptParameters:
    """scrypt's cost: ``n`` (CPU and memory, a power of two), ``r`` (block size), ``p`` (parallelism).
    The default costs about 16 MB and a few tens of milliseconds per check."""

    n: int = 2 ** 14
    r: int = 8
    p: int = 1


DEFAULT_SCRYPT = ScryptParameters()


class CredentialError(ValueError):
    """A stored credential that cannot be read (a damaged row); its text never holds a secret."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _scrypt(password: str, salt: bytes, parameters: ScryptParameters) -> tuple[bytes, bytes]:
    """(the hash kept, the key that wraps the second factor's secret)."""
    derived = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=parameters.n, r=parameters.r, p=parameters.p,
                             maxmem=256 * parameters.n * parameters.r + (1 << 20), dklen=64)
    return derived[:32], derived[32:]


def hash_password(password: str, parameters: ScryptParameters = DEFAULT_SCRYPT) -> tuple[str, bytes]:
    """The text to store for ``password`` and the key it gives for wrapping."""
    salt = secrets.token_bytes(16)
    kept, key = _scrypt(password, salt, parameters)
    return f"scrypt${parameters.n}${parameters.r}${parameters.p}${_b64(salt)}${_b64(kept)}", key


def check_password(password: str, stored: str) -> bytes | None:
    """The wrapping key if ``password`` matches the stored hash, else None (compared in constant time)."""
    try:
        name, n, r, p, salt, kept = stored.split("$")
        if name != "scrypt":
            raise ValueError(name)
        parameters = ScryptParameters(int(n), int(r), int(p))
        expected = _unb64(kept)
        salt_bytes = _unb64(salt)
    except ValueError:
        raise CredentialError("a stored password hash is damaged or of an unknown kind") from None
    derived, key = _scrypt(password, salt_bytes, parameters)
    return key if hmac.compare_digest(derived, expected) else None


def dummy_check(password: str) -> None:
    """Spend what a check costs, for a username that does not exist (no timing tells it apart)."""
    _scrypt(password, b"\0" * 16, DEFAULT_SCRYPT)


def _keystream(key: bytes, nonce: bytes, length: int) -> bytes:
    blocks = (hashlib.sha256(key + nonce + counter.to_bytes(4, "big")).digest() for counter in range(length // 32 + 1))
    return b"".join(blocks)[:length]


def wrap(secret: bytes, key: bytes) -> str:
    """``secret`` encrypted under ``key`` with a fresh nonce and an authentication tag."""
    nonce = secrets.token_bytes(16)
    body = bytes(a ^ b for a, b in zip(secret, _keystream(key, nonce, len(secret))))
    tag = hmac.new(key, nonce + body, hashlib.sha256).digest()[:16]
    return f"{_b64(nonce)}${_b64(body)}${_b64(tag)}"


def unwrap(wrapped: str, key: bytes) -> bytes:
    try:
        nonce, body, tag = (_unb64(part) for part in wrapped.split("$"))
    except ValueError:
        raise CredentialError("a stored second factor is damaged") from None
    if not hmac.compare_digest(hmac.new(key, nonce + body, hashlib.sha256).digest()[:16], tag):
        raise CredentialError("a stored second factor does not match the password it was wrapped with")
    return bytes(a ^ b for a, b in zip(body, _keystream(key, nonce, len(body))))


# -- the security code card -------------------------------------------------------------------------


def card_values(seed: bytes) -> dict[int, str]:
    """The card's cells, 1 to ``CARD_CELLS``: each ``CARD_DIGITS`` digits, derived from ``seed``."""
    def cell(index: int) -> str:
        digest = hmac.new(seed, f"cell {index}".encode(), hashlib.sha256).digest()
        return f"{int.from_bytes(digest[:8], 'big') % 10 ** CARD_DIGITS:0{CARD_DIGITS}d}"

    return {index: cell(index) for index in range(1, CARD_CELLS + 1)}


def card_text(seed: bytes) -> str:
    """The card as printed once when it is issued: ``CARD_COLUMNS`` cells a line, ``07: 482``."""
    cells = [f"{index:02d}: {value}" for index, value in card_values(seed).items()]
    return "\n".join("   ".join(cells[start:start + CARD_COLUMNS]) for start in range(0, len(cells), CARD_COLUMNS))


def card_answer_matches(seed: bytes, indices: tuple[int, int], answer: str) -> bool:
    values = card_values(seed)
    expected = values[indices[0]] + values[indices[1]]
    return hmac.compare_digest("".join(answer.split()).encode(), expected.encode())


# -- the authenticator ------------------------------------------------------------------------------


def new_totp_secret() -> str:
    return pyotp.random_base32()


def totp_uri(secret: str, username: str) -> str:
    """What an authenticator app scans (or is typed from) to produce the codes."""
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=TOTP_ISSUER)


def totp_matches(secret: str, code: str, at: float, window: int = 1) -> bool:
    """A 6-digit code of the 30-second step at ``at``, or of ``window`` steps either side (clock drift)."""
    code = "".join(code.split())
    return len(code) == 6 and code.isdigit() and pyotp.TOTP(secret).verify(code, for_time=int(at),
                                                                             valid_window=window)


@dataclass(frozen=True, slots=True)
class Enrolment:
    """A new user's stored credentials and what is shown once: the card or the TOTP secret."""

    password_hash: str | None
    second_factor: str
    factor_secret: str | None
    shown_once: str


def enrol(username: str, password: str | None, second_factor: str,
          parameters: ScryptParameters = DEFAULT_SCRYPT) -> Enrolment:
    """Credentials for a new user. ``password`` None: a passwordless (demo) user, with no second factor."""
    if second_factor not in SECOND_FACTORS:
        raise ValueError(f"second factor: {second_factor!r} is not one of {', '.join(SECOND_FACTORS)}")
    if password is None:
        if second_factor != "none":
            raise ValueError("second factor: a user without a password has none")
        return Enrolment(None, "none", None, "")
    if not password:
        raise ValueError("password: empty; give the password on standard input")
    stored, key = hash_password(password, parameters)
    if second_factor == "card":
        seed = secrets.token_bytes(16)
        return Enrolment(stored, "card", wrap(seed, key), "Security Code Card (keep it; it is shown only now):\n"
                         + card_text(seed))
    if second_factor == "totp":
        secret = new_totp_secret()
        return Enrolment(stored, "totp", wrap(secret.encode("ascii"), key),
                         f"Authenticator secret (shown only now): {secret}\n{totp_uri(secret, username)}")
    return Enrolment(stored, "none", None, "")
