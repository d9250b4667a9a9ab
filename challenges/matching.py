"""Which practices of other cities fit a challenge, ranked, each with its reasons in plain words.

Candidates come from two bounded sources, so the work does not grow with the corpus:

- practices sharing a focal area or a topic with the challenge (indexed joins, the newest
  ``POOL``). This works across languages: focal areas are the same rows in every language, and
  topics are compared through the multilingual vocabulary (``search.vocabulary``), so a topic
  tagged *rác thải* in Vietnamese is the topic *waste* of an English practice, and a challenge
  whose text names a term ("thùng rác") has that topic too;
- the search backend (``search.similar``): more-like-this on OpenSearch and Elasticsearch,
  a scored any-word query on the database backends (SQLite FTS5's and PostgreSQL's ranking),
  asked for the challenge's own words with the names of its topics' terms. Its best ``POOL``
  hits, in order.

Every candidate is then scored with ``WEIGHTS`` (the one place the weights live), each point
with the reason that earned it. A practice is shown when it scores ``MIN_SCORE`` and has a
*specific* reason: a shared topic that names a problem (not a means such as *sensors*:
``search.vocabulary``), or at least ``WORDING_MIN_WORDS`` significant words of the
challenge in its title and summary. A focal area is one of six broad themes and a similar city
says nothing of the problem: they order the matches, they never make one. (Measured on the demo
content: with a focal area alone worth ``MIN_SCORE``, "Dark streets around the temples" was
offered the flood pump control and the 911 centre, and practice pages listed up to seven
"cities facing" them on a shared focal area alone.)
"""

import logging
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from wagtail.search.backends import get_search_backend

from localization.i18n import active_locale
from portal.cache import cached_value
from practices.models import PracticePage, PracticeTopic
from search.segmentation import words
from search.similar import similar_pages
from search.vocabulary import spellings, term_for, terms_named, topic_key

logger = logging.getLogger(__name__)

POOL = 100  # candidates from each source
SHOWN = 6
MIN_SCORE = 3
WORDING_MIN_WORDS = 2  # shared significant words that make similar wording a reason
QUERY_WORDS = 40  # the first words of the challenge's text that the engine is asked for
WEIGHTS = {
    "focal_area": 2,  # once, however many focal areas are shared
    "topic": 3,  # per topic shared
    "means": 1,  # per shared topic that is a means or a setting, not a problem (sensors, tourism)
    "wording": 2,  # the engine's best hit; less down its list
    "similar_size": 1,  # the practice's city is in the challenge city's population band
}
# Population bands (people, upper bound exclusive) and how a reason names them.
POPULATION_BANDS = [
    (500_000, gettext_lazy("under 0.5 M")),
    (1_000_000, "0.5–1 M"),
    (5_000_000, "1–5 M"),
    (None, gettext_lazy("over 5 M")),
]
# Words too common to be a reason ("shares the words: the, city"), nor in any case study
# ("residents", "people").
COMMON_WORDS = {
    "about", "after", "also", "among", "avoid", "before", "cannot", "citizens", "city", "cities",
    "during", "each", "every", "from", "have", "instead", "into", "many", "more", "most", "only",
    "other", "over", "people", "public", "residents", "same", "some", "than", "that", "their",
    "them", "there", "these", "they", "this", "through", "under", "used", "uses", "using", "when",
    "where", "which", "while", "with", "without", "would",
}  # fmt: skip


@dataclass
class Reason:
    text: str
    points: float
    specific: bool = False  # a shared topic or similar wording: enough to make a match


def is_match(reasons):
    """Whether reasons make a match: ``MIN_SCORE`` points, one of them a specific reason."""
    total = sum(reason.points for reason in reasons)
    return total >= MIN_SCORE and any(reason.specific for reason in reasons)


@dataclass
class Match:
    practice: object
    reasons: list = field(default_factory=list)

    @property
    def score(self):
        return sum(reason.points for reason in self.reasons)


