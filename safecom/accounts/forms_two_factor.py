from __future__ import annotations

from django import forms

from safecom.core.forms import GovukFormMixin


class TokenForm(GovukFormMixin, forms.Form):
    token = forms.CharField(
        label="Code from your authenticator app",
        max_length=8,
        help_text="The 6 digits your app shows now",
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "class": "govuk-input--width-5",
                "spellcheck": "false",
            }
        ),
        error_messages={"required": "Enter the 6-digit code from your authenticator app."},
    )

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].replace(" ", "")
        if not token.isdigit() or len(token) != 6:
            raise forms.ValidationError("Enter the 6 digits your authenticator app shows.")
        return token
