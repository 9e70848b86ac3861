from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safecom.core.output import add_format_argument, render, table
from safecom.organisations.models import Organisation
from safecom.workforce.exporting import template_csv, template_xlsx
from safecom.workforce.selectors import workforce_summary
from safecom.workforce.services.importer import staff_import

# The command line is the operator's: it may read files larger than a web upload.
CLI_MAX_BYTES = 1024 * 1024 * 1024


class Command(BaseCommand):
    help = (
        "Workforce records: import a single central record, print a provider's figures, "
        "write the import template."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        importer = sub.add_parser("import", help="import staff records from a CSV or XLSX file")
        importer.add_argument("file", help="the CSV or XLSX file")
        importer.add_argument("--provider", required=True, help="the provider's slug")
        importer.add_argument(
            "--dry-run", action="store_true", help="check and count, store nothing"
        )
        add_format_argument(importer)
        summary = sub.add_parser("summary", help="a provider's workforce figures")
        summary.add_argument("--provider", required=True, help="the provider's slug")
        add_format_argument(summary)
        template = sub.add_parser("template", help="write the import template")
        template.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        template.add_argument("--output", help="file to write (default: standard output)")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "template":
            self._template(options)
            return
        provider = Organisation.objects.filter(
            slug=options["provider"], kind=Organisation.Kind.PROVIDER
        ).first()
        if provider is None:
            raise CommandError(
                f"No provider '{options['provider']}'. `safecom orgs list --kind provider` "
                "shows them."
            )
        if action == "summary":
            data = workforce_summary(provider=provider)
            self.stdout.write(
                render(data, options["format"], lambda d: table(list(d.items()), ["", ""]))
            )
            return
        self._import(provider, options)

    def _import(self, provider: Organisation, options: dict[str, Any]) -> None:
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror or exc}") from exc
        outcome = staff_import(
            actor=None,
            provider=provider,
            data=data,
            name=path.name,
            dry_run=options["dry_run"],
            max_bytes=CLI_MAX_BYTES,
        )
        result = outcome.as_dict()
        if options["format"] == "json":
            self.stdout.write(json.dumps(result, indent=2, ensure_ascii=False))
        else:
            verb = "Would import" if options["dry_run"] else "Imported"
            lines = [
                f"{verb} {result['rows']} rows: {result['created']} created, "
                f"{result['updated']} updated, {result['unchanged']} unchanged."
            ]
            if outcome.errors:
                lines = [f"Nothing stored: {len(outcome.errors)} problems in {path.name}."]
                lines.append(
                    table(
                        [
                            (e.row if e.row is not None else "-", e.column, e.message)
                            for e in outcome.errors
                        ],
                        ["row", "column", "problem"],
                    )
                )
            self.stdout.write("\n".join(lines))
        if outcome.errors:
            sys.exit(1)

    def _template(self, options: dict[str, Any]) -> None:
        data = template_xlsx() if options["format"] == "xlsx" else template_csv()
        if options.get("output"):
            Path(options["output"]).write_bytes(data)
            self.stderr.write(
                f"Wrote the {options['format'].upper()} template to {options['output']}."
            )
        elif options["format"] == "xlsx":
            sys.stdout.buffer.write(data)
        else:
            self.stdout.write(data.decode("utf-8-sig"), ending="")
