"""Who may do what in assurance, in terms of the permissions in accounts/roles.py.

- Commissioners and QA officers record monitoring, checks, allegations, reviews, returns
  templates and decommissioning (`assurance.record`, at the contract's commissioner).
- Partnership administrators publish briefings (`assurance.publish_briefing`).
- A provider's safeguarding lead answers for the provider: fills in returns, logs its own
  allegations, updates review recommendations and acknowledges briefings. No permission is
  named for that yet; the one only that role holds at a provider is `assessments.answer`
  ("answers the commissioner's safeguarding questions"), so it stands for it here.
- Risk scores and the thematic schedule are the commissioners' and partnerships' working
  tools: provider users do not see them.
"""

from __future__ import annotations

from typing import Any

from safecom.accounts import roles
from safecom.accounts.tenancy import scope_for, user_can, user_can_anywhere
from safecom.contracts.models import Contract

RECORD = roles.ASSURANCE_RECORD
PUBLISH = roles.BRIEFING_PUBLISH
PROVIDER_RESPOND = roles.ASSESSMENT_ANSWER


def can_record(user: Any, contract: Contract) -> bool:
    return user_can(user, RECORD, contract.commissioner_id)


def can_respond(user: Any, contract: Contract) -> bool:
    return user_can(user, PROVIDER_RESPOND, contract.provider_id)


def can_log_allegation(user: Any, contract: Contract) -> bool:
    return can_record(user, contract) or can_respond(user, contract)


def can_record_anywhere(user: Any) -> bool:
    return user_can_anywhere(user, RECORD)


def sees_oversight(user: Any) -> bool:
    """Commissioner and partnership users see risk scores and the schedule; providers do not."""
    scope = scope_for(user)
    return bool(scope.ids(roles.COMMISSIONER) or scope.ids(roles.PARTNERSHIP))


def can_respond_for(user: Any, provider_id: int | None) -> bool:
    """The user answers for this provider (its safeguarding lead)."""
    return user_can(user, PROVIDER_RESPOND, provider_id)
