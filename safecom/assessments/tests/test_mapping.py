"""One answer, many partnerships: `equal` mappings chain, partial cover is only ever direct."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from safecom.assessments import mapping
from safecom.assessments.models import Answer, Assessment
from safecom.assessments.tests.factories import StatementFactory, answer, open_round, submit
from safecom.standards.models import MappingSet, RequirementMapping


def _graph(*rows: tuple[str, str, str]) -> mapping.Graph:
    out = []
    for a, relation, b in rows:
        (fa, ra), (fb, rb) = a.split(), b.split()
        out.append((fa, ra, fb, rb, relation, f"{a} {relation} {b}"))
    return mapping.Graph(out)


def _by_key(covers: list[mapping.Cover]) -> dict[str, tuple[str, tuple[str, ...]]]:
    return {c.key: (c.extent, c.via) for c in covers}


def test_equal_mappings_chain_and_say_what_they_pass_through() -> None:
    graph = _graph(("chscp 9", "equal", "bscp 9"), ("bscp 9", "equal", "dorset 9"))
    found = _by_key(mapping.covers(framework="chscp", ref="9", graph=graph))
    assert found == {"bscp 9": ("full", ()), "dorset 9": ("full", ("bscp 9",))}
    # The same both ways.
    back = _by_key(mapping.covered_by(framework="dorset", ref="9", graph=graph))
    assert back == {"bscp 9": ("full", ()), "chscp 9": ("full", ("bscp 9",))}


def test_a_cycle_of_equal_mappings_is_walked_once() -> None:
    graph = _graph(
        ("chscp 9", "equal", "bscp 9"),
        ("bscp 9", "equal", "hips 9"),
        ("hips 9", "equal", "chscp 9"),
        ("hips 9", "equal", "nel 9"),
    )
    found = mapping.covers(framework="chscp", ref="9", graph=graph)
    assert sorted(c.key for c in found) == ["bscp 9", "hips 9", "nel 9"]
    assert _by_key(found)["nel 9"] == ("full", ("hips 9",))
    assert "chscp 9" not in {c.key for c in found}


def test_partial_cover_is_only_for_a_direct_subset_or_intersect() -> None:
    graph = _graph(
        ("chscp 9", "equal", "bscp 9"),
        ("bscp 9", "intersect", "nel 9"),  # not chained: chscp 9 says nothing of nel 9
        ("bscp 9", "subset", "dorset 9"),  # nor of dorset 9
        ("chscp 9", "intersect", "hips 9"),
        ("chscp 9", "subset", "nel 8"),  # chscp 9 is narrower: partly covers nel 8
        ("dorset 7", "subset", "chscp 9"),  # chscp 9 is wider: covers dorset 7 fully
    )
    found = _by_key(mapping.covers(framework="chscp", ref="9", graph=graph))
    assert found == {
        "bscp 9": ("full", ()),
        "dorset 7": ("full", ()),
        "hips 9": ("partial", ()),
        "nel 8": ("partial", ()),
    }
    # The reverse view: an answer to nel 8 (wider) covers chscp 9 fully; dorset 7 only partly.
    back = _by_key(mapping.covered_by(framework="chscp", ref="9", graph=graph))
    assert back["nel 8"] == ("full", ()) and back["dorset 7"] == ("partial", ())


def test_a_direct_mapping_outranks_a_chain_between_the_same_two() -> None:
    graph = _graph(
        ("chscp 9", "equal", "bscp 9"),
        ("bscp 9", "equal", "dorset 9"),
        ("chscp 9", "intersect", "dorset 9"),
    )
    found = _by_key(mapping.covers(framework="chscp", ref="9", graph=graph))
    assert found["dorset 9"] == ("partial", ())


@pytest.fixture
def chain() -> None:
    """bscp 4 (equal to chscp 4 in the bundled mappings) made equal to dorset 2.4 too."""
    current = MappingSet.objects.get(is_current=True)
    RequirementMapping.objects.create(
        mapping_set=current,
        from_framework="bscp",
        from_ref="4",
        to_framework="dorset",
        to_ref="2.4",
        relation="equal",
        rationale="For this test: the same record of checks.",
    )


def _get(assessment: Assessment, key: str) -> Answer:
    framework, ref = key.split()
    return assessment.answers.get(
        requirement__framework_version__framework__slug=framework, requirement__ref=ref
    )


@pytest.mark.django_db
def test_one_answer_reaches_the_end_of_an_equal_chain_visibly(world: Any, chain: None) -> None:
    assessment = open_round(
        owner=world.commissioner_a,
        providers=[world.provider_a],
        frameworks=("chscp", "bscp", "dorset"),
        kinds=("workforce_rule",),
    ).assessments.get()
    given = answer(_get(assessment, "chscp 4"), "met", "Every DBS number and date recorded.")
    far = _get(assessment, "dorset 2.4")
    assert (far.rating, far.origin, far.source_id) == ("met", Answer.Origin.MAPPED, given.pk)
    # chscp 4 only overlaps dorset 2.3 (a direct intersect): nothing copied there.
    assert _get(assessment, "dorset 2.3").rating == ""

    lead = Client()
    lead.force_login(world.users["provider_lead"])
    page = lead.get(f"/assessments/answers/{given.pk}/").content.decode()
    assert "Also satisfies dorset 2.4" in page and "through bscp 4" in page
    assert "Partly covers dorset 2.3" in page
    mirrored = lead.get(f"/assessments/answers/{far.pk}/").content.decode()
    assert "given under <strong>chscp 4</strong>" in mirrored
    assert "mapped through bscp 4" in mirrored


@pytest.mark.django_db
def test_a_commissioner_reads_an_answer_given_two_mappings_away(world: Any, chain: None) -> None:
    assessment = open_round(
        owner=world.commissioner_a,
        providers=[world.provider_a],
        frameworks=("chscp",),
        kinds=("workforce_rule",),
    ).assessments.get()
    for a in assessment.answers.all():
        answer(a, "met")
    StatementFactory(provider=world.provider_a)
    submit(assessment)
    qa = Client()
    qa.force_login(world.users["qa_officer"])
    rows = qa.get(
        f"/api/assessments/providers/{world.provider_a.slug}/answers?framework=dorset&limit=500"
    ).json()["items"]
    found = {r["requirement"]: r for r in rows}
    assert found["dorset 2.4"]["given_under"] in {"chscp 4"}
    assert found["dorset 2.4"]["through"] == "bscp 4" and found["dorset 2.4"]["cover"] == "full"
    page = qa.get(f"/assessments/providers/{world.provider_a.slug}/?framework=dorset").content
    assert b"(through bscp 4)" in page
