"""Practices whose facts a city has not confirmed for over a year: an admin report and reminders."""

import datetime

from django.db.models import Q
from django.utils import timezone

from practices.models import PracticePage

VERIFY_EVERY_DAYS = 365


def verification_cutoff(today=None):
    return (today or timezone.localdate()) - datetime.timedelta(days=VERIFY_EVERY_DAYS)


def unverified_practices(today=None):
    """Live practices never verified, or last verified more than 12 months ago, oldest first."""
    return (
        PracticePage.objects.live()
        .filter(Q(last_verified__isnull=True) | Q(last_verified__lt=verification_cutoff(today)))
        .select_related("city", "country")
        .order_by("last_verified", "title")
    )
