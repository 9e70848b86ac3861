"""Every page of the demo, as every demo role, checked with axe-core in headless Chromium.

Crawls from the home page through the links each role can follow (a couple of pages per URL
shape, so forty contracts do not mean forty visits) and fails on any serious or critical
WCAG 2.2 AA violation. The figures are written to var/test-results/accessibility.json.
"""

from __future__ import annotations

import json
import os
import re
from collections import deque
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlparse

import pytest

from safecom.core.demo import DEMO_PASSWORD, DEMO_USERS, demo_data_build

CHROMIUM = "/usr/bin/chromium"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PER_SHAPE = 2
MAX_PAGES_PER_ROLE = 60
SKIP_PATHS = ("/sign-out/", "/admin/", "/api/", "/static/", "/oidc/", "/media/")
# Files, not pages: downloads start instead of a page loading.
SKIP_ENDINGS = (".csv", ".xlsx", ".pdf", ".docx", "/download/", "/template.csv", "/template.xlsx")
RESULTS = Path("var/test-results/accessibility.json")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _browser_or_skip() -> Any:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing: .ci/run installs it (apt-get install chromium)")
        pytest.skip("Chromium is not installed here (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    return sync_playwright()


def _shape(path: str) -> str:
    return re.sub(r"/\d+(?=/|$)", "/N", path)


def _crawl(page: Any, base: str, axe: Any) -> list[dict[str, Any]]:
    seen_shapes: dict[str, int] = {}
    visited: set[str] = set()
    queue = deque(["/"])
    findings = []
    while queue and len(visited) < MAX_PAGES_PER_ROLE:
        path = queue.popleft()
        shape = _shape(path)
        if path in visited or seen_shapes.get(shape, 0) >= PER_SHAPE:
            continue
        visited.add(path)
        seen_shapes[shape] = seen_shapes.get(shape, 0) + 1
        try:
            response = page.goto(base + path)
        except Exception as exc:  # Playwright raises when the address starts a download
            if "Download is starting" in str(exc):
                continue
            raise
        if response is None or "text/html" not in (response.headers.get("content-type") or ""):
            continue
        assert response.status < 500, f"{path} answered {response.status}"
        result = axe.run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
        for violation in result.response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                findings.append(
                    {
                        "path": path,
                        "rule": violation["id"],
                        "impact": violation["impact"],
                        "help": violation["help"],
                        "nodes": [n["target"] for n in violation["nodes"][:3]],
                    }
                )
        for href in page.eval_on_selector_all(
            "a[href]", "els => els.map(e => e.getAttribute('href'))"
        ):
            url = urlparse(urljoin(base + path, href))
            if (
                url.netloc != urlparse(base).netloc
                or url.path.startswith(SKIP_PATHS)
                or url.path.endswith(SKIP_ENDINGS)
                or "/export" in url.path
            ):
                continue
            target = url.path + (f"?{url.query}" if url.query and "page=" in url.query else "")
            if target not in visited:
                queue.append(target)
    return [{"visited": sorted(visited)}, *findings]


def test_every_demo_page_has_no_serious_accessibility_problem(live_server: Any) -> None:
    from axe_playwright_python.sync_playwright import Axe

    demo_data_build(scale="small")
    report: dict[str, Any] = {}
    with _browser_or_skip() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--headless",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        axe = Axe()
        for username, *_rest in DEMO_USERS:
            context = browser.new_context()
            page = context.new_page()
            page.goto(live_server.url + "/sign-in/")
            page.fill("#id_username", username)
            page.fill("#id_password", DEMO_PASSWORD)
            page.click("main button[type=submit]")
            visited, *findings = _crawl(page, live_server.url, axe)
            report[username] = {"pages": len(visited["visited"]), "violations": findings}
            context.close()
        browser.close()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2), encoding="utf-8")
    problems = [f for r in report.values() for f in r["violations"]]
    assert all(r["pages"] >= 5 for r in report.values()), report
    assert not problems, json.dumps(problems, indent=2)[:4000]
