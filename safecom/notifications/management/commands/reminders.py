from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safecom.core.output import add_format_argument, render
from safecom.notifications.services import reminder_sweep


class Command(BaseCommand):
    help = "The daily reminder sweep: find what is due and remind each person once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="say what would be sent")
        parser.add_argument("--date", help="sweep as of this day (YYYY-MM-DD); default today")
        add_format_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        day = None
        if options["date"]:
            try:
                day = dt.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError(
                    f"--date {options['date']!r} is not a date like 2026-11-21"
                ) from exc
        outcome = reminder_sweep(today=day, dry_run=options["dry_run"])
        self.stdout.write(render(outcome.as_dict(), options["format"], _text))


def _text(d: dict[str, Any]) -> str:
    verb = "would make" if d["dry_run"] else "made"
    lines = [f"Reminder sweep for {d['date']}: {d['found']} due, {verb} {d['created']} new."]
    lines += [f"  {kind}: {n}" for kind, n in sorted(d["by_kind"].items())]
    return "\n".join(lines)
