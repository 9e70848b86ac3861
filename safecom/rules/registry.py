"""The register of rules that check a requirement automatically from the project's data."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class RegisteredRule:
    framework: str
    ref: str
    name: str
    doc: str


_RULES: list[RegisteredRule] = []


def rule(*refs: str) -> Callable[[F], F]:
    """Register a function as the automatic check of one or more requirements ("dorset 2.3")."""

    def register(func: F) -> F:
        for ref in refs:
            framework, _, number = ref.partition(" ")
            if not framework or not number:
                raise ValueError(f"rule ref must look like 'dorset 2.3', not {ref!r}")
            _RULES.append(
                RegisteredRule(framework, number, func.__name__, (func.__doc__ or "").strip())
            )
        return func

    return register


def _import_rule_modules() -> None:
    import safecom.rules as package

    for info in pkgutil.iter_modules(package.__path__):
        if info.name not in {"registry", "tests"}:
            importlib.import_module(f"{package.__name__}.{info.name}")


def registered_rules() -> list[RegisteredRule]:
    _import_rule_modules()
    return list(_RULES)


def automatic_refs() -> dict[tuple[str, str], list[str]]:
    """(framework, ref) -> names of the rules that check it."""
    out: dict[tuple[str, str], list[str]] = {}
    for item in registered_rules():
        out.setdefault((item.framework, item.ref), []).append(item.name)
    return out
