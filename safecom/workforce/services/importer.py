"""Importing a single central record: every row checked, all or nothing, re-runnable.

The file streams through in batches: each batch is checked and, while no row so far has
failed, written with bulk writes in the one transaction. Any invalid row (or a dry run) rolls
the whole transaction back at the end, so nothing is stored unless everything is right, and
memory stays flat whatever the size of the file. Rows match existing records on provider +
staff reference; a record whose fields and training are the same is counted unchanged and
not written.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from django.db import transaction
from django.utils import timezone

from safecom.audit.services import audit_record
from safecom.organisations.models import Organisation
from safecom.workforce.importing.columns import BY_NAME, STAFF_FIELDS
from safecom.workforce.importing.reader import FileRefused, RowError, open_sheet
from safecom.workforce.importing.validate import RowValidator, ValidRow
from safecom.workforce.models import StaffMember
from safecom.workforce.services import bulk
from safecom.workforce.services.figures import workforce_figures_forget
from safecom.workforce.services.records import (
    derived,
    normalise,
    training_fingerprint,
    values_of,
)

BATCH = 2000
PREVIEW_LIMIT = 200


@dataclass
class ImportOutcome:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False
    training_added: int = 0
    ignored_columns: list[str] = field(default_factory=list)
    # What would change (dry run) or changed: {"row", "staff_reference", "action", "fields"}
    changes: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        """The object the command line prints."""
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": [e.as_dict() for e in self.errors],
        }


class _RollBack(Exception):
    pass


def _batches(rows: Iterator[ValidRow], size: int) -> Iterator[list[ValidRow]]:
    while batch := list(islice(rows, size)):
        yield batch


class _Plan:
    """What the import knows of the provider's records before the first row."""

    def __init__(self, provider: Organisation, present: set[str]):
        self.absent = [n for n in STAFF_FIELDS if n not in present]
        rows = StaffMember.objects.filter(provider=provider).values_list(
            "staff_reference", "pk", "fingerprint", "training_fingerprint", *self.absent
        )
        # reference -> (id, fingerprints, the values of columns the file does not have)
        self.existing: dict[str, tuple[int, str, str, tuple[Any, ...]]] = {
            ref: (pk, fp, tfp, tuple(rest)) for ref, pk, fp, tfp, *rest in rows
        }
        self.training: dict[tuple[int, str, dt.date], tuple[int, str]] = {}


