"""The demo content of `make run` (``seed_demo``): what a newcomer sees on a fresh clone.

Seeding takes about a minute, so the tests of this module share one seed (``demo``), each
running in its own savepoint inside it, and run one after another on one xdist worker.
"""

import re
from html import unescape

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.utils.html import escape

from wagtail.models import Locale

import pytest
from wagtail_localize.models import TranslationSource

from adoptions.models import AdoptionPage
from challenges.models import ChallengePage
from cities.models import CityPage
from documents.models import DocumentPage as Document
from documents.tasks import extract_text
from portal.models import HomePage
from practices.models import PracticePage, Question, QuestionStatus
from record.models import EventPage, NewsPage
from tests.conftest import shared_rows
from tests.test_adoptions import page_text

pytestmark = [pytest.mark.django_db, pytest.mark.shared_rows, pytest.mark.xdist_group("demo")]

SEEDED = (
    *(CityPage, PracticePage, ChallengePage, EventPage, NewsPage, Document, AdoptionPage),
    Question,
)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, seeded as on a fresh production-like set-up: the database task queue and no
    worker yet (what the pages' saves queue waits there). Rolled back after the module."""
    database_queue = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with shared_rows(django_db_blocker), override_settings(TASKS=database_queue):
        with TestCase.captureOnCommitCallbacks(execute=True):
            call_command("seed_demo", verbosity=0)
        yield


def page_counts():
    return {model: model.objects.count() for model in SEEDED}


def test_every_example_the_search_hint_offers_finds_something(demo, client):
    """The hint under the search box names example words: on the demo content each finds
    practices, in every language (in the language itself or under "other languages").

    The demo was seeded with the database task queue and no worker (``demo``): the seed
    indexes what it published itself, so the demo is searchable at once."""
    document = client.get("/api/search/", {"q": "Smart Cities Framework", "type": "document"})
    assert document.json()["count"]
    for code, _name in settings.LANGUAGES:
        prefix = "" if code == "en" else f"/{code}"
        html = client.get(f"{prefix}/search/").content.decode()
        hint = re.search(r'<p id="q-hint"[^>]*>(.*?)</p>', html, re.S).group(1)
        examples = re.findall(r"“([^”]+)”", unescape(hint))
        assert len(examples) == 2, (code, hint)
        for example in examples:
            answer = client.get("/api/search/", {"q": example, "language": code}).json()
            assert answer["count"] or answer["other_languages"], (code, example)


def test_seed_creates_the_tree_and_is_idempotent(demo, client):
    counts = page_counts()
    call_command("seed_demo", verbosity=0)
    assert page_counts() == counts
    # one sample challenge per member state, marked as a sample on its page
    challenges = ChallengePage.objects.live().select_related("country")
    assert sorted(page.country.code for page in challenges) == sorted(
        set(CityPage.objects.values_list("country__code", flat=True))
    )
    assert all(page.is_sample for page in challenges)
    assert "Sample content." in client.get(challenges[0].url).content.decode()
    assert client.get("/th/challenges/").status_code == 200
    english = Locale.objects.get(language_code="en")
    assert CityPage.objects.filter(locale=english).count() == 36  # every city of ascn.json
    assert counts[PracticePage] >= 20
    # the home page in each of the ten languages, translated through wagtail-localize
    assert HomePage.objects.count() == len(settings.LANGUAGES)
    assert {home.locale.language_code for home in HomePage.objects.live()} == {
        code for code, _ in settings.LANGUAGES
    }

    # at least six sample practices written in their city's language, each with an English
    # translation that wagtail-localize knows as a synced translation of it
    native = [
        practice
        for practice in PracticePage.objects.exclude(locale=english)
        if TranslationSource.objects.get_for_instance_or_none(practice) is not None
    ]
    assert {practice.locale.language_code for practice in native} >= {
        "th",
        "vi",
        "id",
        "lo",
        "km",
        "my",
    }
    for practice in native:
        translated = practice.get_translation(english)
        assert translated.live and translated.title != practice.title
        assert translated.is_sample

    home = client.get("/")
    assert home.status_code == 200
    for link in ('href="/cities/"', 'href="/practices/"', 'action="/search/"'):
        assert link in home.content.decode()

    city = client.get("/cities/da-nang/")
    assert "Đà Nẵng" in city.content.decode()
    assert "since 2018" in city.content.decode()
    # the cities' figures come with the page that states them (ops/data/city_facts.json);
    # a figure no source gave stays blank (Chonburi's sources give only its province's)
    assert "viettimes.vn</a>" in city.content.decode()
    seeded = CityPage.objects.filter(locale=english)
    assert seeded.exclude(population=None).count() >= 30
    assert not seeded.exclude(population=None).filter(population_source="").exists()
    assert not seeded.exclude(area_km2=None).filter(area_source="").exists()
    assert seeded.get(slug="chonburi").population is None

    # every seeded case study is marked, and says on the page that it is a sample
    assert all(practice.is_sample for practice in PracticePage.objects.all())
    practice = PracticePage.objects.live().first()
    html = client.get(practice.url).content.decode()
    assert "Sample content." in html

    # demo accounts: a reviewer per member state, an officer per city with practices;
    # outside development settings they get no usable password
    users = get_user_model().objects
    assert users.filter(username__startswith="reviewer@").count() == 11
    cities_with_practices = CityPage.objects.filter(
        locale=english, practices__isnull=False
    ).distinct()
    assert users.filter(username__startswith="officer@").count() == (cities_with_practices.count())
    assert not users.get(username="reviewer@th.example").has_usable_password()
    assert not users.filter(username="admin").exists()


def test_the_demo_seeds_the_record_with_a_source_on_each_sample(demo, client):
    assert EventPage.objects.count() >= 7
    for page in [*EventPage.objects.all(), *NewsPage.objects.all(), *Document.objects.all()]:
        assert page.is_sample
        assert page.source_url.startswith("http"), page.title
    html = client.get("/events/").content.decode()
    assert "ASCN annual meeting 2019, Bangkok" in html
    bali = EventPage.objects.get(slug="ascn-annual-meeting-2023-bali")
    assert "Sample content." in client.get(bali.url).content.decode()
    tomohon = client.get("/cities/tomohon/").content.decode()
    assert "ASUS city consultation: Tomohon" in tomohon
    assert "Tomohon joins phase II of the ASUS project" in tomohon
    framework = Document.objects.get(slug="asean-smart-cities-framework")
    assert framework.text_status == "pending"  # queued for the worker
    extract_text.call(framework.file_id)  # what the worker does with the queued task
    framework = Document.objects.get(pk=framework.pk)
    assert framework.text_status == "done"  # its sample DOCX was read
    # Each listing exists in every language, and the Thai header links the Thai ones.
    header = client.get("/th/").content.decode()
    for path, title in (
        ("/th/events/", "กิจกรรม"),
        ("/th/news/", "ข่าว"),
        ("/th/documents/", "เอกสาร"),
    ):
        assert f'href="{path}"' in header
        response = client.get(path)
        assert response.status_code == 200 and title in response.content.decode()


def test_the_demo_has_sample_adoption_chains_across_countries(demo, client):
    """Seeding again adds no record (``test_seed_creates_the_tree_and_is_idempotent`` counts
    them with the other seeded pages)."""
    records = list(AdoptionPage.objects.live().select_related("country", "source_practice"))
    assert AdoptionPage.objects.count() == len(records) >= 10
    assert all(record.is_sample for record in records)
    continued = {r.adapted_practice_id: r for r in records if r.adapted_practice_id}
    chains = [
        (continued[r.source_practice_id], r) for r in records if r.source_practice_id in continued
    ]
    assert len(chains) >= 5
    for first, second in chains:  # A → B → C, across two or three member states
        assert len({first.source_practice.country_id, first.country_id, second.country_id}) > 1
    assert any(record.stage == "stopped" and record.what_did_not_work for record in records)
    shown = page_text(client, records[0].url)
    assert (
        "Sample content. This adoption record was written for the portal's demonstration" in shown
    )
    assert "Transfer between cities" in page_text(client, records[0].source_practice.url)


def test_the_demo_has_sample_questions_answered_on_practice_pages(demo, client):
    """Seeding again asks nothing twice (``test_seed_creates_the_tree_and_is_idempotent`` counts
    the questions with the seeded pages)."""
    questions = list(Question.objects.select_related("practice"))
    assert all(question.is_sample for question in questions)
    answered = [q for q in questions if q.status == QuestionStatus.ANSWERED]
    waiting = [q for q in questions if q.status == QuestionStatus.WAITING]
    assert len(answered) >= 3 and len(waiting) >= 1
    assert len({question.language for question in answered}) > 1  # asked in more than English
    for question in answered:  # published on the practice page, in its own language
        html = client.get(question.practice.url).content.decode()
        assert f'lang="{question.language}">{escape(question.question)}</h3>' in html
        assert question.answer in page_text(client, question.practice.url)
    for question in waiting:  # not shown until a city officer answers it
        assert question.question not in page_text(client, question.practice.url)
