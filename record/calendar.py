"""iCalendar files (RFC 5545) of events, through the ``icalendar`` library: one event's file and
the feed of upcoming ones, both importable by calendar programs."""

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone

from icalendar import Calendar, Event

PRODUCT = "-//ASEAN Smart Cities Network//ASCN Knowledge Portal//EN"


def _event(page, request):
    event = Event()
    event.add("uid", f"event-{page.translation_key}@{request.get_host()}")
    event.add("dtstamp", timezone.now())
    event.add("summary", page.title)
    online = page.online_url if page.online else ""
    # The stream's address, in the description calendar programs show, and as RFC 7986 says.
    event.add("description", f"{page.summary}\n\n{online}" if online else page.summary)
    if online:
        event.add("conference", online, parameters={"value": "URI", "feature": "VIDEO"})
    event.add("dtstart", page.starts_at)
    event.add("dtend", page.ends_at)
    where = page.place or online
    if where:
        event.add("location", where)
    event.add("url", request.build_absolute_uri(page.url))
    if page.last_published_at:
        event.add("last-modified", page.last_published_at)
    return event


def calendar_response(request, pages, name):
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "ASCN")
    for page in pages:
        calendar.add_component(_event(page, request))
    calendar.add_missing_timezones()
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.ics"'
    response["Cache-Control"] = f"max-age={getattr(settings, 'PAGE_CACHE_SECONDS', 0)}"
    return response
