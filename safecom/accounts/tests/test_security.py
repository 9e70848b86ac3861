"""Sign-in security: lockout, passwords, second factor, single sign-on, headers, deploy check."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.exceptions import ValidationError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from safecom.accounts.oidc import SafecomOIDCBackend
from safecom.accounts.services import user_create
from safecom.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


def _code(device: TOTPDevice) -> str:
    return str(
        TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    ).zfill(6)


def test_repeated_failures_lock_the_account_even_for_the_right_password(client: Any) -> None:
    user = UserFactory(username="target")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/sign-in/", {"username": "target", "password": "wrong"})
    locked = client.post("/sign-in/", {"username": "target", "password": PASSWORD})
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    assert user.is_active


def test_weak_passwords_are_refused_with_reasons() -> None:
    with pytest.raises(ValidationError) as caught:
        user_create(actor=None, username="new", email="n@example.test", password="password1")
    text = " ".join(caught.value.messages)
    assert "too short" in text and "too common" in text


def _sign_in(client: Any, username: str) -> None:
    assert client.post("/sign-in/", {"username": username, "password": PASSWORD}).status_code == 302


def test_a_confirmed_authenticator_is_asked_for_after_the_password(
    world: Any, client: Any, settings: Any
) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp slows retries after a wrong code
    user = world.users["commissioner"]
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    _sign_in(client, user.username)
    assert client.get("/contracts/")["Location"] == "/two-factor/"
    assert client.get("/api/contracts").status_code == 401
    wrong = client.post(
        "/two-factor/", {"token": "000000" if _code(device) != "000000" else "111111"}
    )
    assert "That code is not right" in wrong.content.decode()
    assert client.post("/two-factor/", {"token": _code(device)}).status_code == 302
    assert client.get("/contracts/").status_code == 200


def test_an_organisation_can_require_a_second_factor(world: Any, client: Any) -> None:
    world.commissioner_a.require_two_factor = True
    world.commissioner_a.save()
    user = world.users["qa_officer"]
    _sign_in(client, user.username)
    assert client.get("/")["Location"] == "/two-factor/set-up/"
    page = client.get("/two-factor/set-up/").content.decode()
    assert "<svg" in page and "Key:" in page
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert client.post("/two-factor/set-up/", {"token": _code(device)}).status_code == 302
    assert client.get("/").status_code == 200
    refused = client.post("/two-factor/remove/", follow=True).content.decode()
    assert "requires a second factor" in refused
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def test_single_sign_on_matches_existing_people_by_email_only() -> None:
    person = UserFactory(email="Grace.Okafor@Council.example")
    backend = SafecomOIDCBackend.__new__(SafecomOIDCBackend)
    assert list(backend.filter_users_by_claims({"email": "grace.okafor@council.example"})) == [
        person
    ]
    assert not backend.filter_users_by_claims({"email": "someone@else.example"}).exists()
    assert not backend.filter_users_by_claims(
        {"email": "grace.okafor@council.example", "email_verified": False}
    ).exists()
    assert backend.create_user({"email": "new@council.example"}) is None


def test_pages_carry_a_content_security_policy(client: Any) -> None:
    response = client.get("/sign-in/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert "unsafe-inline" not in policy


def test_sessions_expire_when_unused() -> None:
    assert settings.SESSION_COOKIE_AGE <= 60 * 60
    # Kept alive by use, at most a minute at a time (test_session_refresh.py), just inside
    # SessionMiddleware so its save comes after.
    sessions = settings.MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware")
    refresh = "safecom.accounts.session_refresh.SessionRefreshMiddleware"
    assert settings.MIDDLEWARE[sessions + 1] == refresh
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_production_settings_pass_the_deploy_check(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "safecom.config.settings.production",
        "SECRET_KEY": Fernet.generate_key().decode() * 2,
        "ALLOWED_HOSTS": "safecom.example.org",
        "SAFECOM_FIELD_KEYS": Fernet.generate_key().decode(),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "SAFECOM_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
