"""The network's own record: its events (EventPage under /events/) and news (NewsPage under
/news/, or under a city for that city's own news, so that its officer writes it and the
country's review publishes it).

Both are dated pages about cities and focal areas; they share ``RecordPage``. An event links
the documents of its meeting and the practices presented there, and offers an iCalendar file.
"""

import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from rest_framework import serializers

from documents.models import Provenance, visible_related
from localization.i18n import one_per_translation
from portal.blocks import BodyBlock
from portal.forms import SameLanguageChoicesForm
from portal.listings import register_listing_page
from portal.models import ListingPage
from portal.visibility import public
from record.calendar import calendar_response
from record.forms import NewsForm
from search.indexing import IndexedWithRelations
from search.segmentation import SegmentedSearchField, page_search_fields

# The time zones of the member states (Indonesia has three), and UTC for online events.
TIME_ZONES = [
    "Asia/Bangkok",
    "Asia/Brunei",
    "Asia/Dili",
    "Asia/Ho_Chi_Minh",
    "Asia/Jakarta",
    "Asia/Jayapura",
    "Asia/Kuala_Lumpur",
    "Asia/Makassar",
    "Asia/Manila",
    "Asia/Phnom_Penh",
    "Asia/Singapore",
    "Asia/Vientiane",
    "Asia/Yangon",
    "UTC",
]


class EventKind(models.TextChoices):
    ANNUAL_MEETING = "annual-meeting", _("Annual meeting")
    CONSULTATION = "consultation", _("City consultation")
    WORKSHOP = "workshop", _("Workshop")
    WEBINAR = "webinar", _("Webinar")
    PROGRAMME = "programme", _("Partner programme")


class RecordQuerySet(PageQuerySet):
    def listed(self):
        """Live, public, one per translation group, in the active language where translated."""
        return one_per_translation(public(self.live()))


class RecordPage(IndexedWithRelations, Page):
    """What events and news share: a summary, a body, cities, focal areas, a source."""

    summary = models.TextField(max_length=800, help_text="One paragraph: what happened")
    body = StreamField(BodyBlock(), blank=True, use_json_field=True)
    cities = ParentalManyToManyField(
        "cities.CityPage", blank=True, related_name="%(class)s_records"
    )
    focal_areas = ParentalManyToManyField(
        "portal.FocalArea", blank=True, related_name="%(class)s_records"
    )
    source_url = models.URLField(
        blank=True, help_text="Where the facts on this page come from (a public page)"
    )
    provenance = models.CharField(
        max_length=10, choices=Provenance.choices, blank=True, default=Provenance.PUBLISHED
    )
    year = models.PositiveSmallIntegerField(null=True, editable=False, db_index=True)

    objects = PageManager.from_queryset(RecordQuerySet)()
    base_form_class = SameLanguageChoicesForm
    subpage_types = []
    classification_panels = [
        FieldPanel("focal_areas", widget=forms.CheckboxSelectMultiple),
        FieldPanel("cities"),
    ]
    search_fields = [
        *page_search_fields(Page),
        SegmentedSearchField("summary", boost=1.5),
        SegmentedSearchField("body"),
        index.RelatedFields(
            "focal_areas", [SegmentedSearchField("name"), index.FilterField("slug")]
        ),
        index.RelatedFields("cities", [SegmentedSearchField("title")]),
        index.FilterField("year"),
        index.FilterField("focal_areas"),
        index.FilterField("cities"),
        index.FilterField("provenance"),
    ]
    record_api_fields = [
        APIField("summary"),
        APIField("body"),
        APIField(
            "cities",
            serializer=serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug"),
        ),
        APIField(
            "focal_areas",
            serializer=serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug"),
        ),
        APIField("source_url"),
        APIField("provenance"),
    ]

    class Meta:
        abstract = True

    @property
    def is_sample(self):
        return self.provenance != Provenance.PUBLISHED

    def search_card_data(self):
        return {
            "date": self.record_date.isoformat() if self.record_date else "",
            "cities": [city.title for city in self.cities.all()],
            "snippet": self.summary,
        }


