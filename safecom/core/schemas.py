"""Base for every API input schema: text with a null byte is refused before any query."""

from __future__ import annotations

from typing import Any

from ninja import Schema
from pydantic import model_validator


def _has_null(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_null(k) or _has_null(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_has_null(v) for v in value)
    return False


class InputSchema(Schema):
    @model_validator(mode="before")
    @classmethod
    def no_null_characters(cls, data: Any) -> Any:
        if _has_null(data):
            raise ValueError("Remove the null character from the text.")
        return data
