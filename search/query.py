"""How the portal searches: one query over every content type, filters, facets and fall-back.

Every backend-specific decision is here; the views only render what ``run_search`` returns.
Filters and facet counts go through the search backend (``FilterField``s and ``facet()``), so
they behave the same on SQLite, PostgreSQL and Elasticsearch. If the configured backend fails
(Elasticsearch down), the same search runs on the database backend, which Wagtail keeps up to
date beside it, and the result says it is limited.
"""

import logging
from collections import Counter
from copy import copy
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.documents import get_document_model
from wagtail.fields import StreamField
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend

from challenges.models import ChallengePage, ChallengeTopic
from cities.models import CityPage
from documents.models import DocumentPage, attach_found_pages, private_collection_ids
from localization.i18n import active_locale
from portal.cache import cached_value
from portal.facets import (
    MAX_VALUES_PER_FILTER,
    Facet,
    FacetOption,
    requested_countries,
    split_sdg,
    valid_sdg,
)
from portal.models import Country, FocalArea, SDGGoal, SDGTarget
from portal.pagination import paginate
from portal.sdg import goal_label, goal_numbers
from portal.visibility import private_pages_q
from practices.models import PracticePage, PracticeStatus, PracticeTopic
from record.models import EventPage, NewsPage
from search.backends import FALLBACK_BACKEND, Answer, Ask
from search.segmentation import words
from search.vocabulary import terms_named, topic_key

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200
PAGE_SIZE = 20
AUTOCOMPLETE_SIZE = 8
TYPES = {
    "city": CityPage,
    "practice": PracticePage,
    "challenge": ChallengePage,
    "document": DocumentPage,
    "event": EventPage,
    "news": NewsPage,
}
TYPE_LABELS = {
    "city": gettext_lazy("Cities"),
    "practice": gettext_lazy("Practices"),
    "challenge": gettext_lazy("Challenges"),
    "document": gettext_lazy("Documents"),
    "event": gettext_lazy("Events"),
    "news": gettext_lazy("News"),
}
# What a result card of each type reads, fetched with the results.
CARD_RELATIONS = {
    PracticePage: (("city", "country", "locale"), ("focal_areas",)),
    CityPage: (("country", "locale"), ()),
    ChallengePage: (("city", "country", "locale"), ("focal_areas",)),
    DocumentPage: (("file", "locale"), ()),
    EventPage: (("locale",), ()),
    NewsPage: (("locale",), ()),
}
OTHER_LANGUAGES_SIZE = 10
# What a suggestion shows (``search.views.suggestion``): its title, address, kind, city, country
# and language. Only those columns are read: a suggestion is asked for at every key stroke.
SUGGESTION_FIELDS = {
    PracticePage: ("title", "url_path", "locale__language_code", "city__title", "country__name"),
    CityPage: ("title", "url_path", "locale__language_code", "country__name"),
    ChallengePage: ("title", "url_path", "locale__language_code", "city__title", "country__name"),
}


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
        asked = [value.strip() for value in params.getlist("sdg")][:MAX_VALUES_PER_FILTER]
        self.sdg = self._valid(params, "sdg", valid_sdg(asked), _("SDG"))
        # Pages in private sections, as ``.public()`` excludes them: read once per request, not
        # once per queryset (a search builds seven).
        self.private = private_pages_q()
        private_collections = private_collection_ids()
        self.private_files = (
            list(
                get_document_model()
                .objects.filter(collection_id__in=private_collections)
                .values_list("pk", flat=True)
            )
            if private_collections
            else []
        )

    def in_locales(self, locales):
        """The same selections, searching pages in ``locales`` (a list of Locale) only."""
        other = copy(self)
        other.locales = locales
        return other

    def _valid(self, params, name, allowed, label):
        values = [value.strip() for value in params.getlist(name) if value.strip()][
            :MAX_VALUES_PER_FILTER
        ]
        unknown = [value for value in values if value not in allowed]
        if unknown:
            self.notices.append(
                _("Unknown %(label)s “%(value)s” ignored.")
                % {"label": label, "value": unknown[0][:40]}
            )
        return sorted({value for value in values if value in allowed})

    @property
    def practice_only(self):
        """A status describes practices, so choosing one leaves only practices."""
        return bool(self.statuses) or self.types == ["practice"]

    @property
    def tagged_only(self):
        """Focal areas and SDGs describe practices and challenges: choosing one leaves those."""
        return self.practice_only or bool(self.focal_areas) or bool(self.sdg)

    def visible(self, model):
        """Live pages of ``model`` a visitor may see, in the selected languages."""
        queryset = model.objects.live().exclude(self.private)
        if self.locales is not None:
            queryset = queryset.filter(locale__in=self.locales)
        return queryset

    def practices(self):
        queryset = self.visible(PracticePage)
        if self.countries:
            queryset = queryset.filter(country__in=self._country_ids())
        if self.focal_areas:
            queryset = queryset.filter(focal_areas__slug__in=self.focal_areas)
        queryset = self._with_sdg(queryset)
        if self.statuses:
            queryset = queryset.filter(status__in=self.statuses)
        return queryset

    def cities(self):
        queryset = self.visible(CityPage)
        if self.countries:
            queryset = queryset.filter(country__in=self._country_ids())
        return queryset

    def challenges(self):
        queryset = self.visible(ChallengePage)
        if self.countries:
            queryset = queryset.filter(country__in=self._country_ids())
        if self.focal_areas:
            queryset = queryset.filter(focal_areas__slug__in=self.focal_areas)
        return self._with_sdg(queryset)

    def _with_sdg(self, queryset):
        """Practices or challenges of the chosen goals or targets."""
        if not self.sdg:
            return queryset
        goals, targets = split_sdg(self.sdg)
        model = queryset.model
        ids = model.objects.filter(Q(sdg_goals__in=goals) | Q(sdg_targets__in=targets))
        return queryset.filter(pk__in=list(ids.values_list("pk", flat=True).distinct()))

    def documents(self):
        """Documents, without those whose file is in a private collection."""
        queryset = self.records(DocumentPage)
        if self.private_files:
            queryset = queryset.exclude(file__in=self.private_files)
        return queryset

    def records(self, model):
        """Documents, events or news (pages with ``cities``); with countries chosen, those about
        the cities of those countries."""
        queryset = self.visible(model)
        if self.countries:
            queryset = queryset.filter(
                id__in=list(
                    model.objects.filter(cities__country__code__in=self.countries)
                    .values_list("pk", flat=True)
                    .distinct()
                )
            )
        return queryset

    def _practices_and_challenges(self):
        """The practices and challenges (of those types chosen) of the chosen focal areas."""
        wanted = {"practice", "challenge"}.intersection(self.types or TYPES)
        ids = [*self.practices().values_list("pk", flat=True)] if "practice" in wanted else []
        if "challenge" in wanted:
            ids += self.challenges().values_list("pk", flat=True)
        return self.visible(Page).type(PracticePage, ChallengePage).filter(id__in=ids)

    def _country_ids(self):
        return list(Country.objects.filter(code__in=self.countries).values_list("pk", flat=True))

    def pages(self):
        """The queryset the results come from: every type, or the ones chosen."""
        if self.practice_only:
            return self.practices()
        if self.types == ["challenge"]:
            return self.challenges()
        if self.focal_areas or self.sdg:
            return self._practices_and_challenges()
        if self.types == ["city"]:
            return self.cities()
        if self.types == ["document"]:
            return self.documents()
        if self.types == ["event"]:
            return self.records(EventPage)
        if self.types == ["news"]:
            return self.records(NewsPage)
        queryset = self.visible(Page).type(*[TYPES[key] for key in self.types or TYPES])
        if self.private_files:
            queryset = queryset.exclude(
                id__in=list(
                    DocumentPage.objects.filter(file__in=self.private_files).values_list(
                        "pk", flat=True
                    )
                )
            )
        if self.countries:
            ids = [*self.cities().values_list("pk", flat=True)]
            ids += self.practices().values_list("pk", flat=True)
            ids += self.challenges().values_list("pk", flat=True)
            ids += self.documents().values_list("pk", flat=True)
            ids += self.records(EventPage).values_list("pk", flat=True)
            ids += self.records(NewsPage).values_list("pk", flat=True)
            queryset = queryset.filter(id__in=ids)
        return queryset


