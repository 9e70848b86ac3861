"""The bundled standards library, read without a database."""

from __future__ import annotations

from pathlib import Path

import pytest

from safecom.standards.library import (
    DATA_DIR,
    LibraryError,
    normalise_quote,
    quote_found,
    read_framework,
    read_library,
    source_text,
)

EXPECTED_AT_LEAST = {"chscp": 15, "bscp": 15, "hips": 13, "dorset": 25, "nel": 35}


@pytest.fixture(scope="module")
def library():  # type: ignore[no-untyped-def]
    return read_library()


def test_all_five_frameworks_load_with_expected_sizes(library) -> None:  # type: ignore[no-untyped-def]
    sizes = {f.id: len(f.requirements) for f in library.frameworks}
    assert set(sizes) == set(EXPECTED_AT_LEAST)
    for framework_id, least in EXPECTED_AT_LEAST.items():
        assert sizes[framework_id] >= least, framework_id
    assert sizes["chscp"] == 15 and sizes["bscp"] == 15


def test_every_requirement_is_quoted_from_its_source(library) -> None:  # type: ignore[no-untyped-def]
    for framework in library.frameworks:
        source = source_text(framework.source_file)
        for req in framework.requirements:
            assert quote_found(req.source_text, source), f"{framework.id} {req.ref}"


def test_chscp_and_bscp_keep_the_source_numbering(library) -> None:  # type: ignore[no-untyped-def]
    for framework_id in ("chscp", "bscp"):
        framework = next(f for f in library.frameworks if f.id == framework_id)
        refs = [r.ref for r in framework.requirements]
        assert refs == ["1", *[f"2.{n}" for n in range(1, 11)], "3", "4", "5", "6"]
    chscp = next(f for f in library.frameworks if f.id == "chscp")
    assert "peer-on-peer abuse" in chscp.requirement("2.8").source_text  # type: ignore[union-attr]
    assert "LADO" in chscp.requirement("2.10").source_text  # type: ignore[union-attr]


def test_numbers_in_the_sources_are_named_parameters(library) -> None:  # type: ignore[no-untyped-def]
    params = {(f.id, r.ref): r.parameters for f in library.frameworks for r in f.requirements}
    assert params[("dorset", "2.3")]["dbs_recheck_years"] == 3
    assert params[("dorset", "3.5")]["training_refresh_years"] == 3
    assert params[("dorset", "3.5")]["dsl_training_refresh_years"] == 2
    assert params[("nel", "C11")]["training_coverage_min"] == 0.85
    found = [p for p in params.values() if p.get("lado_referral_working_days") == 1]
    assert found, "nel's one-working-day LADO referral is a parameter"


def test_every_self_assessment_requirement_asks_a_question(library) -> None:  # type: ignore[no-untyped-def]
    for framework in library.frameworks:
        for req in framework.requirements:
            if req.kind == "self_assessment":
                assert req.question, f"{framework.id} {req.ref}"


def test_mappings_if_present_name_real_requirements(library) -> None:  # type: ignore[no-untyped-def]
    if library.mapping_set is None:
        pytest.skip("no mapping file bundled")
    assert len(library.mapping_set.mappings) >= 20


def test_normalise_quote_folds_markup() -> None:
    assert normalise_quote("**CHSCP Self-Assessment**¹ and [London](#) – “x”") == (
        'chscp self-assessment and london - "x"'
    )


def test_quote_with_ellipsis_must_keep_order() -> None:
    source = normalise_quote("alpha beta gamma delta epsilon")
    assert quote_found("alpha beta gamma ... epsilon", source)
    assert not quote_found("gamma delta epsilon ... alpha", source)


@pytest.mark.parametrize(
    "quote",
    ["..........", "**********", "ovider must en", "Providers ... must"],
)
def test_empty_partial_word_and_too_short_quotes_are_refused(quote: str) -> None:
    source = normalise_quote("Providers must ensure their policy is reviewed.")
    assert not quote_found(quote, source)


def test_parts_far_apart_are_refused() -> None:
    source = normalise_quote("first three words " + "filler " * 5000 + "last words here")
    assert not quote_found("first three words ... last words here", source)


def test_markup_is_folded_but_angle_brackets_in_prose_stay() -> None:
    assert normalise_quote("aged < 18 and > 16") == "aged < 18 and > 16"
    assert normalise_quote("a<sup>1</sup> b <em>c</em>") == "a b c"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _chscp_text() -> str:
    return (DATA_DIR / "chscp.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("change", "path_part", "reason_part"),
    [
        (
            lambda t: t.replace("kind: self_assessment", "kind: wish", 1),
            "requirements[0].kind",
            "'wish' is not one of",
        ),
        (
            lambda t: t.replace("Self-Assessment processes", "Self-Audit processes", 1),
            "requirements[0].source_text",
            "not found in the source (chscp.txt)",
        ),
        (lambda t: t.replace('ref: "2.2"', 'ref: "2.1"', 1), "requirements[2].ref", "repeats"),
        (lambda t: t.replace("id: chscp", "id: CHSCP!", 1), "id", "does not match"),
        (lambda t: t + "\n  - [unclosed\n", "line", "not valid YAML"),
        (
            lambda t: t.replace("client_group: children", "client_group: everyone", 1),
            "client_group",
            "is not one of",
        ),
    ],
)
def test_broken_file_is_refused_with_file_path_and_reason(
    tmp_path, change, path_part, reason_part
) -> None:  # type: ignore[no-untyped-def]
    path = _write(tmp_path, "chscp.yaml", change(_chscp_text()))
    with pytest.raises(LibraryError) as caught:
        read_framework(path)
    problem = caught.value.problems[0]
    assert problem.file == "chscp.yaml"
    assert path_part in problem.path
    assert reason_part in problem.reason


def test_not_utf8_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "chscp.yaml"
    path.write_bytes(_chscp_text().encode("utf-8") + b"\xff\xfe")
    with pytest.raises(LibraryError, match="not UTF-8"):
        read_framework(path)


def test_mapping_to_unknown_requirement_refuses_the_whole_library(tmp_path) -> None:  # type: ignore[no-untyped-def]
    _write(tmp_path, "chscp.yaml", _chscp_text())
    _write(tmp_path, "bscp.yaml", (DATA_DIR / "bscp.yaml").read_text(encoding="utf-8"))
    _write(
        tmp_path,
        "mappings.yaml",
        "version: '1'\nmappings:\n  - from: chscp 2.5\n"
        "    to: bscp 9.9\n    relation: equal\n    rationale: Both ask for whistleblowing.\n",
    )
    with pytest.raises(LibraryError) as caught:
        read_library(sorted(tmp_path.glob("*.yaml")))
    assert "has no requirement '9.9'" in str(caught.value)
