"""The columns of the staff import: what each holds, how it is read and the headings accepted.

Single central records are kept in many spreadsheets; the aliases are the headings they use
most. A heading is matched after folding case, punctuation and a trailing hint in brackets,
so "D.O.B. (dd/mm/yyyy)" finds "date of birth".
"""

from __future__ import annotations

import re

from safecom.workforce.importing.column import Column
from safecom.workforce.importing.columns_dbs_training import DBS_AND_TRAINING, TRAINING_COLUMNS

__all__ = ["BY_NAME", "COLUMNS", "STAFF_FIELDS", "TRAINING_COLUMNS", "Column", "match_heading"]

COLUMNS: tuple[Column, ...] = (
    Column(
        "staff_reference",
        "Staff reference",
        "text",
        "Your own unique reference for the person (payroll or HR number). Rows are matched on it: "
        "importing the same reference again updates that person.",
        (
            "staff ref",
            "staff id",
            "staff number",
            "staff no",
            "employee number",
            "employee no",
            "employee id",
            "payroll number",
            "payroll no",
            "personnel number",
            "reference",
            "ref",
            "id",
        ),
        required=True,
        max_length=40,
        example="HR-00123",
    ),
    Column(
        "first_name",
        "First name",
        "text",
        "Given name.",
        ("forename", "forenames", "given name", "first names", "christian name"),
        required=True,
        max_length=100,
        example="Amira",
    ),
    Column(
        "last_name",
        "Last name",
        "text",
        "Family name.",
        ("surname", "family name", "last names"),
        required=True,
        max_length=100,
        example="Hussain",
    ),
    Column(
        "date_of_birth",
        "Date of birth",
        "date",
        "Day/month/year, like 23/04/1988.",
        ("dob", "d o b", "birth date", "date of birth dd mm yyyy"),
        example="23/04/1988",
    ),
    Column(
        "address",
        "Address",
        "text",
        "Home address, with postcode.",
        ("home address", "postal address", "address and postcode", "current address"),
        max_length=500,
        example="12 Mill Lane, Riverside RV2 4TT",
    ),
    Column(
        "role",
        "Role",
        "text",
        "Job title or role.",
        ("job title", "position", "post", "job role", "post title"),
        max_length=120,
        example="Family support worker",
    ),
    Column(
        "worker_type",
        "Worker type",
        "choice",
        "Employee, volunteer, agency, trustee, governor or contractor.",
        (
            "category",
            "staff type",
            "type of worker",
            "employment type",
            "staff category",
            "worker category",
            "type",
        ),
        required=True,
        max_length=40,
        example="Employee",
        choices=("employee", "volunteer", "agency", "trustee", "governor", "contractor"),
    ),
    Column(
        "start_date",
        "Start date",
        "date",
        "The date they started.",
        (
            "date started",
            "employment start date",
            "date of appointment",
            "start",
            "date joined",
            "appointment date",
        ),
        example="01/09/2023",
    ),
    Column(
        "leaving_date",
        "Leaving date",
        "date",
        "The date they left, if they have.",
        (
            "end date",
            "date left",
            "leave date",
            "leaver date",
            "termination date",
            "date of leaving",
        ),
        example="",
    ),
    Column(
        "is_active",
        "Status",
        "status",
        "Active or Left (also yes/no). Blank means active.",
        ("active", "current", "employment status", "staff status"),
        max_length=20,
        example="Active",
    ),
    Column(
        "regulated_children",
        "Regulated activity with children",
        "bool",
        "Yes or no.",
        (
            "regulated activity children",
            "ra children",
            "works with children",
            "regulated activity with children yes no",
        ),
        example="Yes",
    ),
    Column(
        "regulated_adults",
        "Regulated activity with adults",
        "bool",
        "Yes or no.",
        ("regulated activity adults", "ra adults", "works with adults"),
        example="No",
    ),
    Column(
        "recruits_staff",
        "Sits on recruitment panels",
        "bool",
        "Yes or no.",
        ("recruiter", "recruitment panel", "recruitment panel member", "interview panel"),
        example="No",
    ),
    Column(
        "identity_documents",
        "Identity documents seen",
        "text",
        "What was seen, for example passport and utility bill.",
        (
            "id documents",
            "identity documents",
            "proof of identity",
            "id seen",
            "identity evidence",
            "identity check",
            "id check",
            "identity checks",
        ),
        max_length=200,
        example="Passport; council tax bill",
    ),
    Column(
        "identity_checked_by",
        "Identity checked by",
        "text",
        "Who checked the identity.",
        ("id checked by", "checked by", "identity check by", "identity verified by"),
        max_length=100,
        example="R. Patel (HR)",
    ),
    Column(
        "identity_checked_on",
        "Identity checked on",
        "date",
        "When it was checked.",
        (
            "identity check date",
            "id check date",
            "date identity checked",
            "id checked on",
            "id checked date",
            "date of identity check",
        ),
        example="15/08/2023",
    ),
    Column(
        "right_to_work_type",
        "Right to work type",
        "choice",
        "Unlimited (British or Irish citizen, settled status) or time-limited (a visa).",
        ("rtw type", "right to work", "right to work status", "rtw status", "rtw"),
        max_length=60,
        example="Unlimited",
        choices=("unlimited", "time_limited"),
    ),
    Column(
        "right_to_work_checked_on",
        "Right to work checked on",
        "date",
        "When right to work was checked.",
        (
            "right to work check date",
            "rtw check date",
            "rtw date",
            "rtw checked",
            "date of right to work check",
            "right to work checked",
        ),
        example="15/08/2023",
    ),
    Column(
        "right_to_work_expires",
        "Right to work expires",
        "date",
        "For a time-limited right: when it ends.",
        (
            "rtw expiry",
            "right to work expiry",
            "visa expiry",
            "rtw expiry date",
            "right to work expiry date",
            "visa expiry date",
        ),
        example="",
    ),
    Column(
        "qualifications_checked_on",
        "Qualifications checked on",
        "date",
        "When certificates of the qualifications the role needs were seen.",
        (
            "qualifications checked",
            "qualification check date",
            "qualifications verified",
            "date qualifications checked",
        ),
        example="15/08/2023",
    ),
    Column(
        "references_received",
        "References received",
        "int",
        "How many satisfactory references were seen and verified.",
        (
            "number of references",
            "references",
            "no of references",
            "refs received",
            "references seen",
            "refs",
        ),
        max_length=10,
        example="2",
    ),
    Column(
        "reference_1_on",
        "Reference 1 date",
        "date",
        "When the first reference came.",
        (
            "first reference date",
            "reference 1 received",
            "ref 1 date",
            "reference 1",
            "date of first reference",
        ),
        example="10/08/2023",
    ),
    Column(
        "reference_2_on",
        "Reference 2 date",
        "date",
        "When the second reference came.",
        (
            "second reference date",
            "reference 2 received",
            "ref 2 date",
            "reference 2",
            "date of second reference",
        ),
        example="12/08/2023",
    ),
    Column(
        "single_reference_risk_assessed",
        "Single reference risk assessment",
        "bool",
        "Yes when only one reference was seen and a risk assessment is on the record.",
        (
            "risk assessment one reference",
            "reference risk assessment",
            "risk assessment for single reference",
            "one reference risk assessed",
        ),
        example="No",
    ),
    Column(
        "overseas_check_needed",
        "Overseas check needed",
        "bool",
        "Yes when they lived or worked outside the UK.",
        ("lived or worked overseas", "overseas", "lived abroad", "overseas check required"),
        example="No",
    ),
    Column(
        "overseas_check_on",
        "Overseas check date",
        "date",
        "When the overseas check (certificate of good conduct) was seen.",
        (
            "overseas check",
            "overseas check on",
            "certificate of good conduct date",
            "overseas criminal record check date",
        ),
        example="",
    ),
    Column(
        "agency_confirmation_on",
        "Agency confirmation date",
        "date",
        "For agency workers: when the agency confirmed its checks in writing.",
        (
            "agency written confirmation",
            "agency confirmation",
            "agency checks confirmed",
            "agency confirmation received",
        ),
        example="",
    ),
    *DBS_AND_TRAINING,
    Column(
        "notes",
        "Notes",
        "text",
        "Anything else the record should say.",
        ("comments", "note", "remarks"),
        max_length=2000,
        example="",
    ),
)

