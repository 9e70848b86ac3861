from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safecom.assessments.gate import contract_gate
from safecom.contracts.models import Contract
from safecom.contracts.selectors import contract_all
from safecom.core.output import add_format_argument, render, table
from safecom.organisations.models import Organisation


class Command(BaseCommand):
    help = "Read contracts."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        lister = sub.add_parser("list", help="list contracts")
        lister.add_argument("--commissioner", help="only this commissioner's contracts (slug)")
        add_format_argument(lister)
        gate = sub.add_parser("gate", help="a contract's pre-engagement gate and its conditions")
        gate.add_argument("contract", help="the contract's id (or its reference, if unique)")
        add_format_argument(gate)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "gate":
            self._gate(options)
            return
        slug = options.get("commissioner")
        if slug and not Organisation.objects.filter(slug=slug, kind="commissioner").exists():
            raise CommandError(
                f"No commissioner '{slug}'. `safecom orgs list --kind commissioner` shows them."
            )
        data = [
            {
                "id": c.pk,
                "title": c.title,
                "provider": c.provider.slug,
                "commissioner": c.commissioner.slug,
                "stage": c.stage,
            }
            for c in contract_all(commissioner_slug=slug)
        ]
        self.stdout.write(
            render(
                data,
                options["format"],
                lambda d: table(
                    [
                        (c["id"], c["stage"], c["commissioner"], c["provider"], c["title"])
                        for c in d
                    ],
                    ["id", "stage", "commissioner", "provider", "title"],
                ),
            )
        )

    def _gate(self, options: dict[str, Any]) -> None:
        wanted = str(options["contract"]).strip()
        found = list(
            Contract.objects.filter(pk=int(wanted)) if wanted.isdigit() else Contract.objects.none()
        ) or list(Contract.objects.filter(reference=wanted)[:2])
        if not found:
            raise CommandError(f"No contract '{wanted}'. `safecom contracts list` shows them.")
        if len(found) > 1:
            raise CommandError(f"More than one contract has reference '{wanted}': give its id.")
        data = contract_gate(contract=found[0]).as_dict()
        self.stdout.write(
            render(
                data,
                options["format"],
                lambda d: (
                    f"Contract {d['contract']}: gate {'passed' if d['passed'] else 'NOT passed'}\n"
                    + table(
                        [
                            (c["name"], "yes" if c["passed"] else "no", c["detail"])
                            for c in d["conditions"]
                        ],
                        ["condition", "met", "detail"],
                    )
                ),
            )
        )
