"""Views behind the routes of PracticeIndexPage: listing, compare and exports."""

import csv
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from portal.charts import BarChart
from portal.pagination import paginate
from practices.feeds import LatestPracticesAtomFeed, LatestPracticesFeed
from practices.filters import PracticeFilter
from practices.models import PracticePage

PAGE_SIZE = 20
MAX_EXPORT_ROWS = 5000
COMPARE_MIN, COMPARE_MAX = 2, 4


def listing(request, index_page):
    practice_filter = PracticeFilter(request.GET)
    notices = list(practice_filter.notices)
    page = paginate(practice_filter.result_ids(), request.GET.get("page", "1"), notices, PAGE_SIZE)
    shown = practice_filter.results().in_bulk(page.object_list)
    page.object_list = [shown[pk] for pk in page.object_list if pk in shown]
    context = index_page.get_context(request)
    context.update(
        practices=page,
        facets=practice_filter.facets(),
        filter=practice_filter,
        filter_query=practice_filter.query_items(),
        notices=notices,
    )
    return TemplateResponse(request, "practices/practice_index_page.html", context)


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
        total=practice_filter.results().count(),
        adopted=sum(option.count for option in facets["adopted"].options),
        notices=practice_filter.notices,
    )
    return TemplateResponse(request, "practices/coverage.html", context)


def export_rows(request, index_page):
    practices = PracticeFilter(request.GET).results()[:MAX_EXPORT_ROWS]
    for practice in practices:
        yield {
            "id": practice.pk,
            "title": practice.title,
            "url": request.build_absolute_uri(practice.url),
            "city": practice.city.title if practice.city else "",
            "country": practice.country.code if practice.country else "",
            "focal_areas": [area.slug for area in practice.focal_areas.all()],
            "status": practice.status,
            "start_date": practice.start_date,
            "end_date": practice.end_date,
            "capital_cost": practice.capital_cost,
            "operating_cost": practice.operating_cost,
            "currency": practice.currency,
            "summary": practice.summary,
            "last_verified": practice.last_verified,
            "sample": practice.is_sample,
        }


def export_csv(request, index_page):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="ascn-practices.csv"'
    response.write("\ufeff")  # lets spreadsheet programs detect UTF-8 (Thai, Lao, Khmer…)
    writer = None
    for row in export_rows(request, index_page):
        row["focal_areas"] = ";".join(row["focal_areas"])
        if writer is None:
            writer = csv.DictWriter(response, fieldnames=list(row))
            writer.writeheader()
        writer.writerow({key: neutralise_formula(value) for key, value in row.items()})
    return response


def neutralise_formula(value):
    """Keep spreadsheet programs from running text that starts like a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def export_json(request, index_page):
    rows = list(export_rows(request, index_page))
    body = json.dumps(
        {"count": len(rows), "results": rows}, cls=DjangoJSONEncoder, ensure_ascii=False
    )
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="ascn-practices.json"'
    return response


def feed_rss(request, index_page):
    return LatestPracticesFeed(index_page)(request)


def feed_atom(request, index_page):
    return LatestPracticesAtomFeed(index_page)(request)
