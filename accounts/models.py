"""The second-factor policy the secretariat sets, and the editors' signed-in sessions."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from accounts.browsers import browser_name


class Requirement(models.TextChoices):
    REQUIRED = "required", "Required from the first sign-in"
    GRACE = "grace", "Optional during the grace period, then required"
    OPTIONAL = "optional", "Optional"


def requirement(verbose_name, default):
    return models.CharField(
        verbose_name, max_length=10, choices=Requirement.choices, default=default
    )


@register_setting(icon="key")
class SecurityPolicy(BaseGenericSetting):
    """Who must sign in with a second factor (a passkey or an authenticator app)."""

    grace_days = models.PositiveSmallIntegerField(
        "Grace period (days)",
        default=30,
        help_text="Days an editor under “Optional during the grace period” may still sign in "
        "with a password alone, counted from the start date below or from the day the account "
        "was made, whichever is later.",
    )
    grace_starts = models.DateField("Grace period starts", default=timezone.localdate)
    superusers = requirement("Superusers", Requirement.REQUIRED)
    secretariat = requirement("ASCN secretariat editors", Requirement.REQUIRED)
    reviewers = requirement("National reviewers", Requirement.REQUIRED)
    officers = requirement("City officers and other editors", Requirement.GRACE)

    panels = [
        HelpPanel(
            content="<p>A person with several roles follows the strictest. Someone who has set "
            "up a second factor always has to use it, whatever their role.</p>"
        ),
        MultiFieldPanel(
            [
                FieldPanel("superusers"),
                FieldPanel("secretariat"),
                FieldPanel("reviewers"),
                FieldPanel("officers"),
            ],
            heading="Second factor by role",
        ),
        MultiFieldPanel([FieldPanel("grace_days"), FieldPanel("grace_starts")], "Grace period"),
    ]

    class Meta:
        verbose_name = "Sign-in security"


class SignInSession(models.Model):
    """One signed-in browser of an editor: what the account security page lists."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sign_in_sessions"
    )
    session_key = models.CharField(max_length=40, unique=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    signed_in_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-last_seen_at"]

    def __str__(self):
        return f"{self.user} at {self.ip_address or 'unknown address'}"

    @property
    def browser(self):
        """A short name of the browser ("Firefox on Windows")."""
        return browser_name(self.user_agent)
