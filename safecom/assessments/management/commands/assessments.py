from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safecom.assessments.selectors import provider_status
from safecom.core.output import add_format_argument, render, table
from safecom.organisations.models import Organisation


class Command(BaseCommand):
    help = "Read self-assessments."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        status = sub.add_parser("status", help="a provider's self-assessment status per framework")
        status.add_argument("--provider", required=True, help="the provider (slug)")
        add_format_argument(status)

    def handle(self, *args: Any, **options: Any) -> None:
        slug = options["provider"]
        provider = Organisation.objects.filter(slug=slug, kind="provider").first()
        if provider is None:
            raise CommandError(
                f"No provider '{slug}'. `safecom orgs list --kind provider` shows them."
            )
        data = provider_status(provider=provider)
        self.stdout.write(
            render(
                data,
                options["format"],
                lambda rows: (
                    table(
                        [
                            (
                                r["framework"],
                                r["cycle"],
                                r["due_date"],
                                r["status"],
                                "yes" if r["submitted_in_date"] else "no",
                                "/".join(
                                    str(r["ratings"][k])
                                    for k in ("met", "partly_met", "not_met", "not_applicable")
                                ),
                                r["open_actions"],
                                r["overdue_actions"],
                                r["suggested_challenges"],
                            )
                            for r in rows
                        ],
                        [
                            "framework",
                            "cycle",
                            "due",
                            "status",
                            "in date",
                            "met/partly/not/n-a",
                            "open actions",
                            "overdue",
                            "suggested challenges",
                        ],
                    )
                    if rows
                    else f"{provider.name} has not been asked for a self-assessment."
                ),
            )
        )
