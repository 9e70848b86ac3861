from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from safecom.notifications.selectors import notifications_of

router = Router(tags=["notifications"])


@router.get("/notifications", summary="Your reminders, newest first")
def notifications_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "id": n.pk,
            "kind": n.kind,
            "subject": n.subject,
            "status": n.status,
            "created_at": n.created_at.isoformat(),
            "link": n.link,
        }
        for n in notifications_of(user=request.user)[:200]
    ]
