"""How the portal queries the search backend. Every backend-specific decision lives here."""

from wagtail.models import Page

from cities.models import CityPage
from practices.models import PracticePage

MAX_QUERY_LENGTH = 200


def clean_query(raw):
    """Trim the query to a length a person types; report whether it was cut."""
    text = " ".join(raw.split())
    return text[:MAX_QUERY_LENGTH], len(text) > MAX_QUERY_LENGTH


def searchable_pages():
    return Page.objects.live().public().type(CityPage, PracticePage)


def search_pages(text):
    return searchable_pages().specific().search(text)
