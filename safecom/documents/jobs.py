"""The portfolio audit: every contract of a commissioner, its latest safeguarding-clause
document re-checked against one framework version, giving the Appendix A figure (the share
of contracts with every element met; a contract with no document counts as not met).

The checking is CPU work, so large portfolios are spread over the machine's cores with a
process pool (workers import only the pure checker); the work and the memory grow linearly
with the number of contracts, read in chunks.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any

from django.urls import reverse

from safecom.accounts.models import User
from safecom.contracts.models import Contract
from safecom.core.jobs import JobFailed, Progress, job_handler
from safecom.core.models import Job
from safecom.documents.checking import requirement_specs
from safecom.documents.models import DocumentCheck, PortfolioAudit
from safecom.documents.services import AUDIT_JOB, portfolio_audit_record
from safecom.organisations.models import Organisation
from safecom.rules.documents.batch import check_items, chunk_sizes, init_worker, spec_payload
from safecom.standards.models import FrameworkVersion

CHUNK = 25
Item = tuple[int, str, str, list[int]]  # check id, document name, text, page starts
# Below this many documents the pool's start-up costs more than it saves.
POOL_MIN_DOCUMENTS = 40


def _latest_checks(commissioner: Organisation) -> dict[int, int]:
    """contract id -> id of its latest contract-clause check, in one query."""
    latest: dict[int, int] = {}
    rows = (
        DocumentCheck.objects.filter(
            contract__commissioner=commissioner, kind=DocumentCheck.Kind.CONTRACT_CLAUSE
        )
        .order_by("contract_id", "-checked_at", "-pk")
        .values_list("contract_id", "pk")
    )
    for contract_id, pk in rows:
        latest.setdefault(contract_id, pk)
    return latest


def _chunks(check_ids: list[int], sizes: list[int]) -> Iterator[list[Item]]:
    """The documents to check, so many at a time (`sizes`), each chunk in one query."""
    start = 0
    for size in sizes:
        ids = check_ids[start : start + size]
        start += size
        rows = DocumentCheck.objects.filter(pk__in=ids).values_list(
            "pk", "document_name", "text", "page_starts"
        )
        yield [(pk, name, text, pages or [0]) for pk, name, text, pages in rows]


def _collect(finished: set[Future[list[dict[str, Any]]]], into: dict[int, dict[str, Any]]) -> None:
    for future in finished:
        for summary in future.result():
            into[summary["key"]] = summary


def workers() -> int:
    """One worker per CPU this process may run on (its affinity, not the machine's count)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 8))


@job_handler(AUDIT_JOB)
def run_portfolio_audit(job: Job, report: Progress) -> dict[str, Any]:
    commissioner = Organisation.objects.filter(pk=job.params.get("commissioner_id")).first()
    version = (
        FrameworkVersion.objects.select_related("framework")
        .filter(pk=job.params.get("framework_version_id"))
        .first()
    )
    if commissioner is None or version is None:
        raise JobFailed("The commissioner or the standards chosen no longer exist.")
    actor = User.objects.filter(pk=job.params.get("actor_id")).first()
    audit = portfolio_audit_run(
        actor=actor, commissioner=commissioner, version=version, report=report, job=job
    )
    share = audit.share_all_met
    return {
        "next_url": reverse("documents:audit_detail", args=[audit.pk]),
        "next_label": "See the audit results",
        "audit_id": audit.pk,
        "contracts": audit.contracts_total,
        "all_met": audit.contracts_all_met,
        "share_all_met": round(share, 4) if share is not None else None,
    }


def portfolio_audit_run(
    *,
    actor: Any,
    commissioner: Organisation,
    version: FrameworkVersion,
    report: Progress,
    job: Job | None = None,
) -> PortfolioAudit:
    """Check every contract's latest clause document and store the audit."""
    contracts = list(
        Contract.objects.filter(commissioner=commissioner)
        .order_by("reference", "pk")
        .values_list("pk", "reference", "title")
    )
    latest = _latest_checks(commissioner)
    check_ids = [latest[pk] for pk, _, _ in contracts if pk in latest]
    total = len(contracts)
    report(0, total)
    specs = spec_payload(requirement_specs(version, DocumentCheck.Kind.CONTRACT_CLAUSE))
    init_args = (specs, version.framework.slug, "contract_clause", dt.date.today().isoformat())
    summaries: dict[int, dict[str, Any]] = {}
    done_without_document = total - len(check_ids)
    if len(check_ids) >= POOL_MIN_DOCUMENTS and workers() > 1:
        context = multiprocessing.get_context("spawn")  # no fork from a threaded web process
        with ProcessPoolExecutor(
            max_workers=workers(), mp_context=context, initializer=init_worker, initargs=init_args
        ) as pool:
            # At most two chunks per worker in flight: memory stays bounded however large.
            pending: set[Future[list[dict[str, Any]]]] = set()
            sizes = chunk_sizes(len(check_ids), workers=workers(), largest=CHUNK)
            for chunk in _chunks(check_ids, sizes):
                pending.add(pool.submit(check_items, chunk))
                if len(pending) >= 2 * workers():
                    finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                    _collect(finished, summaries)
                    report(done_without_document + len(summaries), total)
            while pending:
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                _collect(finished, summaries)
                report(done_without_document + len(summaries), total)
    else:
        init_worker(*init_args)
        sizes = chunk_sizes(len(check_ids), workers=1, largest=CHUNK)
        for chunk in _chunks(check_ids, sizes):
            for summary in check_items(chunk):
                summaries[summary["key"]] = summary
            report(done_without_document + len(summaries), total)
    names = dict(DocumentCheck.objects.filter(pk__in=check_ids).values_list("pk", "document_name"))
    rows = []
    for pk, reference, title in contracts:
        check_id = latest.get(pk)
        found = summaries.get(check_id) if check_id else None
        rows.append(
            {
                "contract_id": pk,
                "reference": reference,
                "title": title,
                "check_id": check_id,
                "document": names.get(check_id, "") if check_id else "",
                "checked": found is not None,
                "all_met": bool(found and found["all_met"]),
                "unmet_refs": found["unmet_refs"] if found else [],
                "warnings": len(found["warnings"]) if found else 0,
            }
        )
    audit = portfolio_audit_record(
        actor=actor, commissioner=commissioner, framework_version=version, rows=rows, job=job
    )
    report(total, total)
    return audit
