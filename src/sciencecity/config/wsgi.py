"""WSGI entry point (gunicorn sciencecity.config.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sciencecity.config.settings")
application = get_wsgi_application()
