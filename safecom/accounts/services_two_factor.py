"""Writes for the second factor: start, confirm, check and remove an authenticator app."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from safecom.audit.services import audit_record


def totp_device_start(*, user: Any) -> TOTPDevice:
    """The person's unconfirmed device, made once and reused until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


@transaction.atomic
def totp_device_confirm(*, request: HttpRequest, device: TOTPDevice, token: str) -> bool:
    if not device.verify_token(token):
        return False
    TOTPDevice.objects.filter(user=device.user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    audit_record(
        actor=device.user,
        action="two_factor.enabled",
        obj=device,
        summary=f"{device.user} set up an authenticator app",
    )
    return True


def totp_verify(*, request: HttpRequest, device: TOTPDevice, token: str) -> bool:
    if device.verify_token(token):
        otp_login(request, device)
        return True
    return False


@transaction.atomic
def totp_device_remove(*, user: Any) -> None:
    for device in TOTPDevice.objects.filter(user=user):
        audit_record(
            actor=user,
            action="two_factor.removed",
            obj=device,
            summary=f"{user} removed their authenticator app",
        )
        device.delete()
