"""/search/ (HTML), /api/search/ (the same as JSON) and /search/autocomplete/ (titles as JSON)."""

from django.conf import settings
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language, get_language_info, override
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from search.query import autocomplete, clean_query, run_search
from search.vocabulary import terms_starting

LIMITED_NOTICE = _(
    "Limited search: the main search service is not answering, so these results come from a "
    "simpler search. Try again later for the best results."
)


TOPIC_SUGGESTIONS = 3  # topics of the vocabulary offered above the titles

# The words the search box's hint offers as examples: each finds practices in the demo content
# in every language (tests/test_search.py::test_every_example_the_hint_offers_finds_something).
SEARCH_EXAMPLES = ("flood", "waste")


def _notices(outcome):
    return ([LIMITED_NOTICE] if outcome.limited else []) + outcome.notices


@require_GET
def search(request):
    outcome = run_search(request.GET)
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "search_query": outcome.query,
            "results": outcome.results,
            "facets": outcome.facets,
            "notices": _notices(outcome),
            "limited": outcome.limited,
            "other_languages": outcome.other_languages,
            "language": get_language_info(get_language())["name_local"],
            "search_examples": SEARCH_EXAMPLES,
        },
    )


def _card(page):
    data = {
        "id": page.pk,
        "type": page.search_type,
        "title": page.title,
        "url": page.url,
        "language": page.locale.language_code,
    }
    data.update(page.search_card_data())
    if getattr(page, "vocabulary_reason", ""):
        data["why"] = page.vocabulary_reason
    return data


@require_GET
def search_api(request):
    """The search as JSON; ``?language=th`` searches and answers in that language (the URL of
    the API has no language prefix), English by default."""
    code = request.GET.get("language", "")
    with override(code if code in dict(settings.LANGUAGES) else get_language()):
        outcome = run_search(request.GET)
        results = outcome.results
        return JsonResponse(
            {
                "query": outcome.query,
                "count": results.paginator.count if results else 0,
                "page": results.number if results else 1,
                "pages": results.paginator.num_pages if results else 0,
                "limited": outcome.limited,
                "notices": _notices(outcome),
                "language": get_language(),
                "results": [_card(page) for page in results] if results else [],
                "other_languages": [_card(page) for page in outcome.other_languages],
                "facets": {
                    facet.name: [vars(option) for option in facet.options]
                    for facet in outcome.facets
                },
            },
            json_dumps_params={"ensure_ascii": False},
        )


def suggestion(page):
    """What the search box's script shows of a page (``SUGGESTION_FIELDS`` reads no more)."""
    city = page if page.search_type == "city" else page.city  # a practice's or challenge's
    return {
        "id": page.pk,
        "type": page.search_type,
        "title": page.title,
        "url": page.url,
        "language": page.locale.language_code,
        "city": city.title if city else "",
        "country": page.country.name if page.country else "",
    }


def topic_suggestion(term, typed_name):
    """A topic of the vocabulary whose name (in any language) starts like the typed words: a
    search for it in the active language, which finds the pages tagged with it in every
    language ("ขยะ" typed on the English site: "waste (ขยะ)")."""
    name = term.name()
    return {
        "type": "topic",
        "title": name if typed_name.lower() == name.lower() else f"{name} ({typed_name})",
        "url": f"{reverse('search')}?{urlencode({'q': name})}",
    }


@require_GET
def autocomplete_api(request):
    text, _cut = clean_query(request.GET.get("q", ""))
    topics = terms_starting(text, TOPIC_SUGGESTIONS) if len(text) >= 2 else []
    pages = autocomplete(text)
    return JsonResponse(
        {
            "results": [topic_suggestion(term, name) for term, name in topics]
            + [suggestion(page) for page in pages]
        },
        json_dumps_params={"ensure_ascii": False},
    )
