from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from safecom.accounts.roles import ROLES
from safecom.accounts.selectors import memberships_of

router = Router(tags=["me"])


class MembershipOut(Schema):
    organisation: str
    organisation_name: str
    kind: str
    role: str
    role_label: str


class MeOut(Schema):
    username: str
    name: str
    memberships: list[MembershipOut]


@router.get("/me", response=MeOut, summary="Who the token or session belongs to")
def me(request: HttpRequest) -> MeOut:
    user = request.user
    return MeOut(
        username=user.get_username(),
        name=str(user),
        memberships=[
            MembershipOut(
                organisation=m.organisation.slug,
                organisation_name=m.organisation.name,
                kind=m.organisation.kind,
                role=m.role,
                role_label=ROLES[m.role].label,
            )
            for m in memberships_of(user=user)  # type: ignore[arg-type]
        ],
    )
