from safecom.core.tests.tenancy_support import ALL

COMMISSIONING = {"partnership_admin", "commissioner", "qa_officer", "auditor"}


def _report(w, s):  # type: ignore[no-untyped-def]
    """A report of each tenancy's commissioner, made once per world."""
    from django.core.files.base import ContentFile

    from safecom.reporting.models import Report

    key = "report_" + s
    if not hasattr(w, key):
        report = Report(organisation=getattr(w, "commissioner_" + s), quarter="2026-Q3", size=4)
        report.file.save("r.pdf", ContentFile(b"%PDF"), save=False)
        report.save()
        setattr(w, key, report)
    return getattr(w, key)


# Provider users get their own obligations page at the same address.
PAGES = {
    "reporting:home": ("get", lambda w, s: "/dashboard/", ALL, 200),
    "reporting:export_csv": ("get", lambda w, s: "/dashboard/export.csv", COMMISSIONING, 200),
    "reporting:export_xlsx": ("get", lambda w, s: "/dashboard/export.xlsx", COMMISSIONING, 200),
    "reporting:reports": ("get", lambda w, s: "/dashboard/reports/", COMMISSIONING, 200),
    "reporting:report_download": (
        "get",
        lambda w, s: f"/dashboard/reports/{_report(w, s).pk}/download/",
        COMMISSIONING,
        200,
    ),
    "reporting:provider": (
        "get",
        lambda w, s: "/dashboard/provider/",
        {"provider_lead", "provider_hr"},
        200,
    ),
}
