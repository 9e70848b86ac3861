"""Fresh, empty databases beside the test database, for what must run in another process
(`safecom restore`, an import killed half-way, two connections editing at once).

A new database gets the schema the migrations make, built straight from the models in one
pass (no migration here runs SQL or Python of its own, so the two are the same) and every
migration recorded as applied, as `safecom migrate` would leave it, in a second instead of
half a minute. SQLite databases are files in a temporary folder; PostgreSQL ones are named
after the test database (`<name>_backup_<n>`) and dropped at the end.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.db.utils import load_backend
from django.utils import timezone


def _wrapper(settings_dict: dict[str, Any]) -> Any:
    backend = load_backend(settings_dict["ENGINE"])
    return backend.DatabaseWrapper(settings_dict, alias=f"extra-{uuid.uuid4().hex[:6]}")


def _build_schema(settings_dict: dict[str, Any]) -> None:
    target = _wrapper(settings_dict)
    try:
        # Not atomic: an atomic block looks the connection up by an alias it does not have.
        with target.schema_editor(atomic=False) as editor:
            for model in apps.get_models():
                if model._meta.managed and not model._meta.proxy:
                    editor.create_model(model)
            editor.create_model(MigrationRecorder.Migration)
        applied = MigrationLoader(connection, ignore_no_migrations=True).applied_migrations
        now = target.ops.adapt_datetimefield_value(timezone.now())
        with target.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO django_migrations (app, name, applied) VALUES (%s, %s, %s)",
                [(app, name, now) for app, name in sorted(applied)],
            )
    finally:
        target.close()


class Databases:
    """Makes empty databases of a kind ("sqlite" or "postgresql") and removes them after."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="safecom-extra-"))
        self.made: list[tuple[str, str]] = []

    def new(self, kind: str | None = None) -> str:
        """The DATABASE_URL of a new empty database with the current schema."""
        kind = kind or connection.vendor
        base = {**connection.settings_dict}
        if kind == "sqlite":
            path = self.folder / f"{uuid.uuid4().hex[:8]}.sqlite3"
            _build_schema(
                {**base, "ENGINE": "django.db.backends.sqlite3", "NAME": str(path), "OPTIONS": {}}
            )
            self.made.append(("sqlite", str(path)))
            return f"sqlite:///{path}"
        if connection.vendor != "postgresql":
            raise RuntimeError("a PostgreSQL database needs the tests to run on PostgreSQL")
        name = f"{self._stem()}_backup_{uuid.uuid4().hex[:8]}"
        admin = _wrapper({**base, "NAME": "postgres"})
        try:
            with admin.cursor() as cursor:
                cursor.execute(f'CREATE DATABASE "{name}"')
        finally:
            admin.close()
        self.made.append(("postgresql", name))
        _build_schema({**base, "NAME": name})
        return self.url(name)

    @staticmethod
    def _stem() -> str:
        name = str(connection.settings_dict["NAME"])
        return name.removeprefix("test_")

    @staticmethod
    def url(name: str) -> str:
        s = connection.settings_dict
        auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
        return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"

    def query(self, url: str, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Rows from another database, read outside Django (PostgreSQL placeholders are %s,
        SQLite's ?: write the SQL with %s)."""
        if url.startswith("sqlite:///"):
            with sqlite3.connect(url.removeprefix("sqlite:///"), timeout=30) as db:
                return db.execute(sql.replace("%s", "?"), params).fetchall()
        import psycopg

        with psycopg.connect(url) as db:
            return db.execute(sql, params).fetchall()  # type: ignore[arg-type]

    def drop_all(self) -> None:
        for kind, name in self.made:
            if kind == "postgresql":
                admin = _wrapper({**connection.settings_dict, "NAME": "postgres"})
                try:
                    with admin.cursor() as cursor:
                        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                finally:
                    admin.close()
        for path in self.folder.glob("*"):
            path.unlink()
        self.folder.rmdir()


def run_safecom(
    args: list[str], database_url: str, *, timeout: float = 180, **popen: Any
) -> subprocess.CompletedProcess[str]:
    """`safecom ARGS` in its own process on the given database, with the test settings."""
    return subprocess.run(
        [sys.executable, "-m", "safecom.cli", *args],
        env=child_env(database_url),
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        **popen,
    )


def child_env(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "safecom.config.settings.test",
        "DATABASE_URL": database_url,
        "SAFECOM_JOBS_MODE": "sync",
    }
