"""Security headers beyond django-csp's defaults: its public policy built once per process
(``ContentSecurityPolicyMiddleware``), and a looser policy for the Wagtail admin.

Wagtail's admin still relies on inline scripts and styles, so django-csp's strict policy leaves
it out (``EXCLUDE_URL_PREFIXES``) and ``AdminContentSecurityPolicyMiddleware`` gives it one that
allows them but keeps plugins, foreign frames and base-URL tricks out.
"""

from functools import cache

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.core.signals import setting_changed
from django.http import QueryDict
from django.views.defaults import bad_request

from csp.constants import HEADER
from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import build_policy

ADMIN_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob: " + " ".join(settings.MEDIA_ORIGINS),
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ]
)


@cache
def public_policy():
    """The public pages' policy, as django-csp builds it from ``CONTENT_SECURITY_POLICY``."""
    return build_policy()


def _forget_the_policy(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        public_policy.cache_clear()


setting_changed.connect(_forget_the_policy)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the public policy built once per process.

    No public view sets a nonce or a policy of its own, so every public response gets the same
    header; django-csp built it anew for each (about 0.1 ms, a large share of serving a cached
    page). A response that does set its own parts, or a report-only policy, goes the library's
    way."""

    def process_response(self, request, response):
        own_parts = self.get_policy_parts(request=request, response=response) != PolicyParts()
        if own_parts or getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None):
            return super().process_response(request, response)
        excluded = tuple(settings.CONTENT_SECURITY_POLICY.get("EXCLUDE_URL_PREFIXES", ()))
        exempt = getattr(response, "_csp_exempt", False)
        if HEADER not in response and not exempt and not request.path_info.startswith(excluded):
            response[HEADER] = public_policy()
        return response


class AdminContentSecurityPolicyMiddleware:
    """The admin's policy, and same-origin framing for the previews the admin frames.

    Wagtail renders a preview by passing a fake request for the page's public address through
    the middleware, so the preview comes back with the public policy (``frame-ancestors
    'none'``) and the editor's preview panel stayed blank. Wagtail marks the views it frames
    itself with ``X-Frame-Options: SAMEORIGIN``; for those admin responses only, the public
    policy's ``frame-ancestors`` becomes ``'self'``. Public pages stay unframeable.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = f"/{settings.ADMIN_URL}"

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(self.prefix):
            response.setdefault("Content-Security-Policy", ADMIN_POLICY)
            if response.get("X-Frame-Options") == "SAMEORIGIN":
                response["Content-Security-Policy"] = same_origin_framing(
                    response["Content-Security-Policy"]
                )
        return response


def same_origin_framing(policy):
    """``policy`` with ``frame-ancestors 'self'`` in place of whatever it said."""
    directives = [part.strip() for part in policy.split(";") if part.strip()]
    kept = [part for part in directives if part.split(" ", 1)[0] != "frame-ancestors"]
    return "; ".join([*kept, "frame-ancestors 'self'"])


class NullCharactersMiddleware:
    """NUL characters: an address holding one gets the 400 page; query values lose theirs.

    PostgreSQL stores and compares no text with NUL in it: a query parameter holding one, passed
    on to a filter, failed as a DataError (a 500, found by the fuzz tests). No page address has a
    use for NUL, and no one types it: in a search or filter value it is dropped, as the search
    already dropped it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            return bad_request(request, SuspiciousOperation("NUL character in the address"))
        if any("\x00" in part for name, values in request.GET.lists() for part in (name, *values)):
            cleaned = QueryDict(mutable=True)
            for name, values in request.GET.lists():
                cleaned.setlist(name.replace("\x00", ""), [v.replace("\x00", "") for v in values])
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)
