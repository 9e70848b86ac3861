"""`safecom check-document PATH [PATH ...] --framework ID [--kind policy] [--format json|text]`

Exit 0 whatever the findings; exit 2, with one line per file on stderr, when a file cannot be
read (the others are still checked and printed)."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safecom.core.output import add_format_argument, render
from safecom.documents.checking import check_text
from safecom.documents.extraction import ExtractionRefused, document_extract
from safecom.rules.documents import STATUS_LABELS, DocumentResult
from safecom.standards.models import FrameworkVersion

KINDS = {"clause": "contract_clause", "policy": "provider_policy"}
READ_LIMIT = 200 * 1024 * 1024  # read no further than this: the checker refuses far less


class Command(BaseCommand):
    help = "Check contracts, specifications or policies against a framework's requirements."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH", help=".docx, .pdf or .txt files")
        parser.add_argument("--framework", required=True, help="framework id, e.g. chscp")
        parser.add_argument(
            "--kind",
            choices=sorted(KINDS),
            default="clause",
            help="clause: contract_clause requirements (default); policy: provider_policy",
        )
        add_format_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        kind = KINDS[options["kind"]]
        version = (
            FrameworkVersion.objects.filter(framework__slug=options["framework"], is_current=True)
            .select_related("framework")
            .first()
        )
        if version is None:
            raise CommandError(
                f"No framework '{options['framework']}' is loaded. `safecom frameworks list` "
                "shows them (`safecom frameworks load` loads the bundled ones)."
            )
        if not version.requirements.filter(kind=kind).exists():
            raise CommandError(
                f"{version.framework.short_name} has no {kind} requirements: try the other --kind."
            )
        results: list[DocumentResult] = []
        failed = False
        for raw in options["paths"]:
            path = Path(raw)
            try:
                with path.open("rb") as handle:
                    data = handle.read(READ_LIMIT + 1)
                extracted = document_extract(data=data, name=path.name)
            except (OSError, ExtractionRefused) as exc:
                reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
                sys.stderr.write(f"check-document: {_named_once(raw, path.name, reason)}\n")
                failed = True
                continue
            results.append(
                check_text(
                    version=version,
                    kind=kind,
                    text=extracted.text,
                    document=str(raw),
                    page_starts=extracted.page_starts,
                    heading_hints=extracted.heading_hints,
                )
            )
        if results:
            data_out: Any = [r.as_json() for r in results]
            if len(options["paths"]) == 1:
                data_out = data_out[0]
            self.stdout.write(
                render(data_out, options["format"], lambda _: "\n\n".join(map(_text, results)))
            )
        if failed:
            sys.stdout.flush()
            raise SystemExit(2)


def _named_once(raw: str, name: str, reason: str) -> str:
    """The path as given, then the reason; the checker's own reasons start with the file's
    name ("empty.txt: The file is empty."), so it is not said twice."""
    if reason.startswith(f"{name}: "):
        return f"{raw}: {reason[len(name) + 2 :]}"
    if reason.startswith(f"{name} "):
        return f"{raw} {reason[len(name) + 1 :]}"
    return f"{raw}: {reason}"


def _text(result: DocumentResult) -> str:
    lines = [f"{result.document} — {result.framework} ({result.kind.replace('_', ' ')})"]
    met = result.count("met")
    lines.append(f"{met} of {len(result.findings)} elements met")
    for f in result.findings:
        lines.append("")
        lines.append(f"[{STATUS_LABELS[f.status].upper()}] {f.ref} {f.title}")
        lines.append(f"  {f.explanation}")
        for e in f.evidence:
            where = f"page {e.page}, characters {e.char_start}-{e.char_end}"
            lines.append(
                textwrap.fill(
                    f"“{e.quote}” ({where})", 96, initial_indent="    ", subsequent_indent="    "
                )
            )
        if f.status != "met" and f.model_wording:
            lines.append("  Wording to add:")
            lines.append(
                textwrap.fill(f.model_wording, 96, initial_indent="    ", subsequent_indent="    ")
            )
    if result.warnings:
        lines.append("")
        lines.append("Warnings:")
        for w in result.warnings:
            lines.append(f"  [{w.code}] {w.message}")
            lines.append(
                textwrap.fill(f"“{w.quote}”", 96, initial_indent="    ", subsequent_indent="    ")
            )
    return "\n".join(lines)
