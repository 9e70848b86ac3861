from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safecom.organisations.models import Organisation
from safecom.reporting.services import quarterly_report_create


class Command(BaseCommand):
    help = "Make a quarterly assurance report (PDF) for a commissioner or partnership."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        quarterly = sub.add_parser("quarterly")
        quarterly.add_argument(
            "--organisation", required=True, help="commissioner or partnership slug"
        )
        quarterly.add_argument("--quarter", required=True, help="like 2026-Q3")
        quarterly.add_argument("--output", type=Path, help="also write the PDF here")

    def handle(self, *args: Any, **options: Any) -> None:
        org = Organisation.objects.filter(
            slug=options["organisation"], kind__in=("commissioner", "partnership")
        ).first()
        if org is None:
            raise CommandError(f"No commissioner or partnership '{options['organisation']}'.")
        try:
            report = quarterly_report_create(
                organisation=org, quarter=options["quarter"], actor=None
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if options["output"]:
            options["output"].write_bytes(report.file.read())
        self.stdout.write(
            f"Report {report.quarter} for {org.name}: {report.size} bytes"
            + (f", written to {options['output']}" if options["output"] else "")
        )