def population_band(population):
    """The band's label for a population, or None when the population is not known."""
    if not population:
        return None
    for upper, label in POPULATION_BANDS:
        if upper is None or population < upper:
            return label
    return None


def challenge_focal_areas(challenge):
    """The challenge's focal areas, read once per challenge object: every candidate is scored
    against them."""
    if not hasattr(challenge, "_focal_area_list"):
        challenge._focal_area_list = list(challenge.focal_areas.all())
    return challenge._focal_area_list


def challenge_topics(challenge):
    """{topic key: how the challenge words it}: its tags, then the vocabulary terms its title
    and problem name (``search.vocabulary``). Computed once per challenge object."""
    if not hasattr(challenge, "_topics_by_key"):
        found = {}
        for tag in challenge.topics.all():
            found.setdefault(topic_key(tag.name), tag.name)
        for term, said in terms_named(f"{challenge.title} {challenge.problem}"):
            found.setdefault(term.key, said)
        challenge._topics_by_key = found
    return challenge._topics_by_key


def _kind(key):
    """What a shared topic says of the two: "means" (sensors), "setting" (tourism) or, for
    every other topic, "problem" (waste): only a shared problem is a specific reason."""
    term = term_for(key)
    if term is not None and term.means:
        return "means"
    if term is not None and term.setting:
        return "setting"
    return "problem"


def topic_label(key, worded):
    """A shared topic in a reason: the term in the active language, and the page's own word
    when it differs ("waste (rác thải)")."""
    term = term_for(key)
    name = term.name() if term else worded
    return name if worded.lower() == name.lower() else f"{name} ({worded})"


def _candidates(challenge):
    """Listed practices of other cities sharing a focal area or topic (the newest POOL)."""
    focal_ids = [area.pk for area in challenge_focal_areas(challenge)]
    focal_rows = PracticePage.focal_areas.through.objects.filter(focalarea_id__in=focal_ids)
    names = spellings(challenge_topics(challenge).values())
    topic_rows = PracticeTopic.objects.filter(tag__name__in=names)
    return (
        _other_cities(challenge)
        .filter(
            Exists(focal_rows.filter(practicepage_id=OuterRef("pk")))
            | Exists(topic_rows.filter(content_object_id=OuterRef("pk")))
        )
        .order_by("-first_published_at")
        .values_list("pk", flat=True)[:POOL]
    )


def _other_cities(challenge):
    practices = PracticePage.objects.listed()
    if challenge.city is not None:
        practices = practices.exclude(city__translation_key=challenge.city.translation_key)
    return practices


def _query_text(challenge):
    """The challenge's words, then its topics' terms by their English names (the index holds
    every name of a term with each page's topics), and its focal areas."""
    parts = [challenge.title, challenge.problem, *challenge_topics(challenge)]
    parts += [area.name for area in challenge_focal_areas(challenge)]
    return " ".join(words(" ".join(parts))[:QUERY_WORDS])


def _worded(challenge):
    """The ids of the practices the search backend finds like the challenge, best first.

    Searched among the live practices in the active language (a search filters on
    ``FilterField``s only: locale and city); ``_rank`` keeps the listed ones."""
    text = _query_text(challenge)
    if not text:
        return []
    practices = PracticePage.objects.live().filter(locale=active_locale())
    if challenge.city is not None:
        own = challenge.city.get_translations(inclusive=True).values_list("pk", flat=True)
        practices = practices.exclude(city__in=list(own))
    try:
        return [page.pk for page in similar_pages(get_search_backend(), text, practices, POOL)]
    except Exception as error:  # noqa: BLE001 - matching degrades to shared focal areas/topics
        logger.warning("Matching search failed (%s); using focal areas and topics only", error)
        return []


def _shared_words(challenge, practice):
    def significant(text):
        return {
            word.lower()
            for word in words(text)
            if (len(word) > 3 or not word.isascii()) and word.lower() not in COMMON_WORDS
        }

    mine = significant(f"{challenge.title} {challenge.problem}")
    return sorted(mine & significant(f"{practice.title} {practice.summary}"))[:4]


