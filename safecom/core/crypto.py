"""Encryption of sensitive fields at rest (DBS certificate numbers, dates of birth, …).

Keys come from SAFECOM_FIELD_KEYS (comma-separated Fernet keys, newest first, so keys can be
rotated: the first encrypts, all decrypt). The embedded default makes one under var/.

Values are written as AES-256-GCM tokens ("v2." and base64 of nonce, ciphertext and tag), the
AES key derived from each configured key with HKDF. Fernet tokens written before (they start
"gAAAA") are still read, and become v2 tokens when their record is next written (decision 17).
Encrypted values cannot be searched or ordered in the database; keep a separate hash or a
last-four column where a lookup is needed.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import os
from functools import cache
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

PREFIX = "v2."
_INFO = b"safecom field encryption: AES-256-GCM"


def _keys() -> list[str]:
    keys = [k.strip() for k in settings.SAFECOM_FIELD_KEYS if k.strip()]
    if not keys:
        raise ImproperlyConfigured("SAFECOM_FIELD_KEYS is empty: sensitive fields cannot be kept")
    return keys


@cache
def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(k.encode()) for k in _keys()])


@cache
def _aead() -> list[AESGCM]:
    """One AES-GCM key per configured key, in the same order (the first encrypts)."""
    out = []
    for key in _keys():
        secret = base64.urlsafe_b64decode(key.encode())
        derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(secret)
        out.append(AESGCM(derived))
    return out


def encrypt_text(value: str) -> str:
    # A random 96-bit nonce per value: safe for far more values than any register holds.
    nonce = os.urandom(12)
    sealed = _aead()[0].encrypt(nonce, value.encode("utf-8"), None)
    return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode("ascii")


def encrypt_many(values: list[str]) -> list[str]:
    """`encrypt_text` of each value, without looking the key up for each."""
    aead = _aead()[0]
    urandom, b64 = os.urandom, base64.urlsafe_b64encode
    out = []
    for value in values:
        nonce = urandom(12)
        out.append(PREFIX + b64(nonce + aead.encrypt(nonce, value.encode("utf-8"), None)).decode())
    return out


def encrypt_bytes(value: bytes, bound_to: bytes = b"") -> bytes:
    """`value` sealed with the first field key (AES-GCM): the nonce, then the ciphertext.
    `bound_to` (say, the cache key it is kept under) must be given again to open it, so a
    sealed value copied elsewhere does not open there."""
    nonce = os.urandom(12)
    return nonce + _aead()[0].encrypt(nonce, value, bound_to)


def decrypt_bytes(sealed: bytes, bound_to: bytes = b"") -> bytes | None:
    """What `encrypt_bytes` sealed, or None when no configured key opens it (a key rotated
    out, damaged bytes, another `bound_to`): the caller works the value out again."""
    nonce, body = sealed[:12], sealed[12:]
    for aead in _aead():
        try:
            return aead.decrypt(nonce, body, bound_to)
        except InvalidTag:
            continue
    return None


def _lost_key() -> ImproperlyConfigured:
    return ImproperlyConfigured(
        "A sensitive field could not be decrypted: SAFECOM_FIELD_KEYS lacks its key"
    )


def decrypt_text(token: str) -> str:
    if token.startswith(PREFIX):
        try:
            raw = base64.urlsafe_b64decode(token[len(PREFIX) :].encode("ascii"))
        except (binascii.Error, ValueError) as exc:
            raise _lost_key() from exc
        nonce, sealed = raw[:12], raw[12:]
        for aead in _aead():
            try:
                return aead.decrypt(nonce, sealed, None).decode("utf-8")
            except InvalidTag:
                continue
        raise _lost_key()
    try:
        return _fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise _lost_key() from exc


class EncryptedTextField(models.TextField):
    """Text kept encrypted in the database and plain in Python."""

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt_text(str(value))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return value
        return decrypt_text(value)


class EncryptedDateField(models.TextField):
    """A date kept encrypted (as ISO text) in the database and a `date` in Python."""

    def get_prep_value(self, value: Any) -> Any:
        if value is None or value == "":
            return None
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            value = value.isoformat()
        return encrypt_text(str(value))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return None
        return dt.date.fromisoformat(decrypt_text(value))

    def to_python(self, value: Any) -> Any:
        if value is None or isinstance(value, dt.date):
            return value
        return dt.date.fromisoformat(str(value))
