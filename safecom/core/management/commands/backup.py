"""`safecom backup --output FILE`: every table (and the stored files) in one checksummed
archive that `safecom restore` puts back, on SQLite or PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safecom.core.backup import BackupError, backup_write
from safecom.core.output import add_format_argument, render


class Command(BaseCommand):
    help = "Write every table and stored file to a checksummed archive (restore with `restore`)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", required=True, help="the archive to write (.zip)")
        add_format_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["output"])
        if path.is_dir():
            raise CommandError(f"{path} is a folder: give the archive's file name.")
        try:
            manifest = backup_write(path=path)
        except (BackupError, OSError) as exc:
            raise CommandError(f"No backup written: {exc}") from exc
        summary = {
            "archive": str(path),
            "tables": len(manifest["tables"]),
            "rows": sum(t["rows"] for t in manifest["tables"]),
            "files": len(manifest["files"]),
            "missing_files": manifest["missing_files"],
            "checksums": {t["table"]: t["sha256"] for t in manifest["tables"]},
            "counts": {t["table"]: t["rows"] for t in manifest["tables"]},
        }
        self.stdout.write(
            render(
                summary,
                options["format"],
                lambda s: (
                    f"Wrote {s['archive']}: {s['tables']} tables, {s['rows']} rows, "
                    f"{s['files']} files."
                    + (
                        f" {len(s['missing_files'])} stored files were missing."
                        if s["missing_files"]
                        else ""
                    )
                ),
            )
        )
