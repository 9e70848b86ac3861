"""The `safecom frameworks …` commands, run as a user would run them."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_list_json_shape() -> None:
    data = json.loads(_run("frameworks", "list", "--format", "json"))
    assert {d["id"] for d in data} == {"chscp", "bscp", "hips", "dorset", "nel"}
    for row in data:
        assert set(row) == {"id", "title", "publisher", "version", "requirements"}
        assert row["requirements"] >= 15


def test_show_json_has_every_requirement_quoted() -> None:
    data = json.loads(_run("frameworks", "show", "chscp", "--format", "json"))
    assert data["id"] == "chscp"
    refs = [r["ref"] for r in data["requirements"]]
    assert refs[:3] == ["1", "2.1", "2.2"] and len(refs) == 15
    for r in data["requirements"]:
        assert {"ref", "title", "kind", "source_text"} <= set(r)
        assert len(r["source_text"]) > 20


def test_show_unknown_framework_says_so() -> None:
    with pytest.raises(CommandError, match="No framework 'nope'"):
        _run("frameworks", "show", "nope")


def test_coverage_json_adds_up() -> None:
    data = json.loads(_run("frameworks", "coverage", "--format", "json"))
    for row in data:
        assert row["automatic"] + row["self_assessment"] + row["neither"] == row["requirements"]


def test_load_is_idempotent_from_the_command_line() -> None:
    data = json.loads(_run("frameworks", "load", "--format", "json"))
    assert {row["status"] for row in data} == {"unchanged"}


def test_load_broken_file_names_file_path_and_reason(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "hips.yaml"
    bad.write_text("id: hips\ntitle: x\n", encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was loaded"):
        call_command("frameworks", "load", str(bad), stdout=StringIO(), stderr=err)
    assert "hips.yaml: (top level): 'publisher' is a required property" in err.getvalue()


def test_orgs_and_contracts_list_json(world) -> None:  # type: ignore[no-untyped-def]
    orgs = json.loads(_run("orgs", "list", "--format", "json"))
    assert {"slug": "council-a", "name": world.commissioner_a.name, "kind": "commissioner"} in orgs
    contracts = json.loads(
        _run("contracts", "list", "--commissioner", "council-a", "--format", "json")
    )
    assert contracts == [
        {
            "id": world.contract_a.pk,
            "title": world.contract_a.title,
            "provider": "provider-a",
            "commissioner": "council-a",
            "stage": "planning",
        }
    ]
    with pytest.raises(CommandError, match="No commissioner 'nobody'"):
        _run("contracts", "list", "--commissioner", "nobody")
