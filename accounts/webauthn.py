"""Passkeys through django-otp-webauthn, bound to the portal's one public address.

The relying party (the site a passkey belongs to) and the origin a browser must show are read
from ``WAGTAILADMIN_BASE_URL`` at each request: a passkey made on ``https://portal.example.org``
works there and nowhere else. The library's views are subclassed only to write the audit log,
count wrong passkeys like wrong passwords, and name new passkeys.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.urls import path, reverse
from django.views.i18n import JavaScriptCatalog

from django_otp_webauthn import exceptions, views
from django_otp_webauthn.helpers import WebAuthnHelper

from accounts import factors, policy, verification
from accounts.audit import record

app_name = "otp_webauthn"


def relying_party_id(request=None):
    return urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname


class PortalWebAuthnHelper(WebAuthnHelper):
    def get_relying_party_domain(self):
        return relying_party_id(self.request)

    def get_relying_party_name(self):
        return settings.WAGTAIL_SITE_NAME

    def get_allowed_origins(self):
        return [settings.WAGTAILADMIN_BASE_URL]

    def create_credential(self, user, *args, **kwargs):
        device = super().create_credential(user, *args, **kwargs)
        device.name = f"Passkey {policy.passkeys(user).count() + 1}"
        return device


class RegistrationComplete(views.CompleteCredentialRegistrationView):
    def post(self, *args, **kwargs):
        first = not policy.has_factor(self.request.user)
        response = super().post(*args, **kwargs)
        device = policy.passkeys(self.request.user).last()
        record(self.request.user, "accounts.factor_added", self.request, factor=device.name)
        if first or not policy.recovery_codes_left(self.request.user):
            codes = factors.make_recovery_codes(self.request.user)
            factors.remember_fresh_codes(self.request, codes)
        return response


class AuthenticationComplete(views.CompleteCredentialAuthenticationView):
    def complete_auth(self, device):
        if verification.is_locked(self.request, device.user):
            verification.lock_out(self.request, device.user)
            raise exceptions.UserDisabled()
        verification.succeeded(self.request, device, "passkey")

    def handle_exception(self, exc):
        if self.request.user.is_authenticated:
            verification.failed(self.request, "passkey")
        return super().handle_exception(exc)

    def get_success_url(self):
        return self.get_redirect_url() or reverse("wagtailadmin_home")


ROUTES = [
    ("registration/begin/", views.BeginCredentialRegistrationView, "registration-begin"),
    ("registration/complete/", RegistrationComplete, "registration-complete"),
    ("authentication/begin/", views.BeginCredentialAuthenticationView, "authentication-begin"),
    ("authentication/complete/", AuthenticationComplete, "authentication-complete"),
]
# The library's names (its template tags reverse them), with the two subclasses above.
urlpatterns = [
    *(path(route, view.as_view(), name=f"credential-{name}") for route, view, name in ROUTES),
    path(
        "jsi18n/",
        JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]),
        name="js-i18n-catalog",
    ),
]
