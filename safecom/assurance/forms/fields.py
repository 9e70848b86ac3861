"""Field helpers: dates as day/month/year text, numbers as text (never type=number)."""

from __future__ import annotations

from typing import Any

from django import forms


def date_field(label: str, *, required: bool = True, hint: str = "For example 27/03/2026") -> Any:
    what = "the " + label[:1].lower() + label[1:]  # "Date received" -> "the date received"
    return forms.DateField(
        label=label,
        required=required,
        help_text=hint,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off"}),
        error_messages={
            "required": f"Enter {what}.",
            "invalid": f"Enter {what} as day/month/year, like 27/03/2026.",
        },
    )


def number_field(
    label: str,
    *,
    required: bool = True,
    hint: str = "",
    whole: bool = True,
    max_value: int = 1_000_000,
) -> Any:
    widget = forms.TextInput(
        attrs={
            "class": "govuk-input--width-5",
            "inputmode": "numeric" if whole else "decimal",
            "spellcheck": "false",
        }
    )
    messages = {
        "required": f"Enter {label.lower()}.",
        "invalid": f"Enter {label.lower()} as a {'whole ' if whole else ''}number.",
        "min_value": f"{label} cannot be negative.",
        "max_value": f"{label} must be {max_value:,} or less.",
    }
    if whole:
        return forms.IntegerField(
            label=label,
            required=required,
            help_text=hint,
            min_value=0,
            max_value=max_value,
            widget=widget,
            error_messages=messages,
        )
    # Decimals are parsed by the service, which names what is wrong; the form keeps the text.
    return forms.CharField(
        label=label,
        required=required,
        help_text=hint,
        max_length=20,
        widget=widget,
        error_messages=messages,
    )
