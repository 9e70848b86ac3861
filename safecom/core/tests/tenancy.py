from safecom.core.tests.tenancy_support import ALL

PAGES = {
    "core:home": ("get", lambda w, s: "/", ALL, 200),
    "core:healthz": ("get", lambda w, s: "/healthz", ALL, 200),
}


def _job(w, s):  # type: ignore[no-untyped-def]
    """A job each tenancy's provider started, made once per world."""
    from safecom.core.models import Job

    key = "job_" + s
    if not hasattr(w, key):
        setattr(
            w,
            key,
            Job.objects.create(
                kind="test", label="Import", organisation=getattr(w, "provider_" + s)
            ),
        )
    return getattr(w, key)


PROVIDER_SIDE = {
    "provider_lead",
    "provider_hr",
    "commissioner",
    "qa_officer",
    "auditor",
    "partnership_admin",
}
PAGES["core:job"] = ("get", lambda w, s: f"/jobs/{_job(w, s).pk}/", PROVIDER_SIDE, 200)
API_OPS = {
    ("get", "/api/jobs/{pk}"): (
        lambda w, s: f"/api/jobs/{_job(w, s).pk}",
        PROVIDER_SIDE,
        200,
        None,
    ),
}
