"""How well a practice fits "my city": every factor's contribution, never a bare number.

A visitor chooses their city once (``MY_CITY_COOKIE``, no account); practice pages and the
practice listing then show the fit, and the listing sorts and filters by it. Each factor gives
points (``WEIGHTS``, the one place they live) and says why in plain words; a fact either city
lacks makes that factor *unknown*: it counts nothing and says what is missing, never a guess.

Factors:
- size: the population bands of the two cities (a metro-rail practice of a metropolis does not
  fit a town of 60 000);
- network: the same network status, and the same ASCN cohort (year joined);
- income: the World Bank income group of the two countries;
- priorities: the practice's focal areas among my city's priority focal areas;
- budget: the practice's capital cost against the largest budget my city stated on its open
  challenges, in the same currency (no exchange rate is guessed);
- country: a city of my country already runs it (as a pilot, ongoing or completed).

"Fits well" takes ``GOOD_FIT`` points and one known fact of the city itself (size, priorities
or budget): a city with none of them recorded is told its fit is in part at most.
"""

import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from cities.models import CityPage
from localization.i18n import one_per_translation
from portal.cache import cached_value
from portal.models import IncomeGroup
from portal.visibility import public
from practices.models import PracticeStatus

MY_CITY_COOKIE = settings.MY_CITY_COOKIE
COOKIE_SECONDS = 365 * 24 * 3600
MAX_RANKED = 2000  # ``?sort=fit`` ranks at most this many filtered practices, newest first
WEIGHTS = {
    "size_same": 2,  # the same population band
    "size_near": 0,  # the next band up or down
    "size_far": -3,  # two bands or more apart
    "network_status": 1,  # the same network status (ASCN member, ASUS participant, aspiring)
    "cohort": 1,  # joined the ASCN the same year
    "income_same": 2,
    "income_near": 0,
    "income_far": -1,
    "priority": 2,  # per priority focal area of my city the practice serves (at most two)
    "budget_within": 1,
    "budget_over": -2,
    "same_country": 1,
}
GOOD_FIT = 3  # "fits well" from this total; the listing's "?fit=good" filter
# "Fits well" also needs one of these known of the two cities: the other factors compare
# countries and the network, and alone they would call any practice of a similar country a fit.
CITY_FACTORS = {"size", "priorities", "budget"}
# A city "already runs" a practice in these states (not one planned or discontinued).
RUNNING = {PracticeStatus.PILOT, PracticeStatus.ONGOING, PracticeStatus.COMPLETED}
POPULATION_BANDS = [  # (upper bound, exclusive; label)
    (100_000, gettext_lazy("under 100 000 people")),
    (500_000, gettext_lazy("100 000 to 500 000 people")),
    (1_000_000, gettext_lazy("0.5 to 1 million people")),
    (5_000_000, gettext_lazy("1 to 5 million people")),
    (None, gettext_lazy("over 5 million people")),
]
INCOME_ORDER = [value for value, _label in IncomeGroup.choices]


@dataclass
class Factor:
    name: str
    text: str
    points: int | None  # None: unknown, counts nothing

    @property
    def known(self):
        return self.points is not None

    @property
    def signed(self):
        return f"{self.points:+d}" if self.known else ""


@dataclass
class Fit:
    city: object
    factors: list = field(default_factory=list)
    own: bool = False  # the practice is my city's own

    @property
    def score(self):
        return sum(factor.points for factor in self.factors if factor.known)

    good_fit = GOOD_FIT  # what the total is read against, said beside it

    @property
    def unknown(self):
        return [factor for factor in self.factors if not factor.known]

    @property
    def knows_the_city(self):
        return any(f.known for f in self.factors if f.name in CITY_FACTORS)

    @property
    def fits_well(self):
        return not self.own and self.score >= GOOD_FIT and self.knows_the_city

    @property
    def verdict(self):
        if self.own:
            return _("This is your city's practice.")
        if self.fits_well:
            return _("Fits your city well")
        if self.score > 0:
            return _("Fits your city in part")
        return _("Fits your city poorly")


