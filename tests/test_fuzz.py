"""Hostile input on every public address: a clear answer, never a 5xx, nothing echoed unescaped.

Hypothesis draws query strings (known parameters and others, injection strings, very long and
non-UTF-8 values), paths and headers; each request must answer below 500, and an HTML answer
must never contain the marker tag unescaped.
"""

import datetime
from urllib.parse import quote

from django.test import override_settings
from django.urls import reverse

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.hostile import MARKER, NASTY, PARAMETERS
from record.models import EventIndexPage, EventPage, NewsIndexPage, NewsPage
from tests.factories import AdoptionPageFactory, ChallengePageFactory, PracticePageFactory
from tests.test_documents import add_library_document

VALUES = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=60),
    st.integers().map(str),
    st.binary(max_size=40).map(lambda raw: raw.decode("latin-1")),
)


def encode(value):
    """Percent-encode, sometimes as raw bytes that are not UTF-8."""
    return quote(value.encode("utf-8", "surrogatepass"), safe="")


QUERIES = st.lists(
    st.tuples(
        st.one_of(st.sampled_from([*PARAMETERS, "sort", "adopted", "sdg"]), st.text(max_size=12)),
        VALUES,
    ),
    max_size=6,
).map(lambda pairs: "&".join(f"{encode(key)}={encode(value)}" for key, value in pairs))
HEADERS = st.fixed_dictionaries(
    {},
    optional={
        "HTTP_ACCEPT_LANGUAGE": st.one_of(st.sampled_from(["th", "lo-LA", "zz", "*;q=x"]), VALUES),
        "HTTP_USER_AGENT": VALUES,
        "HTTP_REFERER": VALUES,
        "HTTP_IF_NONE_MATCH": VALUES,
    },
)


def hostile_examples(count):
    """Hypothesis' settings for these tests: ``count`` examples, no deadline, and fixtures made
    once per test (each example asks the same pages)."""
    return settings(
        max_examples=count,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


@pytest.fixture
def addresses(practice):
    challenge = ChallengePageFactory(parent=practice.city, focal_areas=["quality-environment"])
    return [
        "/challenges/", "/challenges/export/csv/", "/challenges/export/json/",
        "/challenges/feed/", challenge.url,
        "/", "/cities/", practice.city.url, practice.url, "/practices/",
        "/practices/compare/", "/practices/coverage/", "/practices/export/csv/",
        "/practices/export/json/", "/practices/feed/", "/practices/feed/atom/", "/search/",
        "/th/search/", reverse("search_api"), reverse("search_autocomplete"),
        "/api/v2/pages/", "/api/v2/images/", "/api/v2/documents/", "/sitemap.xml",
        "/robots.txt", "/healthz", "/th/", "/no-such-page/", "/xx/practices/",
        reverse("transfers"), "/th/transfers/",
    ]  # fmt: skip


@pytest.mark.django_db
@hostile_examples(300)
@given(data=st.data())
def test_public_addresses_never_fail_on_hostile_input(client, addresses, data):
    ask_hostile(client, addresses, data)


def ask_hostile(client, addresses, data):
    """One drawn address with a drawn query and headers: below 500, the marker escaped."""
    address = data.draw(st.sampled_from(addresses))
    query = data.draw(QUERIES)
    headers = data.draw(HEADERS)
    response = client.get(f"{address}?{query}", **headers)
    assert response.status_code < 500, (address, query, headers)
    if "html" in response.get("Content-Type", ""):
        assert MARKER not in response.content.decode("utf-8", "replace")


@pytest.fixture
def transfer_chain(world):
    """Bangkok's practice adapted by Da Nang as its own, that one by Bangkok again (a loop)."""
    mine = PracticePageFactory(parent=world["danang"], focal_areas=["quality-environment"])
    AdoptionPageFactory(
        parent=world["danang"], source_practice=world["bangkok_practice"], adapted_practice=mine
    )
    AdoptionPageFactory(
        parent=world["bangkok"], source_practice=mine, adapted_practice=world["bangkok_practice"]
    )


@pytest.mark.django_db
@hostile_examples(150)
@given(
    address=st.sampled_from(["/transfers/", "/th/transfers/", "/practices/"]),
    name=st.sampled_from(["focal_area", "sort", "adopted"]),
    values=st.lists(VALUES, min_size=1, max_size=3),
)
def test_transfers_and_the_adoption_order_never_fail_on_hostile_values(
    client, transfer_chain, address, name, values
):
    """The adoption parameters, each repeated with hostile values: refused with a notice."""
    query = "&".join(f"{name}={encode(value)}" for value in values)
    if name != "sort":
        query += "&sort=adopted"
    response = client.get(f"{address}?{query}")
    assert response.status_code == 200, query
    assert MARKER not in response.content.decode("utf-8", "replace")


@pytest.mark.django_db
@hostile_examples(150)
@given(
    address=st.sampled_from(
        [
            "/practices/",
            "/th/practices/",
            "/search/",
            "/practices/coverage/",
            "/practices/export/csv/",
        ]
    ),
    values=st.lists(
        st.one_of(VALUES, st.sampled_from(["11", "11.2", "11.a", "17.19", "6.4", "11.", ".2"])),
        min_size=1,
        max_size=3,
    ),
)
def test_the_sdg_filter_never_fails_on_hostile_values(client, practice, address, values):
    """``?sdg=`` repeated with goals, targets and hostile values: a 200, bad values refused with
    a notice."""
    query = "&".join(f"sdg={encode(value)}" for value in values) + "&q=waste"
    response = client.get(f"{address}?{query}")
    assert response.status_code == 200, query
    assert MARKER not in response.content.decode("utf-8", "replace")


@pytest.fixture
def record_addresses(site, django_capture_on_commit_callbacks):
    """The library, events and news, with one of each."""
    home = site["home"]
    events = home.add_child(instance=EventIndexPage(title="Events", slug="events"))
    news = home.add_child(instance=NewsIndexPage(title="News", slug="news"))
    event = events.add_child(
        instance=EventPage(
            title="Meeting", kind="workshop", start_date=datetime.date(2024, 1, 1), summary="."
        )
    )
    item = news.add_child(instance=NewsPage(title="News item", summary="."))
    document = add_library_document(home, django_capture_on_commit_callbacks)
    return [
        "/documents/", document.url, "/events/", event.url, f"{event.url}calendar/",
        "/events/feed/", "/events/feed/atom/", "/events/calendar/", "/news/", item.url,
        "/news/feed/", "/news/feed/atom/",
    ]  # fmt: skip


@pytest.mark.django_db
@hostile_examples(60)
@given(data=st.data())
def test_the_record_and_the_library_never_fail_on_hostile_input(client, record_addresses, data):
    ask_hostile(client, record_addresses, data)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(path=st.text(min_size=1, max_size=200))
def test_any_path_is_answered_below_500(client, site, path):
    response = client.get("/" + quote(path.encode("utf-8", "surrogatepass"), safe="/"))
    assert response.status_code < 500


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["year=%C2%B2", "p=%C2%B2&p=1", "year=%E0%B9%92%E0%B9%90%E0%B9%92%E0%B9%90"]
)
def test_digits_that_are_not_decimal_are_refused_politely(client, site, query):
    """Found by the fuzzing above: "²" passed str.isdigit() and broke int() (a 500)."""
    path = "/practices/compare/" if query.startswith("p=") else "/practices/"
    assert client.get(f"{path}?{query}").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", ["pages", "images", "documents"])
