"""Best-practice case studies (PracticePage), their index at /practices/, contact messages and
public questions."""

import datetime
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Subquery,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Orderable, Page, PageManager, TranslatableMixin
from wagtail.query import PageQuerySet
from wagtail.search import index

from rest_framework import serializers

from cities.models import CityPage
from localization.i18n import one_per_translation
from portal.blocks import BodyBlock
from portal.cache import per_generation
from portal.charts import BarChart
from portal.forms import SDGTargetsWidget
from portal.listings import register_listing_page
from portal.models import ListingPage as BaseListingPage
from portal.models import SDGGoal
from portal.sdg import TargetBadge
from portal.visibility import public
from practices.contact import handle_contact
from practices.forms import ContactForm, QuestionForm
from practices.questions import handle_question
from search.indexing import IndexedWithRelations
from search.segmentation import SegmentedSearchField, page_search_fields
from search.topic_picker import topics_panel
from search.vocabulary import CatalogueNamesField, TopicNamesField

RELATED_POOL = 200  # the newest practices sharing a focal area or topic, ranked for "related"
NARRATIVE_SECTIONS = [
    ("situation", _("Situation before the initiative")),
    ("objectives", _("Objectives")),
    ("approach", _("Approach and process")),
    ("sustainability", _("Sustainability")),
    ("lessons_learned", _("Lessons learned")),
    ("transferability", _("Transferability")),
]


class PracticeStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    PILOT = "pilot", _("Pilot")
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")
    DISCONTINUED = "discontinued", _("Discontinued")


class Provenance(models.TextChoices):
    PUBLISHED = "", "Published by the city"
    SAMPLE = "sample", "Sample content for the demo"
    GENERATED = "generated", "Generated for benchmarks"


# The currency of each member state (ISO 3166 code → ISO 4217 code): a new practice starts in
# its city's currency.
COUNTRY_CURRENCIES = {
    "BN": "BND",
    "KH": "KHR",
    "ID": "IDR",
    "LA": "LAK",
    "MY": "MYR",
    "MM": "MMK",
    "PH": "PHP",
    "SG": "SGD",
    "TH": "THB",
    "VN": "VND",
}
CURRENCIES = [
    ("USD", "USD – US dollar"),
    ("BND", "BND – Brunei dollar"),
    ("KHR", "KHR – Cambodian riel"),
    ("IDR", "IDR – Indonesian rupiah"),
    ("LAK", "LAK – Lao kip"),
    ("MYR", "MYR – Malaysian ringgit"),
    ("MMK", "MMK – Myanmar kyat"),
    ("PHP", "PHP – Philippine peso"),
    ("SGD", "SGD – Singapore dollar"),
    ("THB", "THB – Thai baht"),
    ("VND", "VND – Vietnamese dong"),
    ("EUR", "EUR – Euro"),
    ("AUD", "AUD – Australian dollar"),
    ("JPY", "JPY – Japanese yen"),
    ("KRW", "KRW – Korean won"),
]


def narrative_field(help_text):
    return StreamField(BodyBlock(), blank=True, use_json_field=True, help_text=help_text)


def amount_field(verbose_name=None):
    """An amount of money (a cost, a budget): never negative, blank when unknown."""
    return models.DecimalField(
        verbose_name,
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )


def city_copies(related_name):
    """(city, country): the parent city and its country, copied onto a page of a city (a
    practice, a challenge) so that search and listings filter without joins."""
    city = models.ForeignKey(
        "cities.CityPage",
        on_delete=models.SET_NULL,
        related_name=related_name,
        editable=False,
        null=True,
    )
    country = models.ForeignKey(
        "portal.Country",
        on_delete=models.PROTECT,
        related_name=related_name,
        editable=False,
        null=True,
    )
    return city, country


class CopiesCityFacts:
    """A page of a city (practice, challenge, adoption record): on save, the city directly
    above it and that city's country are copied onto its ``city_copies``."""

    def save(self, *args, **kwargs):
        if self.path:
            parent = CityPage.objects.filter(path=self.path[: -self.steplen]).first()
            if parent is not None:
                self.city, self.country_id = parent, parent.country_id
        super().save(*args, **kwargs)