BY_NAME = {c.name: c for c in COLUMNS}
STAFF_FIELDS = tuple(
    c.name for c in COLUMNS if c.name not in TRAINING_COLUMNS and not c.name.startswith("level_")
)

_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold_heading(text: str) -> str:
    """A heading folded for matching: lower case, '&' as 'and', punctuation as spaces."""
    text = text.replace("\ufeff", "").strip().lower().replace("&", " and ")
    text = text.replace("'", "").replace("\u2019", "")
    return " ".join(_NON_WORD.sub(" ", text).split())


def _index() -> dict[str, str]:
    out: dict[str, str] = {}
    for column in COLUMNS:
        for text in (column.name.replace("_", " "), column.heading, *column.aliases):
            key = fold_heading(text)
            if key in out and out[key] != column.name:
                raise ValueError(f"heading {text!r} names two columns")
            out[key] = column.name
    return out


HEADING_INDEX = _index()


def match_heading(text: str) -> str | None:
    """The column a heading names, or None when we do not know it."""
    key = fold_heading(text)
    if key in HEADING_INDEX:
        return HEADING_INDEX[key]
    # "Date of birth (DD/MM/YYYY)": try again without the hint in brackets.
    bare = fold_heading(_BRACKETS.sub(" ", text))
    return HEADING_INDEX.get(bare) if bare else None
