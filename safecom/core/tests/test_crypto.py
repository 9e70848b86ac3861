from __future__ import annotations

from collections.abc import Iterator

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from safecom.core import crypto


@pytest.fixture
def keys() -> Iterator[list[str]]:
    """Two fresh keys, newest first, with the cached ciphers forgotten around the test."""
    chosen = [Fernet.generate_key().decode(), Fernet.generate_key().decode()]
    crypto._fernet.cache_clear()
    crypto._aead.cache_clear()
    with override_settings(SAFECOM_FIELD_KEYS=chosen):
        yield chosen
    crypto._fernet.cache_clear()
    crypto._aead.cache_clear()


def test_new_values_are_aes_gcm_tokens_that_differ_each_time(keys: list[str]) -> None:
    first, second = crypto.encrypt_text("012345678901"), crypto.encrypt_text("012345678901")
    assert first.startswith(crypto.PREFIX) and first != second
    assert "012345678901" not in first
    assert crypto.decrypt_text(first) == crypto.decrypt_text(second) == "012345678901"
    assert [crypto.decrypt_text(t) for t in crypto.encrypt_many(["a", "ü", ""])] == ["a", "ü", ""]


def test_fernet_tokens_written_before_are_still_read(keys: list[str]) -> None:
    old = Fernet(keys[1].encode()).encrypt(b"1988-04-23").decode()
    assert crypto.decrypt_text(old) == "1988-04-23"


def test_a_token_of_an_older_key_is_read_after_rotation(keys: list[str]) -> None:
    crypto._aead.cache_clear()
    with override_settings(SAFECOM_FIELD_KEYS=[keys[1]]):
        token = crypto.encrypt_text("secret")
    crypto._aead.cache_clear()
    assert crypto.decrypt_text(token) == "secret"  # keys[1] is now the second key


def test_a_token_without_its_key_or_tampered_is_refused(keys: list[str]) -> None:
    token = crypto.encrypt_text("secret")
    tampered = token[:-6] + ("A" if token[-6] != "A" else "B") + token[-5:]
    with pytest.raises(ImproperlyConfigured):
        crypto.decrypt_text(tampered)
    crypto._aead.cache_clear()
    with (
        override_settings(SAFECOM_FIELD_KEYS=[Fernet.generate_key().decode()]),
        pytest.raises(ImproperlyConfigured),
    ):
        crypto.decrypt_text(token)