class KeepsSDGCopies:
    """A page tagged with SDG targets (``sdg_fields``) keeps two copies of them: the goals of
    its targets (``sdg_goals``: listings and search count pages per goal, and a page with two
    targets of one goal counts once) and their codes (``sdg_codes``: cards, pages, exports and
    the API show them without a query, as ``sdg_badges``). Kept when the page is checked
    (before a revision is stored) and when it is saved."""

    def _targets_set_in_memory(self):
        """The targets set since the page was loaded (by a form, a revision), in the official
        order; None when they were not."""
        if "sdg_targets" not in getattr(self, "_cluster_related_objects", {}):
            return None
        return sorted(self.sdg_targets.all(), key=lambda target: target.sort_order)

    def _keep_sdg_copies(self):
        targets = self._targets_set_in_memory()
        if targets is None:
            return  # the copies hold
        self.sdg_codes = [target.code for target in targets]
        goals = {target.goal_id for target in targets}
        if goals != {goal.pk for goal in self.sdg_goals.all()}:
            self.sdg_goals = list(SDGGoal.objects.filter(pk__in=goals))

    def full_clean(self, *args, **kwargs):
        self._keep_sdg_copies()
        return super().full_clean(*args, **kwargs)

    def save(self, *args, **kwargs):
        if kwargs.get("update_fields") is None:
            self._keep_sdg_copies()
        return super().save(*args, **kwargs)

    @property
    def sdg_badges(self):
        """The page's targets as badges (``portal.sdg.TargetBadge``), in the official order;
        in a preview, the targets ticked in the form."""
        targets = self._targets_set_in_memory()
        codes = self.sdg_codes if targets is None else [target.code for target in targets]
        return [TargetBadge(code) for code in codes]


def sdg_fields(related_name):
    """The SDG targets of a page of a city (practice, challenge) and their copies (kept by
    ``KeepsSDGCopies``): the goals, and the codes in the official order."""
    return (
        ParentalManyToManyField(
            "portal.SDGTarget", related_name=related_name, blank=True, verbose_name="SDG targets"
        ),
        ParentalManyToManyField(
            "portal.SDGGoal", related_name=related_name, blank=True, editable=False
        ),
        models.JSONField(default=list, blank=True, editable=False),
    )


def sdg_panel():
    return FieldPanel(
        "sdg_targets",
        widget=SDGTargetsWidget,
        heading="SDG targets",
        help_text="The UN Sustainable Development Goals' targets this work serves, if any.",
    )


def city_page_search_fields():
    """What a page of a city (practice, challenge) gives search about its taxonomy and city."""
    return [
        index.RelatedFields("topics", [TopicNamesField("name")]),
        index.RelatedFields(
            "focal_areas", [CatalogueNamesField("name"), index.FilterField("slug")]
        ),
        index.RelatedFields("sdg_targets", [index.SearchField("code"), index.SearchField("title")]),
        index.FilterField("sdg_goals"),
        index.FilterField("sdg_targets"),
        index.RelatedFields(
            "city", [SegmentedSearchField("title"), SegmentedSearchField("native_name")]
        ),
        index.RelatedFields("country", [SegmentedSearchField("name")]),
    ]


def city_page_card_data(page, snippet):
    """What a search result (HTML card or JSON) says about a practice or a challenge."""
    return {
        "city": page.city.title if page.city else "",
        "country": page.country.name if page.country else "",
        "status": page.get_status_display(),
        "focal_areas": [area.name for area in page.focal_areas.all()],
        "sdg_targets": page.sdg_codes,
        "snippet": snippet,
    }


def city_page_api_fields():
    """The API fields a page of a city (practice, challenge) shares: its city and taxonomy."""
    return [
        APIField("city", serializer=serializers.StringRelatedField()),
        APIField("city_id"),
        APIField("country_code", serializer=serializers.CharField(source="country.code")),
        APIField(
            "focal_areas",
            serializer=serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug"),
        ),
        APIField("topics", serializer=serializers.StringRelatedField(many=True)),
        # the targets' codes ("11.2"), from the page's copy of them
        APIField(
            "sdg_targets",
            serializer=serializers.ListField(child=serializers.CharField(), source="sdg_codes"),
        ),
    ]


