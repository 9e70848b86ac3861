from __future__ import annotations

from typing import Any

from safecom.core.tests.tenancy_support import ALL

RECORDS = {"provider_lead", "provider_hr"}
EDIT = {"provider_hr"}
OPENERS = {"commissioner", "qa_officer"}


def _provider(w: Any, s: str) -> Any:
    return getattr(w, "provider_" + s)


def _staff(w: Any, s: str) -> Any:
    found = getattr(w, "staff_" + s, None)
    if found is None:
        from safecom.workforce.tests.factories import StaffMemberFactory

        found = StaffMemberFactory(provider=_provider(w, s), staff_reference=f"T-{s}")
        setattr(w, "staff_" + s, found)
    return found


def _job(w: Any, s: str) -> Any:
    """A finished, valid dry run of a one-person file, ready to confirm."""
    found = getattr(w, "job_" + s, None)
    if found is None:
        from django.core.files.base import ContentFile

        from safecom.core.models import Job

        found = Job(
            kind="workforce.import",
            label="Checking scr.csv",
            status="succeeded",
            organisation=_provider(w, s),
            params={"dry_run": True},
            result={
                "rows": 1,
                "created": 1,
                "updated": 0,
                "unchanged": 0,
                "errors": [],
                "error_count": 0,
                "dry_run": True,
                "changes": [],
            },
            input_name="scr.csv",
        )
        found.input_file.save(
            "scr.csv",
            ContentFile(b"Staff reference,First name,Last name,Worker type\nN1,A,B,Employee\n"),
            save=False,
        )
        found.save()
        setattr(w, "job_" + s, found)
    return found


def _p(w: Any, s: str) -> str:
    return f"/workforce/{_provider(w, s).slug}"


PAGES = {
    "workforce:home": ("get", lambda w, s: "/workforce/", ALL, 200),
    "workforce:policy": ("get", lambda w, s: "/workforce/policy/", {"commissioner"}, 200),
    "workforce:template": ("get", lambda w, s: "/workforce/template.xlsx", ALL, 200),
    "workforce:provider": ("get", lambda w, s: f"{_p(w, s)}/", ALL, 200),
    "workforce:open_record": ("post", lambda w, s: f"{_p(w, s)}/open/", OPENERS, 400),
    "workforce:roles": ("get", lambda w, s: f"{_p(w, s)}/roles/", ALL, 200),
    "workforce:staff": ("get", lambda w, s: f"{_p(w, s)}/staff/", RECORDS, 200),
    "workforce:export": ("get", lambda w, s: f"{_p(w, s)}/staff/export/", RECORDS, 200),
    "workforce:person": ("get", lambda w, s: f"{_p(w, s)}/staff/{_staff(w, s).pk}/", RECORDS, 200),
    "workforce:staff_new": ("get", lambda w, s: f"{_p(w, s)}/staff/new/", EDIT, 200),
    "workforce:staff_edit": (
        "get",
        lambda w, s: f"{_p(w, s)}/staff/{_staff(w, s).pk}/edit/",
        EDIT,
        200,
    ),
    "workforce:reveal": (
        "post",
        lambda w, s: f"{_p(w, s)}/staff/{_staff(w, s).pk}/reveal/",
        RECORDS | OPENERS,
        400,
    ),
    "workforce:status_check": (
        "post",
        lambda w, s: f"{_p(w, s)}/staff/{_staff(w, s).pk}/status-check/",
        EDIT,
        400,
    ),
    "workforce:training_new": (
        "post",
        lambda w, s: f"{_p(w, s)}/staff/{_staff(w, s).pk}/training/",
        EDIT,
        400,
    ),
    "workforce:left": ("post", lambda w, s: f"{_p(w, s)}/staff/{_staff(w, s).pk}/left/", EDIT, 400),
    "workforce:training": ("get", lambda w, s: f"{_p(w, s)}/training/", RECORDS, 200),
    "workforce:import": ("get", lambda w, s: f"{_p(w, s)}/import/", EDIT, 200),
    "workforce:import_result": (
        "get",
        lambda w, s: f"{_p(w, s)}/import/{_job(w, s).pk}/",
        EDIT,
        200,
    ),
    "workforce:import_confirm": (
        "post",
        lambda w, s: f"{_p(w, s)}/import/{_job(w, s).pk}/confirm/",
        EDIT,
        302,
    ),
}

_API = "/api/workforce/providers"


def _a(w: Any, s: str) -> str:
    return f"{_API}/{_provider(w, s).slug}"


API_OPS = {
    ("get", f"{_API}/{{slug}}/summary"): (lambda w, s: f"{_a(w, s)}/summary", ALL, 200, None),
    ("get", f"{_API}/{{slug}}/named-roles"): (
        lambda w, s: f"{_a(w, s)}/named-roles",
        ALL,
        200,
        None,
    ),
    ("post", f"{_API}/{{slug}}/named-roles/{{code}}"): (
        lambda w, s: f"{_a(w, s)}/named-roles/named_doctor",
        EDIT,
        200,
        lambda w, s: {"holder_name": "Dr R Okoye", "reason": "Appointed by the board"},
    ),
    ("get", f"{_API}/{{slug}}/staff"): (lambda w, s: f"{_a(w, s)}/staff", RECORDS, 200, None),
    ("get", f"{_API}/{{slug}}/staff/{{pk}}"): (
        lambda w, s: f"{_a(w, s)}/staff/{_staff(w, s).pk}",
        RECORDS,
        200,
        None,
    ),
    ("post", f"{_API}/{{slug}}/open"): (
        lambda w, s: f"{_a(w, s)}/open",
        OPENERS,
        200,
        lambda w, s: {
            "staff_reference": _staff(w, s).staff_reference,
            "reason": "Annual sample check of the record",
        },
    ),
    ("post", f"{_API}/{{slug}}/staff/{{pk}}/reveal"): (
        lambda w, s: f"{_a(w, s)}/staff/{_staff(w, s).pk}/reveal",
        RECORDS | OPENERS,
        200,
        lambda w, s: {"field": "dbs_number", "reason": "Checking it against the certificate"},
    ),
    ("post", f"{_API}/{{slug}}/staff/{{pk}}/training"): (
        lambda w, s: f"{_a(w, s)}/staff/{_staff(w, s).pk}/training",
        EDIT,
        201,
        lambda w, s: {"kind": "prevent", "completed_on": "2024-01-15"},
    ),
    # Sent as JSON by the matrix, so the file is missing: 422 once tenancy and role allow it.
    ("post", f"{_API}/{{slug}}/imports"): (lambda w, s: f"{_a(w, s)}/imports", EDIT, 422, None),
}
