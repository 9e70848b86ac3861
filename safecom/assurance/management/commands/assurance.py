from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safecom.assurance.selectors.schedule import schedule_row_as_dict, schedule_rows
from safecom.contracts.selectors import contract_all
from safecom.core.output import add_format_argument, render, table
from safecom.organisations.models import Organisation


class Command(BaseCommand):
    help = "Read continuous assurance: the risk-based thematic check schedule."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        schedule = sub.add_parser(
            "schedule", help="contracts in delivery with risk score, tier, factors and checks"
        )
        schedule.add_argument("--commissioner", help="only this commissioner's contracts (slug)")
        add_format_argument(schedule)

    def handle(self, *args: Any, **options: Any) -> None:
        slug = options.get("commissioner")
        if slug and not Organisation.objects.filter(slug=slug, kind="commissioner").exists():
            raise CommandError(
                f"No commissioner '{slug}'. `safecom orgs list --kind commissioner` shows them."
            )
        data = [
            schedule_row_as_dict(r)
            for r in schedule_rows(contracts=contract_all(commissioner_slug=slug))
        ]
        self.stdout.write(render(data, options["format"], _text))


def _text(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "No contracts in delivery."
    lines = [
        table(
            [
                (
                    r["contract"]["reference"],
                    r["tier"],
                    r["risk_score"],
                    r["last_check"]["on"] if r["last_check"] else "-",
                    r["next_check_due"] or "-",
                    r["status"],
                )
                for r in rows
            ],
            ["contract", "tier", "score", "last check", "next due", "status"],
        ),
        "",
    ]
    for r in rows:
        lines.append(f"{r['contract']['reference']}: score {r['risk_score']} ({r['tier']})")
        lines.extend(
            f"  {f['points']:>2}/{f['max_points']:<2} {f['label']}: {f['explanation']}"
            for f in r["factors"]
        )
    return "\n".join(lines)
