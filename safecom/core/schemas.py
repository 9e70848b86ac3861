"""Base for every API input schema: text with a null byte is refused before any query."""

from __future__ import annotations

from typing import Any

from ninja import Schema
from pydantic import field_validator


def _has_null(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_null(k) or _has_null(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_has_null(v) for v in value)
    return False


class InputSchema(Schema):
    # Checked field by field once parsed: django-ninja hands a model-level "before" validator
    # a wrapper object rather than the sent dict, so a check there saw no text at all.
    # PostgreSQL cannot store or compare text holding NUL; it would fail deep in a query.
    @field_validator("*", mode="after")
    @classmethod
    def no_null_characters(cls, value: Any) -> Any:
        if _has_null(value):
            raise ValueError("Remove the null character from the text.")
        return value
