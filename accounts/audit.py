"""Sign-ins, failures and factor changes in Wagtail's audit log, with address and time.

Each entry is a ``ModelLogEntry`` about the account (the user) it concerns; ``user`` is who acted
(the person, the secretariat editor who reset them, or nobody for a failed sign-in).
"""

from django.utils.functional import LazyObject, empty

from wagtail.log_actions import log

from axes.helpers import get_client_ip_address

# The audit log's name of each event (its label and message in Wagtail's log registry).
ACTIONS = {
    # the password step
    "accounts.sign_in": "Sign in with password",
    "accounts.sign_in_failed": "Wrong password",
    "accounts.sign_in_refused_paused": "Sign-in refused: paused after repeated failures",
    "accounts.password_reset": "Password set with the e-mailed reset link",
    # the second step
    "accounts.verified": "Second factor given",
    "accounts.verify_failed": "Wrong second factor",
    "accounts.locked_out": "Sign-in paused after repeated failures",
    # sessions
    "accounts.sign_out": "Signed out",
    "accounts.signed_out_elsewhere": "Signed out every other session",
    # the account's own changes
    "accounts.factor_added": "Second factor added",
    "accounts.factor_renamed": "Second factor renamed",
    "accounts.factor_removed": "Second factor removed",
    # recovery codes
    "accounts.recovery_codes_made": "New recovery codes made",
    "accounts.recovery_code_used": "Recovery code used",
    # the secretariat
    "accounts.factors_reset": "Second factors reset by the secretariat",
}


def client_address(request):
    """The client's address, as django-axes reads it (TRUSTED_PROXY_COUNT behind proxies)."""
    return get_client_ip_address(request) if request is not None else None


SELF = object()


def record(account, action, request=None, by=SELF, **details):
    """Log ``action`` about ``account``; ``by`` is who did it: the account itself unless told
    (``None`` for nobody known, as with a wrong password)."""
    data = {"address": client_address(request), **details}
    if request is not None:
        data["browser"] = request.headers.get("user-agent", "")[:300]
    account = unwrap(account)
    return log(account, action, user=account if by is SELF else unwrap(by), data=data)


def unwrap(user):
    """The user itself: ``request.user`` is a lazy object around another one (django-otp's
    around Django's), and Wagtail's log registry, which unwraps one level, would find no log
    model for it and silently write nothing."""
    while isinstance(user, LazyObject):
        if user._wrapped is empty:
            user._setup()
        user = user._wrapped
    return user
