"""City profiles: the index at /cities/ (also the country view) and one page per city."""

from collections import Counter

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import AbstractGroupApprovalTask, Page
from wagtail.search import index

from rest_framework import serializers

from cities.maps import RegionMap
from localization.i18n import one_per_translation
from portal.blocks import BodyBlock
from portal.cache import per_generation
from portal.facets import requested_countries
from portal.listings import register_listing_page
from portal.models import Country
from portal.visibility import public
from search.indexing import IndexedWithRelations, index_again
from search.segmentation import (
    SegmentedAutocompleteField,
    SegmentedSearchField,
    page_search_fields,
)

CITY_PRACTICES_SHOWN = 12


class NetworkStatus(models.TextChoices):
    ASCN_MEMBER = "ascn-member", _("ASCN member city")
    ASUS_PARTICIPANT = "asus-participant", _("ASUS participant")
    ASPIRING = "aspiring", _("Aspiring smart city")


class CityKind(models.TextChoices):
    CITY = "city", _("City")
    REGENCY = "regency", _("Regency")
    PROVINCE = "province", _("Province")


def live_practices():
    """The live practices, one per translation group (``PracticePage.objects.listed()``).

    PracticePage is reached through its foreign key to CityPage (``CityPage.practices``): the
    practices app sits above cities in the layers (docs/architecture.md), so cities imports
    nothing of it.
    """
    return CityPage.practices.rel.related_model.objects.listed()


def map_cities():
    """Every live city in the active language where translated, with what a region map shows:
    the same for every city page, read once per content generation."""
    return per_generation(
        f"map-cities:{get_language()}",
        lambda: list(
            one_per_translation(public(CityPage.objects.live())).only(
                "title", "url_path", "latitude", "longitude"
            )
        ),
    )


@register_listing_page("cities")
class CityIndexPage(Page):
    """All cities of the network; ``?country=TH`` turns it into the country view."""

    intro = models.TextField(blank=True, max_length=600)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["cities.CityPage"]
    max_count_per_parent = 1
    api_fields = [APIField("intro")]

    def cities(self):
        """Every live city of the network, in the active language where translated."""
        return (
            one_per_translation(public(CityPage.objects.live()))
            .select_related("country", "locale")
            .order_by("country__name", "title")
        )

    @staticmethod
    def with_practice_counts(cities):
        """``cities`` as a list, each with ``practice_count`` (practices in any language)."""
        counts = dict(
            live_practices()
            .order_by()
            .values("city__translation_key")
            .annotate(n=Count("pk"))
            .values_list("city__translation_key", "n")
        )
        cities = list(cities)
        for city in cities:
            city.practice_count = counts.get(city.translation_key, 0)
        return cities

    def home_teaser(self):
        cities = list(self.cities())
        return {"count": len(cities), "label": _("cities"), "region_map": RegionMap(cities)}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        cities = self.with_practice_counts(self.cities())
        city_counts = Counter(city.country_id for city in cities)
        notices = context.setdefault("notices", [])
        country = next(iter(requested_countries(request.GET, notices)), None)
        if country is not None:
            cities = [city for city in cities if city.country_id == country.pk]
        status = request.GET.get("status", "")
        if status in NetworkStatus.values:
            cities = [city for city in cities if city.network_status == status]
        elif status:
            notices.append(_("Unknown network status ignored; showing every status."))
            status = ""
        countries = list(Country.objects.filter(pk__in=city_counts))
        for each in countries:
            each.city_count = city_counts[each.pk]
        context.update(
            cities=cities,
            country=country,
            status=status,
            statuses=NetworkStatus.choices,
            countries=countries,
            region_map=RegionMap(cities),
        )
        if country is not None:
            context["country_practices"] = self.country_practices(country)
        return context

    @staticmethod
    def country_practices(country):
        return (
            one_per_translation(public(country.practices.live()))
            .select_related("city", "locale")
            .prefetch_related("focal_areas")
            .order_by("-first_published_at")
        )


