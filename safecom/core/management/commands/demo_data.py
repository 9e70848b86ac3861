from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from safecom.core.demo import SCALES, demo_data_build


class Command(BaseCommand):
    help = "Build the synthetic demo portfolio (idempotent) and print the demo sign-ins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        outcome = demo_data_build(scale=options["scale"])
        if options["format"] == "json":
            self.stdout.write(
                json.dumps({"created": outcome.created, "users": outcome.users}, indent=2)
            )
            return
        made = ", ".join(f"{n} {k}" for k, n in outcome.created.items())
        self.stdout.write(f"Demo data ({options['scale']}): created {made}.")
        self.stdout.write(
            "Demo sign-ins (password for all: "
            f"{outcome.users[0]['password'] if outcome.users else '-'}):"
        )
        for u in outcome.users:
            self.stdout.write(f"  {u['role']:<18} {u['username']:<18} {u['organisation']}")
