"""WSGI entry point: ``gunicorn wegwijs.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wegwijs.conf.production")

application = get_wsgi_application()
