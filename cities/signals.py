from django.contrib.auth.models import Group
from django.dispatch import receiver

from wagtail.signals import page_published

from cities.models import CityPage
from cities.roles import ensure_reviewer_group, reviewer_group_name


@receiver(page_published, sender=CityPage)
def extend_national_review_to_new_cities(sender, instance, **kwargs):
    """A new city (or one given another country) comes under its country's review."""
    if Group.objects.filter(name=reviewer_group_name(instance.country)).exists():
        ensure_reviewer_group(instance.country)
