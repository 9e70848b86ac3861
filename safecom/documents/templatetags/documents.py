"""The document checker's panel on a contract's page, fed from here so the contracts app
needs nothing more than an include line."""

from __future__ import annotations

from typing import Any

from django import template

from safecom.documents.selectors import check_list, clause_check_latest

register = template.Library()


@register.simple_tag(takes_context=True)
def contract_document_panel(context: Any, contract: Any) -> dict[str, Any]:
    from safecom.documents.views import STATUS_TAGS, upload_form

    request = context.get("request")
    user = getattr(request, "user", None)
    if contract is None or user is None:
        return {}
    return {
        "checks": list(check_list(user=user, contract_id=contract.pk)[:10]),
        "latest": clause_check_latest(contract=contract),
        "form": upload_form(user, contract),
        "status_tags": STATUS_TAGS,
    }


@register.filter
def status_label(value: str) -> str:
    from safecom.rules.documents import STATUS_LABELS

    return STATUS_LABELS.get(value, value)


@register.filter
def get_item(mapping: Any, key: str) -> Any:
    return mapping.get(key, "") if hasattr(mapping, "get") else ""


@register.filter
def slugify_ref(ref: str) -> str:
    from safecom.documents.highlight import anchor

    return anchor(str(ref), 0)[3:-2]
