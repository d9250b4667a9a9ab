"""Views behind the routes of PracticeIndexPage: listing, compare and exports."""

from django.conf import settings
from django.contrib import messages
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from portal.charts import BarChart
from portal.exports import csv_download, json_download
from portal.models import Country, SDGTarget
from portal.pagination import paginate
from practices import fit
from practices.feeds import LatestPracticesAtomFeed, LatestPracticesFeed
from practices.filters import PracticeFilter
from practices.models import PracticePage

PAGE_SIZE = 20
MAX_EXPORT_ROWS = 5000
COMPARE_MIN, COMPARE_MAX = 2, 4


def listing(request, index_page):
    """The practices, filtered; with "my city" chosen, each with its fit, and ``?sort=fit``
    (best fit first) and ``?fit=good`` (only those that fit well) at hand."""
    practice_filter = PracticeFilter(request.GET)
    city = fit.my_city(request)
    facts = fit.FitFacts(city) if city is not None else None
    by_fit = facts is not None and request.GET.get("sort") == "fit"
    only_good = facts is not None and request.GET.get("fit") == "good"
    ids = None
    if by_fit or only_good:
        ids = fit.ranked(practice_filter.results()[: fit.MAX_RANKED], facts, only_good, by_fit)
    context = filtered_listing(request, index_page, practice_filter, ids)
    if facts is None and request.GET.get("sort") == "fit":
        context["notices"].append(
            _("Choose your city (below the list) to order the practices by how well they fit it.")
        )
    if only_good and not facts.knows_the_city:
        context["notices"].append(
            _(
                "No practice can fit %(city)s well yet: fitting well takes one fact of the city "
                "itself (its size, priorities or budget), and none is recorded."
            )
            % {"city": city.title}
        )
    if facts is not None:
        for practice in context["items"]:
            practice.fit = fit.fit(practice, facts)
    context.update(
        practices=context["items"],
        my_city=city,
        by_fit=by_fit,
        only_good=only_good,
        compare_minimum=COMPARE_MIN,
    )
    return TemplateResponse(request, "practices/practice_index_page.html", context)


def choose_my_city(request, index_page):
    """``?city=<translation key>&next=<path>``: remember the visitor's city (or forget it with an
    empty value) in a cookie, and go back where they were. A plain link or GET form: no account,
    no script, nothing to forge that matters. Without ``city`` (the footer's link on every
    page), the chooser itself, with what the fit is."""
    back = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = index_page.url
    if "city" not in request.GET:
        context = index_page.get_context(request)
        context.update(back=back, page_title=_("Your city"))
        return TemplateResponse(request, "practices/my_city.html", context)
    response = redirect(back or "/")
    key = request.GET.get("city", "").strip()
    if not key:
        response.delete_cookie(settings.MY_CITY_COOKIE)
        return response
    if fit.city_for_key(key) is None:
        messages.error(request, _("That city is not in the network; nothing was changed."))
        return response
    response.set_cookie(
        settings.MY_CITY_COOKIE,
        key,
        max_age=fit.COOKIE_SECONDS,
        samesite="Lax",
        httponly=True,
        secure=request.is_secure(),
    )
    return response


def filtered_listing(request, index_page, item_filter, ids=None):
    """The context of a listing with facets: ``items`` (one page of results, in the order of
    ``ids`` when given), ``facets``, ``filter``, ``filter_query`` and ``notices`` (the challenge
    listing shares it)."""
    notices = list(item_filter.notices)
    ids = item_filter.result_ids() if ids is None else ids
    page = paginate(ids, request.GET.get("page", "1"), notices, PAGE_SIZE)
    shown = item_filter.results().in_bulk(page.object_list)
    page.object_list = [shown[pk] for pk in page.object_list if pk in shown]
    context = index_page.get_context(request)
    context.update(
        items=page,
        facets=item_filter.facets(),
        filter=item_filter,
        filter_query=item_filter.query_items(),
        notices=notices,
    )
    return context


