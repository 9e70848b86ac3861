"""Writes to self-assessments. Each checks its input, writes in one transaction and audits."""

from safecom.assessments.services.actions import action_create, action_update
from safecom.assessments.services.answers import answer_save, assessment_submit
from safecom.assessments.services.evidence import answer_evidence_add, answer_evidence_remove
from safecom.assessments.services.moderation import answer_moderate, answer_respond
from safecom.assessments.services.rounds import round_open
from safecom.assessments.services.statements import statement_record

__all__ = [
    "action_create",
    "action_update",
    "answer_evidence_add",
    "answer_evidence_remove",
    "answer_moderate",
    "answer_respond",
    "answer_save",
    "assessment_submit",
    "round_open",
    "statement_record",
]
