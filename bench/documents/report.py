"""Writing the "Document checker" section of docs/performance.md: the benchmark figures, how
they were reached, and the labelled corpus's per-requirement precision and recall. Other
sections are kept."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

HEADING = "## Document checker"

HOW = """\
How the figures were reached (decision 39): the checker was profiled on the 100-page
benchmark contract with pyinstrument and cProfile, and every change was held to the same
output, status, evidence, explanation and warning for every framework on the labelled
corpus, the benchmark texts and 400 generated texts (and 100,000 generated texts for the
sentence splitter), before and after.

- Finding the cue words: the anchor-word regex tested two lookbehinds at every character;
  it now tries the word trie only after a space (a literal the regex engine skips to) or
  another character that cannot be in a word.
- Sentences: a full stop after an abbreviation ("e.g.", "No.") is left out by lookbehinds in
  the sentence-end regex, so Python looks again only near a sentence's start; blocks with
  no sentence end inside, and lines that end in a full stop, skip the per-line work.
- Each hit's sentence is worked out once per anchor word, for every phrase it anchors;
  masks remember which sentences they touch, so hits elsewhere are not read character by
  character; words the interval checks look for are found once per document.
- Phrases of several words: where a word anchors several, one regex of everything that may
  follow it settles the usual case (nothing does) in one call.
- Every regex of a framework version is compiled when its checker is made (kept per
  version and kind for the life of the process), not on a document's first use; each way
  of citing an Act is worked out once.
"""


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


def _audit_lines(audit: dict[str, Any] | None) -> list[str]:
    if not audit:
        return ["Not measured in this run (`--no-audit`).", ""]
    lines = [
        "| portfolio | MB of text | wall seconds | ms a contract | CPU s, workers | "
        "CPU s, this process | CPU s per wall s |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for run in (audit.get("baseline"), audit["main"]):
        if run:
            lines.append(
                f"| {run['contracts']} contracts | {run['text_megabytes']} | "
                f"{run['wall_seconds']} | {run['seconds_per_contract'] * 1000:.1f} | "
                f"{run['cpu_seconds_workers']} | {run['cpu_seconds_this_process']} | "
                f"{run['cpu_seconds_per_wall_second']} |"
            )
    main, base = audit["main"], audit.get("baseline")
    if base:
        growth = main["wall_seconds"] / base["wall_seconds"]
        lines += [
            "",
            f"{main['contracts']} contracts took {growth:.1f} times as long as "
            f"{base['contracts']} (linear would be {main['contracts'] / base['contracts']:g}; "
            "the worker processes' start is paid once per audit).",
        ]
    lines += [
        "",
        f"{main['workers']} worker processes; the share of contracts with every element met "
        f"was {main['share_all_met']:.0%}.",
        "",
    ]
    return lines


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
            HOW,
            f"Measured {results['when']} with `bench/documents/run.py --scale "
            f"{results.get('scale', 'large')}` on {machine['cpus']} CPUs (Python "
            f"{machine['python']}; 1-minute load average {machine['load_average_1min']} at the "
            "end, so wall-clock times include waiting for a shared machine; CPU time is the "
            "process's own).",
            "",
            f"### A {pdf['pages']}-page PDF contract: extraction alone vs extraction and check",
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
            "Contracts: 100-page contracts, each with its own clauses and safeguarding "
            "schedule, as real contracts are. Dense corpus: the labelled corpus repeated, "
            "every sentence about safeguarding: the worst case.",
            "",
            "| text | requirements | MB/s wall | MB/s CPU |",
            "|---|---|---:|---:|",
            *rows,
            "",
            "### The portfolio document audit",
            "",
            "Every contract of one commissioner, each with a 20-page clause document, re-checked "
            "by `documents.jobs.portfolio_audit_run` as the background job runs it (worker "
            "processes from 40 documents). CPU time is this process's and its workers'.",
            "",
            *_audit_lines(results.get("audit")),
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
