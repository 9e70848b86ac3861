"""HTTP load benchmark: gunicorn and PostgreSQL on loopback, 50 clients at once with wrk.

    .venv/bin/python bench/http/run.py [--scale large|tenth] [--quick] [--json]

Against the demo at that scale (bench/run.py builds it). It signs in the demo users by making
their sessions and makes an API token; then for each target it starts gunicorn on a free
loopback port (4 sync workers on 2 cores; local settings with debug off: the same code and
middleware as production less HTTPS), asks the target a few times to warm it up, runs wrk
with 50 connections for 60 s (10 s with --quick) and stops the server, so requests still
queued from one target are not served during the next:

- the commissioner dashboard, `/dashboard/?org=riverside-council`, as `commissioner`;
- a provider's staff list, `/workforce/<provider>/staff/`, as that provider's `provider.lead`;
- the API's contract list, `GET /api/contracts` (its first page of 50, decision 76), with the
  commissioner's bearer token.

Per target: requests per second, errors (answers other than 2xx, and socket errors: connect,
read, write, timeouts of 30 s) and the 50th and 95th percentile latency. Target: 0 errors and
p95 at most 250 ms. wrk is Debian's package `wrk`; it is installed with apt-get if missing.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench import support  # noqa: E402

GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
LUA = Path(__file__).with_name("report.lua")
WORKERS = 4
CONNECTIONS = 50
WRK_THREADS = 2
TIMEOUT_S = 30  # gunicorn's worker timeout and wrk's: a slower answer is an error
P95_TARGET_MS = 250
TOKEN_NAME = "bench http"  # noqa: S105 - the name, not the token


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    print("installing wrk (apt-get)", file=sys.stderr)
    for args in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "wrk"]):
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL)  # noqa: S603
    found = shutil.which("wrk")
    if not found:
        raise RuntimeError("wrk is not installed and apt-get could not install it")
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def prepare() -> dict[str, Any]:
    """Sessions for the demo users, an API token, and the targets' paths."""
    from django.test import Client

    from safecom.accounts.models import ApiToken, Membership, User
    from safecom.accounts.services import api_token_create, api_token_revoke

    def session(username: str) -> str:
        client = Client()
        client.force_login(User.objects.get(username=username))
        return str(client.cookies["sessionid"].value)

    commissioner = User.objects.get(username="commissioner")
    for old in ApiToken.objects.filter(user=commissioner, name=TOKEN_NAME, revoked_at=None):
        api_token_revoke(user=commissioner, token_id=old.pk)
    _, raw = api_token_create(user=commissioner, name=TOKEN_NAME)
    provider = (
        Membership.objects.filter(user__username="provider.lead", organisation__kind="provider")
        .select_related("organisation")
        .first()
    )
    if provider is None:
        raise RuntimeError("the demo user provider.lead has no provider: is the demo built?")
    slug = provider.organisation.slug
    return {
        "dashboard": {
            "path": "/dashboard/?org=riverside-council",
            "header": f"Cookie: sessionid={session('commissioner')}",
            "who": "commissioner",
        },
        "staff list": {
            "path": f"/workforce/{slug}/staff/",
            "header": f"Cookie: sessionid={session('provider.lead')}",
            "who": f"provider.lead ({slug}, {provider.organisation.staff.count():,} staff)",
        },
        "API contract list": {
            "path": "/api/contracts",
            "header": f"Authorization: Bearer {raw}",
            "who": "the commissioner's API token",
        },
    }


class Server:
    """gunicorn in its own process group, stopped by that group's id."""

    def __init__(self, database_url: str) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "DEBUG": "false",
            "DJANGO_SETTINGS_MODULE": "safecom.config.settings.local",
        }
        self.log = (ROOT / "var" / "bench-http-gunicorn.log").open("w")
        self.process = subprocess.Popen(  # noqa: S603 - our own server
            [
                GUNICORN,
                "safecom.config.wsgi:application",
                f"--bind=127.0.0.1:{self.port}",
                f"--workers={WORKERS}",
                "--worker-class=sync",
                f"--timeout={TIMEOUT_S}",
                "--backlog=2048",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn stopped; see var/bench-http-gunicorn.log")
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=5):  # noqa: S310
                    return
            except OSError:
                time.sleep(0.5)
        raise RuntimeError("gunicorn did not answer /healthz within 60 s")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()


def _get(url: str, header: str) -> tuple[int, int]:
    name, value = header.split(": ", 1)
    request = urllib.request.Request(url, headers={name: value})  # noqa: S310 - loopback
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=TIMEOUT_S * 2) as response:
            return int(response.status), len(response.read())
    except urllib.error.HTTPError as exc:
        return int(exc.code), 0


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a redirect (to sign in, say) is an answer to see, not to follow


