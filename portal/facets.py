"""Facets: the filters of a listing or a search with a count beside each value.

The practice listing (``practices.filters``) and the search (``search.query``) build them, and
``templates/includes/facets.html`` shows them the same way. ``?country=`` and ``?sdg=`` are
validated here for every page that takes them (the country view of /cities/, the practice
listing, search).
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from portal.cache import cached_value, per_generation
from portal.models import Country, FocalArea, SDGTarget
from portal.sdg import SDG_VALUE, goal_label, goal_numbers

MAX_VALUES_PER_FILTER = 20


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    label: str
    options: list = field(default_factory=list)

    @property
    def selected(self):
        return [option for option in self.options if option.selected]


def requested_countries(params, notices):
    """The member states asked for with ``?country=`` (ISO codes in any case), in the order asked.

    An unknown code is left out, and the first one adds a notice to ``notices``: the same words
    wherever ``?country=`` is read.
    """
    codes = [value.strip().upper() for value in params.getlist("country") if value.strip()]
    codes = list(dict.fromkeys(codes))[:MAX_VALUES_PER_FILTER]
    known = Country.objects.in_bulk(codes, field_name="code") if codes else {}
    unknown = [code for code in codes if code not in known]
    if unknown:
        notices.append(
            _("Unknown %(label)s “%(value)s” ignored.")
            % {"label": _("country"), "value": unknown[0][:40]}
        )
    return [known[code] for code in codes if code in known]


def valid_sdg(values):
    """The values of ``?sdg=`` that name a goal ("11") or one of its targets ("11.2")."""
    shaped = [value for value in values if SDG_VALUE.match(value)]
    goals = {value for value in shaped if "." not in value}
    codes = [value for value in shaped if "." in value]
    targets = SDGTarget.objects.filter(pk__in=codes).values_list("pk", flat=True) if codes else []
    return goals | set(targets)


def split_sdg(values):
    """(goal numbers, target codes) of valid ``?sdg=`` values."""
    return [int(v) for v in values if "." not in v], [v for v in values if "." in v]


class FacetFilter:
    """The parsing and combining every listing's filters share: a subclass names its filters
    (``names``, ``labels``), checks values (``_valid_<name>``) and says what each selects
    (``_condition``); values of one filter are alternatives (OR), filters combine (AND), and
    unknown values are dropped with a notice, never an error."""

    names = ()
    labels = {}

    def __init__(self, params, base):
        self.base = base
        self.notices = []
        self.selected = {name: self._clean(name, params) for name in self.names}

    def _clean(self, name, params):
        if name == "country":
            return [country.code for country in requested_countries(params, self.notices)]
        raw = [value.strip() for value in params.getlist(name) if value.strip()]
        raw = list(dict.fromkeys(raw))[:MAX_VALUES_PER_FILTER]
        if not raw:
            return []
        valid = getattr(self, f"_valid_{name}")(raw)
        rejected = [value for value in raw if value not in valid]
        if rejected:
            shown = ", ".join(f"“{value[:40]}”" for value in rejected[:3])
            self.notices.append(
                _("%(filter)s: ignored unknown value %(values)s.")
                % {"filter": self.labels[name], "values": shown}
            )
        return [value for value in raw if value in valid]

    def kept(self, name, compute):
        """``compute()`` (results, counts) for this selection in the active language, kept until
        the next publish: the unfiltered listing, the one most asked for, in each process
        whatever the caches; any other selection in the shared cache when it is on."""
        if not self.query_items():
            return per_generation(f"{name}:{get_language()}", compute)
        return cached_value(name, compute, get_language(), self.query_items())

    def _valid_year(self, values):
        return {value for value in values if value.isdecimal() and 1900 <= int(value) <= 2100}

    def _valid_focal_area(self, values):
        return set(FocalArea.objects.filter(slug__in=values).values_list("slug", flat=True))

    def _valid_sdg(self, values):
        return valid_sdg(values)

    def _condition(self, name):
        raise NotImplementedError

    def sdg_condition(self, model):
        """Pages of ``model`` tagged with a chosen goal's targets or a chosen target."""
        goals, targets = split_sdg(self.selected["sdg"])
        condition = Q(pk__in=[])
        if goals:
            condition |= self.related_condition(model.sdg_goals, sdggoal_id__in=goals)
        if targets:
            condition |= self.related_condition(model.sdg_targets, sdgtarget_id__in=targets)
        return condition

    def sdg_facet(self, model):
        """Counts per goal; a chosen target (a badge's link) is listed after the goals."""
        goals = {number: (str(number), goal_label(number)) for number in goal_numbers()}
        facet = self.related_facet(
            "sdg", model.sdg_goals, "sdggoal_id", goals, order=lambda option: int(option.value)
        )
        chosen = split_sdg(self.selected["sdg"])[1]
        if chosen:
            targets = {t.pk: (t.pk, t.badge) for t in SDGTarget.objects.filter(pk__in=chosen)}
            found = self.related_facet("sdg", model.sdg_targets, "sdgtarget_id", targets).options
            counted = {option.value for option in found}
            missing = [FacetOption(code, targets[code][1], 0, True) for code in chosen]
            facet.options += found + [o for o in missing if o.value not in counted]
        return facet

    def field_facet(self, name, field, label, reverse=False):
        """Counts per value of a column of the listed pages; ``label(value)`` names a value."""
        rows = (
            self.apply(skip=name)
            .exclude(**{f"{field}__isnull": True})
            .values(field)
            .annotate(n=Count("pk", distinct=True))
            .order_by(field)
        )
        selected = set(self.selected[name])
        options = [
            FacetOption(str(row[field]), label(row[field]), row["n"], str(row[field]) in selected)
            for row in rows
        ]
        if reverse:
            options.reverse()
        return Facet(name, self.labels[name], options)

    def related_facet(self, name, relation, key, labels, order=None):
        """Counts per related object of a many-to-many ``relation`` of the listed pages (``key``
        on its through table; ``labels``: {key value: (URL value, label)}), by label or by
        ``order(option)``."""
        through = relation.through
        page_column = relation.field.m2m_column_name()
        rows = (
            through.objects.filter(**{f"{page_column}__in": self.apply(skip=name).values("pk")})
            .exclude(**{f"{key}__isnull": True})
            .values(key)
            .annotate(n=Count(page_column, distinct=True))
        )
        selected = set(self.selected[name])
        options = []
        for row in rows:
            if row[key] in labels:
                value, label = labels[row[key]]
                options.append(FacetOption(value, str(label), row["n"], value in selected))
        options.sort(key=order or (lambda option: option.label))
        return Facet(name, self.labels[name], options)

    def related_condition(self, relation, **lookup):
        """Pages with a related object matching ``lookup`` on the through table."""
        page_column = relation.field.m2m_column_name()
        return Q(pk__in=relation.through.objects.filter(**lookup).values(page_column))

    def apply(self, queryset=None, skip=None):
        queryset = self.base if queryset is None else queryset
        for name in self.names:
            if name != skip and self.selected[name]:
                queryset = queryset.filter(self._condition(name))
        return queryset

    @property
    def active(self):
        return any(self.selected.values())

    def query_items(self):
        """The active filters as (name, value) pairs, for links and export URLs."""
        return [(name, value) for name in self.names for value in self.selected[name]]
