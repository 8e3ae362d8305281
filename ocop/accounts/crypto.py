"""Secrets stored encrypted with a key from the settings (TOTP secrets, issue 15 Info).

Fernet (AES-128-CBC with HMAC-SHA256, from the `cryptography` package). The keys come from
settings.OCOP_ENCRYPTION_KEYS: any strings, newest first; each is stretched to a Fernet key with
SHA-256. By default the one key is SECRET_KEY, so changing SECRET_KEY alone makes stored secrets
unreadable: to rotate, set OCOP_ENCRYPTION_KEYS=new,old (values encrypted under an old key are
still read, and written under the new one when next saved). A stored value is "fernet:<token>";
a value without the prefix is a secret stored before encryption (read as is, encrypted by the
data migration and on the next save).
"""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models

PREFIX = "fernet:"


def _fernet() -> MultiFernet:
    keys = list(getattr(settings, "OCOP_ENCRYPTION_KEYS", None) or [settings.SECRET_KEY])
    return MultiFernet([Fernet(base64.urlsafe_b64encode(hashlib.sha256(key.encode()).digest())) for key in keys])


def encrypt(plain: str) -> str:
    return PREFIX + _fernet().encrypt(plain.encode()).decode("ascii")


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        return stored  # stored before encryption
    try:
        return _fernet().decrypt(stored[len(PREFIX):].encode("ascii")).decode()
    except InvalidToken as exc:
        raise ValueError("cannot decrypt: OCOP_ENCRYPTION_KEYS does not hold the key this was written with") from exc


class EncryptedTextField(models.TextField):
    """A text value encrypted in the database, plain in Python. Not searchable or orderable."""

    def from_db_value(self, value, expression, connection):
        return None if value is None else decrypt(value)

    def to_python(self, value):
        return decrypt(value) if isinstance(value, str) else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return None if value is None else encrypt(value)
