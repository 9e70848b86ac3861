"""Optional TOTP second factor (django-otp), which an organisation can require.

After the password, a person with a confirmed authenticator app must enter a code; a person
in an organisation that requires a second factor and who has none must set one up first.
Single sign-on sessions leave the second factor to the identity provider.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from safecom.accounts.models import Membership
from safecom.accounts.oidc import BACKEND_PATH

EXEMPT_PREFIXES = ("/static/", "/two-factor/", "/sign-out/", "/sign-in/", "/healthz", "/oidc/")
# A session found to need no second factor is not asked again for a minute (decision 77): the
# two lookups cost two queries on every page. A device added, or a second factor required by
# the organisation, meanwhile is enforced from the next check, at most a minute later.
CLEARED_AT = "_second_factor_cleared_at"
RECHECK_AFTER_S = 60


def requires_second_factor(user: Any) -> bool:
    return Membership.objects.filter(user=user, organisation__require_two_factor=True).exists()


def _cleared_lately(request: HttpRequest) -> bool:
    return int(time.time()) - int(request.session.get(CLEARED_AT, 0)) < RECHECK_AFTER_S


def confirmed_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(EXEMPT_PREFIXES)
            and request.session.get("_auth_user_backend") != BACKEND_PATH
            and not user.is_verified()
            and not _cleared_lately(request)
        ):
            if user_has_device(user, confirmed=True):
                return self._refuse(request, "accounts:two_factor_verify")
            if requires_second_factor(user):
                return self._refuse(request, "accounts:two_factor_setup")
            request.session[CLEARED_AT] = int(time.time())
        return self.get_response(request)

    @staticmethod
    def _refuse(request: HttpRequest, url_name: str) -> HttpResponse:
        if request.path.startswith("/api/"):
            return JsonResponse(
                {
                    "detail": "Enter your authenticator code to use the API "
                    "from the browser, or use an API token."
                },
                status=401,
            )
        return redirect(url_name)
