"""Who must have a second factor, by role, and what counts as one.

Factors are passkeys (django-otp-webauthn's ``WebAuthnCredential``) and authenticator apps
(django-otp's ``TOTPDevice``). Recovery codes (a ``StaticDevice``) stand in for a lost factor at
sign-in but are not a factor of their own: removing the last real factor of a role that must have
one is refused even while recovery codes are left.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from accounts.models import Requirement, SecurityPolicy
from cities.roles import OFFICERS_PREFIX, REVIEWERS_PREFIX, SECRETARIAT

STRICTNESS = [Requirement.OPTIONAL, Requirement.GRACE, Requirement.REQUIRED]


def is_secretariat(user):
    """Secretariat editors and superusers: they set the policy and reset others' factors."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name=SECRETARIAT).exists()


def roles(user):
    """The policy fields that apply to ``user`` (at least "officers": every other editor)."""
    names = list(user.groups.values_list("name", flat=True))
    found = []
    if user.is_superuser:
        found.append("superusers")
    if SECRETARIAT in names:
        found.append("secretariat")
    if any(name.startswith(REVIEWERS_PREFIX) for name in names):
        found.append("reviewers")
    if not found or any(name.startswith(OFFICERS_PREFIX) for name in names):
        found.append("officers")
    return found


@dataclass(frozen=True)
class Status:
    """What the policy asks of one user today."""

    requirement: str  # a Requirement value, the strictest of the user's roles
    deadline: object = None  # the date from which a grace-period user must have a factor

    @property
    def days_left(self):
        if self.deadline is None:
            return None
        return max((self.deadline - timezone.localdate()).days, 0)

    @property
    def required_now(self):
        return self.requirement == Requirement.REQUIRED or (
            self.requirement == Requirement.GRACE and self.days_left == 0
        )

    @property
    def in_grace(self):
        return self.requirement == Requirement.GRACE and not self.required_now


def status(user, request=None):
    policy = SecurityPolicy.load(request_or_site=request)
    requirement = max((getattr(policy, role) for role in roles(user)), key=STRICTNESS.index)
    deadline = None
    if requirement == Requirement.GRACE:
        start = max(policy.grace_starts, timezone.localdate(user.date_joined))
        deadline = start + timedelta(days=policy.grace_days)
    return Status(requirement, deadline)


def totp_devices(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk")


def passkeys(user):
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("pk")


def recovery_device(user):
    return StaticDevice.objects.filter(user=user, confirmed=True).first()


def recovery_codes_left(user):
    device = recovery_device(user)
    return device.token_set.count() if device else 0


def has_factor(user):
    return passkeys(user).exists() or totp_devices(user).exists()


def must_verify(request):
    """Whether this signed-in request is held until a second factor is given (or enrolled)."""
    cached = getattr(request, "_accounts_must_verify", None)
    if cached is None:
        user = request.user
        cached = bool(
            user.is_authenticated
            and not user.is_verified()
            and (has_factor(user) or status(user, request).required_now)
        )
        request._accounts_must_verify = cached
    return cached