def staff_import(
    *,
    actor: Any,
    provider: Organisation,
    data: bytes,
    name: str,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
    max_bytes: int | None = None,
    today: dt.date | None = None,
) -> ImportOutcome:
    """Check and (unless a dry run, and only when every row is valid) store the file."""
    today = today or timezone.localdate()
    outcome = ImportOutcome(dry_run=dry_run)
    try:
        sheet = open_sheet(data=data, name=name, max_bytes=max_bytes)
    except FileRefused as exc:
        outcome.errors = exc.errors
        return outcome
    outcome.ignored_columns = sheet.ignored
    validator = RowValidator(sheet, today=today)
    try:
        with _fewer_collections(), transaction.atomic():
            _run(actor, provider, sheet, validator, outcome, progress, name)
            if outcome.errors or dry_run:
                raise _RollBack
            workforce_figures_forget(provider_ids=[provider.pk])
    except _RollBack:
        pass
    except FileRefused as exc:  # found part-way through the rows: all rolled back
        outcome.errors.extend(exc.errors)
    if outcome.errors:
        outcome.errors.sort(key=lambda e: e.row or 0)
    return outcome


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """The garbage collector's youngest generation collected every 20,000 new objects rather
    than every 700 while the rows stream past: each row makes a few dozen short-lived
    containers that reference counting frees anyway, and the collections they set off (and
    the older generations' sweeps over everything Django keeps) took about a fifth of the
    checking's CPU time on a 100,000-row file. Memory stays flat: a batch's rows are freed
    as it is written."""
    before = gc.get_threshold()
    gc.set_threshold(20_000, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _run(
    actor: Any,
    provider: Organisation,
    sheet: Any,
    validator: RowValidator,
    outcome: ImportOutcome,
    progress: Callable[[int, int], None] | None,
    name: str,
) -> None:
    plan = _Plan(provider, set(sheet.positions))
    has_training = any(n.startswith("training_") for n in sheet.positions)
    created_refs: list[str] = []
    updated_refs: list[str] = []
    errors = outcome.errors
    writer = bulk.Writer(provider_id=provider.pk, now=timezone.now())
    try:
        for rows in _batches(validator.rows(errors), BATCH):
            batch = _batch(plan, rows, has_training, writer, outcome, created_refs, updated_refs)
            if not errors and not outcome.dry_run:
                writer.write(batch)
            if progress:
                progress(outcome.rows, max(outcome.rows, sheet.estimated_rows))
    finally:
        writer.close()
    outcome.rows += len({e.row for e in errors if e.row is not None and e.row > 1})
    errors.extend(validator.file_errors())
    if not outcome.rows and not errors:
        errors.append(RowError(None, "", "The file has a heading row but no staff rows under it."))
    if outcome.dry_run:
        _describe_updates(provider, outcome)
    if not errors and not outcome.dry_run and (created_refs or updated_refs):
        audit_record(
            actor=actor,
            action="workforce.imported",
            obj=provider,
            organisation=provider,
            summary=(
                f"Imported {name[:80]}: {outcome.created} created, {outcome.updated} updated, "
                f"{outcome.unchanged} unchanged"
            ),
            changes={"created": created_refs, "updated": updated_refs},
        )


def _batch(
    plan: _Plan,
    rows: list[ValidRow],
    has_training: bool,
    writer: bulk.Writer,
    outcome: ImportOutcome,
    created_refs: list[str],
    updated_refs: list[str],
) -> bulk.Batch:
    """What one batch of valid rows creates and changes."""
    batch = bulk.Batch()
    batch.courses = _COURSES
    # Training is looked up only for people whose training columns changed since the
    # last import (their training fingerprint differs).
    trained: dict[str, str] = {}
    if has_training:
        trained = {r.values["staff_reference"]: training_fingerprint(r.training) for r in rows}
        changed = [
            plan.existing[ref][0]
            for ref, tfp in trained.items()
            if tfp and ref in plan.existing and plan.existing[ref][2] != tfp
        ]
        plan.training = writer.training_on_record(changed) if changed else {}
    existing = plan.existing
    for row in rows:
        ref = row.values["staff_reference"]
        found = existing.get(ref)
        if found is None:
            full = normalise(row.values)
            full.update(derived(full))
            full["training_fingerprint"] = trained.get(ref, "")
            batch.creates.append(full)
            batch.new_training.append((ref, row.training))
            outcome.training_added += len(row.training)
            created_refs.append(ref)
            outcome.created += 1
            if len(outcome.changes) < PREVIEW_LIMIT:
                _note(outcome, row, "create", [])
            continue
        pk, old_fingerprint, old_training, kept = found
        full = normalise({**dict(zip(plan.absent, kept, strict=True)), **row.values})
        extra = derived(full)
        staff_changed = extra["fingerprint"] != old_fingerprint
        new_training_fp = trained.get(ref, old_training) if has_training else old_training
        training_changed = False
        if new_training_fp != old_training:
            for kind, done, level in row.training:
                known = plan.training.get((pk, kind, done))
                if known is None:
                    batch.training.append((pk, kind, done, level, _COURSES[kind]))
                    plan.training[(pk, kind, done)] = (0, level)
                    outcome.training_added += 1
                    training_changed = True
                elif level and known[1] != level:
                    batch.levels.append((known[0], level))
                    training_changed = True
        if staff_changed or new_training_fp != old_training:
            batch.updates.append((pk, {**full, **extra, "training_fingerprint": new_training_fp}))
        if staff_changed or training_changed:
            updated_refs.append(ref)
            outcome.updated += 1
            _note(outcome, row, "update", [] if staff_changed else ["training"], pk=pk)
        else:
            outcome.unchanged += 1
    outcome.rows += len(rows)
    return batch


_COURSES = {
    c.name.removeprefix("training_"): c.heading.removesuffix(" date")
    for c in BY_NAME.values()
    if c.name.startswith("training_")
}


def _course(kind: str) -> str:
    return _COURSES[kind]


def _note(
    outcome: ImportOutcome, row: ValidRow, action: str, fields: list[str], pk: int | None = None
) -> None:
    if len(outcome.changes) < PREVIEW_LIMIT:
        outcome.changes.append(
            {
                "row": row.number,
                "staff_reference": row.values["staff_reference"],
                "action": action,
                "fields": fields,
                "_pk": pk,
                "_values": row.values if action == "update" else None,
            }
        )


def _describe_updates(provider: Organisation, outcome: ImportOutcome) -> None:
    """For the preview: which fields each listed update would change (a few records only)."""
    ids = [c["_pk"] for c in outcome.changes if c["action"] == "update" and c["_pk"]]
    current = {s.pk: values_of(s) for s in StaffMember.objects.filter(pk__in=ids)}
    for change in outcome.changes:
        values, before = change.pop("_values"), current.get(change.pop("_pk") or 0)
        if values is None or before is None:
            continue
        changed = [
            BY_NAME[n].heading
            for n, v in normalise({**before, **values}).items()
            if before.get(n) != v
        ]
        change["fields"] = changed + change["fields"]


def strip_private(changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in c.items() if not k.startswith("_")} for c in changes]