def _facet_asks(backend, text, filters):
    """The searches that count per facet value: practices; challenges unless only practices;
    the other types unless a filter leaves only practices and challenges. SDG targets are
    counted only when one is chosen (the facet lists goals, and a chosen target)."""
    sdg = ("sdg_goals", "sdg_targets") if split_sdg(filters.sdg)[1] else ("sdg_goals",)
    asks = {
        "practices": Ask(
            backend.search(text, filters.practices()),
            count=True,
            facets=("country_id", "focal_areas", *sdg, "status"),
        )
    }
    if not filters.practice_only:
        asks["challenges"] = Ask(
            backend.search(text, filters.challenges()),
            count=True,
            facets=("country_id", "focal_areas", *sdg),
        )
    if not filters.tagged_only:
        asks["cities"] = Ask(
            backend.search(text, filters.cities()), count=True, facets=("country_id",)
        )
        asks["documents"] = Ask(backend.search(text, filters.documents()), count=True)
        for key, model in (("events", EventPage), ("news", NewsPage)):
            asks[key] = Ask(backend.search(text, filters.records(model)), count=True)
    return asks


def _facets(answers, filters):
    """The facets with their counts, from the answers to ``_facet_asks``."""
    practices = answers["practices"]
    cities = answers.get("cities", Answer(hits=[], count=0, facets={"country_id": {}}))
    challenges = answers.get(
        "challenges",
        Answer(
            hits=[],
            count=0,
            facets={"country_id": {}, "focal_areas": {}, "sdg_goals": {}, "sdg_targets": {}},
        ),
    )
    none = Answer(hits=[], count=0, facets={})
    documents = answers.get("documents", none)
    country_counts = Counter(practices.facets["country_id"])
    country_counts.update(cities.facets["country_id"])
    country_counts.update(challenges.facets["country_id"])
    countries = Country.objects.filter(pk__in=[key for key in country_counts if key])
    area_counts = Counter(practices.facets["focal_areas"])
    area_counts.update(challenges.facets["focal_areas"])
    areas = FocalArea.objects.filter(pk__in=[key for key in area_counts if key])
    labels = dict(PracticeStatus.choices)
    return [
        Facet(
            "type",
            _("Content type"),
            [
                FacetOption(key, TYPE_LABELS[key], count, key in filters.types)
                for key, count in (
                    ("city", cities.count),
                    ("practice", practices.count),
                    ("challenge", challenges.count),
                    ("document", documents.count),
                    ("event", answers.get("events", none).count),
                    ("news", answers.get("news", none).count),
                )
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
                for a in areas
            ],
        ),
        _sdg_facet(practices, challenges, filters),
        Facet(
            "status",
            _("Status"),
            [
                FacetOption(key, labels[key], count, key in filters.statuses)
                for key, count in practices.facets["status"].items()
                if key in labels
            ],
        ),
    ]


