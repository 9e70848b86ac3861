"""Writing the "Document checker" section of docs/performance.md: the benchmark figures, how
they were reached, and the labelled corpus's per-requirement precision and recall. Other
sections are kept."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

HEADING = "## Document checker"

HOW = """\
The check was profiled on the 100-page benchmark contract (pyinstrument, cProfile) and
changed where the time went, holding every status, quote, offset, explanation and warning
the same on the labelled corpus, the benchmark texts and generated texts (decision 39): the
anchor-word regex now runs only after separators instead of testing lookbehinds at every
character; abbreviations and opening list numbers are left out of sentence ends by the
regex; each hit's sentence is found once per anchor word; one regex of all the phrases a
word anchors settles the usual miss; anchors are the slots whose words are rarest in all;
every regex is compiled when a framework version's checker is made. Then (decision 73)
each requirement decides on sets of sentences rather than sorting every hit into
sentences, and gathers a sentence's hits only when it is quoted; the masks read only the
hits of the sentences they mark; the audit's chunks shrink towards the end so both workers
finish together. Figures are judged on CPU time: the machine's two cores are shared, so
wall-clock time includes waiting for one.

Before these changes (2026-11-21, the previous version of this benchmark, whose contracts
were one contract repeated): the 100-page PDF took 1.55 times its extraction in CPU time,
the contracts were analysed at 3.2 to 4.0 MB/s and the dense corpus at 1.5 to 3.4 MB/s of
CPU time, and the audit read 25 documents a chunk whatever the portfolio's size. Before
decision 73 (2026-11-22, quiet machine): the dense corpus at 2.2 to 2.9 MB/s, contracts at
6.8 to 7.6 MB/s, and both workers checking at once 87 to 92% of the audit of 500 contracts.
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
        "| portfolio | MB of text | wall seconds | ms a contract | starting the workers, s | "
        "both workers checking | CPU s by worker | CPU s, this process | CPU s per wall s |",
        "|---|---:|---:|---:|---:|---:|---|---:|---:|",
    ]
    for run in (audit.get("baseline"), audit["main"]):
        if run:
            lines.append(
                f"| {run['contracts']} contracts | {run['text_megabytes']} | "
                f"{run['wall_seconds']} | {run['seconds_per_contract'] * 1000:.1f} | "
                f"{run['worker_start_seconds']} | "
                f"{run['share_of_time_two_workers_checking']:.0%} | "
                f"{', '.join(map(str, run['checking_cpu_seconds_by_worker']))} | "
                f"{run['cpu_seconds_this_process']} | {run['cpu_seconds_per_wall_second']} |"
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
        f'{main["workers"]} worker processes; "both workers checking" is the share of the '
        "time from the first chunk begun to the last done when two chunks were being "
        "checked at once. CPU seconds per wall second show what the machine gave the audit "
        f"(load average {main['load_average_1min']} at the end; two only when nothing else "
        f"runs). The share of contracts with every element met was {main['share_all_met']:.0%}.",
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
