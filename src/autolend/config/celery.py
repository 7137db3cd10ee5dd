"""The Celery application: ``celery -A autolend.config worker`` runs the tasks of every app.

Configuration comes from Django settings with the ``CELERY_`` prefix (config/settings.py): with
no ``CELERY_BROKER_URL`` / ``AUTOLEND_CELERY_BROKER`` tasks run eagerly in the caller's process.
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "autolend.config.settings")

app = Celery("autolend")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