def _sdg_facet(practices, challenges, filters):
    """Practices and challenges per goal; a chosen target (a badge's link) after the goals."""
    counts = {}
    for facet, model in (("sdg_goals", SDGGoal), ("sdg_targets", SDGTarget)):
        counts[model] = Counter(practices.facets.get(facet, {}))
        counts[model].update(challenges.facets.get(facet, {}))
    goals = [number for number in goal_numbers() if counts[SDGGoal][number]]
    chosen = split_sdg(filters.sdg)[1]
    targets = SDGTarget.objects.filter(pk__in=chosen) if chosen else []
    return Facet(
        "sdg",
        _("Sustainable Development Goal"),
        [
            *[
                FacetOption(str(n), goal_label(n), counts[SDGGoal][n], str(n) in filters.sdg)
                for n in goals
            ],
            *[FacetOption(t.pk, t.badge, counts[SDGTarget][t.pk], True) for t in targets],
        ],
    )


class SearchWindow:
    """One page of a search's hits and their total, fetched together, for Django's Paginator.

    Any other slice (a page number out of range, corrected by ``paginate``) is searched anew."""

    def __init__(self, results, start, answer):
        self.results = results
        self.start = start
        self.answer = answer

    def count(self):
        return self.answer.count

    def __len__(self):
        return self.answer.count

    def __getitem__(self, key):
        if key == slice(self.start, self.start + len(self.answer.hits)):
            return self.answer.hits
        return list(self.results[key])


