"""Single sign-on with OpenID Connect (Entra ID and similar), configured from the environment.

Only people who already have an account here can sign in this way, matched by e-mail:
who may see what is decided by memberships an administrator grants, never by the identity
provider, so nobody is created on first sign-in.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from safecom.accounts.models import User

BACKEND_PATH = "safecom.accounts.oidc.SafecomOIDCBackend"


class SafecomOIDCBackend(OIDCAuthenticationBackend):
    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[User]:
        email = (claims.get("email") or claims.get("preferred_username") or "").strip()
        if not email or (claims.get("email_verified") is False):
            return User.objects.none()
        return User.objects.filter(email__iexact=email, is_active=True)

    def create_user(self, claims: dict[str, Any]) -> None:  # type: ignore[override]
        return None
