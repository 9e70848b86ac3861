"""Document checker benchmark: a 100-page PDF contract, and the analysis on 2 MB of text.

    .venv/bin/python bench/documents/run.py [--pages 100] [--repeat 5] [--megabytes 2.5]

In one run, side by side:
1. it builds a 100-page contract PDF (our own small PDF writer, Helvetica text pages: a
   commissioning contract with a safeguarding schedule and a data-protection schedule);
2. it times extracting that PDF's text alone, and extracting it and checking it against the
   CHSCP clause requirements (the upload path without the database write), each the median
   of --repeat runs, interleaved so both see the same machine state;
3. it times the analysis alone (cutting the text up, finding every cue, deciding each
   requirement, edition warnings) on a text of at least 2 MB, for every framework and kind,
   and reports MB per second.

It needs no database. It prints the figures and writes them to bench/results-documents.json;
`--docs` also rewrites the "Document checker" section of docs/performance.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results-documents.json"
PERFORMANCE = ROOT / "docs" / "performance.md"
TODAY = dt.date(2026, 11, 21)

BOILERPLATE = [
    "The Provider shall deliver the Services in accordance with the Specification, Good "
    "Industry Practice and the Law, and shall co-operate with the Commissioner in all matters "
    "relating to the Services.",
    "The Commissioner shall pay each valid invoice within 30 days of receipt. The Provider "
    "shall maintain complete and accurate records of all amounts invoiced.",
    "Either Party may terminate this Contract by giving not less than six months' written "
    "notice. Termination shall not affect accrued rights or remedies.",
    "The Provider shall maintain employer's liability insurance of at least ten million pounds "
    "and public liability insurance of at least five million pounds.",
    "The Provider shall comply with the Equality Act 2010 and shall not discriminate in the "
    "provision of the Services.",
    "Neither Party shall be liable for any failure or delay caused by a Force Majeure Event, "
    "provided it notifies the other Party promptly.",
    "The Provider shall provide monthly activity reports in the form set out in Schedule 4, "
    "including referrals received, waiting times and outcomes achieved.",
    "The Provider shall safeguard personal data in accordance with the Data Protection Act "
    "2018, with appropriate technical and organisational safeguards.",
]


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safecom.config.settings.test")
    import django

    django.setup()


def contract_pages(pages: int) -> list[str]:
    """A realistic contract: boilerplate clauses, with the safeguarding schedule at 60%."""
    from safecom.rules.documents.library import specs_from_files

    rng = random.Random(2026)  # noqa: S311 - a benchmark text, not a secret
    schedule = "SCHEDULE 7 - SAFEGUARDING CHILDREN\n" + "\n".join(
        f"7.{n + 1} {spec.model_wording}"
        for n, spec in enumerate(specs_from_files("chscp", "contract_clause"))
    )
    out = []
    clause = 1
    for page in range(pages):
        if page == int(pages * 0.6):
            out.append(schedule)
            continue
        lines = [f"PART {page // 10 + 1} - GENERAL CONDITIONS (page {page + 1})"]
        while sum(len(x) for x in lines) < 3000:
            lines.append(f"{clause}. {rng.choice(BOILERPLATE)}")
            clause += 1
        out.append("\n".join(lines))
    return out


def contract_text(megabytes: float) -> str:
    """At least this many MB of realistic contract text: the 100-page contract, repeated."""
    one = "\n\n".join(contract_pages(100))
    copies = int(megabytes * 1024 * 1024 / len(one.encode())) + 1
    return "\n\n".join([one] * copies)


def big_text(megabytes: float) -> str:
    """At least this many MB of dense text: the labelled corpus (every sentence about
    safeguarding, the worst case for the checker), repeated."""
    from safecom.rules.documents.evaluation import load_corpus

    pieces = [p["text"] for block in load_corpus() for p in block["passages"]]
    pieces += BOILERPLATE
    target = int(megabytes * 1024 * 1024)
    parts, size, n = [], 0, 0
    while size < target:
        piece = pieces[n % len(pieces)]
        parts.append(f"SECTION {n + 1}\n{piece}\n")
        size += len(parts[-1].encode())
        n += 1
    return "".join(parts)


class _Clock:
    """Wall time and this process's CPU time, together: on a shared machine the CPU time is
    what the work itself cost."""

    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def lap(self) -> tuple[float, float]:
        return time.perf_counter() - self.wall, time.process_time() - self.cpu


def _medians(samples: list[tuple[float, float]]) -> tuple[float, float]:
    return (
        statistics.median(s[0] for s in samples),
        statistics.median(s[1] for s in samples),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--megabytes", type=float, default=2.5)
    parser.add_argument("--docs", action="store_true", help="rewrite docs/performance.md")
    args = parser.parse_args()
    _django()
    from safecom.documents.extraction import document_extract
    from safecom.documents.tests.pdf import text_pdf
    from safecom.rules.documents import Checker
    from safecom.rules.documents.library import specs_from_files

    checker = Checker(specs_from_files("chscp"), framework="chscp", kind="contract_clause")
    pdf = text_pdf(contract_pages(args.pages))
    timings: dict[str, list[tuple[float, float]]] = {"extract": [], "both": []}
    for _ in range(args.repeat):  # interleaved, so both see the same machine
        clock = _Clock()
        extracted = document_extract(data=pdf, name="contract.pdf", max_bytes=len(pdf) + 1)
        timings["extract"].append(clock.lap())
        clock = _Clock()
        extracted = document_extract(data=pdf, name="contract.pdf", max_bytes=len(pdf) + 1)
        result = checker.check(
            extracted.text,
            document="contract.pdf",
            page_starts=extracted.page_starts,
            today=TODAY,
        )
        timings["both"].append(clock.lap())
    extract_wall, extract_cpu = _medians(timings["extract"])
    both_wall, both_cpu = _medians(timings["both"])

    throughput: dict[str, dict[str, dict[str, float]]] = {}
    sizes = {}
    for label, text in (
        ("contracts", contract_text(args.megabytes)),
        ("dense corpus", big_text(args.megabytes)),
    ):
        size_mb = len(text.encode()) / (1024 * 1024)
        sizes[label] = round(size_mb, 2)
        for framework, kind in (
            ("chscp", "contract_clause"),
            ("nel", "contract_clause"),
            ("dorset", "provider_policy"),
            ("nel", "provider_policy"),
        ):
            each = Checker(specs_from_files(framework, kind), framework=framework, kind=kind)
            samples = []
            for _ in range(max(2, args.repeat // 2)):
                clock = _Clock()
                each.check(text, document="big.txt", today=TODAY)
                samples.append(clock.lap())
            wall, cpu = _medians(samples)
            throughput.setdefault(label, {})[f"{framework} {kind}"] = {
                "wall_seconds": round(wall, 3),
                "cpu_seconds": round(cpu, 3),
                "mb_per_second_wall": round(size_mb / wall, 2),
                "mb_per_second_cpu": round(size_mb / cpu, 2),
            }
    slowest = {
        label: {
            "wall": min(t["mb_per_second_wall"] for t in rows.values()),
            "cpu": min(t["mb_per_second_cpu"] for t in rows.values()),
        }
        for label, rows in throughput.items()
    }
    results = {
        "when": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "load_average_1min": round(os.getloadavg()[0], 2),
        },
        "pdf": {
            "pages": extracted.page_count,
            "bytes": len(pdf),
            "text_characters": len(extracted.text),
            "extract_seconds_wall": round(extract_wall, 4),
            "extract_and_check_seconds_wall": round(both_wall, 4),
            "ratio_wall": round(both_wall / extract_wall, 3),
            "extract_seconds_cpu": round(extract_cpu, 4),
            "extract_and_check_seconds_cpu": round(both_cpu, 4),
            "ratio_cpu": round(both_cpu / extract_cpu, 3),
            "target_ratio_at_most": 1.5,
            "elements_met": result.count("met"),
            "repeat": args.repeat,
        },
        "analysis": {
            "text_megabytes": sizes,
            "target_mb_per_second_at_least": 2.0,
            "by_text": throughput,
            "slowest_mb_per_second": slowest,
        },
    }
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))
    if args.docs:
        from bench.documents.report import write_section

        write_section(PERFORMANCE, results)


if __name__ == "__main__":
    main()
