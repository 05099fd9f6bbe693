"""WSGI entry point (gunicorn sciencecity.config.wsgi; `sciencecity serve` runs it)."""

import os

from django.core.wsgi import get_wsgi_application

from sciencecity.core.startup import refuse_development_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sciencecity.config.settings")
refuse_development_key()
application = get_wsgi_application()
