"""The portfolio document audit, measured: a commissioner with so many contracts, each with
its latest safeguarding-clause document stored, re-checked by `documents.jobs.
portfolio_audit_run` exactly as the background job does it.

It reports the wall-clock time and the CPU time of this process and of its worker
processes, so "uses both cores" is CPU seconds per wall second, and "linear in contracts"
is the time for the full portfolio against the time for a tenth of it, measured in the
same run. Everything it adds is rolled back at the end.
"""

from __future__ import annotations

import datetime as dt
import os
import resource
import time
from typing import Any

from bench.documents.texts import contract_pages, safeguarding_schedule

PAGES_PER_CONTRACT = 20  # a contract with its schedules: realistic, and 60,000 characters
FRAMEWORK = "chscp"


def _portfolio(contracts: int, version: Any) -> Any:
    """A commissioner with this many contracts, each with a stored clause document."""
    from django.utils import timezone

    from safecom.contracts.models import Contract
    from safecom.documents.models import DocumentCheck
    from safecom.organisations.models import Organisation

    commissioner = Organisation.objects.create(
        slug=f"bench-documents-{contracts}",
        name=f"Benchmark Council ({contracts} contracts)",
        kind="commissioner",
    )
    provider = Organisation.objects.create(
        slug=f"bench-documents-provider-{contracts}",
        name=f"Benchmark Care Provider ({contracts} contracts)",
        kind="provider",
    )
    made = Contract.objects.bulk_create(
        [
            Contract(
                commissioner=commissioner,
                reference=f"B{n:05d}",
                title=f"Children's service {n}",
                provider=provider,
                client_group="children",
                stage="live",
            )
            for n in range(contracts)
        ]
    )
    made = list(Contract.objects.filter(commissioner=commissioner))
    Contract.frameworks.through.objects.bulk_create(
        [Contract.frameworks.through(contract=c, frameworkversion=version) for c in made]
    )
    checks = []
    for contract in made:
        n = int(contract.reference[1:])
        pages = contract_pages(
            PAGES_PER_CONTRACT, seed=n, schedule=safeguarding_schedule(FRAMEWORK, seed=n)
        )
        starts, offset = [], 0
        for page in pages:
            starts.append(offset)
            offset += len(page) + 2
        text = "\n\n".join(pages)
        checks.append(
            DocumentCheck(
                contract=contract,
                framework_version=version,
                kind=DocumentCheck.Kind.CONTRACT_CLAUSE,
                document_name=f"{contract.reference}-contract.pdf",
                sha256="0" * 64,
                size_bytes=len(text),
                page_count=len(pages),
                text=text,
                page_starts=starts,
                result={},
                checked_at=timezone.now() - dt.timedelta(days=1),
            )
        )
    DocumentCheck.objects.bulk_create(checks, batch_size=50)
    return commissioner


def measure(contracts: int, baseline: int | None) -> dict[str, Any]:
    """Audit a portfolio of this many contracts (and first one of `baseline` contracts, for
    the growth), in one transaction rolled back at the end: the database is left as it was,
    so a shared benchmark database is not changed for the other areas."""
    from django.db import transaction

    from safecom.standards.models import FrameworkVersion
    from safecom.standards.services import frameworks_load

    out: dict[str, Any] = {}
    with transaction.atomic():
        try:
            version = FrameworkVersion.objects.filter(
                framework__slug=FRAMEWORK, is_current=True
            ).first()
            if version is None:
                frameworks_load()
                version = FrameworkVersion.objects.get(framework__slug=FRAMEWORK, is_current=True)
            started = time.perf_counter()
            portfolios = {n: _portfolio(n, version) for n in (baseline, contracts) if n}
            prepared = round(time.perf_counter() - started, 1)
            out["baseline"] = _audit(portfolios[baseline], version) if baseline else None
            out["main"] = _audit(portfolios[contracts], version)
            out["main"]["prepared_seconds"] = prepared
        finally:
            transaction.set_rollback(True)
    return out


