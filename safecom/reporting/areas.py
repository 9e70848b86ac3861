"""The dashboard's columns: one per area of assurance, in the order people read them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

AREAS: tuple[tuple[str, str], ...] = (
    ("gate", "Pre-engagement gate"),
    ("clause", "Contract clause"),
    ("assessment", "Self-assessment"),
    ("workforce", "Workforce"),
    ("monitoring", "Monitoring"),
    ("returns", "Quarterly returns"),
    ("thematic", "Thematic checks"),
    ("allegations", "Allegations"),
)
AREA_LABELS = dict(AREAS)
RAGS = ("red", "amber", "green", "grey")


@dataclass(frozen=True)
class Cell:
    rag: str
    reason: str
    link: str = ""


@dataclass
class Row:
    contract_id: int
    reference: str
    title: str
    provider: str
    provider_slug: str
    commissioner: str
    stage: str
    cells: dict[str, Cell] = field(default_factory=dict)
    # When read from a kept row: its time, so the page can keep the row's HTML as long.
    version: str = field(default="", compare=False)

    @classmethod
    def of(cls, contract: Any, cells: dict[str, Cell], version: str = "") -> Row:
        """The row of a contract (with its provider and commissioner loaded)."""
        return cls(
            contract_id=contract.pk,
            reference=contract.reference,
            title=contract.title,
            provider=contract.provider.name,
            provider_slug=contract.provider.slug,
            commissioner=contract.commissioner.name,
            stage=contract.get_stage_display(),
            cells=cells,
            version=version,
        )

    @property
    def worst(self) -> str:
        order = {"red": 0, "amber": 1, "grey": 2, "green": 3}
        return min((c.rag for c in self.cells.values()), key=order.__getitem__, default="grey")

    @property
    def reds(self) -> int:
        return sum(c.rag == "red" for c in self.cells.values())

    def ordered_cells(self) -> list[tuple[str, str, Cell]]:
        return [(key, label, self.cells[key]) for key, label in AREAS if key in self.cells]


def totals(rows: list[Row]) -> dict[str, dict[str, int]]:
    out = {key: dict.fromkeys(RAGS, 0) for key, _ in AREAS}
    for row in rows:
        for key, cell in row.cells.items():
            out[key][cell.rag] += 1
    return out
