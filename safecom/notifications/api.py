from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from safecom.core.pagination import Rows, paginated
from safecom.notifications.models import Notification
from safecom.notifications.selectors import notifications_of

router = Router(tags=["notifications"])


def _notification_dict(n: Notification) -> dict[str, Any]:
    return {
        "id": n.pk,
        "kind": n.kind,
        "subject": n.subject,
        "status": n.status,
        "created_at": n.created_at.isoformat(),
        "link": n.link,
    }


@router.get("/notifications", response=list[dict[str, Any]], summary="Your reminders, newest first")
@paginated
def notifications_list(request: HttpRequest) -> Rows:
    return Rows(
        notifications_of(user=request.user).order_by("-created_at", "-pk"), each=_notification_dict
    )
