from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safecom.core.output import add_format_argument, render, table
from safecom.standards.library import LibraryError, read_library
from safecom.standards.selectors import (
    framework_as_dict,
    framework_coverage,
    framework_version_get,
    framework_versions_current,
)
from safecom.standards.services import frameworks_load


class Command(BaseCommand):
    help = "Load, validate and read the standards library."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="load framework files (default: the bundled library)")
        load.add_argument("files", nargs="*", type=Path)
        add_format_argument(load)
        validate = sub.add_parser("validate", help="check framework files without loading")
        validate.add_argument("files", nargs="*", type=Path)
        add_format_argument(sub.add_parser("list", help="list current frameworks"))
        show = sub.add_parser("show", help="one framework with its requirements")
        show.add_argument("id")
        show.add_argument("--version", dest="framework_version", default=None)
        add_format_argument(show)
        add_format_argument(sub.add_parser("coverage", help="how requirements are checked"))

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        fmt = options.get("format", "text")
        try:
            if action == "load":
                outcomes = frameworks_load(paths=options["files"] or None)
                data = [o.as_dict() for o in outcomes]
                self.stdout.write(
                    render(
                        data,
                        fmt,
                        lambda d: table(
                            [(o["id"], o["version"], o["status"], o["requirements"]) for o in d],
                            ["id", "version", "status", "count"],
                        ),
                    )
                )
            elif action == "validate":
                library = read_library(options["files"] or None)
                for f in library.frameworks:
                    self.stdout.write(f"{f.file}: valid, {len(f.requirements)} requirements")
                if library.mapping_set:
                    self.stdout.write(
                        f"{library.mapping_set.file}: valid, "
                        f"{len(library.mapping_set.mappings)} mappings"
                    )
            elif action == "list":
                rows = [
                    framework_as_dict(v, with_requirements=False)
                    for v in framework_versions_current()
                ]
                data = [
                    {k: r[k] for k in ("id", "title", "publisher", "version", "requirements")}
                    for r in rows
                ]
                self.stdout.write(
                    render(
                        data,
                        fmt,
                        lambda d: table(
                            [(r["id"], r["version"], r["requirements"], r["title"]) for r in d],
                            ["id", "version", "requirements", "title"],
                        ),
                    )
                )
            elif action == "show":
                version = framework_version_get(
                    slug=options["id"], version=options["framework_version"]
                )
                if version is None:
                    raise CommandError(
                        f"No framework '{options['id']}'"
                        + (
                            f" at version {options['framework_version']}"
                            if options["framework_version"]
                            else ""
                        )
                        + ". `safecom frameworks list` shows what is loaded."
                    )
                shown = framework_as_dict(version, with_requirements=True)
                self.stdout.write(render(shown, fmt, _show_text))
            elif action == "coverage":
                data = framework_coverage()
                self.stdout.write(
                    render(
                        data,
                        fmt,
                        lambda d: table(
                            [
                                (
                                    r["id"],
                                    r["requirements"],
                                    r["automatic"],
                                    r["self_assessment"],
                                    r["neither"],
                                )
                                for r in d
                            ],
                            ["id", "requirements", "from data", "asked", "neither"],
                        ),
                    )
                )
        except LibraryError as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{len(exc.problems)} problem(s): nothing was loaded.") from exc


def _show_text(d: dict[str, Any]) -> str:
    lines = [f"{d['id']} {d['version']}: {d['title']} ({d['publisher']})", ""]
    for r in d["requirements"]:
        lines.append(f"{r['ref']:<10} [{r['kind']}] {r['title']}")
    return "\n".join(lines)