def band_index(population):
    if not population:
        return None
    for index, (upper, _label) in enumerate(POPULATION_BANDS):
        if upper is None or population < upper:
            return index
    return None


def my_city(request):
    """The city chosen with the cookie, in the active language where translated, or None
    (cached per language until the next publish, as every page shows it)."""
    key = request.COOKIES.get(MY_CITY_COOKIE, "")[:40]
    if not key:
        return None
    return cached_value("my-city", lambda: city_for_key(key), get_language(), key)


def cached_fit(practice, city):
    """``fit(practice, FitFacts(city))``, cached per language until the next publish."""
    return cached_value(
        "fit",
        lambda: fit(practice, FitFacts(city)),
        get_language(),
        practice.pk,
        str(city.translation_key),
    )


def city_for_key(key):
    """The live city of translation group ``key`` in the active language (else any), or None."""
    try:
        key = uuid.UUID(str(key)[:40])
    except ValueError:
        return None
    cities = one_per_translation(
        public(CityPage.objects.live()).filter(translation_key=key)
    ).select_related("country")
    return cities.prefetch_related("priority_focal_areas").first()


def cities_to_choose():
    """(translation key, name) of every live city, for the "my city" chooser."""
    return [
        (str(city.translation_key), f"{city.title} ({city.country.label})")
        for city in one_per_translation(public(CityPage.objects.live()))
        .select_related("country")
        .order_by("title")
    ]


def ranked(practices, facts, only_good=False, by_fit=True):
    """The ids of ``practices`` (a queryset): best fit first, in the queryset's order among
    equals, or in its own order (most adopted, newest) when not ``by_fit``; with ``only_good``,
    only those that fit well."""
    rows = [
        (fit(practice, facts), index, practice.pk)
        for index, practice in enumerate(practices.prefetch_related("focal_areas"))
    ]
    if only_good:
        rows = [row for row in rows if row[0].fits_well]
    if by_fit:
        rows.sort(key=lambda row: (row[0].own, -row[0].score, row[1]))
    return [pk for _fit, _index, pk in rows]


def city_budget(city):
    """(largest upper budget stated on the city's open challenges, its currency) or None."""
    # ChallengePage sits above this app: reached through its foreign key to CityPage.
    challenges = CityPage.challenges.rel.related_model.objects.filter(
        city__translation_key=city.translation_key
    )
    row = (
        challenges.filter(live=True, status__in=["open", "matched"], budget_to__isnull=False)
        .order_by("-budget_to")
        .values_list("budget_to", "currency")
        .first()
    )
    return row


class FitFacts:
    """What the fit of many practices needs to know about my city, read once."""

    def __init__(self, city):
        self.city = city
        self.band = band_index(city.population)
        self.income = city.country.income_group or None
        self.priorities = {area.pk: area for area in city.priority_focal_areas.all()}
        self.budget = city_budget(city)

    @property
    def knows_the_city(self):
        """Whether one fact of the city itself is recorded: without one, nothing fits it well."""
        return self.band is not None or bool(self.priorities) or self.budget is not None


def fit(practice, facts):
    """The Fit of ``practice`` (with ``city``, ``country`` and ``focal_areas`` at hand)."""
    city = facts.city
    other = practice.city
    if other is not None and other.translation_key == city.translation_key:
        return Fit(city, own=True)
    factors = [
        _size(facts, other),
        *_network(city, other),
        _income(facts, practice.country),
        _priorities(facts, practice),
        _budget(facts, practice),
    ]
    if practice.country_id == city.country_id and practice.status in RUNNING:
        factors.append(
            Factor(
                "country",
                _("a city of your country already runs it (%(city)s)")
                % {"city": other.title if other else ""},
                WEIGHTS["same_country"],
            )
        )
    return Fit(city, factors)


