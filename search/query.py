"""How the portal searches: one query over cities and practices, filters, facets and fall-back.

Every backend-specific decision is here; the views only render what ``run_search`` returns.
Filters and facet counts go through the search backend (``FilterField``s and ``facet()``), so
they behave the same on SQLite, PostgreSQL and Elasticsearch. If the configured backend fails
(Elasticsearch down), the same search runs on the database backend, which Wagtail keeps up to
date beside it, and the result says it is limited.
"""

import logging
from copy import copy
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend

from cities.models import CityPage
from localization.i18n import active_locale
from portal.cache import cached_value
from portal.facets import Facet, FacetOption, requested_countries
from portal.models import Country, FocalArea
from portal.pagination import paginate
from practices.models import PracticePage, PracticeStatus
from search.backends import FALLBACK_BACKEND
from search.segmentation import words

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200
PAGE_SIZE = 20
AUTOCOMPLETE_SIZE = 8
TYPES = {"city": CityPage, "practice": PracticePage}
TYPE_LABELS = {"city": gettext_lazy("Cities"), "practice": gettext_lazy("Practices")}
OTHER_LANGUAGES_SIZE = 10


def clean_query(raw):
    """Collapse white space and cut the query to a length a person types."""
    text = " ".join((raw or "").split())
    return text[:MAX_QUERY_LENGTH], len(text) > MAX_QUERY_LENGTH


@dataclass
class SearchOutcome:
    query: str
    results: object = None
    facets: list = field(default_factory=list)
    notices: list = field(default_factory=list)
    limited: bool = False
    other_languages: list = field(default_factory=list)


class SearchFilters:
    """The facet selections of a search URL, validated: unknown values become notices."""

    def __init__(self, params, locales=None):
        self.notices = []
        self.locales = locales
        self.types = self._valid(params, "type", set(TYPES), _("content type"))
        self.countries = sorted(
            country.code for country in requested_countries(params, self.notices)
        )
        self.focal_areas = self._valid(
            params,
            "focal_area",
            set(FocalArea.objects.values_list("slug", flat=True)),
            _("focal area"),
        )
        self.statuses = self._valid(params, "status", set(PracticeStatus.values), _("status"))

    def in_locales(self, locales):
        """The same selections, searching pages in ``locales`` (a list of Locale) only."""
        other = copy(self)
        other.locales = locales
        return other

    def _valid(self, params, name, allowed, label):
        values = [value.strip() for value in params.getlist(name) if value.strip()][:20]
        unknown = [value for value in values if value not in allowed]
        if unknown:
            self.notices.append(
                _("Unknown %(label)s “%(value)s” ignored.")
                % {"label": label, "value": unknown[0][:40]}
            )
        return sorted({value for value in values if value in allowed})

    @property
    def practice_only(self):
        """Status and focal area describe practices, so choosing one leaves only practices."""
        return bool(self.statuses or self.focal_areas) or self.types == ["practice"]

    def _live(self, model):
        queryset = model.objects.live().public()
        if self.locales is not None:
            queryset = queryset.filter(locale__in=self.locales)
        return queryset

    def practices(self):
        queryset = self._live(PracticePage)
        if self.countries:
            queryset = queryset.filter(country__in=self._country_ids())
        if self.focal_areas:
            queryset = queryset.filter(focal_areas__slug__in=self.focal_areas)
        if self.statuses:
            queryset = queryset.filter(status__in=self.statuses)
        return queryset

    def cities(self):
        queryset = self._live(CityPage)
        if self.countries:
            queryset = queryset.filter(country__in=self._country_ids())
        return queryset

    def _country_ids(self):
        return list(Country.objects.filter(code__in=self.countries).values_list("pk", flat=True))

    def pages(self):
        """The queryset the results come from: both types, or one of them."""
        if self.practice_only:
            return self.practices()
        if self.types == ["city"]:
            return self.cities()
        queryset = self._live(Page).type(CityPage, PracticePage)
        if self.countries:
            ids = [*self.cities().values_list("pk", flat=True)]
            ids += self.practices().values_list("pk", flat=True)
            queryset = queryset.filter(id__in=ids)
        return queryset


def _facets(backend, text, filters):
    """Counts per facet value for the current query, each from the search backend."""
    practices = backend.search(text, filters.practices())
    cities = None if filters.practice_only else backend.search(text, filters.cities())
    practice_count = practices.count()
    city_count = 0 if cities is None else cities.count()

    country_counts = dict(practices.facet("country_id"))
    if cities is not None:
        for key, count in cities.facet("country_id").items():
            country_counts[key] = country_counts.get(key, 0) + count
    countries = Country.objects.filter(pk__in=[key for key in country_counts if key])
    area_counts = practices.facet("focal_areas")
    status_counts = practices.facet("status")
    labels = dict(PracticeStatus.choices)
    return [
        Facet(
            "type",
            _("Content type"),
            [
                FacetOption(key, TYPE_LABELS[key], count, key in filters.types)
                for key, count in (("city", city_count), ("practice", practice_count))
                if count
            ],
        ),
        Facet(
            "country",
            _("Country"),
            [
                FacetOption(c.code, c.label, country_counts[c.pk], c.code in filters.countries)
                for c in countries
            ],
        ),
        Facet(
            "focal_area",
            _("Focal area"),
            [
                FacetOption(a.slug, a.label, area_counts[a.pk], a.slug in filters.focal_areas)
                for a in FocalArea.objects.filter(pk__in=[key for key in area_counts if key])
            ],
        ),
        Facet(
            "status",
            _("Status"),
            [
                FacetOption(key, labels[key], count, key in filters.statuses)
                for key, count in status_counts.items()
                if key in labels
            ],
        ),
    ]


