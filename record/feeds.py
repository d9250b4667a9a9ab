"""RSS and Atom feeds of the network's events and news."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.feeds import FEED_SIZE, ListingFeed, atom
from record.models import EventPage, NewsPage


class EventsFeed(ListingFeed):
    description = gettext_lazy(
        "Meetings, consultations and workshops of the ASEAN Smart Cities Network."
    )

    def title(self):
        return _("ASCN Knowledge Portal: events")

    def items(self):
        return EventPage.objects.listed().order_by("-start_date")[:FEED_SIZE]

    def item_title(self, item):
        return f"{item.title} ({item.start_date.isoformat()})"


class NewsFeed(ListingFeed):
    description = gettext_lazy("News of the ASEAN Smart Cities Network and its cities.")

    def title(self):
        return _("ASCN Knowledge Portal: news")

    def items(self):
        return NewsPage.objects.listed().order_by("-date", "-first_published_at")[:FEED_SIZE]

    def item_title(self, item):
        return item.title


FEEDS = {
    ("events", False): EventsFeed,
    ("events", True): atom(EventsFeed),
    ("news", False): NewsFeed,
    ("news", True): atom(NewsFeed),
}
