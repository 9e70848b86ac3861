from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from safecom.accounts.forms import ApiTokenForm, SignInForm
from safecom.accounts.roles import ROLES
from safecom.accounts.selectors import api_tokens_of, memberships_of
from safecom.accounts.services import api_token_create, api_token_revoke
from safecom.accounts.two_factor import confirmed_device


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["sso_enabled"] = settings.SAFECOM_OIDC_ENABLED
        context["sso_label"] = settings.SAFECOM_OIDC_LABEL
        context["sso_failed"] = self.request.GET.get("sso") == "failed"
        return context


@login_required
def account(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        _, new_token = api_token_create(user=request.user, name=form.cleaned_data["name"])  # type: ignore[arg-type]
        form = ApiTokenForm()
    memberships = [(m, ROLES[m.role]) for m in memberships_of(user=request.user)]  # type: ignore[arg-type]
    return render(
        request,
        "accounts/account.html",
        {
            "form": form,
            "new_token": new_token,
            "tokens": api_tokens_of(user=request.user),  # type: ignore[arg-type]
            "memberships": memberships,
            "has_device": confirmed_device(request.user) is not None,
        },
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    if not api_token_revoke(user=request.user, token_id=token_id):  # type: ignore[arg-type]
        raise Http404
    messages.success(request, "The token is revoked: clients using it can no longer sign in.")
    return redirect("accounts:account")
