"""Filters and facet counts of /events/ (year, country, kind, focal area) and /news/ (year,
country, focal area), as on /practices/ (``portal.facets.FacetFilter``)."""

from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal.cache import cached_value
from portal.facets import FacetFilter
from portal.models import Country, FocalArea
from record.models import EventKind, EventPage, NewsPage


class RecordFilter(FacetFilter):
    model = None
    names = ("year", "country", "focal_area")
    labels = {"year": _("Year"), "country": _("Country"), "focal_area": _("Focal area")}
    order = ()

    def __init__(self, params):
        super().__init__(params, self.model.objects.listed())

    def _condition(self, name):
        values = self.selected[name]
        if name == "year":
            return Q(year__in=[int(value) for value in values])
        if name == "country":
            return self.related_condition(self.model.cities, citypage__country__code__in=values)
        return self.related_condition(self.model.focal_areas, focalarea__slug__in=values)

    def results(self):
        return self.apply().select_related("locale").order_by(*self.order)

    def result_ids(self):
        return cached_value(
            f"{self.model._meta.model_name}-result-ids",
            lambda: list(self.results().values_list("pk", flat=True)),
            get_language(),
            self.query_items(),
        )

    def facets(self):
        return cached_value(
            f"{self.model._meta.model_name}-facets",
            self._count_facets,
            get_language(),
            self.query_items(),
        )

    def _count_facets(self):
        return [
            self.field_facet("year", "year", str, reverse=True),
            self.related_facet(
                "country",
                self.model.cities,
                "citypage__country",
                {c.pk: (c.code, c.label) for c in Country.objects.all()},
            ),
            self.related_facet(
                "focal_area",
                self.model.focal_areas,
                "focalarea",
                {a.pk: (a.slug, a.label) for a in FocalArea.objects.all()},
            ),
        ]


class EventFilter(RecordFilter):
    model = EventPage
    names = ("year", "country", "kind", "focal_area")
    labels = {**RecordFilter.labels, "kind": _("Kind")}
    order = ("-start_date", "title")

    def _valid_kind(self, values):
        return {value for value in values if value in EventKind.values}

    def _condition(self, name):
        if name == "kind":
            return Q(kind__in=self.selected[name])
        return super()._condition(name)

    def _count_facets(self):
        kinds = dict(EventKind.choices)
        year, country, focal_area = super()._count_facets()
        kind = self.field_facet("kind", "kind", lambda value: str(kinds.get(value, value)))
        return [year, country, kind, focal_area]


class NewsFilter(RecordFilter):
    model = NewsPage
    order = ("-date", "title")