def _cpu_seconds() -> tuple[float, float]:
    """CPU seconds of this process, and of its children that have finished (the pool's
    workers, once the pool is shut down)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, children.ru_utime + children.ru_stime


def timed_check_items(items: list[tuple[int, str, str, list[int]]]) -> list[dict[str, Any]]:
    """The workers' own function, noting which process checked the chunk, when, and its
    CPU time: put in its place for the benchmark only (a worker imports this module)."""
    from safecom.rules.documents.batch import check_items

    started, cpu = time.time(), time.process_time()
    out = check_items(items)
    timing = {"pid": os.getpid(), "start": started, "end": time.time()}
    timing["cpu"] = time.process_time() - cpu
    return [summary | {"timing": timing} for summary in out]


def _busy_together(chunks: list[dict[str, float]], start: float, end: float) -> float:
    """The share of [start, end] during which at least two chunks were being checked."""
    events = sorted([(c["start"], 1) for c in chunks] + [(c["end"], -1) for c in chunks])
    together, running, since = 0.0, 0, start
    for at, step in events:
        if running >= 2:
            together += at - since
        running += step
        since = at
    return together / (end - start) if end > start else 0.0


def _audit(commissioner: Any, version: Any) -> dict[str, Any]:
    """Run the audit over one portfolio and time it."""
    from unittest import mock

    from safecom.documents import jobs

    progress: list[tuple[int, int]] = []
    chunks: dict[tuple[int, float], dict[str, float]] = {}
    real_collect = jobs._collect

    def collect(finished: Any, into: dict[int, dict[str, Any]]) -> None:
        real_collect(finished, into)
        for future in finished:
            for summary in future.result():
                timing = summary["timing"]
                chunks[(timing["pid"], timing["start"])] = timing

    own_before, children_before = _cpu_seconds()
    started, wall_started = time.perf_counter(), time.time()
    with (
        mock.patch.object(jobs, "check_items", timed_check_items),
        mock.patch.object(jobs, "_collect", collect),
    ):
        audit = jobs.portfolio_audit_run(
            actor=None,
            commissioner=commissioner,
            version=version,
            report=lambda done, total: progress.append((done, total)),
        )
    wall = time.perf_counter() - started
    own_after, children_after = _cpu_seconds()
    own, children = own_after - own_before, children_after - children_before
    characters = _characters(commissioner)
    first = min((c["start"] for c in chunks.values()), default=wall_started)
    last = max((c["end"] for c in chunks.values()), default=wall_started)
    by_worker: dict[int, float] = {}
    for timing in chunks.values():
        by_worker[int(timing["pid"])] = by_worker.get(int(timing["pid"]), 0.0) + timing["cpu"]
    return {
        "contracts": audit.contracts_total,
        "checked": audit.contracts_checked,
        "all_met": audit.contracts_all_met,
        "share_all_met": round(audit.share_all_met or 0, 4),
        "text_megabytes": round(characters / 1048576, 2),
        "wall_seconds": round(wall, 3),
        "seconds_per_contract": round(wall / max(1, audit.contracts_total), 5),
        "cpu_seconds_this_process": round(own, 3),
        "cpu_seconds_workers": round(children, 3),
        "cpu_seconds_per_wall_second": round((own + children) / wall, 2),
        "chunks": len(chunks),
        "checking_cpu_seconds_by_worker": sorted(round(v, 3) for v in by_worker.values()),
        # Over the checking itself, from the first chunk begun to the last one done; the
        # time before that is the workers' start-up, paid once per audit.
        "share_of_time_two_workers_checking": round(
            _busy_together(list(chunks.values()), first, last), 3
        ),
        "worker_start_seconds": round(first - wall_started, 3),
        "workers": jobs.workers(),
        "cpus": os.cpu_count(),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "progress_reports": len(progress),
    }


def _characters(commissioner: Any) -> int:
    from django.db.models import Sum
    from django.db.models.functions import Length

    from safecom.documents.models import DocumentCheck

    found = DocumentCheck.objects.filter(contract__commissioner=commissioner).aggregate(
        total=Sum(Length("text"))
    )
    return int(found["total"] or 0)
