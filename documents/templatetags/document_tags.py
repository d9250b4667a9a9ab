"""``{% attached_documents page as documents %}``: the library's documents attached to a city or
a practice, for their pages (which do not import this app: the relation is ``page.documents``)."""

from django import template
from django.utils.translation import get_language

from documents.models import DocumentPage
from portal.cache import cached_value

register = template.Library()

MAX_ATTACHED = 12


@register.simple_tag
def attached_documents(page):
    field = {"citypage": "cities", "practicepage": "practices"}.get(page._meta.model_name)
    if field is None:
        return []

    def documents():
        rows = (
            DocumentPage.objects.listed()
            .filter(**{f"{field}__translation_key": page.translation_key})
            .order_by("-year", "title")
            .distinct()
        )
        return list(rows[:MAX_ATTACHED])

    # Until the next publish, as the page around it is cached.
    return cached_value("attached-documents", documents, page.translation_key, get_language())
