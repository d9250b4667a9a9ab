"""The challenges a practice answers: "Cities facing this challenge" on the practice page.

A challenge is listed when the practice scores ``MIN_SCORE`` against it with the weights of the
challenge page's matching (``challenges.matching.score``), from what both are tagged with and
the size of their cities (not wording: that needs the engine, once per challenge). Only the
newest ``CANDIDATES`` open or matched challenges of other cities that share a focal area or
topic with the practice are scored, in a fixed number of queries.
"""

from django.db.models import Exists, OuterRef

from challenges.matching import MIN_SCORE, score
from challenges.models import ChallengePage, ChallengeStatus, ChallengeTopic

CANDIDATES = 20
SHOWN = 8


def challenges_facing(practice):
    if practice.pk is None:  # the preview of a practice not saved yet
        return []
    # Its focal areas, topics and city once, for every challenge it is scored against.
    practice = (
        type(practice)
        .objects.select_related("city")
        .prefetch_related("focal_areas", "topics")
        .get(pk=practice.pk)
    )
    focal_ids = [area.pk for area in practice.focal_areas.all()]
    topic_ids = [topic.pk for topic in practice.topics.all()]
    if not focal_ids and not topic_ids:
        return []
    focal_rows = ChallengePage.focal_areas.through.objects.filter(focalarea_id__in=focal_ids)
    topic_rows = ChallengeTopic.objects.filter(tag_id__in=topic_ids)
    challenges = (
        ChallengePage.objects.listed()
        .filter(status__in=[ChallengeStatus.OPEN, ChallengeStatus.MATCHED])
        .filter(
            Exists(focal_rows.filter(challengepage_id=OuterRef("pk")))
            | Exists(topic_rows.filter(content_object_id=OuterRef("pk")))
        )
        .select_related("city", "country", "locale")
        .prefetch_related("focal_areas", "topics")
        .order_by("-first_published_at")
    )
    if practice.city is not None:
        challenges = challenges.exclude(city__translation_key=practice.city.translation_key)
    scored = [
        (sum(reason.points for reason in score(challenge, practice)), index, challenge)
        for index, challenge in enumerate(challenges[:CANDIDATES])
    ]
    return [
        challenge
        for total, _index, challenge in sorted(scored, key=lambda row: (-row[0], row[1]))
        if total >= MIN_SCORE
    ][:SHOWN]
