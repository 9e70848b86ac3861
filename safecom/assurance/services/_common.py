"""Checks shared by the assurance services: every message names the field and what is wrong."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

Errors = dict[str, list[str]]


def today() -> dt.date:
    return timezone.localdate()


def add(errors: Errors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def text(
    errors: Errors,
    field: str,
    value: str | None,
    *,
    limit: int,
    required: str | None = None,
) -> str:
    """The text trimmed; an error when it is missing (and `required` gives the message),
    too long or holds a null character."""
    value = (value or "").strip()
    if "\x00" in value:
        add(errors, field, "Remove the null character from the text.")
    elif len(value) > limit:
        add(errors, field, f"Use {limit:,} characters or fewer.")
    if required and not value:
        add(errors, field, required)
    return value


def past_date(
    errors: Errors,
    field: str,
    value: dt.date | None,
    *,
    label: str,
    required: bool = True,
    not_before: tuple[dt.date | None, str] | None = None,
) -> None:
    """A date that records something that happened: present when required, not in the future,
    and not before another date (when given)."""
    if value is None:
        if required:
            add(errors, field, f"Enter {label}.")
        return
    name = label[:1].upper() + label[1:]
    if value > today():
        add(errors, field, f"{name} cannot be in the future.")
    if not_before and not_before[0] and value < not_before[0]:
        add(errors, field, f"{name} cannot be before {not_before[1]}.")


def choice(errors: Errors, field: str, value: str, choices: Any, message: str) -> None:
    if value not in {c for c, _ in choices}:
        add(errors, field, message)


def raise_if(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


def user_or_none(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None
