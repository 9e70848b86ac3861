"""`safecom`: the command line. Each word is a management command (hyphens allowed)."""

from __future__ import annotations

import os
import sys

COMMANDS = """\
usage: safecom COMMAND [options]

Standards library
  frameworks load [FILE ...]       load the bundled standards (or the files given); idempotent
  frameworks validate [FILE ...]   check files without loading them
  frameworks list|show ID|coverage [--format json]

Portfolio
  orgs list [--kind KIND] [--format json]
  contracts list [--commissioner SLUG] [--format json]
  contracts gate CONTRACT [--format json]  the pre-engagement gate and each condition
  demo-data [--scale small|large]  build the synthetic portfolio and demo sign-ins

Workforce
  workforce import FILE --provider SLUG [--dry-run] [--format json]
  workforce summary --provider SLUG [--format json]
  workforce template [--format csv|xlsx] [--output FILE]

Self-assessment and documents
  assessments status --provider SLUG [--format json]
  check-document PATH [PATH ...] --framework ID [--kind policy] [--format json|text]

Assurance
  assurance schedule [--commissioner SLUG] [--format json]
  allegations check [--commissioner SLUG] [--breaches] [--format json]
  reminders [--dry-run] [--date YYYY-MM-DD] [--format json]

Reports
  report quarterly --organisation SLUG --quarter 2026-Q3 [--output FILE]
  snapshot                         today's dashboard snapshot (for trends)

Set-up and running
  migrate                          prepare the database (DATABASE_URL or SQLite under var/)
  runserver [ADDRESS:PORT]         serve the web application for development
  createsuperuser                  make an administrator account
  backup --output FILE             every table and stored file in one checksummed archive
  restore FILE [--force]           put an archive back into an empty database (all or nothing)

Every command honours DATABASE_URL. `safecom COMMAND --help` says more.
"""


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safecom.config.settings.local")
    if not args or args[0] in {"-h", "--help", "help"}:
        print(COMMANDS, end="")
        return
    from django.core.management import execute_from_command_line

    execute_from_command_line(["safecom", args[0].replace("-", "_"), *args[1:]])


if __name__ == "__main__":
    main()
