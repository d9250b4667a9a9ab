"""The document library: DocumentIndexPage (/documents/), DocumentPage (one document, its facts
and the file) and the text extracted from each uploaded file, page by page.

A DocumentPage is a page, so it is reviewed, translated, listed, searched, in the API and in the
sitemap like every other content; its file is a Wagtail document. The text of a file is extracted
in a background task when it is uploaded (``documents.tasks``) into ``ExtractedText`` and
``ExtractedPage`` rows, and reaches the search index through ``DocumentPage.full_text``, already
cut into words by ``search.segmentation``. The same words, stored per page, tell a result on
which page its words were found.
"""

import re

from django import forms
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.models import Collection, CollectionViewRestriction, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from rest_framework import serializers

from documents.panels import SearchableTextPanel
from localization.i18n import one_per_translation
from portal.cache import per_generation
from portal.forms import SameLanguageChoicesForm
from portal.listings import register_listing_page
from portal.models import ListingPage
from portal.pagination import paginate
from portal.visibility import public
from search.indexing import IndexedWithRelations
from search.segmentation import SegmentedSearchField, for_index, page_search_fields, words

PASSAGE_CHARACTERS = 220
SHOWN_PAGES = 5  # pages listed under "Found on pages"


class DocumentKind(models.TextChoices):
    FRAMEWORK = "framework", _("Framework")
    STRATEGY = "strategy", _("Strategy")
    ACTION_PLAN = "action-plan", _("Action plan")
    REPORT = "report", _("Report")
    MEETING_OUTCOME = "meeting-outcome", _("Meeting outcome")


class Licence(models.TextChoices):
    UNKNOWN = "", _("Not stated")
    CC_BY = "cc-by-4.0", "CC BY 4.0"
    CC_BY_SA = "cc-by-sa-4.0", "CC BY-SA 4.0"
    CC_BY_NC = "cc-by-nc-4.0", "CC BY-NC 4.0"
    PUBLIC_DOMAIN = "public-domain", _("Public domain")
    RESERVED = "all-rights-reserved", _("All rights reserved")


class Provenance(models.TextChoices):
    PUBLISHED = "", "Published by the network"
    SAMPLE = "sample", "Sample content for the demo"
    GENERATED = "generated", "Generated for benchmarks"


class ExtractionStatus(models.TextChoices):
    """What became of a file's text (``documents.extraction.Status``), as the page says it."""

    PENDING = "pending", _("Its text is being read; it will be searchable in a few minutes.")
    DONE = "done", ""
    PARTIAL = (
        "partial",
        _(
            "Only the first %(count)s pages of this document can be searched: the rest is too long "
            "to index."
        ),
    )
    NO_TEXT = (
        "no-text",
        _(
            "This document has no searchable text (it may be a scanned image): only its title and "
            "description are searched."
        ),
    )
    ENCRYPTED = (
        "encrypted",
        _("This document is protected by a password, so its text cannot be searched."),
    )
    UNREADABLE = (
        "unreadable",
        _(
            "The text of this document could not be read (the file may be damaged or too complex), "
            "so only its title and description are searched."
        ),
    )
    UNSUPPORTED = (
        "unsupported",
        _("The text of this file type is not searched: only its title and description are."),
    )


class ExtractedText(models.Model):
    """The outcome of reading one Wagtail document's file (one row per document)."""

    document = models.OneToOneField(
        "wagtaildocs.Document", on_delete=models.CASCADE, related_name="extracted_text"
    )
    file_hash = models.CharField(max_length=40, blank=True)
    status = models.CharField(
        max_length=12, choices=ExtractionStatus.choices, default=ExtractionStatus.PENDING
    )
    page_count = models.PositiveIntegerField(default=0)
    pages_read = models.PositiveIntegerField(default=0)
    extracted_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Text of {self.document}: {self.status}"

    @property
    def note(self):
        """What the document's page says about its text, translated; empty when all is well."""
        if self.status == ExtractionStatus.DONE:
            return ""
        label = str(ExtractionStatus(self.status).label)
        return label % {"count": self.pages_read} if "%(count)s" in label else label


