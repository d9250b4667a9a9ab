"""``{% city_records page as records %}``: a city's events and news, for its page (cities do not
import this app)."""

from django import template
from django.utils.translation import get_language

from portal.cache import cached_value
from record.models import EventPage, NewsPage

register = template.Library()

SHOWN = 6


@register.simple_tag
def city_records(city):
    def of(model, order):
        rows = model.objects.listed().filter(cities__translation_key=city.translation_key)
        return list(rows.select_related("locale").order_by(order).distinct()[:SHOWN])

    return cached_value(
        "city-records",
        lambda: {"events": of(EventPage, "-start_date"), "news": of(NewsPage, "-date")},
        city.translation_key,
        get_language(),
    )
