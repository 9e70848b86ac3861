"""A staff record as plain values: defaults, the derived fields and the fingerprint.

The fingerprint is an HMAC (keyed from the field-encryption key) of every field, so the
import can tell an unchanged record without decrypting it, and the hash says nothing about a
date of birth or DBS number to someone who only has the database.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import cache
from operator import itemgetter
from typing import Any

from django.conf import settings

from safecom.rules import workforce as rules
from safecom.workforce.importing.columns import STAFF_FIELDS
from safecom.workforce.models import StaffMember

BOOL_FIELDS = frozenset(
    {
        "regulated_children",
        "regulated_adults",
        "recruits_staff",
        "single_reference_risk_assessed",
        "overseas_check_needed",
        "dbs_update_service",
    }
)
DATE_FIELDS = frozenset(
    name
    for name in STAFF_FIELDS
    if StaffMember._meta.get_field(name).get_internal_type() == "DateField"
    or name == "date_of_birth"
)
DERIVED_FIELDS = ("dbs_number_last4", "dbs_current_from", "fingerprint")


def default_for(name: str) -> Any:
    if name == "is_active":
        return True
    if name in BOOL_FIELDS:
        return False
    if name == "references_received":
        return 0
    if name in DATE_FIELDS:
        return None
    return ""


DEFAULTS = {name: default_for(name) for name in STAFF_FIELDS}
_IN_ORDER = itemgetter(*STAFF_FIELDS)


# The fields whose default is not None: only there can a blank (None) change the value.
_NOT_NONE = tuple(name for name in STAFF_FIELDS if DEFAULTS[name] is not None)
_NOT_NONE_VALUES = itemgetter(*_NOT_NONE)


def normalise(values: dict[str, Any]) -> dict[str, Any]:
    """Every staff field, blanks (None) replaced by the field's default."""
    # Runs for every imported row: merged in C, then only the few fields that can differ
    # are looked at in Python, and only when one of them is blank.
    full = DEFAULTS | values
    if len(full) != len(DEFAULTS):  # keys that are not staff fields: left out
        full = {name: full[name] for name in STAFF_FIELDS}
    if None in _NOT_NONE_VALUES(full):
        for name in _NOT_NONE:
            if full[name] is None:
                full[name] = DEFAULTS[name]
    return full


@cache
def _key() -> bytes:
    first = next(k for k in settings.SAFECOM_FIELD_KEYS if k.strip())
    return hashlib.sha256(b"safecom.workforce.fingerprint:" + first.strip().encode()).digest()


@cache
def _hmac() -> Any:
    """A keyed HMAC to copy for each message: the key is prepared once, not for every row."""
    return hmac.new(_key(), digestmod=hashlib.sha256)


def _digest(message: bytes) -> str:
    keyed = _hmac().copy()
    keyed.update(message)
    return keyed.hexdigest()  # type: ignore[no-any-return]


def fingerprint(full: dict[str, Any]) -> str:
    # str() of each value (dates as ISO, True/False, None), in a fixed field order.
    return _digest("\x1f".join(map(str, _IN_ORDER(full))).encode("utf-8"))


def training_fingerprint(training: list[tuple[str, Any, str]]) -> str:
    """(kind, completed on, level) rows of one import row, in any order."""
    if not training:
        return ""
    message = "\x1f".join(sorted([f"{k}|{d}|{lv}" for k, d, lv in training])).encode("utf-8")
    return _digest(message)


def derived(full: dict[str, Any]) -> dict[str, Any]:
    """The fields worked out from the others, with the rules that define them."""
    number = full["dbs_number"]
    return {
        "dbs_number_last4": number[-4:] if number else "",
        "dbs_current_from": rules.dorset_2_3_dbs_current_from(
            issue_date=full["dbs_issue_date"],
            update_service=full["dbs_update_service"],
            status_checked_on=full["dbs_status_checked_on"],
            status_result=full["dbs_status_result"],
        ),
        "fingerprint": fingerprint(full),
    }


def values_of(staff: StaffMember) -> dict[str, Any]:
    return {name: getattr(staff, name) for name in STAFF_FIELDS}


def apply(staff: StaffMember, full: dict[str, Any]) -> None:
    for name, value in {**full, **derived(full)}.items():
        setattr(staff, name, value)
