"""Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP), pure: values in, values out.

Authenticator apps (Google Authenticator, Microsoft Authenticator, FreeOTP...) use the defaults:
SHA-1, 6 digits, 30-second steps, secret shown as base32.
"""

import base64
import hashlib
import hmac
import secrets
import struct
from urllib.parse import quote, urlencode

STEP = 30
DIGITS = 6


def new_secret() -> str:
    """160 random bits (the RFC 4226 recommended key length), base32 without padding."""
    return base64.b32encode(secrets.token_bytes(20)).decode("ascii").rstrip("=")


def secret_bytes(secret: str) -> bytes:
    cleaned = secret.replace(" ", "").upper()
    return base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))


def hotp(key: bytes, counter: int, digits: int = DIGITS, digest=hashlib.sha1) -> str:
    mac = hmac.new(key, struct.pack(">Q", counter), digest).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


def step_at(timestamp: float, step: int = STEP) -> int:
    return int(timestamp // step)


def totp(key: bytes, timestamp: float, digits: int = DIGITS, digest=hashlib.sha1, step: int = STEP) -> str:
    return hotp(key, step_at(timestamp, step), digits, digest)


def matching_step(secret: str, code: str, timestamp: float, window: int = 1) -> int | None:
    """The time step CODE belongs to, within WINDOW steps of clock drift either side, else None."""
    code = (code or "").replace(" ", "")
    if len(code) != DIGITS or not code.isdigit():
        return None
    key, now = secret_bytes(secret), step_at(timestamp)
    for counter in range(now - window, now + window + 1):
        if hmac.compare_digest(hotp(key, counter), code):
            return counter
    return None


def provisioning_uri(secret: str, account: str, issuer: str) -> str:
    """The otpauth:// URI that authenticator apps read from a QR code."""
    label = quote(f"{issuer}:{account}")
    query = urlencode({"secret": secret, "issuer": issuer, "algorithm": "SHA1", "digits": DIGITS, "period": STEP})
    return f"otpauth://totp/{label}?{query}"
