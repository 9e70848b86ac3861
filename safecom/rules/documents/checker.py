"""Checking one document against a framework's clause or policy requirements."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from safecom.rules.documents.context import build_context
from safecom.rules.documents.editions import edition_warnings
from safecom.rules.documents.engine import Check, Compiled, compile_requirements
from safecom.rules.documents.engine import evaluate as generic_check
from safecom.rules.documents.model import DocumentResult, RequirementSpec
from safecom.rules.documents.text import Analysed, analyse
from safecom.rules.registry import rule

# (framework, ref) -> the registered check; a requirement without one gets the generic check.
CHECKS: dict[tuple[str, str], Check] = {}


def document_check(*refs: str) -> Callable[[Check], Check]:
    """Register a check for requirements ("chscp 2.1"): counted as checked from data."""

    def register(func: Check) -> Check:
        for ref in refs:
            framework, _, number = ref.partition(" ")
            CHECKS[(framework, number)] = func
        return rule(*refs)(func)

    return register


class Checker:
    """Compiled once per framework version and kind; reusable for any number of documents."""

    def __init__(self, requirements: Sequence[RequirementSpec], *, framework: str, kind: str):
        self.framework = framework
        self.kind = kind
        self.requirements = list(requirements)
        self.compiled: Compiled = compile_requirements(self.requirements)
        self.compiled.table.prepare()

    def check_analysed(
        self, doc: Analysed, *, document: str, today: dt.date | None = None
    ) -> DocumentResult:
        ctx = build_context(doc, self.compiled.table, self.compiled.special)
        ctx.compiled = self.compiled.cues
        ctx.warnings = edition_warnings(doc, today=today or dt.date.today())
        findings = tuple(
            CHECKS.get((r.framework, r.ref), generic_check)(ctx, r) for r in self.requirements
        )
        return DocumentResult(
            document=document,
            framework=self.framework,
            kind=self.kind,
            findings=findings,
            warnings=tuple(ctx.warnings),
        )

    def check(
        self,
        text: str,
        *,
        document: str,
        page_starts: list[int] | None = None,
        heading_hints: list[tuple[int, int]] | None = None,
        today: dt.date | None = None,
    ) -> DocumentResult:
        doc = analyse(text, page_starts=page_starts, heading_hints=heading_hints)
        return self.check_analysed(doc, document=document, today=today)
