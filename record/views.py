"""Views behind the routes of EventIndexPage and NewsIndexPage: listings, feeds, calendar."""

from django.template.response import TemplateResponse
from django.utils import timezone

from portal.pagination import paginate
from record.calendar import calendar_response
from record.feeds import FEEDS
from record.filters import EventFilter, NewsFilter
from record.models import EventPage

PAGE_SIZE = 20
UPCOMING_IN_CALENDAR = 100


def _listing(request, index_page, record_filter, template):
    notices = list(record_filter.notices)
    page = paginate(record_filter.result_ids(), request.GET.get("page", "1"), notices, PAGE_SIZE)
    shown = record_filter.results().in_bulk(page.object_list)
    page.object_list = [shown[pk] for pk in page.object_list if pk in shown]
    context = index_page.get_context(request)
    context.update(items=page, facets=record_filter.facets(), filter=record_filter, notices=notices)
    return TemplateResponse(request, template, context)


def upcoming():
    return EventPage.objects.listed().filter(start_date__gte=timezone.localdate())


def event_listing(request, index_page):
    event_filter = EventFilter(request.GET)
    response = _listing(request, index_page, event_filter, "events/event_index_page.html")
    if not event_filter.active:  # "Coming up" heads the whole list, not a chosen year or kind
        response.context_data["upcoming"] = list(
            upcoming().select_related("locale").order_by("start_date")[:5]
        )
    return response


def news_listing(request, index_page):
    return _listing(request, index_page, NewsFilter(request.GET), "events/news_index_page.html")


def feed(request, index_page, name, atom):
    return FEEDS[(name, atom)](index_page)(request)


def upcoming_calendar(request, index_page):
    events = list(upcoming().order_by("start_date")[:UPCOMING_IN_CALENDAR])
    return calendar_response(request, events, "ascn-upcoming-events")