class ExtractedPage(models.Model):
    """The text of one page (or slide) of a document, and its words as the index stores them."""

    text = models.ForeignKey(ExtractedText, on_delete=models.CASCADE, related_name="pages")
    number = models.PositiveIntegerField()
    content = models.TextField()
    # " word word … ", lower case, cut by search.segmentation.for_index: finds the page of a hit
    words = models.TextField()

    class Meta:
        ordering = ["text", "number"]
        constraints = [models.UniqueConstraint(fields=["text", "number"], name="one_row_per_page")]

    def __str__(self):
        return f"page {self.number}"


def visible_related(page, name):
    """The live, public pages of ``page``'s many-to-many relation ``name`` to other pages (also
    for a page being previewed, whose relations are not stored yet)."""
    manager = page._meta.get_field(name).related_model.objects
    ids = [related.pk for related in getattr(page, name).all()]
    visible = manager.visible() if hasattr(manager, "visible") else public(manager.live())
    return visible.filter(pk__in=ids).order_by("title")


def indexed_words(text):
    return f" {for_index(text).lower()} "


def private_collection_ids():
    """Collections with a view restriction, and every collection inside them (read once per
    content generation, as the private sections of the page tree are: a document or a
    restriction saved makes a new one)."""
    return per_generation("private-collections", _private_collection_ids)


def _private_collection_ids():
    restricted = Collection.objects.filter(
        pk__in=CollectionViewRestriction.objects.values("collection_id")
    )
    condition = Q(pk__in=[])
    for collection in restricted:
        condition |= Q(path__startswith=collection.path)
    return list(Collection.objects.filter(condition).values_list("pk", flat=True))


class DocumentPageQuerySet(PageQuerySet):
    def visible(self):
        """Live, public, and with a file outside private collections."""
        queryset = public(self.live())
        private = private_collection_ids()
        if private:
            queryset = queryset.exclude(file__collection_id__in=private)
        return queryset

    def listed(self):
        """What listings, feeds, city and practice pages show: one per translation group."""
        return one_per_translation(self.visible())


