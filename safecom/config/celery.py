"""The Celery application: Redis (REDIS_URL) as broker, tasks from every app."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safecom.config.settings.local")

app = Celery("safecom")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
