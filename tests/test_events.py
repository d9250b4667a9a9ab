"""The network's record: events and news, their listings with facets, city pages, search,
feeds, the API, the sitemap, iCalendar files and who may publish them."""

import datetime

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, streamfield

import pytest
from icalendar import Calendar

from documents.models import DocumentIndexPage, DocumentPage
from portal.models import FocalArea
from record.models import EventIndexPage, EventPage, NewsIndexPage, NewsPage
from tests.conftest import sign_in
from tests.document_files import make_pdf
from tests.test_documents import add_library_document, upload

TODAY = timezone.localdate()


@pytest.fixture
def record(world):
    home = world["site"]["home"]
    events = home.add_child(instance=EventIndexPage(title="Events", slug="events"))
    news = home.add_child(instance=NewsIndexPage(title="News", slug="news"))
    return {**world, "events": events, "news": news}


def add_event(record, title, start, cities=(), practices=(), documents=(), **fields):
    fields.setdefault("kind", "annual-meeting")
    fields.setdefault("summary", f"{title}: the cities met.")
    page = record["events"].add_child(instance=EventPage(title=title, start_date=start, **fields))
    page.cities.set(cities)
    page.practices.set(practices)
    page.documents.set(documents)
    page.save_revision().publish()
    return EventPage.objects.get(pk=page.pk)


def add_news(parent, title, date, cities=(), **fields):
    page = parent.add_child(
        instance=NewsPage(title=title, date=date, summary=f"{title}.", **fields)
    )
    page.cities.set(cities)
    page.save_revision().publish()
    return NewsPage.objects.get(pk=page.pk)


@pytest.mark.django_db
def test_events_are_listed_with_facets(client, record):
    safety = FocalArea.objects.get(slug="safety-security")
    meeting = add_event(
        record, "Bangkok annual meeting", datetime.date(2019, 8, 22), cities=[record["bangkok"]]
    )
    meeting.focal_areas.set([safety])
    meeting.save_revision().publish()
    add_event(
        record,
        "Da Nang workshop",
        datetime.date(2021, 3, 1),
        kind="workshop",
        cities=[record["danang"]],
    )
    response = client.get("/events/")
    assert response.status_code == 200
    facets = {facet.name: facet for facet in response.context["facets"]}
    assert {o.value: o.count for o in facets["year"].options} == {"2019": 1, "2021": 1}
    assert {o.value: o.count for o in facets["country"].options} == {"TH": 1, "VN": 1}
    assert {o.value for o in facets["kind"].options} == {"annual-meeting", "workshop"}
    assert [o.value for o in facets["focal_area"].options] == ["safety-security"]
    filtered = client.get("/events/", {"country": "TH", "kind": "bogus"})
    assert [item.title for item in filtered.context["items"]] == ["Bangkok annual meeting"]
    assert "ignored unknown value" in filtered.content.decode()
    assert filtered.content.decode().count("<h1") == 1


@pytest.mark.django_db
def test_a_past_event_shows_its_outcomes_documents_and_practices(client, record):
    library = record["site"]["home"].add_child(
        instance=DocumentIndexPage(title="Documents", slug="documents")
    )
    outcome = library.add_child(
        instance=DocumentPage(
            file=upload(make_pdf(["Chair's statement"]), "statement.pdf"),
            title="Chair's statement",
            summary="Outcome.",
            kind="meeting-outcome",
            publisher="ASEAN",
        )
    )
    outcome.save_revision().publish()
    event = add_event(
        record,
        "Bali annual meeting",
        datetime.date(2023, 7, 12),
        practices=[record["bangkok_practice"]],
        documents=[outcome],
        outcomes='[{"type": "paragraph", "value": "<p>Three Thai cities admitted.</p>"}]',
    )
    html = client.get(event.url).content.decode()
    assert "Three Thai cities admitted." in html
    assert "Chair&#x27;s statement" in html or "Chair's statement" in html
    assert "Canal cycling" in html
    assert html.count("<h1") == 1


