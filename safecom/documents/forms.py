from __future__ import annotations

from typing import Any

from django import forms

from safecom.core.forms import GovukFormMixin
from safecom.documents.checking import KINDS, versions_with
from safecom.documents.extraction import ACCEPTED

KIND_LABELS = {
    "contract_clause": "The contract, specification or its safeguarding clause",
    "provider_policy": "A provider's policy (safeguarding, recruitment, whistleblowing...)",
}


class CheckUploadForm(GovukFormMixin, forms.Form):
    file = forms.FileField(
        label="Document",
        help_text=f"Upload {ACCEPTED}. A PDF must have a text layer (not a scan).",
        error_messages={"required": "Choose the document to check."},
    )
    kind = forms.ChoiceField(
        label="What the document is",
        choices=(),
        error_messages={"required": "Choose what the document is."},
    )
    framework = forms.ChoiceField(
        label="Check against",
        choices=(),
        error_messages={"required": "Choose the standards to check the document against."},
    )

    def __init__(self, *args: Any, kinds: list[str], preferred: list[str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k, KIND_LABELS[k]) for k in kinds]  # type: ignore[attr-defined]
        if len(kinds) == 1:
            self.fields["kind"].initial = kinds[0]
        seen: dict[int, Any] = {}
        for kind in KINDS:
            for version in versions_with(kind):
                seen.setdefault(version.pk, version)
        ordered = sorted(
            seen.values(),
            key=lambda v: (v.framework.slug not in preferred, v.framework.slug),
        )
        self.fields["framework"].choices = [  # type: ignore[attr-defined]
            (str(v.pk), f"{v.framework.short_name} {v.version} — {v.framework.title}")
            for v in ordered
        ]
        if ordered:
            self.fields["framework"].initial = str(ordered[0].pk)


class AuditStartForm(GovukFormMixin, forms.Form):
    framework = forms.ChoiceField(
        label="Check every contract against",
        choices=(),
        required=False,
        help_text="The contract clause elements of these standards are the Appendix A measure",
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["framework"].choices = [  # type: ignore[attr-defined]
            (str(v.pk), f"{v.framework.short_name} {v.version}")
            for v in versions_with("contract_clause")
        ]
