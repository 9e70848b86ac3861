"""What the checker takes in and gives back. Plain data, no Django."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MET = "met"
PARTLY_MET = "partly_met"
NOT_MET = "not_met"
STATUSES = (MET, PARTLY_MET, NOT_MET)
STATUS_LABELS = {MET: "Met", PARTLY_MET: "Partly met", NOT_MET: "Not met"}


@dataclass(frozen=True)
class RequirementSpec:
    """One requirement as the framework data gives it (read from the database or YAML)."""

    framework: str
    ref: str
    title: str
    kind: str
    client_group: str = "children"
    source_text: str = ""
    model_wording: str = ""
    cues: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    parameters: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class Evidence:
    quote: str
    page: int
    char_start: int
    char_end: int
    # How the quote counts: "supports", "negated" or "lookalike" (only shown, never in JSON)
    role: str = "supports"

    def as_json(self) -> dict[str, Any]:
        return {
            "quote": self.quote,
            "page": self.page,
            "char_start": self.char_start,
            "char_end": self.char_end,
        }


@dataclass(frozen=True)
class Finding:
    ref: str
    title: str
    status: str
    evidence: tuple[Evidence, ...]
    explanation: str
    model_wording: str = ""
    missing: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "ref": self.ref,
            "title": self.title,
            "status": self.status,
            "evidence": [e.as_json() for e in self.evidence],
            "explanation": self.explanation,
        }

    def as_record(self) -> dict[str, Any]:
        data = self.as_json()
        data["model_wording"] = self.model_wording if self.status != MET else ""
        data["missing"] = list(self.missing)
        data["evidence"] = [e.as_json() | {"role": e.role} for e in self.evidence]
        return data


@dataclass(frozen=True)
class EditionWarning:
    code: str
    message: str
    quote: str
    page: int
    char_start: int
    char_end: int

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "quote": self.quote}

    def as_record(self) -> dict[str, Any]:
        return self.as_json() | {
            "page": self.page,
            "char_start": self.char_start,
            "char_end": self.char_end,
        }


@dataclass(frozen=True)
class DocumentResult:
    document: str
    framework: str
    kind: str
    findings: tuple[Finding, ...]
    warnings: tuple[EditionWarning, ...]

    @property
    def all_met(self) -> bool:
        return bool(self.findings) and all(f.status == MET for f in self.findings)

    def count(self, status: str) -> int:
        return sum(1 for f in self.findings if f.status == status)

    @property
    def unmet_refs(self) -> list[str]:
        return [f.ref for f in self.findings if f.status != MET]

    def as_json(self) -> dict[str, Any]:
        """Exactly the shape of `safecom check-document --format json` for one document."""
        return {
            "document": self.document,
            "framework": self.framework,
            "requirements": [f.as_json() for f in self.findings],
            "warnings": [w.as_json() for w in self.warnings],
        }

    def as_record(self) -> dict[str, Any]:
        """The same, with what the pages also show: model wording, roles, warning offsets."""
        return {
            "document": self.document,
            "framework": self.framework,
            "kind": self.kind,
            "requirements": [f.as_record() for f in self.findings],
            "warnings": [w.as_record() for w in self.warnings],
        }