class EventPage(RoutablePageMixin, RecordPage):
    """A meeting, consultation, workshop or webinar of the network."""

    kind = models.CharField(max_length=20, choices=EventKind.choices)
    start_date = models.DateField()
    start_time = models.TimeField(null=True, blank=True, help_text="Empty: an all-day event")
    end_date = models.DateField(null=True, blank=True, help_text="Empty: one day")
    end_time = models.TimeField(null=True, blank=True)
    time_zone = models.CharField(
        max_length=40, choices=[(zone, zone) for zone in TIME_ZONES], default="Asia/Singapore"
    )
    place = models.CharField(max_length=200, blank=True, help_text="Empty when online only")
    online = models.BooleanField(default=False)
    online_url = models.URLField(blank=True)
    organisers = models.CharField(max_length=300, blank=True)
    outcomes = StreamField(
        BodyBlock(), blank=True, use_json_field=True, help_text="What the event decided or made"
    )
    documents = ParentalManyToManyField("documents.DocumentPage", blank=True, related_name="events")
    practices = ParentalManyToManyField(
        "practices.PracticePage", blank=True, related_name="presented_at"
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldRowPanel(
                    [FieldPanel("start_date"), FieldPanel("start_time"), FieldPanel("time_zone")]
                ),
                FieldRowPanel([FieldPanel("end_date"), FieldPanel("end_time")]),
                FieldPanel("place"),
                FieldRowPanel([FieldPanel("online"), FieldPanel("online_url")]),
                FieldPanel("organisers"),
            ],
            heading="When and where",
        ),
        FieldPanel("body"),
        FieldPanel("outcomes"),
        MultiFieldPanel(
            [
                *RecordPage.classification_panels,
                FieldPanel("documents"),
                FieldPanel("practices"),
            ],
            heading="Cities, documents and practices",
        ),
        FieldPanel("source_url"),
        FieldPanel("provenance", permission="practices.set_provenance"),
    ]
    parent_page_types = ["events.EventIndexPage"]
    search_fields = [
        *RecordPage.search_fields,
        SegmentedSearchField("outcomes"),
        SegmentedSearchField("place"),
        SegmentedSearchField("organisers"),
        index.FilterField("kind"),
        index.FilterField("start_date"),
    ]
    api_fields = [
        *RecordPage.record_api_fields,
        APIField("kind"),
        APIField("start_date"),
        APIField("start_time"),
        APIField("end_date"),
        APIField("end_time"),
        APIField("time_zone"),
        APIField("place"),
        APIField("online"),
        APIField("online_url"),
        APIField("organisers"),
        APIField("outcomes"),
        APIField(
            "documents", serializer=serializers.PrimaryKeyRelatedField(many=True, read_only=True)
        ),
        APIField(
            "practices", serializer=serializers.PrimaryKeyRelatedField(many=True, read_only=True)
        ),
    ]
    api_related = (("locale",), ("cities", "focal_areas", "documents", "practices"))
    search_type = "event"
    card_template = "events/includes/event_card.html"

    class Meta:
        verbose_name = "event"

    def save(self, *args, **kwargs):
        self.year = self.start_date.year if self.start_date else None
        return super().save(*args, **kwargs)

    @property
    def record_date(self):
        return self.start_date

    @property
    def zone(self):
        return ZoneInfo(self.time_zone)

    @property
    def starts_at(self):
        """An aware datetime, or a date for an all-day event."""
        if self.start_time is None:
            return self.start_date
        return datetime.datetime.combine(self.start_date, self.start_time, self.zone)

    @property
    def ends_at(self):
        """An aware datetime; for an all-day event, the day after the last (as iCalendar says)."""
        last = self.end_date or self.start_date
        if self.start_time is None:
            return last + datetime.timedelta(days=1)
        end_time = self.end_time or self.start_time
        return datetime.datetime.combine(last, end_time, self.zone)

    @property
    def is_past(self):
        return (self.end_date or self.start_date) < timezone.localdate()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["documents"] = visible_related(self, "documents")
        context["practices"] = visible_related(self, "practices")
        return context

    @path("calendar/", name="ics")
    def ics(self, request):
        return calendar_response(request, [self], self.slug)


class NewsPage(RecordPage):
    """News of the network, or of one city (then written under the city and reviewed)."""

    date = models.DateField(default=datetime.date.today)

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(RecordPage.classification_panels, heading="Cities and focal areas"),
        FieldPanel("source_url"),
        FieldPanel("provenance", permission="practices.set_provenance"),
    ]
    parent_page_types = ["events.NewsIndexPage", "cities.CityPage"]
    base_form_class = NewsForm
    search_fields = [*RecordPage.search_fields, index.FilterField("date")]
    api_fields = [*RecordPage.record_api_fields, APIField("date")]
    api_related = (("locale",), ("cities", "focal_areas"))
    search_type = "news"
    card_template = "events/includes/news_card.html"

    class Meta:
        verbose_name = "news item"
        verbose_name_plural = "news items"

    def save(self, *args, **kwargs):
        self.year = self.date.year if self.date else None
        parent = self.get_parent() if self.path and self.depth else None
        city = parent.specific if parent is not None else None
        result = super().save(*args, **kwargs)
        if city is not None and city._meta.label == "cities.CityPage":
            # News written under a city is that city's news (stored once the page is).
            NewsPage.cities.through.objects.get_or_create(newspage_id=self.pk, citypage_id=city.pk)
        return result

    @property
    def record_date(self):
        return self.date


class RecordIndexPage(RoutablePageMixin, ListingPage):
    """What /events/ and /news/ share: a listing with facets (``listing_view``, a function of
    record/views.py) and RSS and Atom feeds of the ``family``."""

    family = ""  # "events" or "news": names the feeds in ``record.feeds.FEEDS``
    listing_view = ""

    class Meta:
        abstract = True

    @path("")
    def listing(self, request):
        return getattr(_views(), self.listing_view)(request, self)

    @path("feed/", name="feed_rss")
    def feed_rss(self, request):
        return _views().feed(request, self, self.family, atom=False)

    @path("feed/atom/", name="feed_atom")
    def feed_atom(self, request):
        return _views().feed(request, self, self.family, atom=True)


@register_listing_page("events")
class EventIndexPage(RecordIndexPage):
    """Every event at /events/: upcoming first, then past ones, with facets; feeds; calendar."""

    subpage_types = ["events.EventPage"]
    family = "events"
    listing_view = "event_listing"

    @path("calendar/", name="ics")
    def ics(self, request):
        return _views().upcoming_calendar(request, self)


@register_listing_page("news")
class NewsIndexPage(RecordIndexPage):
    """Every news item at /news/ (the network's and the cities'), with facets and feeds."""

    subpage_types = ["events.NewsPage"]
    family = "news"
    listing_view = "news_listing"


def _views():
    """record/views.py, imported when a route runs: the views query this module's models (as
    ``practices.models._views`` explains)."""
    from record import views

    return views
