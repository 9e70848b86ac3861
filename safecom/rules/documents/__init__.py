"""The document checker: contract clauses and provider policies against a framework's cues.

Plain Python, no Django (the app reads files and stores results; this decides). See
engine.py for what the cues mean, scope.py for negation and look-alikes, editions.py for
superseded guidance and misdated Acts.
"""

from safecom.rules.documents.checker import CHECKS, Checker, document_check
from safecom.rules.documents.model import (
    MET,
    NOT_MET,
    PARTLY_MET,
    STATUS_LABELS,
    STATUSES,
    DocumentResult,
    EditionWarning,
    Evidence,
    Finding,
    RequirementSpec,
)

__all__ = [
    "CHECKS",
    "MET",
    "NOT_MET",
    "PARTLY_MET",
    "STATUSES",
    "STATUS_LABELS",
    "Checker",
    "DocumentResult",
    "EditionWarning",
    "Evidence",
    "Finding",
    "RequirementSpec",
    "document_check",
]

# The registered checks (one per requirement); imported for their @document_check.
from safecom.rules.documents import clauses, policies_dorset, policies_nel_hips  # noqa: F401
