"""Generate practices marked as generated, spread over the real cities, in several languages.

``python -m bench.generate <total>`` migrates the database of DATABASE_URL, loads the demo
content and adds generated practices until there are ``total``.
"""

import datetime
import random
import sys
from collections import defaultdict

import django

if __name__ == "__main__":
    django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import override_settings  # noqa: E402

from wagtail.models import Page  # noqa: E402
from wagtail.signal_handlers import disable_reference_index_auto_update  # noqa: E402

from cities.models import CityPage  # noqa: E402
from portal.models import FocalArea  # noqa: E402
from practices.models import PracticePage, PracticeStatus, Provenance  # noqa: E402
from tests.search_corpus import CORPUS  # noqa: E402

TOPICS = {language: data["fillers"] + [data["word"]] for language, data in CORPUS.items()}
NO_AUTO_INDEX = {"default": {"BACKEND": "search.backends", "AUTO_UPDATE": False}}
FocalAreaLink = PracticePage.focal_areas.through
NO_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


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


def append_children(parent, pages):
    """Save ``pages`` as the last children of ``parent``, in order.

    What treebeard's ``add_child`` does for one page (lock the parent, find its last child,
    count it), done once for the batch; each page saved without ``full_clean`` (generated
    pages are valid by construction, and validation is a third of the time of a save) and
    without an entry in the audit log.
    """
    siblings = Page.objects.child_of(parent)  # not get_children(): it trusts numchild
    last = siblings.order_by("path").last()
    step = last._get_lastpos_in_path() if last else 0
    for page in pages:
        step += 1
        page.depth = parent.depth + 1
        page.path = Page._get_path(parent.path, page.depth, step)
        page.locale_id = parent.locale_id
        page.draft_title = page.title
        page._cached_parent_obj = parent  # Page.save sets url_path from the parent
        page.save(clean=False, log_action=None)
    parent.numchild = siblings.count()
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild)


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
    # The search index is rebuilt once at the end, so index updates are not even queued. The
    # reference index (the admin's "usage" of focal areas) is not kept for generated practices:
    # it is not served.
    with (
        override_settings(WAGTAILSEARCH_BACKENDS=NO_AUTO_INDEX, TASKS=NO_TASKS),
        disable_reference_index_auto_update(),
    ):
        for start in range(existing, total, 500):
            batch = defaultdict(list)
            for number in range(start, min(start + 500, total)):
                page, chosen = make_practice(number, rng, areas)
                page.first_published_at = page.last_published_at = datetime.datetime(
                    2024, 1, 1, tzinfo=datetime.UTC
                ) + datetime.timedelta(minutes=number)
                batch[cities[number % len(cities)]].append((page, chosen))
            with transaction.atomic():
                for city, pages in batch.items():
                    append_children(city, [page for page, _ in pages])
                # The focal areas in one insert, not one commit of the relation per page.
                FocalAreaLink.objects.bulk_create(
                    FocalAreaLink(practicepage=page, focalarea=area)
                    for pages in batch.values()
                    for page, chosen in pages
                    for area in chosen
                )
    call_command("update_index", verbosity=0)
    return total


if __name__ == "__main__":
    print(ensure_practices(int(sys.argv[1])))
