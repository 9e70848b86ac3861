"""Loading the library into the database: idempotent, versioned, all or nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from safecom.contracts.tests.factories import ContractFactory
from safecom.standards.library import DATA_DIR, LibraryError
from safecom.standards.models import FrameworkVersion, Requirement
from safecom.standards.selectors import framework_coverage
from safecom.standards.services import frameworks_load

pytestmark = pytest.mark.django_db


def test_loading_again_changes_nothing() -> None:
    before = (FrameworkVersion.objects.count(), Requirement.objects.count())
    outcomes = frameworks_load()
    assert {o.status for o in outcomes} == {"unchanged"}
    assert (FrameworkVersion.objects.count(), Requirement.objects.count()) == before


def _edition(tmp_path: Path, version: str, extra: str = "") -> Path:
    text = (DATA_DIR / "chscp.yaml").read_text(encoding="utf-8")
    text = re.sub(r'(?m)^version: "[^"]+"', f'version: "{version}"', text, count=1) + extra
    path = tmp_path / "chscp.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_new_version_becomes_current_and_keeps_the_old_with_what_refers_to_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    old = FrameworkVersion.objects.get(framework__slug="chscp", is_current=True)
    contract = ContractFactory()
    contract.frameworks.add(old)
    outcomes = frameworks_load(paths=[_edition(tmp_path, "2027.1")])
    assert [o.status for o in outcomes] == ["created"]
    new = FrameworkVersion.objects.get(framework__slug="chscp", is_current=True)
    assert new.version == "2027.1"
    old.refresh_from_db()
    assert not old.is_current and old.requirements.count() == 15
    assert list(contract.frameworks.all()) == [old]


def test_same_version_with_different_content_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bundled = FrameworkVersion.objects.get(framework__slug="chscp", is_current=True).version
    path = _edition(tmp_path, bundled)
    path.write_text(
        path.read_text(encoding="utf-8").replace("title: Safe", "title:  Safe", 1), encoding="utf-8"
    )
    with pytest.raises(LibraryError, match="already loaded with different content"):
        frameworks_load(paths=[path])


def test_one_broken_file_loads_nothing(tmp_path) -> None:  # type: ignore[no-untyped-def]
    good = _edition(tmp_path, "2028.1")
    bad = tmp_path / "bscp.yaml"
    bad.write_text(
        (DATA_DIR / "bscp.yaml")
        .read_text(encoding="utf-8")
        .replace("kind: contract_clause", "kind: nonsense", 1),
        encoding="utf-8",
    )
    count = FrameworkVersion.objects.count()
    with pytest.raises(LibraryError) as caught:
        frameworks_load(paths=[good, bad])
    assert caught.value.problems[0].file == "bscp.yaml"
    assert FrameworkVersion.objects.count() == count


def test_coverage_counts_registered_rules_as_automatic(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import safecom.standards.selectors as selectors

    monkeypatch.setattr(selectors, "automatic_refs", lambda: {("dorset", "2.3"): ["rule"]})
    dorset = next(r for r in framework_coverage() if r["id"] == "dorset")
    assert dorset["automatic"] == 1
    assert (
        dorset["automatic"] + dorset["self_assessment"] + dorset["neither"]
        == dorset["requirements"]
    )


def test_an_older_edition_loaded_late_does_not_become_current(tmp_path) -> None:  # type: ignore[no-untyped-def]
    frameworks_load(paths=[_edition(tmp_path, "2030.1")])
    older = _edition(tmp_path, "2020.1", extra="")
    older.write_text(
        older.read_text(encoding="utf-8").replace("title: Safe", "title: Archived Safe", 1),
        encoding="utf-8",
    )
    frameworks_load(paths=[older])
    current = FrameworkVersion.objects.get(framework__slug="chscp", is_current=True)
    assert current.version == "2030.1"
    assert not current.framework.title.startswith("Archived")
    assert FrameworkVersion.objects.filter(framework__slug="chscp", version="2020.1").exists()


def test_a_new_edition_that_drops_a_mapped_requirement_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from safecom.standards.models import RequirementMapping

    assert RequirementMapping.objects.filter(from_framework="chscp", from_ref="2.5").exists()
    bundled = FrameworkVersion.objects.get(framework__slug="chscp", is_current=True).version
    path = _edition(tmp_path, "2031.1")
    path.write_text(
        path.read_text(encoding="utf-8").replace('ref: "2.5"', 'ref: "2.5a"', 1), encoding="utf-8"
    )
    with pytest.raises(LibraryError, match=r"has no requirement '2\.5'"):
        frameworks_load(paths=[path])
    assert FrameworkVersion.objects.get(framework__slug="chscp", is_current=True).version == bundled
