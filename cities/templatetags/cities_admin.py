from django import template

from wagtail.models import Page

from cities import models

register = template.Library()


@register.simple_tag
def city_of(obj):
    """The city page a page belongs to (for the admin's review rows), or None."""
    return models.city_of(obj) if isinstance(obj, Page) else None
