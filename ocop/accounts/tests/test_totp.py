"""The pure TOTP module against the RFC test vectors."""

import base64
import hashlib
from urllib.parse import parse_qs, urlparse

import pytest

from ocop.accounts import totp

# RFC 4226 appendix D: HOTP of the ASCII key "12345678901234567890" for counters 0..9.
RFC4226 = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"]

SHA1_KEY = b"12345678901234567890"
SHA256_KEY = b"12345678901234567890123456789012"
SHA512_KEY = b"1234567890123456789012345678901234567890123456789012345678901234"

# RFC 6238 appendix B: (time, 8-digit TOTP for SHA1, SHA256, SHA512).
RFC6238 = [
    (59, "94287082", "46119246", "90693936"),
    (1111111109, "07081804", "68084774", "25091201"),
    (1111111111, "14050471", "67062674", "99943326"),
    (1234567890, "89005924", "91819424", "93441116"),
    (2000000000, "69279037", "90698825", "38618901"),
    (20000000000, "65353130", "77737706", "47863826"),
]


@pytest.mark.parametrize(("counter", "expected"), list(enumerate(RFC4226)))
def test_hotp_matches_rfc4226(counter, expected):
    assert totp.hotp(SHA1_KEY, counter) == expected


@pytest.mark.parametrize(("at", "sha1", "sha256", "sha512"), RFC6238)
def test_totp_matches_rfc6238(at, sha1, sha256, sha512):
    assert totp.totp(SHA1_KEY, at, digits=8) == sha1
    assert totp.totp(SHA256_KEY, at, digits=8, digest=hashlib.sha256) == sha256
    assert totp.totp(SHA512_KEY, at, digits=8, digest=hashlib.sha512) == sha512


def test_base32_secret_round_trip_and_six_digit_code():
    secret = base64.b32encode(SHA1_KEY).decode()  # GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ
    assert totp.secret_bytes(secret) == SHA1_KEY
    assert totp.secret_bytes(secret.lower()[:8] + " " + secret[8:]) == SHA1_KEY
    assert totp.totp(totp.secret_bytes(secret), 59) == "287082"  # the last 6 digits of 94287082


def test_matching_step_accepts_one_step_of_drift_and_nothing_else():
    secret = base64.b32encode(SHA1_KEY).decode()
    at = 1111111111  # step 37037037
    assert totp.matching_step(secret, "050471", at) == 37037037
    assert totp.matching_step(secret, totp.totp(SHA1_KEY, at - 30), at) == 37037036
    assert totp.matching_step(secret, totp.totp(SHA1_KEY, at + 30), at) == 37037038
    assert totp.matching_step(secret, totp.totp(SHA1_KEY, at - 90), at) is None
    assert totp.matching_step(secret, "050 471", at) == 37037037
    for bad in ["", "05047", "0504711", "abcdef", None]:
        assert totp.matching_step(secret, bad, at) is None


def test_new_secret_is_160_bits_and_unique():
    first, second = totp.new_secret(), totp.new_secret()
    assert len(totp.secret_bytes(first)) == 20 and first != second
    assert set(first) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")


def test_provisioning_uri_is_what_authenticator_apps_read():
    uri = urlparse(totp.provisioning_uri("JBSWY3DPEHPK3PXP", "xa.tranbien", "OCOP"))
    assert (uri.scheme, uri.netloc, uri.path) == ("otpauth", "totp", "/OCOP%3Axa.tranbien")
    query = parse_qs(uri.query)
    assert query == {"secret": ["JBSWY3DPEHPK3PXP"], "issuer": ["OCOP"], "algorithm": ["SHA1"],
                     "digits": ["6"], "period": ["30"]}
