"""Error pages that need nothing but their templates: the database may be what failed."""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader

logger = logging.getLogger(__name__)
UNREACHABLE = (OperationalError, InterfaceError)


def server_error(request):
    """500, or 503 with Retry-After when the database cannot be reached (it will come back)."""
    error = sys.exc_info()[1]
    if isinstance(error, UNREACHABLE):
        logger.error("Database unreachable (%s): answering 503", type(error).__name__)
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())