class PracticePageForm(WagtailAdminPageForm):
    """A new practice starts in its city's currency (a Vietnamese city's in VND, not USD)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        city = getattr(self.parent_page, "specific", None)
        country = getattr(city, "country", None)
        if (
            self.instance.pk is None
            and not self.is_bound
            and "currency" in self.fields
            and country is not None
            and country.code in COUNTRY_CURRENCIES
        ):
            self.initial["currency"] = COUNTRY_CURRENCIES[country.code]


class PracticeTopic(TaggedItemBase):
    content_object = ParentalKey(
        "practices.PracticePage", on_delete=models.CASCADE, related_name="tagged_topics"
    )


class PracticePageQuerySet(PageQuerySet):
    """``PracticePage.objects``: Wagtail's page queries plus the two every view asks for."""

    def listed(self):
        """The live practices the public sees, one per translation group, in the active language
        where translated: what listings, counts, feeds and the home page show."""
        return one_per_translation(public(self.live()))

    def adopted(self):
        """Practices another city has recorded adapting. Adoption records (``adoptions``, an
        app above this one) point here with ``PracticePage.adoptions``; a record may name any
        page of the practice's translation group, so the group counts."""
        keys = PracticePage.objects.filter(adoptions__live=True).values("translation_key")
        return self.filter(translation_key__in=keys)

    def with_adoption_count(self):
        """Each practice with ``adoption_count``: the live adoption records of its group."""
        records = (
            PracticePage.objects.filter(translation_key=OuterRef("translation_key"))
            .filter(adoptions__live=True)
            .order_by()  # pages are ordered by path: that would split the group
            .values("translation_key")
            .annotate(n=Count("adoptions__translation_key", distinct=True))
            .values("n")
        )
        return self.annotate(
            adoption_count=Coalesce(Subquery(records, output_field=IntegerField()), 0)
        )

    def related_to(self, practice, limit=3):
        """Practices sharing focal areas or topics with ``practice``, other cities first, most
        overlap first.

        Overlap is ranked among the RELATED_POOL newest practices that share anything: counting
        it for every practice grew with the corpus (bench/results/measured-in-code.md).
        """
        focal_ids = [area.pk for area in practice.focal_areas.all()]
        topic_ids = [topic.pk for topic in practice.topics.all()]
        focal_rows = self.model.focal_areas.through.objects.filter(focalarea_id__in=focal_ids)
        topic_rows = PracticeTopic.objects.filter(tag_id__in=topic_ids)
        pool = (
            self.listed()
            .exclude(translation_key=practice.translation_key)
            .filter(
                Exists(focal_rows.filter(practicepage_id=OuterRef("pk")))
                | Exists(topic_rows.filter(content_object_id=OuterRef("pk")))
            )
            .order_by("-first_published_at")
            .values("pk")[:RELATED_POOL]
        )
        overlap = Value(0)
        if focal_ids:
            overlap += count_of(focal_rows, "practicepage_id")
        if topic_ids:
            overlap += count_of(topic_rows, "content_object_id")
        city_key = practice.city.translation_key if practice.city else None
        return (
            self.filter(pk__in=Subquery(pool))
            .annotate(
                shared=overlap,
                same_city=Case(
                    When(city__translation_key=city_key, then=1),
                    default=0,
                    output_field=IntegerField(),
                ),
            )
            .select_related("city", "country", "locale")
            .prefetch_related("focal_areas")
            .order_by("same_city", "-shared", "-first_published_at")[:limit]
        )