class DocumentPage(IndexedWithRelations, Page):
    """One document of the library: its facts, its file and the text read from the file."""

    file = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="PDF, DOCX, ODT or PPTX. Its text is read after upload and becomes searchable.",
    )
    summary = models.TextField(max_length=800, help_text="One paragraph: what the document is")
    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    publisher = models.CharField(max_length=200, help_text="e.g. ASEAN Secretariat, a city")
    published_on = models.DateField(null=True, blank=True)
    languages = ParentalManyToManyField(
        "wagtailcore.Locale",
        blank=True,
        related_name="library_documents",
        help_text="The languages the document is written in",
    )
    cities = ParentalManyToManyField("cities.CityPage", blank=True, related_name="documents")
    practices = ParentalManyToManyField(
        "practices.PracticePage", blank=True, related_name="documents"
    )
    focal_areas = ParentalManyToManyField("portal.FocalArea", blank=True, related_name="documents")
    licence = models.CharField(max_length=24, choices=Licence.choices, blank=True)
    source_url = models.URLField(
        blank=True, help_text="Where the publisher offers the document, if anywhere"
    )
    provenance = models.CharField(
        max_length=10, choices=Provenance.choices, blank=True, default=Provenance.PUBLISHED
    )
    year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        db_index=True,
        help_text="Taken from the date when there is one; alone when only the year is known",
    )

    base_form_class = SameLanguageChoicesForm
    content_panels = [
        *Page.content_panels,
        FieldPanel("file"),
        SearchableTextPanel(heading=_("Searchable text")),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("kind"), FieldPanel("published_on"), FieldPanel("year")]),
                FieldPanel("publisher"),
                FieldPanel("languages", widget=forms.CheckboxSelectMultiple),
                FieldPanel("licence"),
                FieldPanel("source_url"),
            ],
            heading="About the document",
        ),
        MultiFieldPanel(
            [
                FieldPanel("focal_areas", widget=forms.CheckboxSelectMultiple),
                FieldPanel("cities"),
                FieldPanel("practices"),
            ],
            heading="Attached to",
        ),
        FieldPanel("provenance", permission="practices.set_provenance"),
    ]
    objects = PageManager.from_queryset(DocumentPageQuerySet)()
    parent_page_types = ["documents.DocumentIndexPage"]
    subpage_types = []
    search_type = "document"
    card_template = "documents/includes/document_card.html"

    search_fields = [
        *page_search_fields(Page),
        SegmentedSearchField("summary", boost=1.5),
        SegmentedSearchField("publisher"),
        index.SearchField("full_text"),  # already cut into words (ExtractedPage.words)
        index.RelatedFields(
            "focal_areas", [SegmentedSearchField("name"), index.FilterField("slug")]
        ),
        index.RelatedFields("cities", [SegmentedSearchField("title")]),
        index.FilterField("file"),
        index.FilterField("kind"),
        index.FilterField("year"),
        index.FilterField("focal_areas"),
        index.FilterField("cities"),
        index.FilterField("provenance"),
    ]
    api_fields = [
        APIField("summary"),
        APIField("kind"),
        APIField("publisher"),
        APIField("published_on"),
        APIField("licence"),
        APIField("source_url"),
        APIField("file_url", serializer=serializers.CharField(source="file.url", default="")),
        APIField(
            "languages",
            serializer=serializers.SlugRelatedField(
                many=True, read_only=True, slug_field="language_code"
            ),
        ),
        APIField(
            "cities",
            serializer=serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug"),
        ),
        APIField(
            "practices", serializer=serializers.PrimaryKeyRelatedField(many=True, read_only=True)
        ),
        APIField(
            "focal_areas",
            serializer=serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug"),
        ),
        APIField("text_status"),
        APIField("provenance"),
    ]
    api_related = (("file", "locale"), ("focal_areas", "languages", "cities", "practices"))

    class Meta:
        verbose_name = "document"

    def save(self, *args, **kwargs):
        if self.published_on:
            self.year = self.published_on.year
        return super().save(*args, **kwargs)

    @property
    def is_sample(self):
        return self.provenance != Provenance.PUBLISHED

    @cached_property
    def extracted(self):
        if self.file_id is None:
            return None
        return ExtractedText.objects.filter(document_id=self.file_id).first()

    @property
    def text_status(self):
        return self.extracted.status if self.extracted else ExtractionStatus.PENDING.value

    @property
    def text_note(self):
        if self.file_id is None:
            return ""
        return self.extracted.note if self.extracted else str(ExtractionStatus.PENDING.label)

    def full_text(self):
        """Every page's words, as the search index stores them."""
        if self.file_id is None:
            return ""
        return " ".join(
            ExtractedPage.objects.filter(text__document_id=self.file_id)
            .order_by("number")
            .values_list("words", flat=True)
        )

    @classmethod
    def api_hidden_ids(cls):
        """Pages about files in private collections: kept out of /api/v2/pages/."""
        private = private_collection_ids()
        if not private:
            return []
        return list(
            cls.objects.filter(file__collection_id__in=private).values_list("pk", flat=True)
        )

    @property
    def file_is_private(self):
        return bool(self.file_id) and self.file.collection_id in private_collection_ids()

    def get_sitemap_urls(self, request=None):
        return [] if self.file_is_private else super().get_sitemap_urls(request)

    def serve(self, request, *args, **kwargs):
        if self.file_is_private and not self.file_restrictions_accept(request):
            # A page about a private file is as private as the file: shown to whom the file's
            # collection lets in (signed-in editors), a "not found" to everyone else.
            raise Http404
        return super().serve(request, *args, **kwargs)

    def file_restrictions_accept(self, request):
        return all(
            restriction.accept_request(request)
            for restriction in self.file.collection.get_view_restrictions()
        )

    @classmethod
    def api_hidden_file_ids(cls):
        """Files of document pages none of which a visitor may see (drafts, private pages):
        kept out of /api/v2/documents/. Private collections Wagtail keeps out itself."""
        shown = public(cls.objects.live()).values("file_id")
        return list(
            cls.objects.exclude(file_id__in=shown)
            .exclude(file_id=None)
            .values_list("file_id", flat=True)
        )

    def search_card_data(self):
        found = getattr(self, "found", None)
        return {
            "kind": self.get_kind_display(),
            "publisher": self.publisher,
            "year": self.year,
            "snippet": self.summary,
            "page_number": found.number if found else None,
            "passage": found.plain if found else "",
            "url_with_page": self.found_link,
        }

    @property
    def found_link(self):
        found = getattr(self, "found", None)
        return self.page_link(found.number) if found else self.url

    def page_link(self, number):
        """The file opened at page ``number`` (PDF viewers read ``#page=N``)."""
        if not self.file_id:
            return self.url
        return f"{self.file.url}#page={number}"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        query = request.GET.get("q", "")[:200]
        if query:
            context["found_pages"] = found_pages(self.file_id, query)
            context["query"] = query
        context["attached_cities"] = visible_related(self, "cities")
        context["attached_practices"] = visible_related(self, "practices")
        return context


