"""One column of the staff import: what it holds, how it is read, the headings accepted."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    name: str  # the field it fills (or a training pseudo-field)
    heading: str  # the heading in our template
    kind: str  # text, date, bool, int, choice, dbs
    help: str
    aliases: tuple[str, ...] = ()
    required: bool = False  # the heading must be in the file
    max_length: int = 200
    example: str = ""
    choices: tuple[str, ...] = field(default=())
