"""What the hostile tests share: raw multipart bodies (so a file's name reaches the server
exactly as given), one-query row counts of every table, and the checks on an answer."""

from __future__ import annotations

import html
import json
import logging
import re
import uuid
from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.db import connection

from safecom.core.tests.hostile.corpus import SCRIPT

# Tables a refused request may still write: the session (renewed on every request), sign-in
# bookkeeping, and the job that carries an import's answer (its errors are the message).
UNCOUNTED = {"django_session", "core_job"}


def multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes]]) -> tuple[bytes, str]:
    """A multipart/form-data body; file names go in unaltered (quotes escaped as browsers do)."""
    boundary = uuid.uuid4().hex
    parts: list[bytes] = []
    for key, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'.encode()
            + value.encode()
            + b"\r\n"
        )
    for key, (name, data) in files.items():
        quoted = name.replace('"', "%22").encode("utf-8", "surrogatepass")
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"; filename="'.encode()
            + quoted
            + b'"\r\nContent-Type: application/octet-stream\r\n\r\n'
            + data
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def _tables() -> list[str]:
    names = {
        m._meta.db_table
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy
    }
    existing = set(connection.introspection.table_names())
    return sorted((names & existing) - UNCOUNTED - {t for t in names if t.startswith("axes_")})


def row_counts() -> dict[str, int]:
    """Rows in every table of the project, in one query."""
    quote = connection.ops.quote_name
    parts = [f"SELECT '{t}', COUNT(*) FROM {quote(t)}" for t in _tables()]  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        return dict(cursor.fetchall())


def changed(before: dict[str, int], after: dict[str, int]) -> dict[str, tuple[int, int]]:
    return {t: (before[t], after.get(t, 0)) for t in before if before[t] != after.get(t, 0)}


_TRACE = re.compile(r"Traceback \(most recent call last\)|File \"/[^\"]+\.py\", line \d+")


def has_traceback(text: str) -> bool:
    return bool(_TRACE.search(text))


def logged_failure(record: logging.LogRecord) -> bool:
    """A traceback logged as an error: a failure. Django logs the requests it refuses (a
    body it cannot parse, a suspicious one) with theirs, as warnings or under django.security."""
    return (
        bool(record.exc_info)
        and record.levelno >= logging.ERROR
        and not record.name.startswith("django.security")
    )


def api_message(content: bytes) -> str:
    """The message of an API error: `detail` as text, or each validation error with where."""
    try:
        data = json.loads(content)
    except ValueError:
        return ""
    detail = data.get("detail") if isinstance(data, dict) else None
    if isinstance(detail, str):
        return detail
    if isinstance(detail, list) and detail:
        out = []
        for item in detail:
            if not isinstance(item, dict) or not item.get("msg") or not item.get("loc"):
                return ""
            out.append(f"{'.'.join(map(str, item['loc']))}: {item['msg']}")
        return "; ".join(out)
    return ""


def page_errors(content: bytes) -> list[str]:
    """The GOV.UK error summary's messages on a page (what the person is told is wrong)."""
    text = content.decode("utf-8", "replace")
    found = re.findall(r'class="govuk-error-message"[^>]*>(.*?)</', text, re.S)
    found += re.findall(r'<div class="govuk-error-summary__body">(.*?)</div>', text, re.S)
    # A request Django could not read at all (400.html): the reason under the heading.
    found += re.findall(r"could not be read</h1>\s*<p class=\"govuk-body\">(.*?)</p>", text, re.S)
    return [html.unescape(re.sub(r"<[^>]+>", " ", m)).strip() for m in found if m.strip()]


def html_escaped(text: str) -> str:
    return html.escape(text)


def encode_json(body: Any) -> bytes:
    return json.dumps(body).encode()


def unescaped_script(content: bytes) -> bool:
    return SCRIPT.encode() in content or b"<img src=x onerror" in content


def safe_stored_name(name: str) -> bool:
    return (
        "/" not in name
        and "\\" not in name
        and ".." not in name.replace("...", "")
        and not any(ord(c) < 32 for c in name)
        and "<" not in name
        and len(name) <= 120
    )


def first(items: Iterable[Any]) -> Any:
    return next(iter(items), None)


def record_figures(key: str, figures: dict[str, Any], *, merge: bool = False) -> None:
    """Keep a test's figures in var/test-results/security.json (docs/security.md cites them);
    `merge` adds to the figures already kept under `key` (one parametrised case each)."""
    from django.conf import settings

    path = settings.VAR_DIR / "test-results" / "security.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    data[key] = {**data.get(key, {}), **figures} if merge else figures
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
