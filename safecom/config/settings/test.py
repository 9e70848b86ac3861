"""Tests: the same database choice as everywhere (DATABASE_URL or SQLite), fast hashing."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405 - quiets WhiteNoise in tests
SAFECOM_JOBS_MODE = env.str("SAFECOM_JOBS_MODE", default="sync")
# Pages show what the data says at that moment; the dashboard's own test turns keeping on.
SAFECOM_DASHBOARD_CACHE_SECONDS = 0
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.db"
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
