"""`safecom contracts list` and `safecom contracts gate`, run as a user would run them."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from safecom.contracts.tests.factories import ContractFactory

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_list_json_shape_and_commissioner_filter() -> None:
    mine, other = ContractFactory(), ContractFactory()
    rows = json.loads(_run("contracts", "list", "--format", "json"))
    assert {r["id"] for r in rows} == {mine.pk, other.pk}
    assert all(set(r) == {"id", "title", "provider", "commissioner", "stage"} for r in rows)
    only = json.loads(
        _run("contracts", "list", "--commissioner", mine.commissioner.slug, "--format", "json")
    )
    assert [r["id"] for r in only] == [mine.pk]


def test_gate_by_id_or_reference() -> None:
    contract = ContractFactory(reference="RBC-77")
    by_id = json.loads(_run("contracts", "gate", str(contract.pk), "--format", "json"))
    by_ref = json.loads(_run("contracts", "gate", "RBC-77", "--format", "json"))
    assert by_id == by_ref and by_id["contract"] == contract.pk
    assert by_id["passed"] is False  # nothing submitted, checked or named yet
    assert "gate NOT passed" in _run("contracts", "gate", "RBC-77")
    with pytest.raises(CommandError, match="No contract 'nope'"):
        _run("contracts", "gate", "nope")
