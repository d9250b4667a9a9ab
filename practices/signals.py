from django.dispatch import receiver

from wagtail.signals import post_page_move

from practices.models import CopiesCityFacts


@receiver(post_page_move)
def recopy_city_facts_after_move(sender, instance, **kwargs):
    """A practice, challenge or adoption record moved to another city takes that city (and its
    country) for its filters.

    Wagtail saves a moved page as a plain ``Page``, so ``CopiesCityFacts.save`` does not run.
    """
    if issubclass(sender, CopiesCityFacts):
        sender.objects.get(pk=instance.pk).save(update_fields=["city", "country"])