def _first_hit(page_number):
    try:
        return (max(int(page_number), 1) - 1) * PAGE_SIZE
    except (TypeError, ValueError):
        return 0


def _run(backend, text, filters, page_number, notices):
    """Results and facets in the active language, and matches in the other languages.

    On an external engine every search of the page goes in one request (``search_together``)."""
    active = active_locale()
    here = filters.in_locales([active])
    results = backend.search(text, here.pages())
    start = _first_hit(page_number)
    asks = {"results": Ask(results, start, start + PAGE_SIZE, count=True)}
    answers = {}

    def facets_and_elsewhere():
        elsewhere = filters.in_locales(list(Locale.objects.exclude(pk=active.pk)))
        candidates = backend.search(text, elsewhere.pages())
        answers.update(
            backend.search_together(
                {
                    **asks,
                    **_facet_asks(backend, text, here),
                    "elsewhere": Ask(candidates, stop=OTHER_LANGUAGES_SIZE * 3),
                }
            )
        )
        return _facets(answers, here), _other_languages(
            backend, text, here, elsewhere, answers["elsewhere"]
        )

    # Facet counts and the other languages' matches are cached per query, selection, language
    # and backend until the next publish, as the index's counts are.
    facets, elsewhere = cached_value(
        "search-facets-elsewhere",
        facets_and_elsewhere,
        type(backend).__name__,
        active.language_code,
        text,
        here.types,
        here.countries,
        here.focal_areas,
        here.sdg,
        here.statuses,
    )
    if "results" not in answers:
        answers.update(backend.search_together(asks))
    page = paginate(
        SearchWindow(results, start, answers["results"]), page_number, notices, PAGE_SIZE
    )
    page.object_list = _cards(list(page.object_list), here.visible)
    # Where in a document the words are: for the documents in other languages too.
    shown = [*page.object_list, *elsewhere]
    attach_found_pages([p for p in shown if isinstance(p, DocumentPage)], text)
    return page, facets, elsewhere


def _other_languages(backend, text, here, elsewhere, candidates):
    """The best matches written in other languages, one per translation group.

    A group is left out when its page in the active language matched too: that page is
    already among the main results.
    """
    keys = {page.translation_key for page in candidates.hits}
    shown_here = set()
    if keys:  # a translation group has one page per language: at most len(keys) hits here
        same_groups = here.pages().filter(translation_key__in=keys)
        # Only the hits' groups are needed: on an external engine they come from the index,
        # no page is fetched.
        ask = Ask(backend.search(text, same_groups), stop=len(keys))
        shown_here = {
            hit.translation_key for hit in backend.search_together({"same": ask})["same"].hits
        }
    chosen = {}
    for page in candidates.hits:
        if page.translation_key not in shown_here and page.translation_key not in chosen:
            chosen[page.translation_key] = page
    return _cards(list(chosen.values())[:OTHER_LANGUAGES_SIZE], elsewhere.visible)


