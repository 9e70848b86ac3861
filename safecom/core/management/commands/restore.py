"""`safecom restore FILE [--force]`: put a `safecom backup` archive into this database.

Refuses a damaged archive, one made at another schema version, and a database that already
holds data (unless --force, which replaces everything). All or nothing: each table is read
back and must match the archive's checksum before anything is kept."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safecom.core.backup import BackupError, restore
from safecom.core.output import add_format_argument, render


class Command(BaseCommand):
    help = "Restore a `safecom backup` archive into an empty database (or --force to replace)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the archive written by `safecom backup`")
        parser.add_argument(
            "--force", action="store_true", help="replace whatever the database holds"
        )
        add_format_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = restore(path=Path(options["file"]), force=options["force"])
        except BackupError as exc:
            raise CommandError(f"Nothing restored: {exc}") from exc
        self.stdout.write(
            render(
                result,
                options["format"],
                lambda r: (
                    f"Restored {r['rows']} rows in {r['tables']} tables and {r['files']} files; "
                    "every table reads back identical to the archive."
                ),
            )
        )
