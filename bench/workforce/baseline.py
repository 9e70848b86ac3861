"""The comparison the issue names: django-import-export importing the same CSV into the same
staff model, set up the way its documentation suggests for speed.

A ModelResource maps each template heading to its field, with widgets for UK dates, yes/no
and the choice columns; rows match on staff reference within the provider (as ours do);
`use_bulk` with batches of 2,000 and `skip_diff`, so it neither writes nor compares row by
row. The two encrypted fields are encrypted by the model fields themselves on save. It does
none of our cross-field checks, training records or fingerprints, so it is doing less work.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

BATCH = 2000


def _resource_class(provider_id: int) -> Any:
    from import_export import fields, resources, widgets

    from safecom.workforce.importing.columns import BY_NAME, STAFF_FIELDS
    from safecom.workforce.models import (
        DbsLevel,
        DbsStatusResult,
        DbsWorkforce,
        RightToWork,
        StaffMember,
        WorkerType,
    )

    class YesNo(widgets.Widget):
        def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
            text = str(value or "").strip().lower()
            return text in {"yes", "y", "true", "1", "active"} if text else None

    class Choice(widgets.Widget):
        def __init__(self, choices: Any, words: dict[str, str] | None = None):
            super().__init__()
            self.codes = {label.lower(): code for code, label in choices.choices}
            self.codes.update({code: code for code in choices.values})
            self.codes.update(words or {})

        def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
            text = str(value or "").strip().lower()
            return self.codes.get(text, text) if text else ""

    choice_widgets = {
        "worker_type": Choice(WorkerType, {"agency": "agency"}),
        "dbs_level": Choice(DbsLevel),
        "dbs_workforce": Choice(DbsWorkforce, {"child and adult": "child_and_adult"}),
        "right_to_work_type": Choice(RightToWork, {"unlimited": "unlimited"}),
        "dbs_status_result": Choice(DbsStatusResult),
    }
    uk_date = widgets.DateWidget(format="%d/%m/%Y")
    declared: dict[str, Any] = {}
    for name in STAFF_FIELDS:
        column = BY_NAME[name]
        widget: Any
        if column.kind == "date":
            widget = uk_date
        elif column.kind in {"bool", "status"}:
            widget = YesNo()
        elif column.kind == "int":
            widget = widgets.IntegerWidget()
        elif name in choice_widgets:
            widget = choice_widgets[name]
        else:
            widget = widgets.CharWidget()
        declared[name] = fields.Field(attribute=name, column_name=column.heading, widget=widget)

    class Meta:
        model = StaffMember
        fields = tuple(STAFF_FIELDS)
        import_id_fields = ("staff_reference",)
        use_bulk = True
        batch_size = BATCH
        skip_diff = True

    def get_queryset(self: Any) -> Any:
        return StaffMember.objects.filter(provider_id=provider_id)

    def before_save_instance(self: Any, instance: Any, row: Any, **kwargs: Any) -> None:
        instance.provider_id = provider_id
        if instance.references_received is None:
            instance.references_received = 0
        for name in ("is_active", "regulated_children", "regulated_adults", "recruits_staff"):
            if getattr(instance, name) is None:
                setattr(instance, name, name == "is_active")
        for name in ("single_reference_risk_assessed", "overseas_check_needed"):
            if getattr(instance, name) is None:
                setattr(instance, name, False)
        if instance.dbs_update_service is None:
            instance.dbs_update_service = False

    return type(
        "StaffResource",
        (resources.ModelResource,),
        {
            **declared,
            "Meta": Meta,
            "get_queryset": get_queryset,
            "before_save_instance": before_save_instance,
        },
    )


def import_with_django_import_export(path: Path, provider_id: int) -> dict[str, Any]:
    """Import the CSV at `path` (read and loaded by tablib, as the library does); what it did."""
    import tablib

    resource = _resource_class(provider_id)()
    dataset = tablib.Dataset().load(path.read_text(encoding="utf-8"), format="csv")
    result = resource.import_data(dataset, dry_run=False, raise_errors=True)
    return {"rows": len(dataset), "created": dict(result.totals).get("new", 0)}
