"""The challenges a practice answers: "Cities facing this challenge" on the practice page.

A challenge is listed when the practice is a match for it by the rules of the challenge page
(``challenges.matching.is_match``), from what both are tagged with and the size of their cities
(not wording: that needs the engine, once per challenge), so a shared topic is needed. Only the
newest ``CANDIDATES`` open or matched challenges of other cities that share a focal area or
topic with the practice are scored, in a fixed number of queries.
"""

from django.db.models import Exists, OuterRef
from django.utils.translation import get_language

from challenges.matching import is_match, score
from challenges.models import ChallengePage, ChallengeStatus, ChallengeTopic
from portal.cache import cached_value
from search.vocabulary import spellings

CANDIDATES = 20
SHOWN = 8


def challenges_facing(practice, preview=False):
    """The challenges, best fit first; their ids cached per practice and language until the
    next publish (``portal.cache``), so a page view reads one row per challenge shown. A
    preview scores the editor's unsaved choices, and keeps nothing for the visitors."""
    if practice.pk is None:  # the preview of a practice not saved yet
        return []
    if preview:
        ids = _facing_ids(practice)
    else:
        ids = cached_value(
            "challenges-facing", lambda: _facing_ids(practice), get_language(), practice.pk
        )
    if not ids:
        return []
    found = ChallengePage.objects.filter(pk__in=ids).select_related("city", "country", "locale")
    by_id = {challenge.pk: challenge for challenge in found}
    return [by_id[pk] for pk in ids if pk in by_id]


def _facing_ids(practice):
    # Its focal areas and topics (prefetched by the practice page, in memory in a preview).
    focal_ids = [area.pk for area in practice.focal_areas.all()]
    topic_names = [topic.name for topic in practice.topics.all()]
    if not focal_ids and not topic_names:
        return []
    focal_rows = ChallengePage.focal_areas.through.objects.filter(focalarea_id__in=focal_ids)
    # Its topics in every language of the vocabulary: a challenge tagged "rác thải" faces it.
    topic_rows = ChallengeTopic.objects.filter(tag__name__in=spellings(topic_names))
    challenges = (
        ChallengePage.objects.listed()
        .filter(status__in=[ChallengeStatus.OPEN, ChallengeStatus.MATCHED])
        .filter(
            Exists(focal_rows.filter(challengepage_id=OuterRef("pk")))
            | Exists(topic_rows.filter(content_object_id=OuterRef("pk")))
        )
        .select_related("city")
        .prefetch_related("focal_areas", "topics")
        .order_by("-first_published_at")
    )
    if practice.city is not None:
        challenges = challenges.exclude(city__translation_key=practice.city.translation_key)
    scored = []
    for index, challenge in enumerate(challenges[:CANDIDATES]):
        reasons = score(challenge, practice)
        if is_match(reasons):
            scored.append((-sum(reason.points for reason in reasons), index, challenge.pk))
    return [pk for _total, _index, pk in sorted(scored)][:SHOWN]
