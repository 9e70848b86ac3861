from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safecom.contracts.selectors import contract_all
from safecom.core.output import add_format_argument, render, table
from safecom.organisations.models import Organisation


class Command(BaseCommand):
    help = "Read contracts."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        lister = sub.add_parser("list", help="list contracts")
        lister.add_argument("--commissioner", help="only this commissioner's contracts (slug)")
        add_format_argument(lister)

    def handle(self, *args: Any, **options: Any) -> None:
        slug = options.get("commissioner")
        if slug and not Organisation.objects.filter(slug=slug, kind="commissioner").exists():
            raise CommandError(
                f"No commissioner '{slug}'. `safecom orgs list --kind commissioner` shows them."
            )
        data = [
            {
                "id": c.pk,
                "title": c.title,
                "provider": c.provider.slug,
                "commissioner": c.commissioner.slug,
                "stage": c.stage,
            }
            for c in contract_all(commissioner_slug=slug)
        ]
        self.stdout.write(
            render(
                data,
                options["format"],
                lambda d: table(
                    [
                        (c["id"], c["stage"], c["commissioner"], c["provider"], c["title"])
                        for c in d
                    ],
                    ["id", "stage", "commissioner", "provider", "title"],
                ),
            )
        )
