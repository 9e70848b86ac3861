"""Kept dashboard rows are rewritten every few minutes. On PostgreSQL, leave half of each page
free so a row's new version fits beside the old one (a HOT update: no new index entries, and
the old version is pruned when the page is next read, without waiting for VACUUM), and let
autovacuum and ANALYZE visit the table after a few per cent of it changed, not a fifth."""

from __future__ import annotations

from typing import Any

from django.db import migrations

SETTINGS = (
    "fillfactor = 50",
    "autovacuum_vacuum_scale_factor = 0.02",
    "autovacuum_analyze_scale_factor = 0.02",
)


def _storage(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"ALTER TABLE reporting_contractstatus SET ({', '.join(SETTINGS)})"
        )


def _reset(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        names = ", ".join(s.split(" = ")[0] for s in SETTINGS)
        schema_editor.execute(f"ALTER TABLE reporting_contractstatus RESET ({names})")


class Migration(migrations.Migration):
    dependencies = [("reporting", "0002_contract_status")]

    operations = [migrations.RunPython(_storage, _reset)]