def score(challenge, practice, wording_rank=None, pool=POOL):
    """The reasons ``practice`` fits ``challenge``, each with its points (WEIGHTS)."""
    reasons = []
    practice_areas = {area.pk for area in practice.focal_areas.all()}
    shared_areas = [
        area.label for area in challenge_focal_areas(challenge) if area.pk in practice_areas
    ]
    if shared_areas:
        reasons.append(
            Reason(
                _("same focal area: %(area)s") % {"area": ", ".join(shared_areas)},
                WEIGHTS["focal_area"],
            )
        )
    mine = challenge_topics(challenge)
    theirs = {topic_key(topic.name) for topic in practice.topics.all()}
    shared_keys = [key for key in mine if key in theirs]
    by_kind = {kind: [] for kind in ("problem", "means", "setting")}
    for key in shared_keys:
        by_kind[_kind(key)].append(topic_label(key, mine[key]))
    problems, means, settings = (sorted(by_kind[kind]) for kind in ("problem", "means", "setting"))
    if problems:
        reasons.append(
            Reason(
                _("shares topics: %(topics)s") % {"topics": ", ".join(problems)},
                WEIGHTS["topic"] * len(problems),
                specific=True,
            )
        )
    if means:
        reasons.append(
            Reason(
                _("uses the same means: %(topics)s") % {"topics": ", ".join(means)},
                WEIGHTS["means"] * len(means),
            )
        )
    if settings:
        reasons.append(
            Reason(
                _("works in the same setting: %(topics)s") % {"topics": ", ".join(settings)},
                WEIGHTS["means"] * len(settings),
            )
        )
    if wording_rank is not None:
        shared = _shared_words(challenge, practice)
        points = round(WEIGHTS["wording"] * (1 - wording_rank / pool), 2)
        if len(shared) >= WORDING_MIN_WORDS and points > 0:
            reasons.append(
                Reason(
                    _("describes it in similar words: %(words)s") % {"words": ", ".join(shared)},
                    points,
                    specific=True,
                )
            )
    band = population_band(challenge.city.population if challenge.city else None)
    if band and practice.city and str(population_band(practice.city.population)) == str(band):
        reasons.append(
            Reason(_("similar city: %(band)s people") % {"band": band}, WEIGHTS["similar_size"])
        )
    return reasons


def matches_for(challenge, limit=SHOWN):
    """The practices of other cities that fit ``challenge``, best first, with their reasons.

    Cached per challenge and language until the next publish (``portal.cache``)."""
    if challenge.pk is None:  # the preview of a challenge not saved yet
        ranked = _rank(challenge)
    else:
        ranked = cached_value(
            "challenge-matches", lambda: _rank(challenge), get_language(), challenge.pk
        )
    practices = (
        PracticePage.objects.filter(pk__in=[pk for pk, _reasons in ranked[:limit]])
        .select_related("city", "country", "locale")
        .prefetch_related("focal_areas")
        .in_bulk()
    )
    return [
        Match(practices[pk], [Reason(text, points) for text, points in reasons])
        for pk, reasons in ranked[:limit]
        if pk in practices
    ]


def _rank(challenge):
    """[(practice id, [(reason, points), …]), …] best first, each one a match (``is_match``)."""
    worded = _worded(challenge)
    ids = set(_candidates(challenge)) | set(worded)
    rank_of = {pk: rank for rank, pk in enumerate(worded)}
    practices = (
        _other_cities(challenge)
        .filter(pk__in=ids)
        .select_related("city")
        .prefetch_related("focal_areas", "topics")
    )
    scored = []
    for practice in practices:
        reasons = score(challenge, practice, rank_of.get(practice.pk))
        if is_match(reasons):
            total = sum(reason.points for reason in reasons)
            scored.append((-total, rank_of.get(practice.pk, POOL), practice.pk, reasons))
    scored.sort(key=lambda row: row[:3])
    return [
        (pk, [(reason.text, reason.points) for reason in reasons])
        for _total, _rank_, pk, reasons in scored
    ]
