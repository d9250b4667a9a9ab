"""Filters and facet counts of the library at /documents/: kind, year, country, focal area and
language, as on /practices/ (``portal.facets.FacetFilter``)."""

from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wagtail.models import Locale

from documents.models import DocumentKind, DocumentPage
from portal.cache import cached_value
from portal.facets import FacetFilter
from portal.models import Country, FocalArea


class DocumentFilter(FacetFilter):
    """Parses ``?kind=action-plan&year=2019&country=TH&focal_area=…&language=th``."""

    names = ("kind", "year", "country", "focal_area", "language")
    labels = {
        "kind": _("Kind"),
        "year": _("Year"),
        "country": _("Country"),
        "focal_area": _("Focal area"),
        "language": _("Language"),
    }

    def __init__(self, params):
        super().__init__(params, DocumentPage.objects.listed())

    def _valid_kind(self, values):
        return {value for value in values if value in DocumentKind.values}

    def _valid_language(self, values):
        return set(
            Locale.objects.filter(language_code__in=values).values_list("language_code", flat=True)
        )

    def _condition(self, name):
        values = self.selected[name]
        if name == "kind":
            return Q(kind__in=values)
        if name == "year":
            return Q(year__in=[int(value) for value in values])
        if name == "country":
            return self.related_condition(DocumentPage.cities, citypage__country__code__in=values)
        if name == "focal_area":
            return self.related_condition(DocumentPage.focal_areas, focalarea__slug__in=values)
        return self.related_condition(DocumentPage.languages, locale__language_code__in=values)

    def results(self):
        return self.apply().select_related("file", "locale").order_by("-published_on", "title")

    def result_ids(self):
        """The results' keys in order, cached per language and selection until the next publish."""
        return cached_value(
            "document-result-ids",
            lambda: list(self.results().values_list("pk", flat=True)),
            get_language(),
            self.query_items(),
        )

    def facets(self):
        """Counts per value, cached per language and selection until the next publish."""
        return cached_value(
            "document-facets", self._count_facets, get_language(), self.query_items()
        )

    def _count_facets(self):
        kinds = dict(DocumentKind.choices)
        locales = Locale.objects.all()
        return [
            self.field_facet("kind", "kind", lambda value: str(kinds.get(value, value))),
            self.field_facet("year", "year", str, reverse=True),
            self.related_facet(
                "country",
                DocumentPage.cities,
                "citypage__country",
                {c.pk: (c.code, c.label) for c in Country.objects.all()},
            ),
            self.related_facet(
                "focal_area",
                DocumentPage.focal_areas,
                "focalarea",
                {a.pk: (a.slug, a.label) for a in FocalArea.objects.all()},
            ),
            self.related_facet(
                "language",
                DocumentPage.languages,
                "locale",
                {loc.pk: (loc.language_code, loc.language_name_local) for loc in locales},
            ),
        ]