def _run(backend, text, filters, page_number, notices):
    """Results and facets in the active language, and matches in the other languages."""
    active = active_locale()
    here = filters.in_locales([active])
    results = backend.search(text, here.pages())
    page = paginate(results, page_number, notices, PAGE_SIZE)
    page.object_list = _specific(list(page.object_list))
    # Facet counts and the other languages' matches are six more full-text queries: cached per
    # query, selection, language and backend until the next publish, as the index's counts are.
    facets, elsewhere = cached_value(
        "search-facets-elsewhere",
        lambda: (_facets(backend, text, here), _other_languages(backend, text, filters, active)),
        type(backend).__name__,
        active.language_code,
        text,
        here.types,
        here.countries,
        here.focal_areas,
        here.statuses,
    )
    return page, facets, elsewhere


def _other_languages(backend, text, filters, active):
    """The best matches written in other languages, one per translation group.

    A group is left out when its page in the active language matched too: that page is
    already among the main results.
    """
    elsewhere = filters.in_locales(list(Locale.objects.exclude(pk=active.pk)))
    candidates = list(backend.search(text, elsewhere.pages())[: OTHER_LANGUAGES_SIZE * 3])
    keys = {page.translation_key for page in candidates}
    here = filters.in_locales([active]).pages().filter(translation_key__in=keys)
    shown_here = {page.translation_key for page in backend.search(text, here)}
    chosen = {}
    for page in candidates:
        if page.translation_key not in shown_here and page.translation_key not in chosen:
            chosen[page.translation_key] = page
    return _specific(list(chosen.values())[:OTHER_LANGUAGES_SIZE])


def _specific(pages):
    """Turn generic Page results into their specific classes, with what cards show, in bulk."""
    by_id = {}
    practice_ids = [p.pk for p in pages if p.specific_class is PracticePage]
    city_ids = [p.pk for p in pages if p.specific_class is CityPage]
    for practice in (
        PracticePage.objects.filter(pk__in=practice_ids)
        .select_related("city", "country", "locale")
        .prefetch_related("focal_areas")
    ):
        by_id[practice.pk] = practice
    for city in CityPage.objects.filter(pk__in=city_ids).select_related("country", "locale"):
        by_id[city.pk] = city
    return [by_id[p.pk] for p in pages if p.pk in by_id]


def run_search(params):
    """Search for ``params["q"]`` with the facet selections in ``params``."""
    text, truncated = clean_query(params.get("q", ""))
    outcome = SearchOutcome(query=text)
    if truncated:
        outcome.notices.append(
            _("Your search was long, so only its first %(count)s characters were used.")
            % {"count": MAX_QUERY_LENGTH}
        )
    filters = SearchFilters(params)
    outcome.notices += filters.notices
    if not text:
        return outcome
    if not words(text):
        outcome.notices.append(
            _("Your search has no letters or numbers in it. Type a word, a name or a number.")
        )
        return outcome
    page_number = params.get("page", "1")
    backend = get_search_backend()
    try:
        if _has_fallback() and not backend.answering():
            raise ConnectionError("the search engine did not answer its last ping")
        outcome.results, outcome.facets, outcome.other_languages = _run(
            backend, text, filters, page_number, outcome.notices
        )
    except Exception as error:  # noqa: BLE001 - any backend failure must degrade, not fail
        if not _has_fallback():
            raise
        logger.warning("Search backend failed (%s); using the database backend", error)
        outcome.limited = True
        outcome.results, outcome.facets, outcome.other_languages = _run(
            get_search_backend(FALLBACK_BACKEND), text, filters, page_number, outcome.notices
        )
    return outcome


def _has_fallback():
    return FALLBACK_BACKEND in settings.WAGTAILSEARCH_BACKENDS


def autocomplete(raw):
    """Titles of cities and practices that start like what the person is typing."""
    text, _ = clean_query(raw)
    if not text:
        return []
    queryset = Page.objects.live().public().type(CityPage, PracticePage)
    try:
        results = list(get_search_backend().autocomplete(text, queryset)[:AUTOCOMPLETE_SIZE])
    except Exception as error:  # noqa: BLE001 - degrade to the database backend
        if not _has_fallback():
            raise
        logger.warning("Autocomplete failed (%s); using the database backend", error)
        fallback = get_search_backend(FALLBACK_BACKEND)
        results = list(fallback.autocomplete(text, queryset)[:AUTOCOMPLETE_SIZE])
    return _specific(results)
