"""Hold a signed-in editor at the second factor until they give it (or enrol one).

After ``django_otp.middleware.OTPMiddleware``. In the admin, every address but signing in and
out, password reset and the second-factor steps themselves redirects to the verification page
(or, for someone who has no factor but must have one, to enrolment). Outside the admin such a
session counts as anonymous, so a password alone opens no private document either.
"""

from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils import timezone, translation

from accounts import policy
from accounts.models import SignInSession
from localization.i18n import LANGUAGE_PARAM

# Admin views a held session may reach: signing in and out, password reset, the second-factor
# steps, and what their pages load (icons, the JavaScript catalogue).
OPEN_VIEWS = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_password_reset",
    "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_confirm",
    "wagtailadmin_password_reset_complete",
    "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog",
    "accounts:verify",
    "accounts:enrol",
    "accounts:add_authenticator",
    "accounts:recovery_codes",
    "otp_webauthn:credential-registration-begin",
    "otp_webauthn:credential-registration-complete",
    "otp_webauthn:credential-authentication-begin",
    "otp_webauthn:credential-authentication-complete",
    "otp_webauthn:js-i18n-catalog",
}
# The steps of signing in, shown in the browser's language (the admin's other pages follow the
# editor's own choice in Wagtail's account settings): its Accept-Language, or the language
# cookie. The admin's addresses have no language prefix, which would mean English.
SIGN_IN_VIEWS = {
    "wagtailadmin_login",
    "wagtailadmin_password_reset",
    "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_confirm",
    "wagtailadmin_password_reset_complete",
    "accounts:verify",
}
LAST_SEEN_KEY = "accounts_last_seen"
LAST_SEEN_EVERY = timedelta(minutes=5)


def admin_prefix():
    return f"/{settings.ADMIN_URL}"


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(admin_prefix()) and policy.must_verify(request):
            request.user = AnonymousUser()
        elif request.user.is_authenticated:
            self.note_last_seen(request)
        key_before = request.session.session_key
        response = self.get_response(request)
        self.follow_new_session_key(request, key_before)
        chosen = getattr(request, "chosen_sign_in_language", None)
        if chosen:  # remembered for the next steps (the form's own post, the second step)
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                chosen,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response

    @staticmethod
    def follow_new_session_key(request, key_before):
        """Saving one's account (name, language, password) gives the session a new key
        (``update_session_auth_hash``): the listed browser follows it, so "sign out everywhere
        else" and a reset still end that session."""
        key_after = request.session.session_key
        if key_before and key_after and key_after != key_before:
            SignInSession.objects.filter(session_key=key_before).update(session_key=key_after)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path.startswith(admin_prefix()):
            return None
        match = request.resolver_match
        if match is None:
            return None
        if match.view_name in SIGN_IN_VIEWS and (
            not request.user.is_authenticated or policy.must_verify(request)
        ):
            chosen = request.GET.get(LANGUAGE_PARAM, "")
            if chosen in dict(settings.LANGUAGES):
                request.chosen_sign_in_language = chosen
            language = chosen or translation.get_language_from_request(request)
            translation.activate(language)
            request.LANGUAGE_CODE = language
        if match.view_name in OPEN_VIEWS or not policy.must_verify(request):
            return None
        name = "accounts:verify" if policy.has_factor(request.user) else "accounts:enrol"
        target = f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}"
        if request.headers.get("accept", "").startswith("application/json"):
            return JsonResponse(
                {"detail": "Second factor required", "location": target}, status=403
            )
        return HttpResponseRedirect(target)

    @staticmethod
    def note_last_seen(request):
        """The session list's "last seen", written at most every five minutes per session."""
        now = timezone.now()
        seen = request.session.get(LAST_SEEN_KEY)
        if seen and now - timezone.datetime.fromisoformat(seen) < LAST_SEEN_EVERY:
            return
        request.session[LAST_SEEN_KEY] = now.isoformat()
        SignInSession.objects.filter(session_key=request.session.session_key).update(
            last_seen_at=now
        )
