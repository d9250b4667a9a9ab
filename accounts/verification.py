"""What happens when a second factor is given, right or wrong."""

from django.contrib.auth import logout
from django.contrib.auth.signals import user_login_failed

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_credentials, get_failure_limit
from django_otp import login as otp_login

from accounts.audit import record
from accounts.signals import SECOND_FACTOR, reset_failures


def succeeded(request, device, method):
    otp_login(request, device)
    record(request.user, "accounts.verified", request, method=method, factor=device.name)
    reset_failures(request, request.user)


def is_locked(request, user):
    return AxesProxyHandler.is_locked(request, get_credentials(user.get_username()))


# From how many tries left the second step says how many there are.
FEW_TRIES = 3


def tries_left(request, user):
    """Wrong passwords or codes the account may still have before signing in is paused, when
    only a few are left (else None): django-axes' own count, one query."""
    credentials = get_credentials(user.get_username())
    limit = get_failure_limit(request, credentials)
    left = max(limit - AxesProxyHandler.get_failures(request, credentials), 0)
    return left if left <= FEW_TRIES else None


def failed(request, method):
    """Count a wrong code like a wrong password; True when that paused signing in (the person
    is then signed out, as django-axes refuses their password until the pause ends)."""
    user = request.user
    record(user, "accounts.verify_failed", request, method=method)
    credentials = get_credentials(user.get_username())
    user_login_failed.send(sender=SECOND_FACTOR, credentials=credentials, request=request)
    if AxesProxyHandler.is_locked(request, credentials):
        lock_out(request, user)
        return True
    return False


def lock_out(request, user):
    record(user, "accounts.locked_out", request)
    logout(request)
