"""Generate practices marked as generated, spread over the real cities, in several languages.

``python -m bench.generate <total>`` migrates the database of DATABASE_URL, loads the demo
content and adds generated practices until there are ``total``.
"""

import datetime
import random
import sys

import django

if __name__ == "__main__":
    django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import override_settings  # noqa: E402

from wagtail.signal_handlers import disable_reference_index_auto_update  # noqa: E402

from cities.models import CityPage  # noqa: E402
from portal.models import FocalArea  # noqa: E402
from practices.models import PracticePage, PracticeStatus, Provenance  # noqa: E402
from tests.search_corpus import CORPUS  # noqa: E402

TOPICS = {language: data["fillers"] + [data["word"]] for language, data in CORPUS.items()}
NO_AUTO_INDEX = {"default": {"BACKEND": "search.backends", "AUTO_UPDATE": False}}


def paragraph(text):
    return [("paragraph", f"<p>{text}</p>")]


def make_practice(number, rng, areas):
    language = rng.choice(sorted(TOPICS))
    words = rng.sample(TOPICS[language], 3)
    start = datetime.date(rng.randint(2012, 2025), rng.randint(1, 12), 1)
    page = PracticePage(
        title=f"Generated practice {number}: {words[0]} {words[1]}",
        slug=f"generated-{number}",
        summary=f"Generated for benchmarks. {' '.join(words)}.",
        status=rng.choice(PracticeStatus.values),
        start_date=start,
        approach=paragraph(" ".join(rng.choices(TOPICS[language], k=12))),
        provenance=Provenance.GENERATED,
    )
    return page, rng.sample(areas, rng.randint(1, 3))


def ensure_practices(total):
    """Add generated practices until there are ``total``; then rebuild the search index."""
    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)
    existing = PracticePage.objects.filter(provenance=Provenance.GENERATED).count()
    if existing >= total:
        return existing
    rng = random.Random(existing)  # noqa: S311 - reproducible test data, not security
    cities = list(CityPage.objects.filter(locale__language_code="en"))
    areas = list(FocalArea.objects.all())
    # One save per practice, and the search index rebuilt once at the end. The reference index
    # (the admin's "usage" of focal areas) is not kept for generated practices: it is not served.
    with (
        override_settings(WAGTAILSEARCH_BACKENDS=NO_AUTO_INDEX),
        disable_reference_index_auto_update(),
    ):
        for start in range(existing, total, 500):
            with transaction.atomic():
                for number in range(start, min(start + 500, total)):
                    page, chosen = make_practice(number, rng, areas)
                    page.first_published_at = page.last_published_at = datetime.datetime(
                        2024, 1, 1, tzinfo=datetime.UTC
                    ) + datetime.timedelta(minutes=number)
                    page.focal_areas.set(chosen)
                    cities[number % len(cities)].add_child(instance=page)
    call_command("update_index", verbosity=0)
    return total


if __name__ == "__main__":
    print(ensure_practices(int(sys.argv[1])))
