"""Who learnt from whom: every live adoption record as an edge between two practices' cities.

The whole region's transfers are read at once (one or two queries, whatever the number of
practices) and kept in each process until the next publish, per language
(``adoptions.models.transfers``); a practice page, a city profile, a record and the region view
then ask the graph in memory. Chains follow the adopting city's own practice
(``adapted_practice``): A → B → C when B's practice, written up after adapting A, is itself the
source of C. A chain never loops (a visited set) and stops at ``MAX_CHAIN`` steps.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from django.db.models import Exists, F, OuterRef
from django.db.models.lookups import StartsWith

from wagtail.models import Page, PageViewRestriction

from localization.i18n import active_locale, one_per_translation
from practices.models import PracticePage

MAX_CHAIN = 6


@dataclass(frozen=True)
class Link:
    """A page as a list shows it: its title in the active language where translated."""

    title: str
    url: str
    lang: str


@dataclass
class Transfer:
    """One live adoption record: ``city`` adapted ``source`` (a practice of ``source_city``)."""

    key: UUID
    record: Link
    stage: str
    stage_label: str
    started_on: date
    ended_on: date | None
    source_key: UUID
    source: Link
    source_city_key: UUID
    source_city: Link
    source_country: str
    city_key: UUID
    city: Link
    country: str
    adapted_key: UUID | None
    adapted: Link | None
    sample: bool = False
    source_city_at: tuple = (0, 0)  # latitude, longitude: where the region view draws them
    city_at: tuple = (0, 0)


@dataclass
class Step:
    """A transfer at its place in a chain: ``depth`` 1 is a direct adaptation."""

    depth: int
    transfer: Transfer


class TransferGraph:
    def __init__(self, transfers):
        self.transfers = sorted(transfers, key=lambda t: (t.started_on, t.record.title))
        self.by_source = defaultdict(list)
        self.by_adapted = {}
        self.by_city = defaultdict(list)
        self.by_source_city = defaultdict(list)
        for transfer in self.transfers:
            self.by_source[transfer.source_key].append(transfer)
            if transfer.adapted_key is not None:
                self.by_adapted.setdefault(transfer.adapted_key, transfer)
            self.by_city[transfer.city_key].append(transfer)
            self.by_source_city[transfer.source_city_key].append(transfer)

    def downstream(self, practice_key):
        """Who adapted the practice, then who adapted their versions: depth first, in order."""
        steps, seen = [], {practice_key}

        def walk(key, depth):
            if depth > MAX_CHAIN:
                return
            for transfer in self.by_source.get(key, ()):
                if transfer.key in {step.transfer.key for step in steps}:
                    continue
                steps.append(Step(depth, transfer))
                nxt = transfer.adapted_key
                if nxt is not None and nxt not in seen:
                    seen.add(nxt)
                    walk(nxt, depth + 1)

        walk(practice_key, 1)
        return steps

    def upstream(self, practice_key):
        """Where the practice came from, the origin first: the transfers that led to it."""
        chain, seen = [], {practice_key}
        transfer = self.by_adapted.get(practice_key)
        while transfer is not None and len(chain) < MAX_CHAIN:
            chain.append(transfer)
            if transfer.source_key in seen:
                break
            seen.add(transfer.source_key)
            transfer = self.by_adapted.get(transfer.source_key)
        return list(reversed(chain))

    def of_practice(self, practice_key):
        """``adapted_from``: the chain that led to the practice, origin first; ``adapted_by``:
        the cities that adapted it, then those that adapted their versions."""
        return {
            "adapted_from": self.upstream(practice_key),
            "adapted_by": self.downstream(practice_key),
        }

    def of_city(self, city_key):
        """``learnt``: what the city adapted from others; ``taught``: who adapted its practices."""
        return {
            "learnt": list(self.by_city.get(city_key, ())),
            "taught": list(self.by_source_city.get(city_key, ())),
        }

    def of_record(self, record):
        """For one record: the chain before its source, the other cities that adapted the same
        source, and who adapted the city's own version."""
        source, adapted = record.source_practice, record.adapted_practice
        source_key = source.translation_key if source else None
        return {
            "upstream": self.upstream(source_key) if source else [],
            "siblings": [
                t for t in self.by_source.get(source_key, ()) if t.key != record.translation_key
            ],
            "downstream": self.downstream(adapted.translation_key) if adapted else [],
        }

    def filtered(self, focal_area=None):
        """The transfers whose source practice has ``focal_area`` (a slug): one query."""
        if not focal_area or not self.transfers:
            return self
        keys = set(
            PracticePage.objects.filter(
                translation_key__in={t.source_key for t in self.transfers},
                focal_areas__slug=focal_area,
            ).values_list("translation_key", flat=True)
        )
        return TransferGraph([t for t in self.transfers if t.source_key in keys])


def _link(page, localized):
    """``page`` as the active language shows it: its live translation there, if any."""
    shown = localized.get(page.translation_key, page)
    return Link(shown.title, shown.url or "", shown.locale.language_code)


def in_private_section(path_field):
    """Whether the page at ``path_field`` is inside a section with a view restriction."""
    return Exists(
        PageViewRestriction.objects.filter(StartsWith(OuterRef(path_field), F("page__path")))
    )


def build(records, stage_labels):
    """The transfers of ``records`` (live adoption records) that the public may see, with
    their practices and cities in the active language.

    One query (records with their practices and cities, private sections excluded in it), and
    one more for titles only when some of them are written in another language than the active
    one: the first page a process shows after a publish pays them.
    """
    records = list(
        one_per_translation(records)
        .filter(source_practice__live=True, source_practice__city__isnull=False)
        .filter(city__isnull=False)
        .exclude(in_private_section("path") | in_private_section("source_practice__path"))
        .select_related(
            "locale",
            "city__locale",
            "city__country",
            "source_practice__locale",
            "source_practice__city__locale",
            "source_practice__city__country",
            "adapted_practice__locale",
        )
    )
    locale = active_locale()
    pages = [r.city for r in records] + [r.source_practice for r in records]
    pages += [r.source_practice.city for r in records]
    pages += [r.adapted_practice for r in records if r.adapted_practice_id]
    elsewhere = {page.translation_key for page in pages if page.locale_id != locale.pk}
    localized = {}
    if elsewhere:
        localized = {
            page.translation_key: page
            for page in Page.objects.live()
            .filter(locale=locale, translation_key__in=elsewhere)
            .exclude(in_private_section("path"))
            .select_related("locale")
        }
    transfers = []
    for record in records:
        source, city = record.source_practice, record.city
        adapted = record.adapted_practice if record.adapted_practice_id else None
        if adapted is not None and not adapted.live:
            adapted = None
        transfers.append(
            Transfer(
                key=record.translation_key,
                record=_link(record, {}),
                stage=record.stage,
                stage_label=str(stage_labels.get(record.stage, record.stage)),
                started_on=record.started_on,
                ended_on=record.ended_on,
                source_key=source.translation_key,
                source=_link(source, localized),
                source_city_key=source.city.translation_key,
                source_city=_link(source.city, localized),
                source_country=source.city.country.code,
                city_key=city.translation_key,
                city=_link(city, localized),
                country=city.country.code,
                adapted_key=adapted.translation_key if adapted else None,
                adapted=_link(adapted, localized) if adapted else None,
                sample=record.is_sample,
                source_city_at=(source.city.latitude, source.city.longitude),
                city_at=(city.latitude, city.longitude),
            )
        )
    return TransferGraph(transfers)
