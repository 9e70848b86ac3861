"""Measuring the checker on a labelled corpus: per-requirement precision and recall.

A corpus file names a framework and kind and holds passages, each with the refs it meets
(`met`) and partly meets (`partly_met`); every other requirement of that framework and kind
is labelled not met. Two figures per requirement:

- detection: the element is there at all (met or partly met) vs not met;
- met: the element is fully met vs anything less.

Precision is 1.0 when nothing was predicted positive, recall 1.0 when nothing was labelled
positive (nothing to find, nothing wrongly found).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from safecom.rules.documents.checker import Checker
from safecom.rules.documents.library import specs_from_files
from safecom.rules.documents.model import MET, NOT_MET, PARTLY_MET

CORPUS_DIR = Path(__file__).resolve().parents[1] / "tests" / "documents_corpus"
TODAY = dt.date(2026, 11, 21)  # fixed, so edition warnings in the corpus never drift


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, expected: bool, predicted: bool) -> None:
        if expected and predicted:
            self.tp += 1
        elif predicted:
            self.fp += 1
        elif expected:
            self.fn += 1
        else:
            self.tn += 1

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class RequirementScore:
    framework: str
    ref: str
    detection: Counts = field(default_factory=Counts)
    met: Counts = field(default_factory=Counts)
    exact: int = 0
    total: int = 0


@dataclass
class Mismatch:
    passage: str
    framework: str
    ref: str
    expected: str
    got: str
    explanation: str


def load_corpus(directory: Path = CORPUS_DIR) -> list[dict[str, Any]]:
    files = []
    for path in sorted(directory.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["file"] = path.name
        files.append(data)
    return files


def evaluate_corpus(
    corpus: list[dict[str, Any]] | None = None,
) -> tuple[dict[tuple[str, str], RequirementScore], list[Mismatch], int]:
    corpus = load_corpus() if corpus is None else corpus
    scores: dict[tuple[str, str], RequirementScore] = {}
    mismatches: list[Mismatch] = []
    passages = 0
    for block in corpus:
        framework, kind = block["framework"], block["kind"]
        specs = specs_from_files(framework, kind)
        checker = Checker(specs, framework=framework, kind=kind)
        refs = {s.ref for s in specs}
        for passage in block["passages"]:
            passages += 1
            labels = {ref: NOT_MET for ref in refs}
            for status in (MET, PARTLY_MET):
                for ref in passage.get(status, []) or []:
                    if ref not in refs:
                        raise ValueError(f"{passage['id']}: no {framework} {kind} {ref}")
                    labels[ref] = status
            result = checker.check(passage["text"], document=passage["id"], today=TODAY)
            for finding in result.findings:
                score = scores.setdefault(
                    (framework, finding.ref), RequirementScore(framework, finding.ref)
                )
                expected = labels[finding.ref]
                score.detection.add(expected != NOT_MET, finding.status != NOT_MET)
                score.met.add(expected == MET, finding.status == MET)
                score.total += 1
                score.exact += expected == finding.status
                if expected != finding.status:
                    mismatches.append(
                        Mismatch(
                            passage["id"],
                            framework,
                            finding.ref,
                            expected,
                            finding.status,
                            finding.explanation,
                        )
                    )
    return scores, mismatches, passages
