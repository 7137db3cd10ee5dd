"""ASGI entry point: `uvicorn autolend.config.asgi:application`."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "autolend.config.settings")

application = get_asgi_application()
