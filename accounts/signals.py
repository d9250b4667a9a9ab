"""Sign-in events: the audit log, the list of signed-in sessions, and django-axes' counter."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.contrib.sessions.models import Session
from django.dispatch import receiver
from django.template.defaultfilters import pluralize
from django.utils import timezone

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_credentials

from accounts import policy
from accounts.audit import client_address, record
from accounts.models import SignInSession

# The sender of the ``user_login_failed`` signals sent for a wrong second factor: django-axes
# counts them like wrong passwords; the audit log already has them as "Wrong second factor".
SECOND_FACTOR = "accounts.second_factor"


def reset_failures(request, user):
    """Forget the account's failed attempts, once the whole sign-in succeeded.

    django-axes' own reset-on-success runs after the password alone (AXES_RESET_ON_SUCCESS is off
    for that reason): otherwise a stolen password would restart the count of wrong codes.
    """
    AxesProxyHandler.update_request(request)
    AxesProxyHandler.get_implementation().reset_user_attempts(
        request, get_credentials(user.get_username())
    )


@receiver(user_logged_in)
def signed_in(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    record(user, "accounts.sign_in", request)
    if not request.session.session_key:
        request.session.save()  # the test client's force_login() has none yet
    # Forget the browsers whose sessions ended (expired and cleared, or signed out elsewhere).
    SignInSession.objects.filter(user=user).exclude(
        session_key__in=Session.objects.values("session_key")
    ).delete()
    SignInSession.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={
            "user": user,
            "ip_address": client_address(request),
            "user_agent": request.headers.get("user-agent", "")[:300],
            "signed_in_at": timezone.now(),
            "last_seen_at": timezone.now(),
        },
    )
    status = policy.status(user, request)
    if policy.has_factor(user) or status.required_now:
        return  # the sign-in is complete when the second factor is given
    reset_failures(request, user)
    if status.in_grace and hasattr(request, "_messages"):
        messages.warning(
            request,
            f"Set up a passkey or an authenticator app within {status.days_left} "
            f"day{pluralize(status.days_left)}: from {status.deadline:%-d %B %Y} your account "
            "needs one to sign in.",
        )


@receiver(user_login_failed)
def sign_in_failed(sender, credentials, request=None, **kwargs):
    """A wrong password, or any password while the account is paused (django-axes refused it
    unread, so it is not called wrong).

    This receiver is connected before django-axes' own (``accounts`` comes before ``axes`` in
    INSTALLED_APPS), so the pause it sees is the one that was already there, not the one this
    failure may start."""
    if sender == SECOND_FACTOR:
        return
    username = (credentials or {}).get("username")
    account = get_user_model().objects.filter(username=username).first() if username else None
    if account is None:
        return
    paused = request is not None and AxesProxyHandler.is_locked(request, credentials)
    action = "accounts.sign_in_refused_paused" if paused else "accounts.sign_in_failed"
    record(account, action, request, by=None)


@receiver(user_logged_out)
def signed_out(sender, request, user, **kwargs):
    if request is None or user is None:
        return
    if request.session.session_key:
        SignInSession.objects.filter(session_key=request.session.session_key).delete()
    record(user, "accounts.sign_out", request)
