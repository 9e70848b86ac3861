"""What the fault tests run in other processes, on the database DATABASE_URL names.

    python -m safecom.core.tests.hostile.faults_worker seed-provider SLUG
    python -m safecom.core.tests.hostile.faults_worker seed-staff SLUG      # prints the id
    python -m safecom.core.tests.hostile.faults_worker seed-answer SLUG     # prints id, version
    python -m safecom.core.tests.hostile.faults_worker edit WHAT ID READY GO [TEXT]

`edit` opens the record, says it is ready (touches READY), waits for GO to exist, then saves
through the service, as two people who opened the same page and press save together. Exit 0
saved, 3 refused as stale (the answer changed since it was read).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from pathlib import Path
from typing import Any


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safecom.config.settings.test")
    import django

    django.setup()


def _provider(slug: str) -> Any:
    from safecom.organisations.models import Organisation

    found, _ = Organisation.objects.get_or_create(
        slug=slug, defaults={"name": f"Provider {slug}", "kind": Organisation.Kind.PROVIDER}
    )
    return found


def seed_staff(slug: str) -> None:
    from safecom.workforce.tests.factories import StaffMemberFactory

    staff = StaffMemberFactory(
        provider=_provider(slug),
        staff_reference="RACE-1",
        start_date=dt.date(2020, 1, 6),
        dbs_number="001234567890",
        dbs_issue_date=dt.date(2023, 8, 20),
    )
    print(staff.pk)


def seed_answer(slug: str) -> None:
    from safecom.assessments.tests.factories import open_round
    from safecom.contracts.tests.factories import ContractFactory
    from safecom.organisations.tests.factories import CommissionerFactory
    from safecom.standards.services import frameworks_load

    frameworks_load()
    provider = _provider(slug)
    owner = CommissionerFactory(slug=f"{slug}-council")
    ContractFactory(commissioner=owner, provider=provider)
    assessment = open_round(owner=owner, providers=[provider], kinds=()).assessments.get()
    answer = assessment.answers.first()
    assert answer is not None
    print(answer.pk, answer.version)


def _wait(ready: Path, go: Path) -> None:
    ready.touch()
    deadline = time.monotonic() + 60
    while not go.exists():
        if time.monotonic() > deadline:
            sys.exit("no go signal")
        time.sleep(0.01)


def edit(what: str, pk: int, ready: Path, go: Path, text: str = "") -> int:
    if what == "answer":
        from safecom.assessments.models import Answer
        from safecom.assessments.services import answer_save
        from safecom.assessments.services.answers import StaleAnswer

        answer = Answer.objects.get(pk=pk)
        read_version = answer.version  # the version the form carried
        _wait(ready, go)
        try:
            answer_save(
                actor=None,
                answer=answer,
                expected_version=read_version,
                rating="met",
                narrative=text,
            )
        except StaleAnswer:
            return 3
        return 0
    from safecom.workforce.models import StaffMember
    from safecom.workforce.services import staff as services

    staff = StaffMember.objects.get(pk=pk)  # the record as the page showed it
    # Hold the row a second inside each save, so the two saves surely overlap.
    audit = services.audit_record

    def slow_audit(**kwargs: Any) -> Any:
        time.sleep(1.0)
        return audit(**kwargs)

    services.audit_record = slow_audit  # type: ignore[assignment]
    _wait(ready, go)
    if what == "left":
        services.staff_mark_left(actor=None, staff=staff, leaving_date=dt.date(2026, 3, 31))
    else:
        services.staff_record_status_check(
            actor=None, staff=staff, checked_on=dt.date(2026, 2, 2), result="current"
        )
    return 0


def main(argv: list[str]) -> int:
    _setup()
    action, *rest = argv
    if action == "seed-provider":
        _provider(rest[0])
    elif action == "seed-staff":
        seed_staff(rest[0])
    elif action == "seed-answer":
        seed_answer(rest[0])
    elif action == "edit":
        what, pk, ready, go, *text = rest
        return edit(what, int(pk), Path(ready), Path(go), text[0] if text else "")
    else:
        sys.exit(f"unknown action {action}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