def warm_up(base: str, targets: dict[str, Any], rounds: int) -> None:
    """Each target a few times, so every worker has loaded its code and the day's workforce
    figures are kept: the run measures the steady state, and a wrong answer stops it early."""
    for name, target in targets.items():
        for _ in range(rounds):
            status, size = _get(base + target["path"], target["header"])
            if status != 200:
                raise RuntimeError(f"{name} ({target['path']}) answered {status}, not 200")
            target["bytes"] = size


def load(wrk: str, url: str, header: str, seconds: int) -> dict[str, Any]:
    done = subprocess.run(  # noqa: S603 - wrk on loopback
        [
            wrk,
            f"-t{WRK_THREADS}",
            f"-c{CONNECTIONS}",
            f"-d{seconds}s",
            f"--timeout={TIMEOUT_S}s",
            "-s",
            str(LUA),
            "-H",
            header,
            url,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    line = next((x for x in done.stdout.splitlines() if x.startswith("BENCH_JSON ")), None)
    if done.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr[-1000:]}")
    result: dict[str, Any] = json.loads(line.removeprefix("BENCH_JSON "))
    return result


def figures(*, scale: str, database_url: str) -> list[dict[str, Any]]:
    wrk = ensure_wrk()
    support.django_setup(database_url)
    seconds = 10 if support.quick() else 60
    targets = prepare()
    results = {}
    for name, target in targets.items():
        # A server of its own per target: requests still queued when wrk stops would
        # otherwise be served first and count against the next target.
        server = Server(database_url)
        try:
            server.wait_ready()
            warm_up(server.base, {name: target}, rounds=WORKERS + 1)
            results[name] = load(wrk, server.base + target["path"], target["header"], seconds)
            results[name]["load"] = os.getloadavg()[0]
        finally:
            server.stop()
    out = []
    for name, r in results.items():
        target = targets[name]
        socket_errors = r["connect"] + r["read"] + r["write"] + r["timeout"]
        errors = r["not_2xx"] + socket_errors
        rps = r["requests"] / (r["duration_us"] / 1e6)
        p50, p95 = r["p50_us"] / 1000, r["p95_us"] / 1000
        where = f"{target['path']} as {target['who']}"
        common = f"wrk {CONNECTIONS} connections, {seconds} s, gunicorn {WORKERS} sync workers"
        out += [
            support.figure(
                f"HTTP {name}: requests per second",
                round(rps, 1),
                "requests/s",
                note=f"{where}; {r['requests']:,} requests, {target['bytes']:,} bytes each; "
                f"{common}; 1-minute load average {r['load']:.1f} after the run",
            ),
            support.figure(
                f"HTTP {name}: errors",
                errors,
                "errors",
                target="0",
                meets=errors == 0,
                note=f"not 2xx {r['not_2xx']} {r['statuses'] or ''}; connect {r['connect']}, "
                f"read {r['read']}, write {r['write']}, timeout ({TIMEOUT_S} s) {r['timeout']}",
            ),
            support.figure(
                f"HTTP {name}: p50 latency",
                round(p50, 1),
                "ms",
                note=f"of the answers within {TIMEOUT_S} s",
            ),
            support.figure(
                f"HTTP {name}: p95 latency",
                round(p95, 1),
                "ms",
                target=f"≤ {P95_TARGET_MS} ms",
                meets=p95 <= P95_TARGET_MS,
                note=f"p99 {r['p99_us'] / 1000:.0f} ms, max {r['max_us'] / 1000:.0f} ms",
            ),
        ]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=support.SCALES, default="large")
    parser.add_argument("--database-url", help="default: the bench database of the scale")
    parser.add_argument("--quick", action="store_true", help="10 s a target instead of 60 s")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args()
    if args.quick:
        os.environ["BENCH_QUICK"] = "1"
    found = figures(
        scale=args.scale, database_url=args.database_url or support.DATABASE_URLS[args.scale]
    )
    support.print_figures(found, as_json=args.json)


if __name__ == "__main__":
    main()
