"""Writing the "Document checker" section of docs/performance.md: the benchmark figures and
the labelled corpus's per-requirement precision and recall. Other sections are kept."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

HEADING = "## Document checker"


def corpus_table() -> tuple[list[str], int, int]:
    from safecom.rules.documents.evaluation import evaluate_corpus

    scores, mismatches, passages = evaluate_corpus()
    lines = [
        "| framework | ref | passages | detection precision | detection recall | "
        "met precision | met recall | exact status |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for (framework, ref), score in sorted(scores.items()):
        lines.append(
            f"| {framework} | {ref} | {score.total} | {score.detection.precision:.2f} | "
            f"{score.detection.recall:.2f} | {score.met.precision:.2f} | "
            f"{score.met.recall:.2f} | {score.exact / score.total:.2f} |"
        )
    return lines, passages, len(mismatches)


def section(results: dict[str, Any]) -> str:
    pdf, analysis = results["pdf"], results["analysis"]
    table, passages, mismatches = corpus_table()
    rows = []
    for label, by_framework in analysis["by_text"].items():
        for name, figures in by_framework.items():
            rows.append(
                f"| {label} ({analysis['text_megabytes'][label]} MB) | {name} | "
                f"{figures['mb_per_second_wall']} | {figures['mb_per_second_cpu']} |"
            )
    machine = results["machine"]
    return "\n".join(
        [
            HEADING,
            "",
            f"Measured {results['when']} with `bench/documents/run.py` on {machine['cpus']} "
            f"CPUs (Python {machine['python']}; 1-minute load average "
            f"{machine['load_average_1min']} at the end, so wall-clock times include waiting "
            "for a shared machine; CPU time is this process's own).",
            "",
            "### A 100-page PDF contract: extraction alone vs extraction and check",
            "",
            "| | wall seconds | CPU seconds |",
            "|---|---:|---:|",
            f"| text extraction alone ({pdf['pages']} pages, {pdf['text_characters']:,} "
            f"characters) | {pdf['extract_seconds_wall']} | {pdf['extract_seconds_cpu']} |",
            f"| extraction and check (CHSCP clauses) | {pdf['extract_and_check_seconds_wall']} | "
            f"{pdf['extract_and_check_seconds_cpu']} |",
            f"| ratio (target at most {pdf['target_ratio_at_most']}) | {pdf['ratio_wall']} | "
            f"{pdf['ratio_cpu']} |",
            "",
            "### The analysis alone (target at least 2 MB of text per second)",
            "",
            "Contracts: the benchmark's 100-page contract repeated (boilerplate with a "
            "safeguarding schedule, as real contracts are). Dense corpus: the labelled corpus "
            "repeated, every sentence about safeguarding: the worst case.",
            "",
            "| text | requirements | MB/s wall | MB/s CPU |",
            "|---|---|---:|---:|",
            *rows,
            "",
            "### Accuracy on the labelled corpus",
            "",
            f"{passages} passages under `safecom/rules/tests/documents_corpus/` (whole clauses, "
            "terse schedules, partial, negated and look-alike text, old editions, policies), "
            "each labelled for every clause or policy requirement of its framework. "
            "`safecom/rules/tests/test_documents.py` asserts precision and recall of at least "
            "0.9 for every requirement, both for detection (met or partly met, against not "
            "met) and for met (against anything less). Passages whose status differs from "
            f"the label: {mismatches}.",
            "",
            *table,
            "",
        ]
    )


def write_section(path: Path, results: dict[str, Any]) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n\n"
    new = section(results)
    pattern = re.compile(rf"^{re.escape(HEADING)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _: new + "\n", text)
    else:
        text = text.rstrip("\n") + "\n\n" + new + "\n"
    path.write_text(text, encoding="utf-8")
