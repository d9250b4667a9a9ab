"""Adoption records: a city says it adapted another city's practice (``AdoptionPage``).

A record is a page under the adopting city, so that city's officers write it, its country's
review publishes it and it is translated like any page of the city. It points at the practice it
learnt from (``source_practice``, reached back from a practice as ``PracticePage.adoptions``)
and, when the city wrote up its own version, at that practice (``adapted_practice``): that
second link is what chains adaptations, A → B → C (``adoptions.graph``).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index

from rest_framework import serializers
from wagtail_localize.fields import SynchronizedField

from adoptions.graph import build
from cities.models import CityPage
from portal.cache import per_generation
from practices.models import CopiesCityFacts, Indicator, Provenance, city_copies
from search.segmentation import SegmentedSearchField, page_search_fields


class AdoptionStage(models.TextChoices):
    EXPLORING = "exploring", _("Exploring")
    PILOTING = "piloting", _("Piloting")
    RUNNING = "running", _("Running")
    STOPPED = "stopped", _("Stopped")


def city_key(page):
    """The translation group of the city a page belongs to (its parent), or None."""
    if page is None:
        return None
    if page.city_id:
        return page.city.translation_key
    return None


class AdoptionPageForm(WagtailAdminPageForm):
    """The source practice is another city's; the adapted practice is the adopting city's."""

    def clean(self):
        cleaned = super().clean()
        city = getattr(self.parent_page, "specific", None)
        if not isinstance(city, CityPage):
            return cleaned
        source, adapted = cleaned.get("source_practice"), cleaned.get("adapted_practice")
        if source is not None and city_key(source) == city.translation_key:
            self.add_error(
                "source_practice",
                "Choose a practice of another city: this one is your city's own.",
            )
        if adapted is not None and city_key(adapted) != city.translation_key:
            self.add_error(
                "adapted_practice",
                "Choose a practice of your own city (or leave this empty).",
            )
        if (
            source is not None
            and adapted is not None
            and source.translation_key == adapted.translation_key
        ):
            self.add_error("adapted_practice", "The adapted practice cannot be the source itself.")
        if source is not None:
            others = (
                AdoptionPage.objects.filter(
                    city__translation_key=city.translation_key,
                    source_practice__translation_key=source.translation_key,
                )
                .exclude(translation_key=self.instance.translation_key)
                .first()
            )
            if others is not None:
                self.add_error(
                    "source_practice",
                    f"Your city has already recorded adapting this practice: “{others.title}”. "
                    "Update that record instead (its stage and dates).",
                )
        return cleaned


class AdoptionPage(CopiesCityFacts, Page):
    """A city's record of adapting another city's practice: what it changed, how far it got."""

    source_practice = models.ForeignKey(
        "practices.PracticePage",
        null=True,
        on_delete=models.SET_NULL,
        related_name="adoptions",
        help_text="The practice of another city that yours learnt from",
    )
    adapted_practice = models.ForeignKey(
        "practices.PracticePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="adapted_from",
        help_text="Your city's own practice page about its version, if it has one: other "
        "cities that adapt it continue the chain",
    )
    stage = models.CharField(max_length=20, choices=AdoptionStage.choices)
    started_on = models.DateField("started", help_text="When your city started adapting it")
    ended_on = models.DateField(
        "stopped", null=True, blank=True, help_text="Only when the stage is “stopped”"
    )
    what_changed = models.TextField(
        "what was changed for the local context",
        max_length=4000,
        help_text="What your city did differently from the source, and why",
    )
    what_did_not_work = models.TextField(
        "what did not work", max_length=4000, blank=True, help_text="Honest lessons help peers"
    )
    provenance = models.CharField(
        max_length=10, choices=Provenance.choices, blank=True, default=Provenance.PUBLISHED
    )

    city, country = city_copies("adoptions")  # the adopting city's, set on save

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("source_practice"),
                FieldPanel("adapted_practice"),
                FieldRowPanel(
                    [FieldPanel("stage"), FieldPanel("started_on"), FieldPanel("ended_on")]
                ),
            ],
            heading="What your city adapted",
        ),
        FieldPanel("what_changed"),
        FieldPanel("what_did_not_work"),
        InlinePanel("indicators", heading="Your own indicators (optional)", label="Indicator"),
        FieldPanel("provenance", permission="practices.set_provenance"),
    ]
    base_form_class = AdoptionPageForm
    parent_page_types = ["cities.CityPage"]
    subpage_types = []
    # A translation keeps pointing at the same practices (they need not be translated first).
    override_translatable_fields = [
        SynchronizedField("source_practice"),
        SynchronizedField("adapted_practice"),
    ]

    search_fields = [
        *page_search_fields(Page),
        SegmentedSearchField("what_changed"),
        SegmentedSearchField("what_did_not_work"),
        index.FilterField("city"),
        index.FilterField("country"),
        index.FilterField("stage"),
    ]
    api_fields = [
        APIField("source_practice_id"),
        APIField("adapted_practice_id"),
        APIField("city", serializer=serializers.StringRelatedField()),
        APIField("city_id"),
        APIField("country_code", serializer=serializers.CharField(source="country.code")),
        APIField("stage"),
        APIField("started_on"),
        APIField("ended_on"),
        APIField("what_changed"),
        APIField("what_did_not_work"),
        APIField("indicators"),
        APIField("provenance"),
    ]
    api_related = (("city", "country", "locale"), ("indicators",))
    card_template = "adoptions/includes/adoption_card.html"

    class Meta:
        verbose_name = "adoption record"

    def clean(self):
        """Every problem of the dates at once: an officer fixes the form in one round."""
        super().clean()
        errors = {}
        if self.started_on and self.started_on > timezone.localdate():
            errors["started_on"] = ["The start cannot be in the future."]
        ended = errors.setdefault("ended_on", [])
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            ended.append("It cannot stop before it started.")
        if self.ended_on and self.stage != AdoptionStage.STOPPED:
            ended.append("Give a stop date only when the stage is stopped.")
        if not ended:
            del errors["ended_on"]
        if errors:
            raise ValidationError(errors)

    @property
    def is_sample(self):
        return self.provenance != Provenance.PUBLISHED


class AdoptionIndicator(TranslatableMixin, Orderable, Indicator):
    """The adopting city's own measure of how its version works."""

    page = ParentalKey(AdoptionPage, on_delete=models.CASCADE, related_name="indicators")

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order"]


def transfers():
    """The region's transfer graph (``adoptions.graph``) in the active language, kept in the
    process until the next publish (``per_generation``, as the region map's cities are): the
    practice and city pages show it, and it stays small (one row per adoption record)."""
    return per_generation(
        f"adoption-transfers:{get_language()}",
        lambda: build(AdoptionPage.objects.live(), dict(AdoptionStage.choices)),
    )
