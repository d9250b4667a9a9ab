"""Facets: the filters of a listing or a search with a count beside each value.

The practice listing (``practices.filters``) and the search (``search.query``) build them, and
``templates/includes/facets.html`` shows them the same way.
"""

from dataclasses import dataclass, field


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
