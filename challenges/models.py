"""Challenges: a city's problem in its own words (ChallengePage), listed at /challenges/.

A challenge is a child of its city, like a practice: the same officers write it, the same
national review publishes it, the same translation path carries it into other languages.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from challenges.learning import ask_to_learn, learning_message_place
from challenges.matching import matches_for
from localization.i18n import one_per_translation
from portal.cache import per_generation
from portal.listings import register_listing_page
from portal.visibility import public
from practices.models import (
    CURRENCIES,
    CopiesCityFacts,
    KeepsSDGCopies,
    ListingPage,
    PracticePageForm,
    Provenance,
    amount_field,
    city_copies,
    city_page_api_fields,
    city_page_card_data,
    city_page_search_fields,
    sdg_fields,
    sdg_panel,
)
from search.indexing import IndexedWithRelations
from search.segmentation import SegmentedSearchField, page_search_fields
from search.topic_picker import topics_panel


class ChallengeStatus(models.TextChoices):
    OPEN = "open", _("Open")
    MATCHED = "matched", _("Matched")
    SOLVED = "solved", _("Solved")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class TimeFrame(models.TextChoices):
    MONTHS = "months", _("Within 6 months")
    YEAR = "year", _("6 to 18 months")
    YEARS = "years", _("More than 18 months")


class Capacity(models.TextChoices):
    NONE = "none", _("None: the city would need outside help")
    SOME = "some", _("Some: staff who can run a project with support")
    TEAM = "team", _("A team that can build and run it")


class ChallengeTopic(TaggedItemBase):
    content_object = ParentalKey(
        "challenges.ChallengePage", on_delete=models.CASCADE, related_name="tagged_topics"
    )


class ChallengePageQuerySet(PageQuerySet):
    def listed(self):
        """The live challenges the public sees, one per translation group, in the active
        language where translated (as ``PracticePage.objects.listed()``)."""
        return one_per_translation(public(self.live()))


class ChallengePage(KeepsSDGCopies, CopiesCityFacts, IndexedWithRelations, Page):
    """A problem a city faces, what bounds the answer, and what it has tried."""

    problem = models.TextField(
        max_length=3000, help_text="The problem in the city's words: who suffers, how, how much"
    )
    focal_areas = ParentalManyToManyField("portal.FocalArea", related_name="challenges")
    topics = ClusterTaggableManager(through=ChallengeTopic, blank=True)
    sdg_targets, sdg_goals, sdg_codes = sdg_fields("challenges")
    status = models.CharField(
        max_length=20, choices=ChallengeStatus.choices, default=ChallengeStatus.OPEN
    )
    budget_from = amount_field("budget from")
    budget_to = amount_field("budget up to")
    currency = models.CharField(max_length=3, choices=CURRENCIES, default="USD")
    time_frame = models.CharField(max_length=10, choices=TimeFrame.choices, blank=True)
    in_house_capacity = models.CharField(
        "in-house capacity", max_length=10, choices=Capacity.choices, blank=True
    )
    tried = models.TextField(
        "what has been tried", max_length=3000, blank=True, help_text="And what came of it"
    )
    raised_on = models.DateField(default=timezone.localdate, help_text="When the city raised it")
    resolved_on = models.DateField(
        null=True, blank=True, help_text="When it was solved or withdrawn"
    )
    contact_role = models.CharField(
        max_length=200, blank=True, help_text="Public role of the contact, e.g. Head of DONRE"
    )
    contact_email = models.EmailField(
        blank=True, help_text="Never shown (the city's contact is used when empty)."
    )
    provenance = models.CharField(
        max_length=10, choices=Provenance.choices, blank=True, default=Provenance.PUBLISHED
    )

    # Copies of facts held by the city, kept so listings and search filter without joins.
    city, country = city_copies("challenges")

    content_panels = [
        *Page.content_panels,
        FieldPanel("problem"),
        MultiFieldPanel(
            [
                FieldPanel("focal_areas", widget=forms.CheckboxSelectMultiple),
                topics_panel(),
                sdg_panel(),
                FieldRowPanel([FieldPanel("status"), FieldPanel("raised_on")]),
                FieldPanel("resolved_on"),
            ],
            heading="Classification",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("budget_from"), FieldPanel("budget_to"), FieldPanel("currency")],
                    help_text="The whole sum the city could spend on a solution, not per year.",
                ),
                FieldRowPanel([FieldPanel("time_frame"), FieldPanel("in_house_capacity")]),
            ],
            heading="Constraints",
        ),
        FieldPanel("tried"),
        MultiFieldPanel(
            [FieldPanel("contact_role"), FieldPanel("contact_email")], heading="Contact"
        ),
        FieldPanel("provenance", permission="practices.set_provenance"),
    ]
    objects = PageManager.from_queryset(ChallengePageQuerySet)()
    base_form_class = PracticePageForm  # a new challenge starts in its city's currency
    parent_page_types = ["cities.CityPage"]
    subpage_types = []

    search_fields = [
        *page_search_fields(Page),
        SegmentedSearchField("problem", boost=1.5),
        SegmentedSearchField("tried"),
        *city_page_search_fields(),
        index.FilterField("city"),
        index.FilterField("country"),
        index.FilterField("focal_areas"),
        index.FilterField("status"),
        index.FilterField("provenance"),
    ]
    api_fields = [
        APIField("problem"),
        *city_page_api_fields(),
        APIField("status"),
        APIField("budget_from"),
        APIField("budget_to"),
        APIField("currency"),
        APIField("time_frame"),
        APIField("in_house_capacity"),
        APIField("tried"),
        APIField("raised_on"),
        APIField("resolved_on"),
        APIField("contact_role"),
        APIField("provenance"),
    ]
    api_related = (("city", "country", "locale"), ("focal_areas", "topics"))
    card_template = "challenges/includes/challenge_card.html"
    search_type = "challenge"

    class Meta:
        verbose_name = "challenge"

    def clean(self):
        super().clean()
        errors = {}
        if (
            self.budget_from is not None
            and self.budget_to is not None
            and self.budget_to < self.budget_from
        ):
            errors["budget_to"] = "The upper end of the budget cannot be below its lower end."
        if self.resolved_on and self.raised_on and self.resolved_on < self.raised_on:
            errors["resolved_on"] = "It cannot be resolved before it was raised."
        if errors:
            raise ValidationError(errors)

    @property
    def is_sample(self):
        return self.provenance != Provenance.PUBLISHED

    @property
    def is_closed(self):
        return self.status in (ChallengeStatus.SOLVED, ChallengeStatus.WITHDRAWN)

    @property
    def budget_known(self):
        return self.budget_from is not None or self.budget_to is not None

    def search_card_data(self):
        """What a search result (HTML card or JSON) says about this challenge."""
        return city_page_card_data(self, self.problem)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["matches"] = matches_for(self)
        learning = (
            list(self.learning_requests.select_related("practice__city").order_by("created_at"))
            if self.pk
            else []
        )
        asked = {item.practice_id: item for item in learning}
        for match in context["matches"]:
            # Asked once per practice: the form gives way to when it was asked.
            match.asked = asked.pop(match.practice.pk, None)
            match.message_place = learning_message_place(match.practice)
        # Practices asked that are no longer among the matches: listed below them, once.
        context["learning"] = list(asked.values())
        context["may_ask"] = self.may_ask(request.user)
        return context

    def may_ask(self, user):
        """Whoever may edit the challenge (its city's officers, reviewers, the secretariat) may
        ask a practice's team to share what they learnt."""
        return user.is_authenticated and self.permissions_for_user(user).can_edit()

    def serve(self, request, *args, **kwargs):
        if request.method == "POST":
            return ask_to_learn(request, self)
        return super().serve(request, *args, **kwargs)


class LearningRequest(models.Model):
    """ "We want to learn from this": a city's officer asked a practice's team, for a challenge.

    The message itself goes through the practice's contact form path (a ``ContactMessage``,
    mailed to the practice's hidden address); this row is what the challenge page shows."""

    challenge = models.ForeignKey(
        ChallengePage, on_delete=models.CASCADE, related_name="learning_requests"
    )
    practice = models.ForeignKey(
        "practices.PracticePage", on_delete=models.CASCADE, related_name="learning_requests"
    )
    message = models.ForeignKey(
        "practices.ContactMessage", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["challenge", "practice"], name="one_request_per_pair")
        ]

    def __str__(self):
        return f"{self.challenge} → {self.practice}"


@register_listing_page("challenges")
class ChallengeIndexPage(ListingPage):
    """Every live challenge at /challenges/, with facets, exports and feeds."""

    def home_teaser(self):
        """The home page's door: how many challenges the listing it leads to shows, counted
        once per language until the next publish, as the practices are."""
        count = per_generation(
            f"challenge-count:{get_language()}", ChallengePage.objects.listed().count
        )
        return {"count": count, "label": _("challenges cities face")}

    def views(self):
        """challenges/views.py, imported when a route runs, for the reason
        ``PracticeIndexPage.views`` gives (the views query this module's models)."""
        from challenges import views

        return views
