"""Reading and validating the standards library (framework YAML files).

Plain Python, no Django: the loader service turns what this returns into rows, and the
same checks run in tests and in `safecom frameworks validate`. A file is refused whole
with its name, the path inside it and the reason.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"
SCHEMA_DIR = PACKAGE_DIR / "schema"
SOURCES_DIR = PACKAGE_DIR / "sources"
MAPPINGS_FILE = "mappings.yaml"

RELATIONS = ("equal", "subset", "intersect")
KINDS = (
    "contract_clause",
    "provider_policy",
    "self_assessment",
    "workforce_rule",
    "assurance_activity",
    "commissioner_duty",
)
CLIENT_GROUPS = ("children", "adults", "both")


@dataclass(frozen=True)
class LibraryProblem:
    """One thing wrong with one file: where, and why."""

    file: str
    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.path}: {self.reason}"


class LibraryError(Exception):
    """Raised with every problem found; nothing may be loaded when this is raised."""

    def __init__(self, problems: list[LibraryProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class RequirementData:
    ref: str
    title: str
    kind: str
    client_group: str
    source_text: str
    evidence_expected: tuple[str, ...]
    parameters: dict[str, Any]
    section: str = ""
    question: str = ""
    applies_to: str = ""
    model_wording: str = ""
    cues: dict[str, Any] = field(default_factory=dict)
    order: int = 0


@dataclass(frozen=True)
class FrameworkData:
    id: str
    title: str
    short_name: str
    publisher: str
    version: str
    client_group: str
    source_file: str
    source_title: str
    published: str
    summary: str
    parameters: dict[str, Any]
    sections: tuple[tuple[str, str], ...]
    requirements: tuple[RequirementData, ...]
    checksum: str
    file: str

    def requirement(self, ref: str) -> RequirementData | None:
        return next((r for r in self.requirements if r.ref == ref), None)


@dataclass(frozen=True)
class MappingData:
    from_framework: str
    from_ref: str
    to_framework: str
    to_ref: str
    relation: str
    rationale: str


@dataclass(frozen=True)
class MappingSetData:
    version: str
    mappings: tuple[MappingData, ...]
    checksum: str
    file: str


@dataclass(frozen=True)
class Library:
    frameworks: tuple[FrameworkData, ...]
    mapping_set: MappingSetData | None


@cache
def _validator(schema_name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMA_DIR / schema_name).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _json_path(parts: Iterable[Any]) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _read_yaml(path: Path) -> tuple[Any, str, list[LibraryProblem]]:
    name = path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, "", [LibraryProblem(name, "(file)", f"cannot be read: {exc.strerror}")]
    checksum = hashlib.sha256(raw).hexdigest()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return (
            None,
            checksum,
            [LibraryProblem(name, "(file)", f"is not UTF-8 text (byte {exc.start})")],
        )
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "(file)"
        problem = getattr(exc, "problem", None) or str(exc)
        return None, checksum, [LibraryProblem(name, where, f"is not valid YAML: {problem}")]
    if not isinstance(document, dict):
        return None, checksum, [LibraryProblem(name, "(top level)", "must be a mapping of keys")]
    return document, checksum, []


def _schema_problems(name: str, document: Any, schema_name: str) -> list[LibraryProblem]:
    errors = sorted(_validator(schema_name).iter_errors(document), key=lambda e: list(e.path))
    return [LibraryProblem(name, _json_path(e.absolute_path), e.message) for e in errors]


# --- quoting: every requirement's source_text must be found in its source -----------

_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"<sup>[^<]*</sup>|</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_TRANSLATE = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2022": " ",
        "\u00b7": " ",
        "\u00a0": " ",
        "\u00b9": None,
        "\u00b2": None,
        "\u00b3": None,
        "*": None,
        "\\": None,
    }
)
_BULLET = re.compile(r"(^|\n)\s*[-\u2022\u00b7]\s+")
_SPACE = re.compile(r"\s+")
ELLIPSIS = re.compile(r"\s*(?:\.\.\.|\u2026)\s*")


def version_key(version: str) -> tuple[tuple[int, str], ...]:
    """Order editions naturally: 2023.1 < 2023.2 < 2023.10 < 2024.1."""
    parts = re.findall(r"\d+|[A-Za-z]+", version)
    return tuple((int(p), "") if p.isdigit() else (-1, p) for p in parts)


def normalise_quote(text: str) -> str:
    """Fold the markup and typography differences between a quote and its source."""
    text = _LINK.sub(r"\1", text)
    text = _TAG.sub(" ", text)
    text = _BULLET.sub(r"\1 ", text)
    text = text.translate(_TRANSLATE)
    return _SPACE.sub(" ", text).strip().casefold()


@cache
def source_text(file_name: str) -> str:
    return normalise_quote((SOURCES_DIR / file_name).read_text(encoding="utf-8"))


MIN_QUOTE_WORDS = 3
MAX_GAP_CHARS = 20000  # a few pages: a table line and its guidance section later on


def quote_problem(quote: str, source: str) -> str | None:
    """Why a quote is not a faithful quote of the source; None when it is.

    The parts (split by an ellipsis) must each be found whole-word in the source, in order,
    each no more than a few pages after the one before; the first part is at least three
    words, so a quote cannot be a stray word or nothing at all.
    """
    parts = [normalise_quote(p) for p in ELLIPSIS.split(quote)]
    parts = [p for p in parts if p]
    if not parts or len(parts[0].split()) < MIN_QUOTE_WORDS:
        return f"the quote must start with at least {MIN_QUOTE_WORDS} quoted words"
    if _match_from(source, parts, 0, 0, None):
        return None
    if _find_whole_words(source, parts[0], 0) < 0:
        return "the quote is not found in the source"
    return "the quote's parts are not found in this order, close together, in the source"


def _match_from(
    source: str, parts: list[str], index: int, start: int, prev_end: int | None
) -> bool:
    found = _find_whole_words(source, parts[index], start)
    while found >= 0:
        if prev_end is not None and found - prev_end > MAX_GAP_CHARS:
            return False
        end = found + len(parts[index])
        if index == len(parts) - 1 or _match_from(source, parts, index + 1, end, end):
            return True
        found = _find_whole_words(source, parts[index], found + 1)
    return False


def _find_whole_words(source: str, part: str, start: int) -> int:
    found = source.find(part, start)
    while found >= 0:
        before = source[found - 1] if found else " "
        after = source[found + len(part)] if found + len(part) < len(source) else " "
        if not (before.isalnum() and part[0].isalnum()) and not (
            after.isalnum() and part[-1].isalnum()
        ):
            return found
        found = source.find(part, found + 1)
    return -1


def quote_found(quote: str, source: str) -> bool:
    return quote_problem(quote, source) is None


# --- frameworks -----------------------------------------------------------------------


def _semantic_problems(name: str, doc: dict[str, Any]) -> list[LibraryProblem]:
    problems: list[LibraryProblem] = []
    expected_name = f"{doc['id']}.yaml"
    if name.endswith(".yaml") and name != expected_name:
        problems.append(
            LibraryProblem(name, "id", f"is '{doc['id']}' but the file is named {name}")
        )
    source_file = doc["source"]["file"]
    source = None
    if not (SOURCES_DIR / source_file).is_file():
        problems.append(LibraryProblem(name, "source.file", f"no source text named {source_file}"))
    else:
        try:
            source = source_text(source_file)
        except UnicodeDecodeError:
            problems.append(LibraryProblem(name, "source.file", f"{source_file} is not UTF-8 text"))
    sections = {s["ref"] for s in doc.get("sections", [])}
    seen: dict[str, int] = {}
    for index, req in enumerate(doc["requirements"]):
        where = f"requirements[{index}]"
        ref = req["ref"]
        if ref in seen:
            problems.append(
                LibraryProblem(name, f"{where}.ref", f"'{ref}' repeats requirements[{seen[ref]}]")
            )
        seen.setdefault(ref, index)
        section = req.get("section")
        if section and section not in sections:
            problems.append(
                LibraryProblem(name, f"{where}.section", f"'{section}' is not one of the sections")
            )
        why = quote_problem(req["source_text"], source) if source is not None else None
        if why:
            problems.append(
                LibraryProblem(
                    name, f"{where}.source_text", f"requirement {ref}: {why} ({source_file})"
                )
            )
    return problems


def _framework_from(doc: dict[str, Any], checksum: str, name: str) -> FrameworkData:
    requirements = tuple(
        RequirementData(
            ref=r["ref"],
            title=r["title"].strip(),
            kind=r["kind"],
            client_group=r["client_group"],
            source_text=_SPACE.sub(" ", r["source_text"]).strip(),
            evidence_expected=tuple(r["evidence_expected"]),
            parameters=dict(r.get("parameters") or {}),
            section=r.get("section", ""),
            question=r.get("question", "").strip(),
            applies_to=r.get("applies_to", "").strip(),
            model_wording=r.get("model_wording", "").strip(),
            cues=dict(r.get("cues") or {}),
            order=i,
        )
        for i, r in enumerate(doc["requirements"])
    )
    return FrameworkData(
        id=doc["id"],
        title=doc["title"].strip(),
        short_name=doc.get("short_name", doc["id"].upper()),
        publisher=doc["publisher"].strip(),
        version=str(doc["version"]),
        client_group=doc["client_group"],
        source_file=doc["source"]["file"],
        source_title=doc["source"].get("title", ""),
        published=str(doc.get("published", "")),
        summary=doc.get("summary", "").strip(),
        parameters=dict(doc.get("parameters") or {}),
        sections=tuple((s["ref"], s["title"]) for s in doc.get("sections", [])),
        requirements=requirements,
        checksum=checksum,
        file=name,
    )


def read_framework(path: Path) -> FrameworkData:
    """Read one framework file; raise LibraryError naming every problem."""
    document, checksum, problems = _read_yaml(path)
    if not problems:
        problems = _schema_problems(path.name, document, "framework.schema.json")
    if not problems:
        problems = _semantic_problems(path.name, document)
    if problems:
        raise LibraryError(problems)
    return _framework_from(document, checksum, path.name)


# --- mappings -------------------------------------------------------------------------


def read_mappings(path: Path, frameworks: dict[str, FrameworkData]) -> MappingSetData:
    """Read the mapping file; every end must name a requirement of a framework read with it."""
    document, checksum, problems = _read_yaml(path)
    if not problems:
        problems = _schema_problems(path.name, document, "mappings.schema.json")
    if problems:
        raise LibraryError(problems)
    mappings: list[MappingData] = []
    seen: set[tuple[str, str]] = set()
    for index, item in enumerate(document["mappings"]):
        ends = []
        for end in ("from", "to"):
            framework_id, ref = item[end].split(" ", 1)
            framework = frameworks.get(framework_id)
            if framework is None:
                problems.append(
                    LibraryProblem(
                        path.name, f"mappings[{index}].{end}", f"no framework '{framework_id}'"
                    )
                )
            elif framework.requirement(ref) is None:
                problems.append(
                    LibraryProblem(
                        path.name,
                        f"mappings[{index}].{end}",
                        f"framework '{framework_id}' has no requirement '{ref}'",
                    )
                )
            ends.append((framework_id, ref))
        if ends[0][0] == ends[1][0]:
            problems.append(
                LibraryProblem(path.name, f"mappings[{index}]", "maps a framework to itself")
            )
        key = (item["from"], item["to"])
        if key in seen:
            problems.append(LibraryProblem(path.name, f"mappings[{index}]", "repeats a mapping"))
        seen.add(key)
        mappings.append(
            MappingData(
                ends[0][0],
                ends[0][1],
                ends[1][0],
                ends[1][1],
                item["relation"],
                item["rationale"].strip(),
            )
        )
    if problems:
        raise LibraryError(problems)
    return MappingSetData(str(document["version"]), tuple(mappings), checksum, path.name)


def read_library(paths: Iterable[Path] | None = None) -> Library:
    """Read frameworks and the mapping file together; all of them or none."""
    files = sorted(paths) if paths is not None else sorted(DATA_DIR.glob("*.yaml"))
    problems: list[LibraryProblem] = []
    frameworks: dict[str, FrameworkData] = {}
    mapping_path: Path | None = None
    for path in files:
        if path.name == MAPPINGS_FILE:
            mapping_path = path
            continue
        try:
            framework = read_framework(path)
        except LibraryError as exc:
            problems.extend(exc.problems)
            continue
        if framework.id in frameworks:
            problems.append(LibraryProblem(path.name, "id", f"'{framework.id}' is in two files"))
        frameworks[framework.id] = framework
    mapping_set = None
    if mapping_path is not None and not problems:
        try:
            mapping_set = read_mappings(mapping_path, frameworks)
        except LibraryError as exc:
            problems.extend(exc.problems)
    if not files:
        problems.append(LibraryProblem("(none)", "(files)", "no framework files were given"))
    if problems:
        raise LibraryError(problems)
    return Library(tuple(frameworks.values()), mapping_set)
