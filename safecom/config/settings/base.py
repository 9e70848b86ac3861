"""Settings shared by every environment; everything that varies is read from the environment."""

from __future__ import annotations

import secrets
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parents[3]
env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

VAR_DIR = Path(env.str("SAFECOM_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _local_secret(name: str, nbytes: int = 48) -> str:
    """A secret kept under var/ so the embedded default needs no set-up, made once."""
    path = VAR_DIR / name
    if not path.exists():
        path.write_text(secrets.token_urlsafe(nbytes), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = env.str("SECRET_KEY", default="") or _local_secret("secret_key")


def _local_fernet_key() -> str:
    from cryptography.fernet import Fernet

    path = VAR_DIR / "field_key"
    if not path.exists():
        path.write_text(Fernet.generate_key().decode("ascii"), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


# Keys for encrypted fields, newest first; the embedded default keeps one under var/.
SAFECOM_FIELD_KEYS = env.list("SAFECOM_FIELD_KEYS", default=[]) or [_local_fernet_key()]
# Largest file accepted as an upload or import, in bytes.
SAFECOM_UPLOAD_MAX_BYTES = env.int("SAFECOM_UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "mozilla_django_oidc",
    "csp",
    "safecom.core",
    "safecom.accounts",
    "safecom.audit",
    "safecom.organisations",
    "safecom.standards",
    "safecom.contracts",
    "safecom.workforce",
    "safecom.assessments",
    "safecom.documents",
    "safecom.assurance",
    "safecom.notifications",
    "safecom.reporting",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "safecom.core.middleware.RejectNullBytesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "safecom.accounts.session_refresh.SessionRefreshMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "safecom.accounts.two_factor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "safecom.config.urls"
WSGI_APPLICATION = "safecom.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "safecom" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "safecom.core.context_processors.service",
            ],
        },
    }
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Keep a web process's database connection for a minute rather than open one per request.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Waiting beats "database is locked" when the server and a CLI command write together.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sign-in: failed attempts are counted and lock the account for a while (django-axes);
# single sign-on is added when an identity provider is configured (OIDC_* below).
AUTHENTICATION_BACKENDS = [
    "safecom.accounts.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
# A username is locked from the address that failed: a whole council behind one address is
# not locked out by one person's typing, and guessing from that address stops.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

OIDC_RP_CLIENT_ID = env.str("OIDC_RP_CLIENT_ID", default="")
SAFECOM_OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
if SAFECOM_OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append("safecom.accounts.oidc.SafecomOIDCBackend")
    OIDC_RP_CLIENT_SECRET = env.str("OIDC_RP_CLIENT_SECRET")
    OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("OIDC_OP_AUTHORIZATION_ENDPOINT")
    OIDC_OP_TOKEN_ENDPOINT = env.str("OIDC_OP_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = env.str("OIDC_OP_USER_ENDPOINT")
    OIDC_OP_JWKS_ENDPOINT = env.str("OIDC_OP_JWKS_ENDPOINT")
    OIDC_RP_SIGN_ALGO = env.str("OIDC_RP_SIGN_ALGO", default="RS256")
    OIDC_RP_SCOPES = "openid email profile"
    OIDC_CREATE_USER = False
    LOGIN_REDIRECT_URL_FAILURE = "/sign-in/?sso=failed"
SAFECOM_OIDC_LABEL = env.str("SAFECOM_OIDC_LABEL", default="your organisation's account")

OTP_TOTP_ISSUER = env.str("SAFECOM_SERVICE_NAME", default="Safe Commissioning")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "d/m/Y"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "safecom" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"

# Sessions end after an hour without use (each request renews it) or when the browser closes.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60)
# Saved when used, at most once a minute (SessionRefreshMiddleware), not on every answer.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content security policy: our own scripts, styles and images only; no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Background work: Celery with Redis when REDIS_URL is set, else a thread in the web process.
REDIS_URL = env.str("REDIS_URL", default="")
SAFECOM_JOBS_MODE = env.str("SAFECOM_JOBS_MODE", default="celery" if REDIS_URL else "thread")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "Europe/London"
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="safecom")

# Reminders go through GOV.UK Notify when a key is set, else into the outbox (shown in the app
# and printed to the console). One generic e-mail template carries ((subject)) and ((body)).
NOTIFY_API_KEY = env.str("NOTIFY_API_KEY", default="")
NOTIFY_EMAIL_TEMPLATE_ID = env.str("NOTIFY_EMAIL_TEMPLATE_ID", default="")
SAFECOM_NOTIFY_MAX_ATTEMPTS = env.int("SAFECOM_NOTIFY_MAX_ATTEMPTS", default=8)
CELERY_BEAT_SCHEDULE = {
    "daily-reminder-sweep": {
        "task": "safecom.notifications.tasks.reminder_sweep",
        "schedule": 24 * 60 * 60,
    },
    "daily-snapshot": {
        "task": "safecom.reporting.tasks.snapshot",
        "schedule": 24 * 60 * 60,
    },
    # Half the rows' keeping time, so the dashboard finds them current between runs.
    "dashboard-rows": {
        "task": "safecom.reporting.tasks.dashboard_rows",
        "schedule": max(env.int("SAFECOM_DASHBOARD_CACHE_SECONDS", default=300) // 2, 60),
    },
    "retry-notifications": {
        "task": "safecom.notifications.tasks.notifications_retry",
        "schedule": 10 * 60,
    },
}

SAFECOM_SERVICE_NAME = env.str("SAFECOM_SERVICE_NAME", default="Safe Commissioning")
# Items per page of an API list when the client sends no ?limit= (at most 500).
SAFECOM_API_PAGE_SIZE = env.int("SAFECOM_API_PAGE_SIZE", default=50)
# The portfolio dashboard keeps each contract's worked-out row (ContractStatus) at most this
# long (seconds; 0: always work them out); a change to the contract or its records dates it
# sooner. The page says when its rows were worked out and offers to work them out again now.
SAFECOM_DASHBOARD_CACHE_SECONDS = env.int("SAFECOM_DASHBOARD_CACHE_SECONDS", default=300)
SAFECOM_DASHBOARD_PAGE_SIZE = env.int("SAFECOM_DASHBOARD_PAGE_SIZE", default=50)
# The dashboard and staff list pages are kept for the session that asked and served again
# while nothing they show has changed, for at most this long (seconds; 0: never kept).
SAFECOM_KEPT_PAGE_SECONDS = env.int("SAFECOM_KEPT_PAGE_SECONDS", default=300)
# Shared between web processes through Redis when there is one; else each process's memory.
if REDIS_URL:
    # Sessions are read from the cache and written through to the database.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "safecom",
        }
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
