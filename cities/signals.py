from django.contrib.auth.models import Group
from django.dispatch import receiver

from wagtail.models import Page
from wagtail.signals import copy_for_translation_done, page_published

from cities.models import CityPage
from cities.roles import ensure_reviewer_group, reviewer_group_name, share_roles_with_translation


@receiver(page_published, sender=CityPage)
def extend_national_review_to_new_cities(sender, instance, **kwargs):
    """A new city (or one given another country) comes under its country's review."""
    if Group.objects.filter(name=reviewer_group_name(instance.country)).exists():
        ensure_reviewer_group(instance.country)


@receiver(copy_for_translation_done)
def translations_keep_their_editors_and_review(sender, source_obj, target_obj, **kwargs):
    """Whoever may edit a page may edit its translations, which go through the same review."""
    if isinstance(source_obj, Page):
        share_roles_with_translation(source_obj, target_obj)
