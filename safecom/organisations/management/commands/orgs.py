from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from safecom.core.output import add_format_argument, render, table
from safecom.organisations.selectors import organisation_all, organisation_as_dict


class Command(BaseCommand):
    help = "Read organisations."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        lister = sub.add_parser("list", help="list organisations")
        lister.add_argument("--kind", choices=["partnership", "commissioner", "provider"])
        add_format_argument(lister)

    def handle(self, *args: Any, **options: Any) -> None:
        data = [organisation_as_dict(o) for o in organisation_all(kind=options.get("kind"))]
        self.stdout.write(
            render(
                data,
                options["format"],
                lambda d: table(
                    [(o["slug"], o["kind"], o["name"]) for o in d], ["slug", "kind", "name"]
                ),
            )
        )
