from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from safecom.accounts.forms_two_factor import TokenForm
from safecom.accounts.services_two_factor import (
    totp_device_confirm,
    totp_device_remove,
    totp_device_start,
    totp_verify,
)
from safecom.accounts.two_factor import confirmed_device, requires_second_factor


@login_required
def setup(request: HttpRequest) -> HttpResponse:
    device = totp_device_start(user=request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if totp_device_confirm(request=request, device=device, token=form.cleaned_data["token"]):
            messages.success(
                request,
                "Your authenticator app is set up. You will be asked for a "
                "code each time you sign in.",
            )
            return redirect("accounts:account")
        form.add_error(
            "token",
            "That code is not right. Check the app shows this account "
            "and enter the code it shows now.",
        )
    uri = device.config_url
    secret = uri.split("secret=")[1].split("&")[0]
    qr_svg = segno.make(uri, error="m").svg_inline(scale=4, dark="#0b0c0c")
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": qr_svg,
            "secret": secret,
            "required": requires_second_factor(request.user),
        },
    )


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    device = confirmed_device(request.user)
    if device is None:
        return redirect("core:home")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if totp_verify(request=request, device=device, token=form.cleaned_data["token"]):
            return redirect(request.GET.get("next") or "core:home")
        form.add_error("token", "That code is not right. Enter the code your app shows now.")
    return render(request, "accounts/two_factor_verify.html", {"form": form})


@login_required
@require_POST
def remove(request: HttpRequest) -> HttpResponse:
    if requires_second_factor(request.user):
        messages.error(
            request,
            "Your organisation requires a second factor, so it cannot be "
            "removed. You can set up a new app instead.",
        )
        return redirect("accounts:account")
    totp_device_remove(user=request.user)
    messages.success(request, "Your authenticator app is removed.")
    return redirect("accounts:account")