def compare(request, index_page):
    """Up to four practices side by side; bad or missing ids are reported on the page."""
    raw_ids = [value.strip() for value in request.GET.getlist("p") if value.strip()]
    notices = []
    ids = []
    for value in dict.fromkeys(raw_ids):
        if value.isdecimal() and len(value) < 12:  # isdigit() lets "²" through to int()
            ids.append(int(value))
        else:
            notices.append(
                _("“%(value)s” is not a practice number; it was left out.") % {"value": value[:40]}
            )
    if len(ids) > COMPARE_MAX:
        notices.append(
            _("At most %(count)s practices can be compared; showing the first ones.")
            % {"count": COMPARE_MAX}
        )
        ids = ids[:COMPARE_MAX]
    found = {
        practice.pk: practice
        for practice in PracticePage.objects.live()
        .public()
        .filter(pk__in=ids)
        .select_related("city", "country")
        .prefetch_related("focal_areas", "indicators", "partners")
    }
    practices = [found[pk] for pk in ids if pk in found]
    notices += [
        _("No published practice has the number %(number)s.") % {"number": pk}
        for pk in ids
        if pk not in found
    ]
    if len(practices) < COMPARE_MIN:
        notices.append(
            _("Choose at least two practices to compare: tick “Compare” on the practice list.")
        )
    context = index_page.get_context(request)
    context.update(practices=practices, notices=notices, page_title=_("Compare practices"))
    return TemplateResponse(request, "practices/compare.html", context)


def coverage(request, index_page):
    """How many practices each country and each focal area has, as charts and tables."""
    practice_filter = PracticeFilter(request.GET)
    facets = {facet.name: facet for facet in practice_filter.facets()}
    base = index_page.url

    def chart(name, title, key):
        rows = [
            (option.label, option.count, f"{base}?{key}={option.value}")
            for option in facets[name].options
        ]
        return BarChart(title, rows, unit=_("practices"))

    context = index_page.get_context(request)
    context.update(
        page_title=_("Coverage of the practices"),
        charts=[
            chart("country", _("Practices per country"), "country"),
            chart("focal_area", _("Practices per focal area"), "focal_area"),
        ],
        sdg_table=sdg_coverage(practice_filter.results(), base),
        total=practice_filter.results().count(),
        adopted=sum(option.count for option in facets["adopted"].options),
        notices=practice_filter.notices,
    )
    return TemplateResponse(request, "practices/coverage.html", context)


COVERAGE_GOAL = 11  # Sustainable cities and communities


def sdg_coverage(practices, base):
    """The practices (a queryset) per target of SDG 11 and member state: {"countries": [...],
    "rows": [(target, [(count, link), ...]), ...]}, a link only where there are practices."""
    through = PracticePage.sdg_targets.through
    counts = {
        (row["sdgtarget_id"], row["practicepage__country__code"]): row["n"]
        for row in through.objects.filter(
            practicepage_id__in=practices.values("pk"), sdgtarget__goal_id=COVERAGE_GOAL
        )
        .values("sdgtarget_id", "practicepage__country__code")
        .annotate(n=Count("practicepage_id", distinct=True))
    }
    countries = list(Country.objects.all())

    def cell(target, country):
        n = counts.get((target.code, country.code), 0)
        return n, f"{base}?sdg={target.code}&country={country.code}" if n else ""

    rows = [
        (target, [cell(target, country) for country in countries])
        for target in SDGTarget.objects.filter(goal_id=COVERAGE_GOAL)
    ]
    return {"countries": countries, "rows": rows}


def export_rows(request, index_page):
    practices = PracticeFilter(request.GET).results()[:MAX_EXPORT_ROWS]
    for practice in practices:
        yield {
            **city_page_row(request, practice),
            "start_date": practice.start_date,
            "end_date": practice.end_date,
            "capital_cost": practice.capital_cost,
            "operating_cost": practice.operating_cost,
            "currency": practice.currency,
            "summary": practice.summary,
            "last_verified": practice.last_verified,
            "sample": practice.is_sample,
        }


def city_page_row(request, page):
    """The first columns of an export row of a practice or a challenge."""
    return {
        "id": page.pk,
        "title": page.title,
        "url": request.build_absolute_uri(page.url),
        "city": page.city.title if page.city else "",
        "country": page.country.code if page.country else "",
        "focal_areas": [area.slug for area in page.focal_areas.all()],
        "sdg_targets": page.sdg_codes,
        "status": page.status,
    }


def export_csv(request, index_page):
    return csv_download(export_rows(request, index_page), "ascn-practices.csv")


def export_json(request, index_page):
    return json_download(export_rows(request, index_page), "ascn-practices.json")


def feed_rss(request, index_page):
    return LatestPracticesFeed(index_page)(request)


def feed_atom(request, index_page):
    return LatestPracticesAtomFeed(index_page)(request)
