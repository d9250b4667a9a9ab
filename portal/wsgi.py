"""WSGI entry point; defaults to production settings."""

import os
import sys

from django.core.wsgi import get_wsgi_application

from portal.settings import ConfigurationError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

try:
    application = get_wsgi_application()
except ConfigurationError as error:
    sys.exit(f"Configuration error: {error}")
