from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safecom.assurance.models import Allegation
from safecom.assurance.selectors.allegations import allegation_as_dict, with_timeliness
from safecom.core.output import add_format_argument, render, table
from safecom.organisations.models import Organisation


class Command(BaseCommand):
    help = "Read allegations against staff: LADO timeliness (nel C10.1)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser(
            "check",
            help="whether the LADO was told within the working days the standards set "
            "(weekends and England and Wales bank holidays not counted)",
        )
        check.add_argument("--commissioner", help="only this commissioner's contracts (slug)")
        check.add_argument(
            "--breaches", action="store_true", help="only allegations not reported in time"
        )
        add_format_argument(check)

    def handle(self, *args: Any, **options: Any) -> None:
        qs = Allegation.objects.select_related(
            "contract", "contract__provider", "contract__commissioner"
        ).order_by("-made_on", "-pk")
        slug = options.get("commissioner")
        if slug:
            if not Organisation.objects.filter(slug=slug, kind="commissioner").exists():
                raise CommandError(
                    f"No commissioner '{slug}'. `safecom orgs list --kind commissioner` shows them."
                )
            qs = qs.filter(contract__commissioner__slug=slug)
        data = [allegation_as_dict(a) for a in with_timeliness(qs)]
        if options["breaches"]:
            data = [d for d in data if d["breach"]]
        self.stdout.write(
            render(
                data,
                options["format"],
                lambda rows: (
                    table(
                        [
                            (
                                d["id"],
                                d["contract"]["reference"],
                                d["made_on"],
                                d["lado_informed_on"] or "-",
                                d["lado_deadline"] or "-",
                                d["status"],
                            )
                            for d in rows
                        ],
                        ["id", "contract", "made", "lado told", "deadline", "status"],
                    )
                    if rows
                    else "No allegations."
                ),
            )
        )
