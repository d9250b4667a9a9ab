"""Filters and facet counts for the practice listing, the exports and the country view.

Values within one filter are alternatives (OR); different filters combine (AND). Each facet
counts what the listing would show if that value were added, given the other filters, so the
numbers beside a checkbox never lie. Unknown values are dropped with a notice, never an error.
"""

from django.db.models import Count, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.facets import Facet, FacetFilter, FacetOption
from portal.models import FocalArea
from practices.models import PracticePage, PracticeStatus


class PracticeFilter(FacetFilter):
    """Parses ``?country=TH&focal_area=safety-security&status=ongoing&year=2021&city=slug``
    and ``?sdg=11`` (a goal) or ``?sdg=11.2`` (a target)."""

    model = PracticePage
    statuses = PracticeStatus
    cache_name = "practice"  # cache keys: "practice-result-ids", "practice-facets"
    names = ("country", "city", "focal_area", "sdg", "status", "year", "adopted")
    labels = {
        "country": _("Country"),
        "city": _("City"),
        "focal_area": _("Focal area"),
        "sdg": _("Sustainable Development Goal"),
        "status": _("Status"),
        "year": _("Start year"),
        "adopted": _("Transfer"),
    }
    # newest first; most adopted by other cities first; best fit for the visitor's city first
    # (``fit``: the listing ranks the filtered results itself, practices.fit)
    sorts = ("", "adopted", "fit")

    def __init__(self, params):
        super().__init__(params, self.model.objects.listed())
        self.sort = params.get("sort", "")
        if self.sort not in self.sorts:
            self.notices.append(gettext("Unknown order ignored; newest first."))
            self.sort = ""

    def _valid_city(self, values):
        return set(
            self.base.filter(city__slug__in=values).values_list("city__slug", flat=True).distinct()
        )

    def _valid_status(self, values):
        return {value for value in values if value in self.statuses.values}

    def _valid_adopted(self, values):
        return {value for value in values if value == "yes"}

    # Applying ------------------------------------------------------------------------------
    def _condition(self, name):
        values = self.selected[name]
        if name == "country":
            return Q(country__code__in=values)
        if name == "city":
            return Q(city__slug__in=values)
        if name == "focal_area":
            through = self.model.focal_areas.through.objects.filter(focalarea__slug__in=values)
            return Q(pk__in=through.values(f"{self.model._meta.model_name}_id"))
        if name == "sdg":
            return self.sdg_condition(self.model)
        if name == "status":
            return Q(status__in=values)
        if name == "adopted":
            return Q(pk__in=PracticePage.objects.adopted().values("pk"))
        return Q(start_year__in=[int(value) for value in values])

    def results(self):
        results = (
            self.apply()
            .select_related("city", "country", "hero_image", "locale")
            .prefetch_related("focal_areas")
        )
        if self.sort == "adopted":
            return results.with_adoption_count().order_by(
                "-adoption_count", "-first_published_at", "title"
            )
        return results.order_by("-first_published_at", "title")

    def result_ids(self):
        """The results' primary keys in order: cached per language and selection until the next
        publish, as the facet counts are (choosing one page per translation group joins every
        page: bench/results/measured-in-code.md)."""
        order = "-adopted" if self.sort == "adopted" else ""
        return self.kept(
            f"{self.cache_name}-result-ids{order}",
            lambda: list(self.results().values_list("pk", flat=True)),
        )

    # Facets --------------------------------------------------------------------------------
    def facets(self):
        """Counts per value of each facet: cached per language and selection until the next
        publish (five grouped counts over every practice: bench/results/measured-in-code.md)."""
        return self.kept(f"{self.cache_name}-facets", self._count_facets)

    def _count_facets(self):
        return [
            self._facet("country", "country__code", "country__name"),
            self._focal_area_facet(),
            self.sdg_facet(self.model),
            self._facet("status", "status", None),
            self._facet("city", "city__slug", "city__title"),
            self._facet("year", "start_year", None),
            self._adopted_facet(),
        ]

    def _adopted_facet(self):
        count = self.apply(skip="adopted").adopted().count()
        selected = "yes" in self.selected["adopted"]
        option = FacetOption("yes", gettext("Adopted by other cities"), count, selected)
        return Facet("adopted", self.labels["adopted"], [option] if count or selected else [])

    def _facet(self, name, value_field, label_field):
        fields = [value_field] + ([label_field] if label_field else [])
        rows = (
            self.apply(skip=name)
            .exclude(**{f"{value_field}__isnull": True})
            .values(*fields)
            .annotate(n=Count("pk", distinct=True))
            .order_by(label_field or value_field)
        )
        labels = dict(self.statuses.choices) if name == "status" else {}
        selected = set(self.selected[name])
        options = {}
        for row in rows:
            value = str(row[value_field])
            if value in options:  # a city whose pages in two languages share the slug
                options[value].count += row["n"]
                continue
            label = row[label_field] if label_field else labels.get(value, value)
            if name == "country":
                label = gettext(label)
            options[value] = FacetOption(value, label, row["n"], value in selected)
        options = list(options.values())
        if label_field:
            options.sort(key=lambda option: option.label)
        if name == "year":
            options.reverse()
        return Facet(name, self.labels[name], options)

    def _focal_area_facet(self):
        matching = self.apply(skip="focal_area").values("pk")
        pages = self.model.focal_areas.field.related_query_name()  # "practices"
        areas = FocalArea.objects.annotate(
            n=Count(pages, filter=Q(**{f"{pages}__in": matching}), distinct=True)
        )
        selected = set(self.selected["focal_area"])
        options = [FacetOption(a.slug, a.label, a.n, a.slug in selected) for a in areas]
        return Facet("focal_area", self.labels["focal_area"], options)