class PracticePage(KeepsSDGCopies, CopiesCityFacts, IndexedWithRelations, Page):
    """One case study, following the ASCN case-study template.

    Figures (costs, indicators, dates) are structured fields so they can be filtered, compared
    and charted; the narrative sections share the portal's StreamField vocabulary.
    """

    summary = models.TextField(max_length=800, help_text="One paragraph: what, where, result")
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    focal_areas = ParentalManyToManyField("portal.FocalArea", related_name="practices")
    topics = ClusterTaggableManager(through=PracticeTopic, blank=True)
    sdg_targets, sdg_goals, sdg_codes = sdg_fields("practices")
    status = models.CharField(max_length=20, choices=PracticeStatus.choices)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    situation = narrative_field("The situation before the initiative")
    objectives = narrative_field("What the initiative set out to achieve")
    approach = narrative_field("How it was done: process, technology, governance")
    sustainability = narrative_field("How it is kept running: funding, ownership, maintenance")
    lessons_learned = narrative_field("What worked, what did not, what you would change")
    transferability = narrative_field("What another city needs to adopt it")

    capital_cost = amount_field()
    operating_cost = amount_field("operating cost per year")
    currency = models.CharField(max_length=3, choices=CURRENCIES, default="USD")
    funding_source = models.CharField(max_length=250, blank=True)

    contact_role = models.CharField(
        max_length=200, blank=True, help_text="Public role of the contact, e.g. Project lead, DIC"
    )
    contact_email = models.EmailField(
        blank=True,
        help_text="Never shown. Messages from the contact form go here "
        "(or to the city's contact when empty).",
    )
    last_verified = models.DateField(
        null=True, blank=True, help_text="When the city last confirmed the facts on this page"
    )
    provenance = models.CharField(
        max_length=10, choices=Provenance.choices, blank=True, default=Provenance.PUBLISHED
    )

    # Copies of facts held elsewhere, kept so search and listings filter without joins.
    city, country = city_copies("practices")
    start_year = models.PositiveSmallIntegerField(null=True, editable=False, db_index=True)
    # The answered public questions (``Question``), copied onto every translation of the page
    # when one is answered or withdrawn (practices/questions.py): the page, its search document
    # and the API read them without a query. Not part of a revision's content (with_content_json).
    answered_questions = models.JSONField(default=list, blank=True, editable=False)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("hero_image"),
        MultiFieldPanel(
            [
                FieldPanel("focal_areas", widget=forms.CheckboxSelectMultiple),
                topics_panel(),
                sdg_panel(),
                FieldRowPanel(
                    [FieldPanel("status"), FieldPanel("start_date"), FieldPanel("end_date")]
                ),
            ],
            heading="Classification",
        ),
        *[FieldPanel(name, heading=label) for name, label in NARRATIVE_SECTIONS[:3]],
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("capital_cost"),
                        FieldPanel("operating_cost"),
                        FieldPanel("currency"),
                    ]
                ),
                FieldPanel("funding_source"),
            ],
            heading="Resources and financing",
        ),
        InlinePanel("indicators", heading="Results (indicators)", label="Indicator"),
        *[FieldPanel(name, heading=label) for name, label in NARRATIVE_SECTIONS[3:]],
        InlinePanel("partners", heading="Partners", label="Partner"),
        MultiFieldPanel(
            [FieldPanel("contact_role"), FieldPanel("contact_email")], heading="Contact"
        ),
        MultiFieldPanel(
            [FieldPanel("last_verified"), InlinePanel("sources", label="Source")],
            heading="Verification and sources",
        ),
        # Only the secretariat marks pages as samples or generated (seed_demo, bench).
        FieldPanel("provenance", permission="practices.set_provenance"),
    ]
    promote_panels = [
        MultiFieldPanel(
            [
                FieldPanel(
                    "slug",
                    heading=_("Web address"),
                    help_text=_(
                        "The last part of the practice's address, /cities/<city>/<this>/: "
                        "lower-case letters, digits and hyphens, made from the title."
                    ),
                ),
                FieldPanel("seo_title"),
                FieldPanel("search_description"),
            ],
            heading=_("For search engines"),
        ),
        *Page.promote_panels[1:],  # "For site menus"
    ]
    objects = PageManager.from_queryset(PracticePageQuerySet)()
    base_form_class = PracticePageForm
    parent_page_types = ["cities.CityPage"]
    subpage_types = []

    search_fields = [
        *page_search_fields(Page),
        SegmentedSearchField("summary", boost=1.5),
        *[SegmentedSearchField(name) for name, _ in NARRATIVE_SECTIONS],
        SegmentedSearchField("funding_source"),
        *city_page_search_fields(),
        index.RelatedFields("partners", [SegmentedSearchField("name")]),
        index.FilterField("city"),
        index.FilterField("country"),
        index.FilterField("focal_areas"),
        index.FilterField("status"),
        index.FilterField("start_year"),
        index.FilterField("provenance"),
        SegmentedSearchField("questions_text"),
    ]
    api_fields = [
        APIField("summary"),
        *city_page_api_fields(),
        APIField("status"),
        APIField("start_date"),
        APIField("end_date"),
        *[APIField(name) for name, _ in NARRATIVE_SECTIONS],
        APIField("capital_cost"),
        APIField("operating_cost"),
        APIField("currency"),
        APIField("funding_source"),
        APIField("indicators"),
        APIField("partners"),
        APIField("sources"),
        APIField("contact_role"),
        APIField("last_verified"),
        APIField("provenance"),
        APIField("hero_image", serializer=ImageRenditionField("fill-1200x630")),
        APIField("answered_questions"),
        APIField("adoption_count"),
    ]

    api_related = (
        ("city", "country", "hero_image", "locale"),
        ("focal_areas", "topics", "indicators", "partners", "sources"),
    )

    @staticmethod
    def api_annotate(queryset):
        """What the API lists is counted in the listing's one query (``adoption_count``)."""
        return queryset.with_adoption_count()

    # what the page, its structured data and its related practices read (portal.models)
    serve_select_related, serve_prefetch_related = api_related
    card_template = "practices/includes/practice_card.html"
    # The columns the card (and a search result's JSON) reads: a list fetches no more.
    card_fields = (
        *("title", "url_path", "alias_of", "locale__language_code", "city__title"),
        *("country__name", "summary", "status", "start_year", "provenance", "sdg_codes"),
    )
    search_type = "practice"
    # A copy starts without answers; a translation takes its siblings' when saved (save()).
    exclude_fields_in_copy = ["answered_questions"]

    class Meta:
        verbose_name = "practice"
        permissions = [("set_provenance", "Can mark practices as samples or generated")]

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The end date cannot be before the start date."})
        if self.last_verified and self.last_verified > timezone.localdate():
            raise ValidationError(
                {"last_verified": "The verification date cannot be in the future."}
            )

    def save(self, *args, **kwargs):
        self.start_year = self.start_date.year if self.start_date else None
        if self.pk is None:  # a new translation shows the answers its siblings show
            siblings = PracticePage.objects.filter(translation_key=self.translation_key)
            self.answered_questions = next(
                iter(siblings.values_list("answered_questions", flat=True)), []
            )
        super().save(*args, **kwargs)

    def with_content_json(self, content):
        """A revision published later keeps the questions answered since it was saved (read
        from the database: the page in memory may be older than the last answer)."""
        page = super().with_content_json(content)
        stored = PracticePage.objects.filter(pk=self.pk).values_list("answered_questions")
        page.answered_questions = next(iter(stored), (self.answered_questions,))[0]
        return page

    @property
    def questions_and_answers(self):
        """The answered questions, oldest first, with their dates as dates."""
        return [AnsweredQuestion.from_copy(entry) for entry in self.answered_questions]

    def questions_text(self):
        """What search reads of the answered questions."""
        return "\n".join(
            f"{entry['question']}\n{entry['answer']}" for entry in self.answered_questions
        )

    def search_card_data(self):
        """What a search result (HTML card or JSON) says about this practice."""
        return city_page_card_data(self, self.summary)

    def structured_data(self):
        """schema.org description of the case study, for search engines (JSON-LD)."""
        data = {
            "@context": "https://schema.org",
            "@type": "Article",
            "headline": self.title,
            "description": self.summary,
            "datePublished": self.first_published_at,
            "dateModified": self.last_published_at,
            "keywords": [area.name for area in self.focal_areas.all()],
            "publisher": {"@type": "Organization", "name": "ASEAN Smart Cities Network"},
        }
        if self.city:
            data["contentLocation"] = {"@type": "City", "name": self.city.title}
        return data

    @property
    def is_sample(self):
        return self.provenance != Provenance.PUBLISHED

    @cached_property
    def adoption_count(self):
        """Live adoption records of the practice's group (annotated in listings and the API)."""
        return (
            PracticePage.objects.filter(pk=self.pk)
            .with_adoption_count()
            .values_list("adoption_count", flat=True)
        ).first() or 0

    @cached_property
    def sections(self):
        """The filled narrative sections, in template order, as (label, stream value)."""
        return [
            (label, getattr(self, name))
            for name, label in NARRATIVE_SECTIONS
            if getattr(self, name)
        ]

    @property
    def total_cost_known(self):
        return self.capital_cost is not None or self.operating_cost is not None

    def contact_recipient(self, fallback=""):
        """Where the contact form's message goes: practice, then city, then the secretariat."""
        return self.contact_email or (self.city.contact_email if self.city else "") or fallback

    def get_context(self, request, *args, **kwargs):
        # Read once for the whole page: the facts list them, and "Cities facing this challenge",
        # the fit for "my city" and the related practices compare them. A preview shows the
        # editor's unsaved choices, which only the page in memory holds.
        if not getattr(request, "is_preview", False):
            prefetch_related_objects([self], "focal_areas", "topics")
        context = super().get_context(request, *args, **kwargs)
        context["related"] = self.related_practices  # run only when not in the fragment cache
        context["index_page"] = per_generation(
            f"practice-index:{get_language()}",
            lambda: one_per_translation(PracticeIndexPage.objects.live()).first(),
        )
        return context

    def serve(self, request, *args, **kwargs):
        forms = {"contact_form": ContactForm(), "question_form": QuestionForm()}
        if request.method == "POST" and "question-question" in request.POST:
            forms["question_form"], response = handle_question(request, self)
        else:
            forms["contact_form"], response = handle_contact(request, self)
        if response is not None:
            return response
        context = self.get_context(request, *args, **kwargs)
        context.update(forms)
        return TemplateResponse(request, self.get_template(request, *args, **kwargs), context)

    def related_practices(self, limit=3):
        """Practices sharing focal areas or topics (``PracticePage.objects.related_to``)."""
        return PracticePage.objects.related_to(self, limit)


