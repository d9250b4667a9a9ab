"""The anonymous page cache: fast answers that are never stale after a change."""

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.db import connection
from django.test import Client
from django.test.signals import template_rendered
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from portal.models import Country, FocalArea
from practices.models import ContactMessage, PracticePage
from tests.factories import PracticePageFactory, translate_portal
from tests.test_publishing import add_url, login, practice_form

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = settings.FRAGMENT_CACHE_SECONDS = 600


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Changes take effect as after their transaction commits (the cache empties then)."""

    def run(change, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return change(*args, **kwargs)

    return run


def get(client, url):
    response = client.get(url)
    return response, response.content.decode()


def test_second_anonymous_request_is_served_from_the_cache(client, practice):
    first, html = get(client, "/practices/")
    second, cached_html = get(client, "/practices/")
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    assert cached_html == html
    assert "public" in second["Cache-Control"] and "max-age=0" in second["Cache-Control"]


def test_conditional_get_answers_304_when_nothing_changed(client, practice):
    etag = client.get("/practices/")["ETag"]
    response = client.get("/practices/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304


def test_publish_shows_on_the_next_request(client, committed, practice):
    get(client, "/practices/")
    get(client, practice.url)
    practice.title = "Sensor-based waste collection, second phase"
    committed(practice.save_revision().publish)
    listing, html = get(client, "/practices/")
    assert listing["X-Cache"] == "miss"
    assert "second phase" in html


@pytest.mark.search
def test_publish_through_the_admin_shows_at_once_in_listing_and_search(client, committed, world):
    visitor = Client()
    assert "Riverside lighting" not in get(visitor, "/practices/")[1]
    assert get(visitor, "/search/?q=riverside")[0]["X-Cache"] == "miss"
    login(client, world["reviewer"])
    committed(
        client.post,
        add_url(world["danang"]),
        practice_form("Riverside lighting", "action-publish"),
    )
    assert PracticePage.objects.get(title="Riverside lighting").live
    assert "Riverside lighting" in get(visitor, "/practices/")[1]
    assert "Riverside lighting" in get(visitor, "/search/?q=riverside")[1]


def test_unpublish_removes_the_page_from_cached_listings(client, committed, practice):
    assert practice.title in get(client, "/practices/")[1]
    committed(practice.unpublish)
    assert practice.title not in get(client, "/practices/")[1]


def test_move_changes_cached_pages(client, committed, site, city, practice):
    new_city = city.copy(update_attrs={"slug": "hue", "title": "Hue"}, keep_live=True)
    assert practice.title in get(client, city.url)[1]
    assert get(client, city.url)[0]["X-Cache"] == "hit"
    committed(practice.move, new_city, pos="last-child")
    practice.refresh_from_db()
    assert practice.title not in get(client, city.url)[1]
    assert practice.title in get(client, new_city.url)[1]
    old_address = client.get("/cities/da-nang/waste-sensors/")  # Wagtail leaves a redirect
    assert (old_address.status_code, old_address["Location"]) == (301, practice.url)


def test_taxonomy_change_shows_at_once(client, committed, practice):
    assert "Quality Environment" in get(client, "/practices/")[1]
    area = FocalArea.objects.get(slug="quality-environment")
    area.name = "Environmental Quality"
    committed(area.save)
    assert "Environmental Quality" in get(client, "/practices/")[1]
    country = Country.objects.get(code="VN")
    assert country.name in get(client, "/cities/")[1]


def test_cached_page_gives_each_visitor_their_own_form_token(practice):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    assert first.get(practice.url)["X-Cache"] == "miss"
    response = second.get(practice.url)
    assert response["X-Cache"] == "hit"
    assert "private" in response["Cache-Control"]
    tokens = [
        re.search(
            r'name="csrfmiddlewaretoken" value="([^"]+)"', client.get(practice.url).content.decode()
        ).group(1)
        for client in (first, second)
    ]
    assert tokens[0] != tokens[1]
    sent = second.post(
        practice.url,
        {
            "name": "Delegate",
            "email": "delegate@ministry.example",
            "message": "How much did the sensors cost per bin?",
            "csrfmiddlewaretoken": tokens[1],
        },
    )
    assert sent.status_code == 302  # accepted: the token matches this visitor's cookie
    assert ContactMessage.objects.count() == 1


def test_logged_in_editors_always_see_fresh_pages(client, world):
    login(client, world["reviewer"])
    client.get("/practices/")
    assert "X-Cache" not in client.get("/practices/")


def test_admin_and_health_are_never_cached(client, site):
    for url in ("/healthz", reverse("wagtailadmin_login")):
        client.get(url)
        assert "X-Cache" not in client.get(url)


def test_errors_are_not_cached(client, site):
    client.get("/no-such-page/")
    assert "X-Cache" not in client.get("/no-such-page/")


def test_each_language_has_its_own_cached_copy(client, site):
    translate_portal(site, "th")
    english, thai = get(client, "/")[1], get(client, "/th/")[1]
    assert '<html lang="en">' in english and '<html lang="th">' in thai
    again = client.get("/th/")
    assert again["X-Cache"] == "hit" and '<html lang="th">' in again.content.decode()


class PurgeRecorder(BaseHTTPRequestHandler):
    """A caching proxy's purge endpoint: records the paths it is asked to purge."""

    purged = []

    def do_PURGE(self):  # noqa: N802 - the HTTP method's name
        self.purged.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def purge_proxy(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    PurgeRecorder.purged = []
    settings.WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_port}",
        }
    }
    yield PurgeRecorder.purged
    server.shutdown()


