"""Roles and what each may do. Plain Python: the single table every permission check reads.

A role is held through a membership of one organisation, and the organisation's kind sets
the tenancy (what the user can see); the role sets the permissions (what the user can do).
"""

from __future__ import annotations

from dataclasses import dataclass

PARTNERSHIP = "partnership"
COMMISSIONER = "commissioner"
PROVIDER = "provider"

# Permissions, named <area>.<verb>.
VIEW = "portfolio.view"
CONTRACT_EDIT = "contracts.edit"
CONTRACT_STAGE = "contracts.change_stage"
GATE_OVERRIDE = "contracts.override_gate"
STANDARDS_MANAGE = "standards.manage"
ASSESSMENT_ANSWER = "assessments.answer"
ASSESSMENT_MODERATE = "assessments.moderate"
ASSESSMENT_OPEN_ROUND = "assessments.open_round"
WORKFORCE_EDIT = "workforce.edit"
WORKFORCE_VIEW_RECORDS = "workforce.view_records"
POLICY_SUBMIT = "documents.submit"
BRIEFING_PUBLISH = "assurance.publish_briefing"
ASSURANCE_RECORD = "assurance.record"
AUDIT_VIEW = "audit.view"


@dataclass(frozen=True)
class Role:
    code: str
    label: str
    description: str
    organisation_kinds: frozenset[str]
    permissions: frozenset[str]


ROLES: dict[str, Role] = {
    r.code: r
    for r in (
        Role(
            "partnership_admin",
            "Partnership administrator",
            "A safeguarding partnership's business unit: standards, briefings, area reports.",
            frozenset({PARTNERSHIP}),
            frozenset(
                {VIEW, STANDARDS_MANAGE, BRIEFING_PUBLISH, ASSESSMENT_OPEN_ROUND, AUDIT_VIEW}
            ),
        ),
        Role(
            "commissioner",
            "Commissioner",
            "A commissioning organisation's contract manager: contracts, the gate and monitoring.",
            frozenset({COMMISSIONER}),
            frozenset(
                {
                    VIEW,
                    CONTRACT_EDIT,
                    CONTRACT_STAGE,
                    GATE_OVERRIDE,
                    ASSESSMENT_OPEN_ROUND,
                    ASSURANCE_RECORD,
                }
            ),
        ),
        Role(
            "qa_officer",
            "Safeguarding QA officer",
            "A designated safeguarding professional: moderation and thematic checks.",
            frozenset({COMMISSIONER, PARTNERSHIP}),
            frozenset({VIEW, ASSESSMENT_MODERATE, ASSESSMENT_OPEN_ROUND, ASSURANCE_RECORD}),
        ),
        Role(
            "provider_lead",
            "Provider safeguarding lead",
            "A provider's designated safeguarding lead: self-assessment, policies and returns.",
            frozenset({PROVIDER}),
            frozenset({VIEW, ASSESSMENT_ANSWER, POLICY_SUBMIT, WORKFORCE_VIEW_RECORDS}),
        ),
        Role(
            "provider_hr",
            "Provider HR",
            "A provider's HR team: staff records and training.",
            frozenset({PROVIDER}),
            frozenset({VIEW, WORKFORCE_EDIT, WORKFORCE_VIEW_RECORDS}),
        ),
        Role(
            "auditor",
            "Auditor",
            "Read-only across one organisation, including its audit trail.",
            frozenset({PARTNERSHIP, COMMISSIONER, PROVIDER}),
            frozenset({VIEW, AUDIT_VIEW}),
        ),
    )
}

ROLE_CHOICES = [(code, role.label) for code, role in ROLES.items()]


def role_fits_organisation(role: str, organisation_kind: str) -> bool:
    """A role can only be held in the kinds of organisation it is for."""
    found = ROLES.get(role)
    return bool(found and organisation_kind in found.organisation_kinds)


def role_allows(role: str, permission: str) -> bool:
    found = ROLES.get(role)
    return bool(found and permission in found.permissions)
