"""ASGI entry point (uvicorn sciencecity.config.asgi:application)."""

import os

from django.core.asgi import get_asgi_application

from sciencecity.core.startup import refuse_development_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sciencecity.config.settings")
refuse_development_key()
application = get_asgi_application()