class CityPage(IndexedWithRelations, Page):
    """The profile of one city; its case studies are its child pages, so its team owns them."""

    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="cities")
    native_name = models.CharField(max_length=120, blank=True, help_text="Name in local script")
    kind = models.CharField(max_length=20, choices=CityKind.choices, default=CityKind.CITY)
    network_status = models.CharField(
        max_length=20, choices=NetworkStatus.choices, default=NetworkStatus.ASCN_MEMBER
    )
    ascn_joined = models.PositiveSmallIntegerField(
        "year joined the ASCN",
        null=True,
        blank=True,
        validators=[MinValueValidator(2018), MaxValueValidator(2100)],
    )
    latitude = models.DecimalField(
        max_digits=8,
        decimal_places=5,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        max_digits=8,
        decimal_places=5,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    population = models.PositiveBigIntegerField(null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(null=True, blank=True)
    population_source = models.URLField(
        blank=True, help_text="The page that states the population (required with a population)"
    )
    area_km2 = models.DecimalField(
        "area (km²)", max_digits=10, decimal_places=1, null=True, blank=True
    )
    area_source = models.URLField(
        blank=True, help_text="The page that states the area (required with an area)"
    )
    summary = models.TextField(
        max_length=600, blank=True, help_text="One paragraph, shown on cards and in search"
    )
    vision = StreamField(BodyBlock(), blank=True, use_json_field=True)
    priority_focal_areas = ParentalManyToManyField(
        "portal.FocalArea", blank=True, related_name="priority_cities"
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    contact_role = models.CharField(
        max_length=200,
        blank=True,
        help_text="Public contact role, e.g. Chief Smart City Officer (no personal e-mail here)",
    )
    contact_email = models.EmailField(
        blank=True, help_text="Never shown: messages from the contact forms are sent here"
    )
    note = models.TextField(blank=True, help_text="Short factual note shown on the profile")

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("country"), FieldPanel("kind")]),
                FieldPanel("native_name"),
                FieldRowPanel([FieldPanel("network_status"), FieldPanel("ascn_joined")]),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                FieldRowPanel(
                    [
                        FieldPanel("population"),
                        FieldPanel("population_year"),
                        FieldPanel("population_source"),
                    ]
                ),
                FieldRowPanel([FieldPanel("area_km2"), FieldPanel("area_source")]),
            ],
            heading="Facts",
        ),
        FieldPanel("summary"),
        FieldPanel("hero_image"),
        FieldPanel("vision"),
        FieldPanel("priority_focal_areas", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [FieldPanel("contact_role"), FieldPanel("contact_email")], heading="Contact"
        ),
        FieldPanel("note"),
    ]
    parent_page_types = ["cities.CityIndexPage"]
    # A city's own news is written under it, so that its officer may write it and the country's
    # review publishes it (events.NewsPage, listed at /news/ with the network's).
    subpage_types = [
        "practices.PracticePage",
        "challenges.ChallengePage",
        "events.NewsPage",
        "adoptions.AdoptionPage",
    ]

    search_fields = [
        *page_search_fields(Page),
        SegmentedSearchField("native_name", boost=2),
        SegmentedAutocompleteField("native_name"),
        SegmentedSearchField("summary", boost=1.5),
        SegmentedSearchField("vision"),
        index.FilterField("country"),
        index.FilterField("network_status"),
        index.RelatedFields("country", [SegmentedSearchField("name")]),
    ]
    api_fields = [
        APIField("country", serializer=serializers.StringRelatedField()),
        APIField("country_code", serializer=serializers.CharField(source="country.code")),
        APIField("native_name"),
        APIField("kind"),
        APIField("network_status"),
        APIField("ascn_joined"),
        APIField("latitude"),
        APIField("longitude"),
        APIField("population"),
        APIField("population_year"),
        APIField("population_source"),
        APIField("area_km2"),
        APIField("area_source"),
        APIField("summary"),
        APIField("vision"),
        APIField(
            "priority_focal_areas",
            serializer=serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug"),
        ),
        APIField("hero_image", serializer=ImageRenditionField("fill-1200x630")),
        APIField("contact_role"),
    ]

    api_related = (("country", "hero_image", "locale"), ("priority_focal_areas",))
    serve_select_related, serve_prefetch_related = api_related  # as portal.models reads them
    card_template = "cities/includes/city_card.html"
    # The columns the card (and a search result's JSON) reads: a list fetches no more.
    card_fields = (
        *("title", "url_path", "alias_of", "locale__language_code", "country__name"),
        *("country__languages", "native_name", "summary", "network_status", "ascn_joined"),
    )
    search_type = "city"
    choice_relations = ("country",)  # portal.forms.SameLanguageChoicesForm

    class Meta:
        verbose_name = "city"

    def choice_label(self):
        """A city in the admin's lists of cities to choose: two cities may share a name."""
        return f"{self.title} ({self.country.label})"

    def clean(self):
        """Facts about a real city carry the address of the page that states them."""
        super().clean()
        facts = {"population": self.population, "area": self.area_km2}
        errors = {
            f"{fact}_source": "Give the address of the page that states this figure."
            for fact, value in facts.items()
            if value is not None and not getattr(self, f"{fact}_source")
        }
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Practices and challenges keep a copy of their country so that search can filter and
        # facet on it.
        for children in (self.practices, self.challenges):
            moved = children.exclude(country_id=self.country_id)
            moved_ids = list(moved.values_list("pk", flat=True))
            moved.update(country_id=self.country_id)
            for pk in moved_ids:
                index_again(moved.model, pk)

    def search_card_data(self):
        """What a search result (HTML card or JSON) says about this city."""
        return {
            "city": self.title,
            "country": self.country.name,
            "status": self.get_network_status_display(),
            "focal_areas": [],
            "snippet": self.summary,
        }

    def structured_data(self):
        """schema.org description of the city, for search engines (JSON-LD)."""
        return {
            "@context": "https://schema.org",
            "@type": "City",
            "name": self.title,
            "alternateName": self.native_name or None,
            "description": self.summary,
            "geo": {
                "@type": "GeoCoordinates",
                "latitude": float(self.latitude),
                "longitude": float(self.longitude),
            },
            "containedInPlace": {"@type": "Country", "name": self.country.name},
        }

    def live_practices(self):
        """The city's practices in every language, one per translation group."""
        return (
            live_practices()
            .filter(city__translation_key=self.translation_key)
            .select_related("city", "country", "locale")
            .prefetch_related("focal_areas")
            .order_by("-first_published_at", "title")
        )

    @cached_property
    def locator_map(self):
        """The region with every city of the network, this one highlighted and labelled."""
        return RegionMap(map_cities(), highlight=self)

    def get_context(self, request, *args, **kwargs):
        """The latest practices; the practice list filtered on the city has them all."""
        context = super().get_context(request, *args, **kwargs)
        practices = self.live_practices()
        context["practices"] = practices[:CITY_PRACTICES_SHOWN]
        context["practice_total"] = practices.count()
        context["challenges"] = self.live_challenges()
        return context

    def live_challenges(self):
        """The city's challenges, one per translation group, open ones first.

        ChallengePage is reached through its foreign key to CityPage, as practices are."""
        challenges = CityPage.challenges.rel.related_model.objects.listed()
        return (
            challenges.filter(city__translation_key=self.translation_key)
            .select_related("locale", "city", "country")
            .prefetch_related("focal_areas")
            .order_by("-first_published_at", "title")
        )