@pytest.mark.django_db
def test_one_events_ics_parses(client, record):
    event = add_event(
        record,
        "Tomohon consultation",
        datetime.date(2021, 6, 3),
        start_time=datetime.time(9, 0),
        end_time=datetime.time(12, 0),
        time_zone="Asia/Makassar",
        place="Tomohon",
        online=True,
        online_url="https://stream.example/tomohon",
        kind="consultation",
    )
    response = client.get(f"{event.url}calendar/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Tomohon consultation"
    start = vevent.decoded("DTSTART")
    assert start == datetime.datetime(2021, 6, 3, 1, 0, tzinfo=datetime.UTC)
    assert calendar.walk("VTIMEZONE")  # calendar programs need the zone's definition
    assert str(vevent["LOCATION"]) == "Tomohon"
    # In the room and online: the stream's address reaches the calendar too.
    assert "https://stream.example/tomohon" in str(vevent["DESCRIPTION"])
    assert str(vevent["CONFERENCE"]) == "https://stream.example/tomohon"


@pytest.mark.django_db
def test_the_calendar_of_upcoming_events_holds_only_upcoming_ones(client, record):
    add_event(record, "Last year's meeting", TODAY - datetime.timedelta(days=365))
    add_event(
        record,
        "Next month's webinar",
        TODAY + datetime.timedelta(days=30),
        kind="webinar",
        online=True,
    )
    calendar = Calendar.from_ical(client.get("/events/calendar/").content)
    events = calendar.walk("VEVENT")
    assert [str(event["SUMMARY"]) for event in events] == ["Next month's webinar"]
    assert isinstance(events[0].decoded("DTSTART"), datetime.date)  # all day
    html = client.get("/events/").content.decode()
    assert "Coming up" in html
    # A chosen year lists that year's events only, without the upcoming ones above them.
    last_year = client.get("/events/", {"year": (TODAY - datetime.timedelta(days=365)).year})
    assert "Coming up" not in last_year.content.decode()


@pytest.mark.django_db
def test_feeds_of_events_and_news(client, record):
    add_event(record, "Kuala Lumpur annual meeting", datetime.date(2025, 9, 8))
    add_news(record["news"], "New cities admitted", datetime.date(2023, 7, 12))
    for url, title in (
        ("/events/feed/", "Kuala Lumpur annual meeting"),
        ("/events/feed/atom/", "Kuala Lumpur annual meeting"),
        ("/news/feed/", "New cities admitted"),
        ("/news/feed/atom/", "New cities admitted"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert title in response.content.decode(), url


@pytest.mark.django_db
def test_city_pages_list_their_events_and_news(client, record):
    add_event(
        record, "Bangkok annual meeting", datetime.date(2019, 8, 22), cities=[record["bangkok"]]
    )
    add_news(
        record["news"],
        "Bangkok opens a data centre",
        datetime.date(2024, 1, 5),
        cities=[record["bangkok"]],
    )
    add_news(record["news"], "Da Nang news", datetime.date(2024, 1, 5), cities=[record["danang"]])
    html = client.get(record["bangkok"].url).content.decode()
    assert "Bangkok annual meeting" in html
    assert "Bangkok opens a data centre" in html
    assert "Da Nang news" not in html


@pytest.mark.django_db
def test_news_written_under_a_city_is_that_citys_news(client, record):
    news = add_news(record["danang"], "Da Nang launches its app", datetime.date(2024, 2, 1))
    assert list(news.cities.all()) == [record["danang"].specific]
    listed = client.get("/news/").context["items"]
    assert [item.title for item in listed] == ["Da Nang launches its app"]


@pytest.mark.django_db
def test_an_officer_cannot_publish_news_of_another_city(record):
    """News under Da Nang naming Bangkok is refused with the reason; Da Nang's own is kept. The
    list of cities offers each city once, in the page's language, with its country."""
    officer = sign_in(Client(), record["officer"])
    add = reverse("wagtailadmin_pages:add", args=["events", "newspage", record["danang"].pk])
    html = officer.get(add).content.decode()
    assert ">Bangkok (Thailand)</option>" in html and ">Da Nang (Viet Nam)</option>" in html
    form = {
        **nested_form_data(
            {
                "title": "Bangkok opens a canal line",
                "slug": "bangkok-canal-line",
                "date": "2024-03-01",
                "summary": "Written under Da Nang, about Bangkok.",
                "body": streamfield([]),
            }
        ),
        "cities": [record["bangkok"].pk],
        "action-submit": "1",
    }
    response = officer.post(add, form)
    assert response.status_code == 200
    assert "News written under Da Nang is news of Da Nang only: remove Bangkok." in (
        response.content.decode()
    )
    assert not NewsPage.objects.filter(slug="bangkok-canal-line").exists()
    form["cities"] = [record["danang"].pk]
    assert officer.post(add, form).status_code == 302
    assert list(NewsPage.objects.get(slug="bangkok-canal-line").cities.all()) == [
        record["danang"].specific
    ]


@pytest.mark.django_db
def test_who_may_publish_events_and_news(record):
    officer, secretariat = record["officer"], record["secretariat"]
    events, news, danang = record["events"], record["news"], record["danang"]
    # The secretariat publishes events and the network's news.
    assert events.permissions_for_user(secretariat).can_add_subpage()
    assert news.permissions_for_user(secretariat).can_publish_subpage()
    # A city's officer writes news of their own city, under it, and cannot publish it: the
    # country's review does.
    assert danang.permissions_for_user(officer).can_add_subpage()
    assert not danang.permissions_for_user(officer).can_publish_subpage()
    assert NewsPage in danang.specific_class.allowed_subpage_models()
    assert not events.permissions_for_user(officer).can_add_subpage()
    assert not news.permissions_for_user(officer).can_add_subpage()
    assert not record["bangkok"].permissions_for_user(officer).can_add_subpage()


@pytest.mark.django_db
def test_events_and_news_in_the_api_and_the_sitemap(client, record):
    event = add_event(
        record,
        "Luang Prabang annual meeting",
        datetime.date(2024, 7, 30),
        place="Luang Prabang",
        cities=[record["bangkok"]],
    )
    news = add_news(record["news"], "Action plan adopted", datetime.date(2025, 9, 8))
    data = client.get("/api/v2/pages/", {"type": "events.EventPage", "fields": "*"}).json()
    assert data["items"][0]["place"] == "Luang Prabang"
    assert data["items"][0]["cities"] == ["bangkok"]
    data = client.get("/api/v2/pages/", {"type": "events.NewsPage", "fields": "*"}).json()
    assert data["items"][0]["date"] == "2025-09-08"
    sitemap = client.get("/sitemap.xml").content.decode()
    assert event.slug in sitemap
    assert news.slug in sitemap


@pytest.mark.django_db
@pytest.mark.search
def test_events_and_news_are_found_by_search(client, record):
    add_event(record, "Jimbaran annual meeting", datetime.date(2023, 7, 12))
    add_news(record["news"], "Jimbaran welcomes the network", datetime.date(2023, 7, 13))
    response = client.get("/search/", {"q": "Jimbaran"})
    assert {page.title for page in response.context["results"]} == {
        "Jimbaran annual meeting",
        "Jimbaran welcomes the network",
    }
    types = {o.value: o.count for o in response.context["facets"][0].options}
    assert types == {"event": 1, "news": 1}
    only = client.get("/search/", {"q": "Jimbaran", "type": "event"})
    assert [page.title for page in only.context["results"]] == ["Jimbaran annual meeting"]


@pytest.mark.django_db
def test_drafts_and_private_records_stay_out(client, record):
    draft = record["news"].add_child(
        instance=NewsPage(title="Draft news", date=TODAY, summary="Not yet.", live=False)
    )
    assert draft.pk
    listed = client.get("/news/").context["items"]
    assert list(listed) == []
    assert "Draft news" not in client.get("/news/feed/").content.decode()
    assert Page.objects.filter(title="Draft news", live=False).exists()


@pytest.mark.django_db
def test_the_secretariat_publishes_an_event_with_a_document_in_the_admin(
    client, record, django_capture_on_commit_callbacks
):
    document = add_library_document(record["site"]["home"], django_capture_on_commit_callbacks)
    add = reverse("wagtailadmin_pages:add", args=["events", "eventpage", record["events"].pk])
    form = {
        **nested_form_data(
            {
                "title": "Bali annual meeting",
                "slug": "bali-annual-meeting",
                "summary": "The sixth annual meeting admitted new cities.",
                "kind": "annual-meeting",
                "start_date": "2023-07-12",
                "time_zone": "Asia/Makassar",
                "place": "Jimbaran, Bali",
                "body": streamfield([]),
                "outcomes": streamfield([]),
            }
        ),
        "documents": [document.pk],
        "cities": [record["danang"].pk],
        "action-publish": "1",
    }
    # The password alone reaches no admin page: the secretariat needs its second factor.
    password_only = Client()
    password_only.force_login(record["secretariat"])
    assert password_only.post(add, form).status_code == 302
    assert not EventPage.objects.filter(slug="bali-annual-meeting").exists()
    secretariat = sign_in(Client(), record["secretariat"])
    response = secretariat.post(add, form)
    assert response.status_code == 302, response.context and response.context["form"].errors
    event = EventPage.objects.get(slug="bali-annual-meeting")
    assert event.live
    assert list(event.documents.all()) == [document]
    html = client.get(event.url).content.decode()
    assert "Bali annual meeting" in html
    assert document.url in html
    assert "Bali annual meeting" in client.get(record["danang"].url).content.decode()