def count_of(rows, practice_field):
    """How many of ``rows`` point at the outer practice, as a subquery expression."""
    matching = (
        rows.filter(**{practice_field: OuterRef("pk")})
        .values(practice_field)
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(matching, output_field=IntegerField()), 0)


class Indicator(models.Model):
    """A measured result: baseline, target and actual value of one indicator. Practices have
    them (``PracticeIndicator``), and so do adoption records (the adopting city's own)."""

    name = models.CharField(max_length=150)
    unit = models.CharField(max_length=40, help_text="e.g. %, tonnes/day, minutes")
    baseline = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    actual = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    measured_on = models.DateField("date of measurement", null=True, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("unit")]),
        FieldRowPanel(
            [
                FieldPanel("baseline"),
                FieldPanel("target"),
                FieldPanel("actual"),
                FieldPanel("measured_on"),
            ]
        ),
    ]
    api_fields = [
        APIField(name) for name in ("name", "unit", "baseline", "target", "actual", "measured_on")
    ]

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.name} ({self.unit})"

    @property
    def chart(self):
        """Baseline, target and actual as a bar chart (the table beside it has the numbers)."""
        return BarChart(
            self.name,
            [
                (_("Baseline"), self.baseline, "", "baseline"),
                (_("Target"), self.target, "", "target"),
                (_("Actual"), self.actual, "", "actual"),
            ],
            unit=self.unit,
        )


