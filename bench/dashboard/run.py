"""Dashboard benchmark: the portfolio page rendered whole, its queries, and the rows alone.

    .venv/bin/python bench/dashboard/run.py [--scale large|tenth] [--quick] [--json]

Against the demo at that scale (bench/run.py builds it), through the Django test client with
every middleware, signed in as the demo commissioner and as the partnership manager, the
page in three states:

- cold: the first render of the day, after the kept workforce figures
  (`workforce_workforcefigures`) are deleted and with `fresh=1`, so the page counts every
  provider's workforce and works every row out;
- every row worked out: `fresh=1` over the day's kept workforce figures, what the background
  refresh does every few minutes (or "work them all out again now"): median and p95;
- one contract changed: the plain page just after one contract changed, so its kept row
  (ContractStatus) is worked out again and the rest are read: median and p95;
- rows kept: the plain page with every kept row current, as between changes, rendered (pages
  not kept for the session): median and p95;
- page kept: the plain page kept for the session and nothing changed since (decision 79):
  median and p95;

with the number of queries of the whole request (sessions and sign-in included) in each;
`safecom.reporting.integrations.portfolio_rows` alone; and, at large scale, the query count
beside the same count at tenth scale (a child process on the tenth database), which shows
whether queries grow with the number of providers.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench import support  # noqa: E402

USERS = (
    # username, organisation slug, label in figure names
    ("commissioner", "riverside-council", "commissioner"),
    ("partnership.admin", "riverside-scp", "partnership"),
)
MEDIAN_TARGET_MS = 300
QUERY_TARGET = 25


def _client(username: str) -> Any:
    from django.test import Client

    from safecom.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def _forget_figures() -> int:
    from safecom.workforce.models import WorkforceFigures

    deleted, _ = WorkforceFigures.objects.all().delete()
    return deleted


def _render(client: Any, url: str) -> tuple[float, int, int]:
    """One render: milliseconds, queries, bytes of HTML."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url)
        ms = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}, not 200")
    return ms, len(queries), len(response.content)


def _timed(client: Any, url: str) -> tuple[float, float]:
    """Wall and CPU milliseconds of one render, without capturing queries (recording them
    costs time of its own). CPU is this process's: on a shared machine wall time includes
    waiting for a core, and the database's own work is in neither."""
    started, cpu = time.perf_counter(), time.process_time()
    response = client.get(url)
    ms = (time.perf_counter() - started) * 1000
    cpu_ms = (time.process_time() - cpu) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}, not 200")
    return ms, cpu_ms


def _touch_one(slug: str) -> None:
    """Change one contract of the portfolio, as a contract manager saving it would: its kept
    row is out of date and the next render works it out again."""
    from django.utils import timezone

    from safecom.contracts.models import Contract

    contract = (
        Contract.objects.filter(commissioner__slug=slug)
        .exclude(stage="ended")
        .order_by("pk")
        .first()
    )
    if contract is None:  # a partnership: any contract of its commissioners
        contract = (
            Contract.objects.filter(commissioner__partnerships__slug=slug)
            .exclude(stage="ended")
            .order_by("pk")
            .first()
        )
    if contract is None:
        raise RuntimeError(f"{slug} has no open contract to change")
    Contract.objects.filter(pk=contract.pk).update(updated_at=timezone.now())


