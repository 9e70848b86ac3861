"""Encryption of sensitive fields at rest (DBS certificate numbers, dates of birth, …).

Keys come from SAFECOM_FIELD_KEYS (comma-separated Fernet keys, newest first, so keys can be
rotated: the first encrypts, all decrypt). The embedded default makes one under var/.
Encrypted values cannot be searched or ordered in the database; keep a separate hash or a
last-four column where a lookup is needed.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


@cache
def _fernet() -> MultiFernet:
    keys = [k.strip() for k in settings.SAFECOM_FIELD_KEYS if k.strip()]
    if not keys:
        raise ImproperlyConfigured("SAFECOM_FIELD_KEYS is empty: sensitive fields cannot be kept")
    return MultiFernet([Fernet(k.encode()) for k in keys])


def encrypt_text(value: str) -> str:
    return _fernet().encrypt(value.encode("utf-8")).decode("ascii")


def decrypt_text(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise ImproperlyConfigured(
            "A sensitive field could not be decrypted: SAFECOM_FIELD_KEYS lacks its key"
        ) from exc


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