def test_an_offset_beyond_the_database_integers_is_a_400(client, site, endpoint):
    """Found by make bench's hostile replay: Wagtail's API passed it to SQL (a 500)."""
    response = client.get(f"/api/v2/{endpoint}/?offset=99999999999999999999")
    assert response.status_code == 400
    assert "offset" in response.json()["message"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/cities/?country=%00", "/practices/?city=a%00b&%00=1"])
def test_nul_characters_in_query_values_are_dropped(client, site, url):
    """PostgreSQL refuses NUL in text: it had reached a filter as a 500 (found by Hypothesis)."""
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_a_nul_character_in_the_path_gets_the_400_page(client, site):
    response = client.get("/cities/%00/")
    assert response.status_code == 400
    assert "This address cannot be read" in response.content.decode()
    thai = client.get("/th/cities/%00/")
    assert thai.status_code == 400 and "ไม่สามารถอ่านที่อยู่นี้ได้" in thai.content.decode()


FORM_VALUES = st.one_of(VALUES, st.text(min_size=1990, max_size=5000), st.just("\x00" * 50))


@pytest.mark.django_db
@hostile_examples(80)
@given(
    fields=st.fixed_dictionaries(
        {},
        optional=dict.fromkeys(
            ("question-name", "question-email", "question-question", "question-website"),
            FORM_VALUES,
        ),
    )
)
def test_the_question_form_never_fails_on_hostile_input(client, practice, fields):
    """Public questions (tests/test_questions.py): any posted values, a clear answer or a
    redirect, never a 5xx, nothing echoed unescaped."""
    fields["question-question"] = fields.get("question-question", "")  # marks it a question
    with override_settings(QUESTION_RATE_LIMIT="10000/h"):  # the form, not the limit, answers
        response = client.post(practice.url, fields)
    assert response.status_code in (200, 302)
    assert MARKER not in response.content.decode("utf-8", "replace")
