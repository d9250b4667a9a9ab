"""The home page, site-wide settings and the shared taxonomy (countries, focal areas, SDGs)."""

from django.db import models
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from localization.i18n import active_locale
from portal.blocks import BodyBlock
from portal.sdg import NamedByCode, goal_label, goal_name


class IncomeGroup(models.TextChoices):
    """The World Bank's income groups, from the lowest."""

    LOW = "low", _("Low income")
    LOWER_MIDDLE = "lower-middle", _("Lower-middle income")
    UPPER_MIDDLE = "upper-middle", _("Upper-middle income")
    HIGH = "high", _("High income")


class Country(index.Indexed, models.Model):
    """An ASEAN member state. Loaded from ``portal/data/ascn.json`` by a data migration."""

    code = models.CharField(
        "ISO code", max_length=2, unique=True, help_text="ISO 3166-1 alpha-2, e.g. TH"
    )
    name = models.CharField(max_length=80, unique=True)
    languages = models.CharField(
        max_length=60, blank=True, help_text="Language codes, comma separated, e.g. th or ms,en"
    )
    note = models.TextField(blank=True)
    income_group = models.CharField(
        max_length=20,
        choices=IncomeGroup.choices,
        blank=True,
        help_text="The World Bank's income group; blank when no source gives it",
    )
    income_group_source = models.URLField(blank=True, help_text="Where the income group is from")

    panels = [
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("languages"),
        FieldPanel("note"),
        FieldPanel("income_group"),
        FieldPanel("income_group_source"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]
    api_fields = [APIField("code"), APIField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.code = self.code.upper()
        super().save(*args, **kwargs)

    @property
    def label(self):
        """The name in the active language (from the catalogues; see localization/vocabulary.py)."""
        return gettext(self.name)

    @property
    def language(self):
        """The first language of the country, for ``lang`` attributes on local names."""
        return self.languages.split(",")[0].strip()


class FocalArea(index.Indexed, models.Model):
    """One of the six focal areas of the ASEAN Smart Cities Framework."""

    slug = models.SlugField(unique=True, max_length=40)
    name = models.CharField(max_length=80, unique=True)
    description = models.TextField(blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]
    api_fields = [APIField("slug"), APIField("name")]

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    @property
    def label(self):
        """The name in the active language (from the catalogues; see localization/vocabulary.py)."""
        return gettext(self.name)


class SDGGoal(models.Model):
    """One of the 17 UN Sustainable Development Goals (``portal/data/sdg.json``)."""

    number = models.PositiveSmallIntegerField(primary_key=True)
    title = models.CharField(max_length=120, help_text="The goal's short name in English")

    panels = [FieldPanel("number"), FieldPanel("title")]
    api_fields = [APIField("number"), APIField("title")]

    class Meta:
        ordering = ["number"]
        verbose_name = "SDG goal"

    def __str__(self):
        return f"SDG {self.number}: {self.title}"

    @property
    def name(self):
        """The short name in the active language (English when it has none)."""
        return goal_name(self.number)[0]

    @property
    def label(self):
        return goal_label(self.number)


class SDGTarget(NamedByCode, models.Model):
    """One of the 169 targets of the goals, by its official code ("11.2", "11.a")."""

    code = models.CharField(max_length=5, primary_key=True)
    goal = models.ForeignKey(SDGGoal, on_delete=models.CASCADE, related_name="targets")
    title = models.TextField(help_text="The UN's English text")
    sort_order = models.PositiveSmallIntegerField(default=0)

    panels = [FieldPanel("code"), FieldPanel("goal"), FieldPanel("title"), FieldPanel("sort_order")]
    api_fields = [APIField("code"), APIField("title")]

    class Meta:
        ordering = ["sort_order"]
        verbose_name = "SDG target"

    def __str__(self):
        return f"{self.code} {self.title}"


def load_for_serving(page):
    """``page.specific``, with the relations its type names in ``serve_select_related`` and
    ``serve_prefetch_related`` loaded alongside (one query a relation, however often the page's
    template, structured data and related listing read them)."""
    model = page.specific_class
    if model is None or isinstance(page, model):
        return page.specific
    select = getattr(model, "serve_select_related", ())
    prefetch = getattr(model, "serve_prefetch_related", ())
    if not select and not prefetch:
        return page.specific
    queryset = model._default_manager.filter(pk=page.pk)
    if select:  # select_related() without names would follow every foreign key
        queryset = queryset.select_related(*select)
    return queryset.prefetch_related(*prefetch).get()


def ancestors_for_request(request, page):
    """``page.get_ancestors()`` below Wagtail's root: the pages the home page's route found
    above ``page`` when it is the page being served, else read from the database."""
    routed = getattr(request, "_portal_ancestors", None)
    if routed is not None and routed[0] == page.pk:
        return routed[1]
    return list(page.get_ancestors()[1:])


class HomePage(Page):
    """The site root: what the ASCN is, and doors to cities, practices and search."""

    intro = RichTextField(
        features=["bold", "italic", "link"],
        help_text="One or two paragraphs saying what the ASCN and this portal are",
    )
    body = StreamField(BodyBlock(), blank=True, use_json_field=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        InlinePanel("featured", heading="Featured practices and cities", max_num=6),
        FieldPanel("body"),
    ]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "cities.CityIndexPage",
        "practices.PracticeIndexPage",
        "challenges.ChallengeIndexPage",
        "portal.StandardPage",
    ]
    max_count_per_parent = 1
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    api_fields = [APIField("intro"), APIField("body"), APIField("featured")]

    def route(self, request, path_components):
        """Find the pages of the path in one query, rather than two per level, and let the
        deepest route what remains of the path (e.g. the routes of the practice index).

        The deepest is loaded with the relations its page type shows (``load_for_serving``),
        and the pages above it are kept for the breadcrumbs (``ancestors_for_request``) and the
        view-restriction check (``portal.visibility.check_restrictions_once``)."""
        # portal.visibility imports portal.cache, which imports this module (HomePage).
        from portal.visibility import check_restrictions_once

        if not path_components:
            check_restrictions_once(self, [])
            return super().route(request, path_components)
        addresses = [
            f"{self.url_path}{'/'.join(path_components[:length])}/"
            for length in range(len(path_components), 0, -1)
        ]
        found = list(
            Page.objects.filter(path__startswith=self.path, url_path__in=addresses).order_by(
                "depth"
            )
        )
        if not found:
            raise Http404
        deepest = load_for_serving(found[-1])
        ancestors = [self, *found[:-1]]
        request._portal_ancestors = (deepest.pk, ancestors)
        check_restrictions_once(deepest, ancestors)
        return deepest.route(request, path_components[deepest.depth - self.depth :])

    @cached_property
    def featured_pages(self):
        """The featured pages that are live, in the editors' order and the active language."""
        from portal.visibility import public  # it reads portal.cache, which reads this module

        ids = [item.page_id for item in self.featured.all()]
        pages = public(Page.objects.live().filter(pk__in=ids)).specific()
        found = {page.pk: page for page in pages}
        return [found[pk].localized for pk in ids if pk in found]

    @cached_property
    def sections(self):
        """The listing pages below home (cities, practices), each with its teaser, computed once.

        The listing pages themselves are read once per content generation (what a revision of
        the home page holds, as its featured pages, is read from the page itself)."""
        # portal.cache and portal.visibility import this module (ContentGeneration, HomePage).
        from portal.cache import per_generation
        from portal.visibility import public

        children = per_generation(
            f"home-sections:{self.pk}",
            lambda: [
                child
                for child in public(self.get_children().live()).specific()
                if hasattr(child, "home_teaser")
            ],
        )
        return [{"page": child, "teaser": child.home_teaser()} for child in children]

    @property
    def localized_draft(self):
        """Wagtail's, with the active locale read once a request (``localization.i18n``) and
        each language's home page kept per content generation: routing asks for it at every
        request. Each request gets its own copy, as a page keeps what it computes."""
        from portal.cache import per_generation, request_copy  # portal.cache imports this module

        locale = active_locale()
        if locale.pk == self.locale_id:
            return self
        translation = per_generation(
            f"home:{self.translation_key}:{locale.pk}",
            lambda: self.get_translation_or_none(locale),
        )
        return request_copy(translation) if translation is not None else self


class ListingPage(Page):
    """What a content app's listing page under the home page has: an introduction, one per
    home page (``/documents/``, ``/events/``, ``/news/``)."""

    intro = models.TextField(blank=True, max_length=600)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    max_count_per_parent = 1
    api_fields = [APIField("intro")]

    class Meta:
        abstract = True


class HomePageFeatured(Orderable):
    """A page the secretariat puts in the spotlight on the home page."""

    home = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured")
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")

    panels = [PageChooserPanel("page", ["practices.PracticePage", "cities.CityPage"])]
    api_fields = [APIField("page")]


class StandardPage(Page):
    """A plain content page, e.g. About the ASCN, or Privacy."""

    intro = models.TextField(blank=True, max_length=500)
    body = StreamField(BodyBlock(), blank=True, use_json_field=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["portal.HomePage", "portal.StandardPage"]
    subpage_types = ["portal.StandardPage"]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    api_fields = [APIField("intro"), APIField("body")]


@register_setting(icon="site")
class PortalSettings(BaseSiteSetting):
    """Site-wide contact address and footer, editable by the secretariat."""

    contact_email = models.EmailField(
        blank=True,
        help_text="Where messages go when a practice has no contact of its own (never shown)",
    )
    public_contact = models.CharField(
        max_length=200, blank=True, default=gettext_noop("ASEAN Smart Cities Network Secretariat")
    )
    footer_text = models.TextField(
        blank=True,
        # Shown translated when it keeps this default text (the catalogues translate it).
        default=gettext_noop(
            "The ASEAN Smart Cities Network (ASCN) is a collaborative platform of ASEAN cities "
            "working towards smart and sustainable urban development."
        ),
    )

    panels = [FieldPanel("public_contact"), FieldPanel("contact_email"), FieldPanel("footer_text")]

    class Meta:
        verbose_name = "portal settings"


class ContentGeneration(models.Model):
    """One row counting the changes to public content; the page cache keys on it (cache.py)."""

    value = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"content generation {self.value}"
