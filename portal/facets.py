"""Facets: the filters of a listing or a search with a count beside each value.

The practice listing (``practices.filters``) and the search (``search.query``) build them, and
``templates/includes/facets.html`` shows them the same way. ``?country=`` is validated here for
every page that takes it (the country view of /cities/, the practice listing, search).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from portal.models import Country

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