def measure_page(username: str, slug: str, *, renders: int, colds: int) -> dict[str, Any]:
    """The page in its states: cold (nothing kept: every provider's workforce counted and
    every row worked out), worked (`fresh=1`: every row worked out again over the day's kept
    workforce figures), changed (one contract changed just before: its row worked out again)
    and kept (every row current, read from ContractStatus)."""
    client = _client(username)
    url = f"/dashboard/?org={slug}"
    fresh = url + "&fresh=1"
    cold = []
    for _ in range(colds):
        _forget_figures()
        cold.append(_render(client, fresh))
    out: dict[str, Any] = {
        "url": url,
        "cold_ms": [c[0] for c in cold],
        "cold_queries": cold[0][1],
        "bytes": cold[0][2],
    }
    from django.test import override_settings

    for state, page, before, keep_pages in (
        ("worked", fresh, None, True),
        ("changed", url, lambda: _touch_one(slug), True),
        ("kept", url, None, False),
        ("page", url, None, True),
    ):
        with override_settings(SAFECOM_KEPT_PAGE_SECONDS=300 if keep_pages else 0):
            if before:
                before()
            if state == "page":
                client.get(page)  # the page kept for this session
            out[f"{state}_queries"] = _render(client, page)[1]
            samples = []
            for _ in range(renders):
                if before:
                    before()
                samples.append(_timed(client, page))
        out[f"{state}_ms"] = [w[0] for w in samples]
        out[f"{state}_cpu_ms"] = [w[1] for w in samples]
    return out


