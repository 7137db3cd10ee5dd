"""WSGI entry point: `gunicorn autolend.config.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "autolend.config.settings")

application = get_wsgi_application()