def _size(facts, other):
    theirs = band_index(other.population if other else None)
    if facts.band is None:
        return Factor("size", _("size: your city's population is not recorded"), None)
    if theirs is None:
        return Factor(
            "size", _("size: the population of the practice's city is not recorded"), None
        )
    labels = {"mine": POPULATION_BANDS[facts.band][1], "theirs": POPULATION_BANDS[theirs][1]}
    distance = abs(theirs - facts.band)
    if distance == 0:
        return Factor("size", _("size: both cities have %(mine)s") % labels, WEIGHTS["size_same"])
    text = _("size: your city has %(mine)s, %(city)s has %(theirs)s") % {
        **labels,
        "city": other.title,
    }
    return Factor("size", text, WEIGHTS["size_near" if distance == 1 else "size_far"])


def _network(city, other):
    if other is None:
        return []
    factors = []
    if city.network_status == other.network_status:
        factors.append(
            Factor(
                "network",
                _("network: the same status, %(status)s")
                % {"status": city.get_network_status_display()},
                WEIGHTS["network_status"],
            )
        )
    else:
        factors.append(
            Factor(
                "network",
                _("network: your city is %(mine)s, %(city)s is %(theirs)s")
                % {
                    "mine": city.get_network_status_display(),
                    "city": other.title,
                    "theirs": other.get_network_status_display(),
                },
                0,
            )
        )
    if city.ascn_joined and other.ascn_joined and city.ascn_joined == other.ascn_joined:
        factors.append(
            Factor(
                "cohort",
                _("cohort: both joined the ASCN in %(year)s") % {"year": city.ascn_joined},
                WEIGHTS["cohort"],
            )
        )
    return factors


def _income(facts, country):
    theirs = country.income_group if country else ""
    if not facts.income or not theirs:
        return Factor("income", _("income group: not known for one of the countries"), None)
    labels = dict(IncomeGroup.choices)
    distance = abs(INCOME_ORDER.index(theirs) - INCOME_ORDER.index(facts.income))
    if distance == 0:
        return Factor(
            "income",
            _("income group: both countries are %(group)s") % {"group": labels[theirs]},
            WEIGHTS["income_same"],
        )
    return Factor(
        "income",
        _("income group: your country is %(mine)s, %(country)s is %(theirs)s")
        % {"mine": labels[facts.income], "country": country.label, "theirs": labels[theirs]},
        WEIGHTS["income_near" if distance == 1 else "income_far"],
    )


def _priorities(facts, practice):
    if not facts.priorities:
        return Factor("priorities", _("priorities: your city has not stated any"), None)
    served = [area.label for area in practice.focal_areas.all() if area.pk in facts.priorities]
    if not served:
        return Factor("priorities", _("priorities: none of your city's focal areas"), 0)
    return Factor(
        "priorities",
        _("priorities: serves your city's %(areas)s") % {"areas": ", ".join(served)},
        WEIGHTS["priority"] * min(len(served), 2),
    )


def _budget(facts, practice):
    if facts.budget is None:
        return Factor("budget", _("budget: your city has not stated one"), None)
    limit, currency = facts.budget
    if practice.capital_cost is None:
        return Factor("budget", _("budget: the practice's cost is not recorded"), None)
    if practice.currency != currency:
        return Factor(
            "budget",
            _("budget: the practice's cost is in %(theirs)s, your budget in %(mine)s")
            % {"theirs": practice.currency, "mine": currency},
            None,
        )
    amounts = {
        "cost": intcomma(Decimal(practice.capital_cost).quantize(Decimal(1))),
        "limit": intcomma(Decimal(limit).quantize(Decimal(1))),
        "currency": currency,
    }
    if practice.capital_cost <= limit:
        return Factor(
            "budget",
            _("budget: costs %(cost)s %(currency)s, within your %(limit)s") % amounts,
            WEIGHTS["budget_within"],
        )
    return Factor(
        "budget",
        _("budget: costs %(cost)s %(currency)s, more than your %(limit)s") % amounts,
        WEIGHTS["budget_over"],
    )
