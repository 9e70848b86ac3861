from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from safecom.reporting.services import snapshot_take


class Command(BaseCommand):
    help = "Take today's dashboard snapshot for every commissioner and partnership (for trends)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Snapshots taken for {snapshot_take()} organisations.")
