from django import template
from django.urls import reverse

from localization.translation_review import can_submit, submit_label

register = template.Library()


@register.simple_tag(takes_context=True)
def translation_review_link(context, page):
    """{url, label} of "Submit translation for review" for this page and user, or None."""
    user = context["request"].user
    if not can_submit(page, user):
        return None
    return {
        "url": reverse("submit_translation_for_review", args=[page.pk])
        + "?next="
        + reverse("wagtailadmin_pages:edit", args=[page.pk]),
        "label": submit_label(page),
    }