class PracticeIndicator(TranslatableMixin, Orderable, Indicator):
    page = ParentalKey(PracticePage, on_delete=models.CASCADE, related_name="indicators")

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order"]


class PracticePartner(TranslatableMixin, Orderable):
    page = ParentalKey(PracticePage, on_delete=models.CASCADE, related_name="partners")
    name = models.CharField(max_length=200)
    role = models.CharField(
        max_length=200, blank=True, help_text="e.g. funder, technology provider"
    )
    url = models.URLField(blank=True)

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("role")]), FieldPanel("url")]
    api_fields = [APIField("name"), APIField("role"), APIField("url")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order"]

    def __str__(self):
        return self.name


class PracticeSource(TranslatableMixin, Orderable):
    page = ParentalKey(PracticePage, on_delete=models.CASCADE, related_name="sources")
    title = models.CharField(max_length=250)
    url = models.URLField(blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    panels = [FieldPanel("title"), FieldRowPanel([FieldPanel("url"), FieldPanel("document")])]
    api_fields = [APIField("title"), APIField("url")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order"]

    def clean(self):
        if not self.url and not self.document_id:
            raise ValidationError("Give a link or choose a document for each source.")

    def __str__(self):
        return self.title

    @property
    def href(self):
        return self.document.url if self.document_id else self.url


class ContactMessage(models.Model):
    """A message sent through a practice's contact form; kept even if mailing fails."""

    practice = models.ForeignKey(
        PracticePage, null=True, on_delete=models.SET_NULL, related_name="contact_messages"
    )
    practice_title = models.CharField(max_length=255)
    name = models.CharField(max_length=120)
    email = models.EmailField()
    organisation = models.CharField(max_length=200, blank=True)
    message = models.TextField(max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} about {self.practice_title}"


class QuestionStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting for moderation")
    ANSWERED = "answered", _("Answered")
    REJECTED = "rejected", _("Rejected")
    SPAM = "spam", _("Spam")


class Question(models.Model):
    """A visitor's public question about a practice. The name and address are never shown; the
    question and its answer are, once a city officer answers (practices/question_queue.py)."""

    practice = models.ForeignKey(PracticePage, on_delete=models.CASCADE, related_name="questions")
    name = models.CharField(max_length=120)
    email = models.EmailField()
    question = models.TextField(max_length=2000)
    language = models.CharField(max_length=10, help_text="The interface language it was asked in")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    status = models.CharField(
        max_length=10, choices=QuestionStatus.choices, default=QuestionStatus.WAITING
    )
    answer = models.TextField(max_length=4000, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_for = models.CharField(
        max_length=255, blank=True, help_text="The city whose officer answered"
    )
    rejection_reason = models.TextField(max_length=1000, blank=True)
    moderated_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    provenance = models.CharField(
        max_length=10, choices=Provenance.choices, default=Provenance.PUBLISHED, blank=True
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["email", "created_at"])]

    def __str__(self):
        return self.excerpt

    @property
    def is_sample(self):
        return self.provenance != Provenance.PUBLISHED

    @property
    def excerpt(self):
        return self.question if len(self.question) <= 100 else f"{self.question[:99]}…"

    def published_copy(self):
        """What the practice page, its search document and the API show of it."""
        return {
            "id": self.pk,
            "question": self.question,
            "answer": self.answer,
            "language": self.language,
            "asked_on": self.created_at.date().isoformat(),
            "answered_on": self.answered_at.date().isoformat(),
            "answered_by": self.answered_for,
        }


@dataclass(frozen=True)
class AnsweredQuestion:
    """One entry of ``PracticePage.answered_questions``, for the template."""

    question: str
    answer: str
    language: str
    asked_on: datetime.date
    answered_on: datetime.date
    answered_by: str

    @classmethod
    def from_copy(cls, entry):
        return cls(
            question=entry["question"],
            answer=entry["answer"],
            language=entry.get("language", ""),
            asked_on=datetime.date.fromisoformat(entry["asked_on"]),
            answered_on=datetime.date.fromisoformat(entry["answered_on"]),
            answered_by=entry.get("answered_by", ""),
        )


class ListingPage(RoutablePageMixin, BaseListingPage):
    """The listing of a content family (``/practices/``, ``/challenges/``): the intro of every
    listing page (``portal.models.ListingPage``), the filtered list, CSV and JSON exports and RSS
    and Atom feeds. Each route calls the function of the same name in the family's views module
    (``views()``)."""

    subpage_types = []

    class Meta:
        abstract = True

    def views(self):
        raise NotImplementedError

    @path("")
    def listing(self, request):
        return self.views().listing(request, self)

    @path("export/csv/", name="export_csv")
    def export_csv(self, request):
        return self.views().export_csv(request, self)

    @path("export/json/", name="export_json")
    def export_json(self, request):
        return self.views().export_json(request, self)

    @path("feed/", name="feed_rss")
    def feed_rss(self, request):
        return self.views().feed_rss(request, self)

    @path("feed/atom/", name="feed_atom")
    def feed_atom(self, request):
        return self.views().feed_atom(request, self)


@register_listing_page("practices")
class PracticeIndexPage(ListingPage):
    """Every live practice at /practices/, with filters, compare, exports, feeds and the fit for
    "my city"."""

    def home_teaser(self):
        latest = (
            PracticePage.objects.listed()
            .select_related("city", "country", "hero_image", "locale")
            .prefetch_related("focal_areas")
            .order_by("-first_published_at")[:6]
        )
        # Counting one page per translation group reads every practice: counted once per
        # language until the next publish (bench/results/measured-in-code.md).
        count = per_generation(
            f"live-practice-count:{get_language()}", PracticePage.objects.listed().count
        )
        return {"count": count, "label": _("practices"), "latest": latest}

    @path("compare/", name="compare")
    def compare(self, request):
        return self.views().compare(request, self)

    @path("coverage/", name="coverage")
    def coverage(self, request):
        return self.views().coverage(request, self)

    @path("my-city/", name="my_city")
    def my_city(self, request):
        return self.views().choose_my_city(request, self)

    def views(self):
        """practices/views.py, imported when a route runs rather than with this module.

        RoutablePageMixin wants the routes on the page model, and the views query the models of
        this module (through practices.filters and practices.feeds), so a module-level import
        would be circular. Avoiding it would take a models package whose PracticeIndexPage
        module loads after the views' models: more to learn than this one late import per app.
        """
        from practices import views

        return views