class Found:
    """Where the words of a query occur in a document: a page number and a passage."""

    def __init__(self, number, content, query_words):
        self.number = number
        self.content = content
        self.query_words = query_words

    @cached_property
    def _span(self):
        lower = self.content.lower()
        starts = [lower.find(word) for word in self.query_words]
        starts = [start for start in starts if start >= 0]
        start = min(starts) if starts else 0
        begin = max(start - PASSAGE_CHARACTERS // 3, 0)
        return begin, begin + PASSAGE_CHARACTERS

    @property
    def plain(self):
        begin, end = self._span
        text = " ".join(self.content[begin:end].split())
        return ("…" if begin else "") + text + ("…" if end < len(self.content) else "")

    @property
    def highlighted(self):
        """The passage, HTML-escaped, with the query's words in ``<mark>``."""
        text = escape(self.plain)
        for word in sorted({escape(w) for w in self.query_words}, key=len, reverse=True):
            text = re.sub(re.escape(word), lambda m: f"<mark>{m.group(0)}</mark>", text, flags=re.I)
        return mark_safe(text)  # noqa: S308 - built from escaped text and escaped words


def _query_words(query):
    return [word.lower() for word in words(query)][:10]


def _pages_with(query_words, file_ids):
    """ExtractedPage rows whose words contain every word (at a word's start), else any."""
    rows = ExtractedPage.objects.filter(text__document_id__in=file_ids)
    every = Q()
    anyone = Q(pk__in=[])
    for word in query_words:
        every &= Q(words__contains=f" {word}")
        anyone |= Q(words__contains=f" {word}")
    return rows, every, anyone


def found_pages(file_id, query, limit=SHOWN_PAGES):
    """The first pages of one document where the query's words occur, as ``Found``."""
    query_words = _query_words(query)
    if not file_id or not query_words:
        return []
    rows, every, anyone = _pages_with(query_words, [file_id])
    pages = list(rows.filter(every).order_by("number")[:limit]) or list(
        rows.filter(anyone).order_by("number")[:limit]
    )
    return [Found(page.number, page.content, query_words) for page in pages]


def attach_found_pages(documents, query):
    """Set ``found`` on each DocumentPage of a search result: the first page where its words
    occur. Two queries whatever the number of documents."""
    query_words = _query_words(query)
    file_ids = [page.file_id for page in documents if page.file_id]
    if not query_words or not file_ids:
        return
    rows, every, anyone = _pages_with(query_words, file_ids)
    first = {}
    for condition in (every, anyone):
        for file_id, number in (
            rows.filter(condition)
            .exclude(text__document_id__in=first)
            .order_by("text__document_id", "number")
            .values_list("text__document_id", "number")
        ):
            first.setdefault(file_id, number)
    contents = {
        (row.text.document_id, row.number): row.content
        for row in ExtractedPage.objects.filter(
            text__document_id__in=first, number__in=set(first.values())
        ).select_related("text")
    }
    for page in documents:
        number = first.get(page.file_id)
        if number is not None:
            page.found = Found(number, contents.get((page.file_id, number), ""), query_words)


@register_listing_page("documents")
class DocumentIndexPage(ListingPage):
    """The library at /documents/: every visible document, with facets."""

    subpage_types = ["documents.DocumentPage"]

    def get_context(self, request, *args, **kwargs):
        from documents.filters import DocumentFilter  # filters query this module's models

        context = super().get_context(request, *args, **kwargs)
        document_filter = DocumentFilter(request.GET)
        notices = list(document_filter.notices)
        page = paginate(document_filter.result_ids(), request.GET.get("page", "1"), notices, 20)
        shown = document_filter.results().in_bulk(page.object_list)
        page.object_list = [shown[pk] for pk in page.object_list if pk in shown]
        context.update(
            documents=page,
            facets=document_filter.facets(),
            filter=document_filter,
            notices=notices,
        )
        return context