def test_publish_purges_the_page_and_the_pages_listing_it_from_the_cdn(
    committed, purge_proxy, practice
):
    practice.title = "Sensor-based waste collection, second phase"
    committed(practice.save_revision().publish)
    assert {practice.url, practice.city.url, "/practices/", "/cities/", "/"} <= set(purge_proxy)


def test_cached_fragments_follow_a_publish(client, committed, practice):
    """Related practices are a cached fragment: a new related practice appears at once."""
    get(client, practice.url)
    neighbour = PracticePageFactory(
        parent=practice.city, title="Smart bins, phase two", focal_areas=["quality-environment"]
    )
    committed(neighbour.save_revision().publish)
    assert "Smart bins, phase two" in get(client, practice.url)[1]


def test_cached_facet_counts_follow_a_publish(client, committed, city, practice):
    def pilot_count(page="1"):  # each page number is its own cached page, not so the counts
        body = get(client, f"/practices/?focal_area=quality-environment&page={page}")[1]
        return re.search(r"Pilot <span class=\"count\">\((\d+)", body).group(1)

    practice.status = "pilot"
    committed(practice.save_revision().publish)
    with CaptureQueriesContext(connection) as counting:
        assert pilot_count() == "1"
    with CaptureQueriesContext(connection) as cached:
        assert pilot_count(page="01") == "1"

    def facet_counts(queries):
        return [query for query in queries.captured_queries if "COUNT(DISTINCT" in query["sql"]]

    assert len(facet_counts(counting)) == 6  # one per counted facet, the SDG goals included
    assert facet_counts(cached) == []  # the six counts came from the cache
    second = PracticePageFactory(
        parent=city, title="Second pilot", status="pilot", focal_areas=["quality-environment"]
    )
    committed(second.save_revision().publish)  # as an approval publishes it
    assert pilot_count() == "2"
    listing = get(client, "/practices/?focal_area=quality-environment&page=001")[1]
    assert "Second pilot" in listing  # the cached order of results followed the publish too


@pytest.mark.search
def test_cached_search_facets_follow_a_publish(client, committed, city, practice):
    def status_counts(page="1"):
        body = get(client, f"/search/?q=sensor&page={page}")[1]
        return re.findall(
            r"(Pilot|Ongoing|Completed|Scaled up|Planned) <span class=\"count\">\((\d+)", body
        )

    before = status_counts()
    assert before and status_counts(page="01") == before
    second = PracticePageFactory(
        parent=city, title="Sensor lamps", status="completed", focal_areas=["safety-security"]
    )
    committed(second.save_revision().publish)
    after = dict(status_counts())
    assert after != dict(before) and int(after.get("Completed", 0)) >= 1


@pytest.mark.django_db(transaction=True)
def test_a_burst_of_visitors_after_a_publish_renders_the_page_once(practice):
    """Twenty visitors ask for the same page at the same moment, just after a publish: one
    renders it, the others wait for that copy (with Redis, across worker processes too)."""
    renders = []

    def count_render(sender, template, **kwargs):
        if template.name == "practices/practice_page.html":
            renders.append(template.name)

    visitors = 20
    start = threading.Barrier(visitors)
    answers = []

    def visit():
        start.wait()
        response = Client().get(practice.url)
        answers.append(
            (response.status_code, response["X-Cache"], practice.title in response.content.decode())
        )
        connection.close()

    template_rendered.connect(count_render)
    try:
        threads = [threading.Thread(target=visit) for _ in range(visitors)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        template_rendered.disconnect(count_render)
    assert len(renders) == 1
    assert sorted(answers) == sorted([(200, "miss", True)] + [(200, "hit", True)] * (visitors - 1))
