# Load Celery with Django so tasks bind to the project's application.
from safecom.config.celery import app as celery_app

__all__ = ("celery_app",)
