from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from safecom.core.forms import GovukFormMixin


class SignInForm(GovukFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": "The username or password is not right. Check them and try again.",
        "inactive": "This account is not active. Ask your organisation's administrator.",
    }


class ApiTokenForm(GovukFormMixin, forms.Form):
    name = forms.CharField(
        label="Token name",
        max_length=100,
        help_text="Say what will use it, for example 'BI export'",
    )
