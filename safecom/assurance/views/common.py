"""What every assurance page does the same way: 404 outside the tenancy or without the
permission, and form pages that show every problem in an error summary."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from safecom.assurance.selectors.access import contract_for
from safecom.contracts.models import Contract
from safecom.core.forms import add_service_errors


def contract_or_404(request: HttpRequest, pk: int) -> Contract:
    contract = contract_for(user=request.user, pk=pk)
    if contract is None:
        raise Http404
    return contract


def found_or_404(obj: Any) -> Any:
    if obj is None:
        raise Http404
    return obj


def allowed_or_404(allowed: bool) -> None:
    """Inside the tenancy, a page the user may not use is not offered: it is "not found"."""
    if not allowed:
        raise Http404


def form_page(
    request: HttpRequest,
    *,
    form: Any,
    save: Callable[[dict[str, Any]], HttpResponse],
    context: dict[str, Any],
    template: str = "assurance/form.html",
) -> HttpResponse:
    """Show the form; on a valid POST call `save` (which calls a service and answers with a
    redirect); a service's ValidationError goes back onto the form, field by field."""
    if request.method == "POST" and form.is_valid():
        try:
            return save(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
    return render(request, template, {**context, "form": form})