def measure_rows(username: str, slug: str, *, repeats: int) -> dict[str, Any]:
    """portfolio_rows alone, over the contracts the page shows (warm, as the page left it)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from safecom.accounts.models import User
    from safecom.accounts.tenancy import contract_filter
    from safecom.organisations.models import Organisation
    from safecom.reporting.integrations import portfolio_rows
    from safecom.reporting.selectors import portfolio_contracts

    user = User.objects.get(username=username)
    organisation = Organisation.objects.get(slug=slug)
    contracts = list(portfolio_contracts(organisation).filter(contract_filter(user)))
    today = timezone.localdate()
    with CaptureQueriesContext(connection) as queries:
        portfolio_rows(contracts, today=today)
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        portfolio_rows(contracts, today=today)
        samples.append((time.perf_counter() - started) * 1000)
    providers = len({c.provider_id for c in contracts})
    return {
        "ms": samples,
        "queries": len(queries),
        "contracts": len(contracts),
        "providers": providers,
    }


def _tenth_queries() -> dict[str, Any] | None:
    """The warm query counts at tenth scale, from a child process on the tenth database."""
    done = subprocess.run(  # noqa: S603 - this same script
        [sys.executable, __file__, "--scale", "tenth", "--queries-only", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "DATABASE_URL": support.DATABASE_URLS["tenth"]},
    )
    if done.returncode != 0:
        print(done.stderr[-2000:], file=sys.stderr)
        return None
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def queries_only() -> dict[str, Any]:
    out = {}
    for username, slug, label in USERS:
        page = measure_page(username, slug, renders=0, colds=1)
        out[label] = {
            state: page[f"{state}_queries"]
            for state in ("cold", "worked", "changed", "kept", "page")
        }
    return out


STATES = {
    # state: (words, how, has the render target)
    "kept": (
        "rows kept",
        "every row current in ContractStatus, as between changes, the page rendered (not kept"
        " for the session): it reads a page of rows, their totals and the red list",
        True,
    ),
    "page": (
        "page kept",
        "nothing changed since the page was kept for the session (decision 79): one read of "
        "what changed anywhere, then the kept page",
        True,
    ),
    "changed": (
        "one contract changed",
        "each just after one contract of the portfolio changed: its row is worked out again "
        "and the rest read as kept",
        True,
    ),
    "worked": (
        "every row worked out",
        "each with fresh=1 (work them all out again now), over the day's kept workforce "
        "figures: what the background refresh does every few minutes",
        False,
    ),
}


def _page_figures(label: str, slug: str, page: dict[str, Any], renders: int) -> list[Any]:
    who = f"dashboard, {label} ({slug})"
    out = []
    for state, (words, how, targeted) in STATES.items():
        mid = support.median(page[f"{state}_ms"])
        cpu = support.median(page[f"{state}_cpu_ms"])
        queries = page[f"{state}_queries"]
        out += [
            support.figure(
                f"{who}: median render, {words}",
                round(mid, 1),
                "ms",
                target=f"≤ {MEDIAN_TARGET_MS} ms" if targeted else "",
                meets=mid <= MEDIAN_TARGET_MS if targeted else None,
                note=f"median of {renders} renders, {how}; through the test client with "
                f"every middleware; median CPU of this process {cpu:.0f} ms",
            ),
            support.figure(
                f"{who}: p95 render, {words}",
                round(support.percentile(page[f"{state}_ms"], 95), 1),
                "ms",
                note=f"nearest-rank 95th percentile of the same {renders} renders",
            ),
            support.figure(
                f"{who}: queries, {words}",
                queries,
                "queries",
                target=f"≤ {QUERY_TARGET}" if state in ("kept", "page") else "",
                meets=queries <= QUERY_TARGET if state in ("kept", "page") else None,
                note="every query of the request, sessions and sign-in included"
                + ("" if state in ("kept", "page") else "; working rows out reads each area once"),
            ),
        ]
    worked = round(support.median(page["worked_ms"]), 1)
    out += [
        support.figure(
            f"{who}: first render of the day, cold",
            round(support.median(page["cold_ms"]), 1),
            "ms",
            baseline_name="median render, rows worked out",
            baseline=worked,
            note=f"median of {len(page['cold_ms'])} renders, each after deleting every "
            "provider's kept workforce figures and with fresh=1, so the page counts the whole "
            f"workforce again; {page['bytes']:,} bytes of HTML",
        ),
        support.figure(
            f"{who}: queries, cold",
            page["cold_queries"],
            "queries",
            note="the first working out of the day, which also stores the workforce figures "
            "(done by the background refresh before people start)",
        ),
    ]
    return out


def figures(*, scale: str, database_url: str) -> list[dict[str, Any]]:
    support.django_setup(database_url)
    renders, colds = (5, 1) if support.quick() else (15, 3)
    out: list[dict[str, Any]] = []
    pages = {}
    for username, slug, label in USERS:
        pages[label] = measure_page(username, slug, renders=renders, colds=colds)
        out += _page_figures(label, slug, pages[label], renders)
    rows = measure_rows("commissioner", "riverside-council", repeats=renders)
    out.append(
        support.figure(
            "dashboard, commissioner: portfolio_rows alone",
            round(support.median(rows["ms"]), 1),
            "ms",
            baseline_name="whole page median, rows worked out",
            baseline=round(support.median(pages["commissioner"]["worked_ms"]), 1),
            note=f"{rows['contracts']:,} contracts of {rows['providers']:,} providers, "
            f"{rows['queries']} queries, over the day's kept workforce figures; "
            f"median of {renders}",
        )
    )
    if scale == "large":
        for state in ("kept", "changed", "page"):
            out.append(_growth_figure(pages["commissioner"][f"{state}_queries"], state))
    return out


def _growth_figure(large_queries: int, state: str) -> dict[str, Any]:
    words = STATES[state][0]
    name = (
        "dashboard, commissioner: query count independent of provider count (200 vs 2,000), "
        + words
    )
    tenth = _tenth_queries()
    if tenth is None:
        return support.figure(
            name,
            large_queries,
            "queries",
            target="the same at both scales",
            note="the tenth-scale database could not be read; build it with bench/run.py",
        )
    small = tenth["commissioner"]
    return support.figure(
        name,
        large_queries,
        "queries",
        baseline_name="the same page at tenth scale (200 providers)",
        baseline=small[state],
        target="the same at both scales",
        meets=large_queries <= small[state],
        note=f"at tenth scale: cold {small['cold']}, every row worked out {small['worked']}, "
        f"one contract changed {small['changed']}, rows kept {small['kept']}",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=support.SCALES, default="large")
    parser.add_argument("--database-url", help="default: the bench database of the scale")
    parser.add_argument("--quick", action="store_true", help="fewer renders")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--queries-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    url = args.database_url or support.DATABASE_URLS[args.scale]
    if args.quick:
        os.environ["BENCH_QUICK"] = "1"
    if args.queries_only:
        support.django_setup(url)
        print(json.dumps(queries_only()))
        return
    found = figures(scale=args.scale, database_url=url)
    support.print_figures(found, as_json=args.json)


if __name__ == "__main__":
    main()
