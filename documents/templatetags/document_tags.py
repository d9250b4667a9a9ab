"""``{% attached_documents page as documents %}``: the library's documents attached to a city or
a practice, for their pages (which do not import this app: the relation is ``page.documents``)."""

from django import template
from django.utils.translation import get_language

from documents.models import DocumentPage
from portal.cache import cached_value, per_generation

register = template.Library()

MAX_ATTACHED = 12


ATTACHED_TO = {"citypage": "cities", "practicepage": "practices"}


def pages_with_documents():
    """The translation keys of the cities and practices a listed document is attached to.

    Documents are few beside the pages: read once per content generation, the set spares every
    page without documents its query (most practices have none)."""

    def keys():
        listed = DocumentPage.objects.listed()
        return frozenset(
            key
            for field in ATTACHED_TO.values()
            for key in listed.filter(**{f"{field}__isnull": False}).values_list(
                f"{field}__translation_key", flat=True
            )
        )

    return per_generation("pages-with-documents", keys)


@register.simple_tag
def attached_documents(page):
    field = ATTACHED_TO.get(page._meta.model_name)
    if field is None or page.translation_key not in pages_with_documents():
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