class ChangesRequestedForm(forms.Form):
    """ "Request changes" says what to change: the officer reads it where they edit."""

    comment = forms.CharField(
        label=_("What should the officer change?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": _("Say what should change: the officer will read it.")},
    )


class NationalReviewTask(AbstractGroupApprovalTask):
    """The national review of a member state: its reviewers approve (and so publish) a page or
    request changes, saying what to change. After either, the reviewer sees what was done."""

    def get_actions(self, obj, user):
        if user.is_superuser or self._user_in_groups(user):
            return [
                ("reject", _("Request changes"), True),
                ("approve", _("Approve"), False),  # Wagtail adds "and Publish" in the editor
                ("approve", _("Approve with comment"), True),
            ]
        return []

    def get_form_for_action(self, action):
        if action == "reject":
            return ChangesRequestedForm
        return super().get_form_for_action(action)

    def on_action(self, task_state, user, action_name, **kwargs):
        super().on_action(task_state, user, action_name, **kwargs)
        if action_name in {"approve", "reject"}:
            return reverse("national_review_done", args=[task_state.pk])
        return None

    @classmethod
    def get_description(cls):
        return _("The country's national reviewers approve and publish, or request changes")

    class Meta:
        verbose_name = _("national review")
        verbose_name_plural = _("national reviews")


def city_of(page):
    """The city page ``page`` belongs to (itself when it is one), or None."""
    return CityPage.objects.ancestor_of(page, inclusive=True).first()