def _without_streams(queryset):
    """Cards show no StreamField: leave their (large) JSON columns unread and unparsed."""
    model = queryset.model
    return queryset.defer(*(f.name for f in model._meta.fields if isinstance(f, StreamField)))


def _by_type(hits, querysets):
    """The pages of ``hits`` (the engine's ``Hit``s, or pages), in their order, each as its own
    type, read by ``querysets[model](ids)``: one query per type, no generic fetch first."""
    by_id = {}
    for model, fetch in querysets.items():
        content_type_id = ContentType.objects.get_for_model(model).pk
        ids = [hit.pk for hit in hits if hit.content_type_id == content_type_id]
        if ids:
            by_id.update((page.pk, page) for page in fetch(ids))
    return [by_id[hit.pk] for hit in hits if hit.pk in by_id]


def _cards(hits, visible):
    """The pages of ``hits`` with what their cards show.

    Only pages ``visible(model)`` still holds: an index update may lag behind an unpublish."""

    def fetcher(model, select, prefetch):
        def fetch(ids):
            queryset = visible(model).filter(pk__in=ids).select_related(*select)
            if hasattr(model, "card_fields"):
                queryset = queryset.only(*model.card_fields)
            return _without_streams(queryset.prefetch_related(*prefetch))

        return fetch

    return _by_type(
        hits,
        {
            model: fetcher(model, select, prefetch)
            for model, (select, prefetch) in CARD_RELATIONS.items()
        },
    )


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
    _say_why(text, [*outcome.results.object_list, *outcome.other_languages])
    return outcome


def _say_why(text, pages):
    """Under each practice or challenge found through a vocabulary term the query names, the
    term and the word typed: "matched the topic waste (ขยะ)" (``search.vocabulary``).

    One query per content type for the topics of the pages shown, and none when the query names
    no term."""
    named = terms_named(text)
    if not named or not pages:
        return
    topics = {}
    for model, through in ((PracticePage, PracticeTopic), (ChallengePage, ChallengeTopic)):
        ids = [page.pk for page in pages if isinstance(page, model)]
        rows = through.objects.filter(content_object_id__in=ids).values_list(
            "content_object_id", "tag__name"
        )
        for page_id, name in rows if ids else ():
            topics.setdefault(page_id, set()).add(topic_key(name))
    for page in pages:
        reasons = [
            _("matched the topic %(topic)s (%(word)s)") % {"topic": term.name(), "word": word}
            if word.lower() != term.name().lower()
            else _("matched the topic %(topic)s") % {"topic": term.name()}
            for term, word in named
            if term.key in topics.get(page.pk, ())
        ]
        page.vocabulary_reason = "; ".join(reasons)


def _has_fallback():
    return FALLBACK_BACKEND in settings.WAGTAILSEARCH_BACKENDS


def autocomplete(raw):
    """Titles of cities, practices and challenges that start like what the person types."""
    text, _ = clean_query(raw)
    if not text:
        return []
    private = private_pages_q()
    queryset = Page.objects.live().exclude(private).type(CityPage, PracticePage, ChallengePage)

    def suggestions(backend):
        ask = Ask(backend.autocomplete(text, queryset), stop=AUTOCOMPLETE_SIZE)
        return backend.search_together({"suggestions": ask})["suggestions"].hits

    try:
        hits = suggestions(get_search_backend())
    except Exception as error:  # noqa: BLE001 - degrade to the database backend
        if not _has_fallback():
            raise
        logger.warning("Autocomplete failed (%s); using the database backend", error)
        hits = suggestions(get_search_backend(FALLBACK_BACKEND))

    def fetcher(model, fields):
        related = {field.split("__")[0] for field in fields if "__" in field}
        return lambda ids: (
            model.objects.live()
            .exclude(private)
            .filter(pk__in=ids)
            .select_related(*related)
            .only(*fields)
        )

    return _by_type(
        hits, {model: fetcher(model, fields) for model, fields in SUGGESTION_FIELDS.items()}
    )
