"""Browser journeys of the library and the record, at 375 and 1280 px, checked with axe:
a visitor finds a word that occurs only on page 12 of a PDF (in English and in Thai) and lands
on the document at that page; downloads an event's iCalendar file, which parses."""

import datetime
from pathlib import Path

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from record.models import EventIndexPage, EventPage
from tests.browser.conftest import run_axe
from tests.factories import build_site
from tests.test_documents import THAI_PHRASE, add_library_document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def record(live_server, django_capture_on_commit_callbacks):
    from tests.factories import restore_migration_data

    restore_migration_data()
    site = build_site()
    document = add_library_document(site["home"], django_capture_on_commit_callbacks)
    events = site["home"].add_child(instance=EventIndexPage(title="Events", slug="events"))
    event = events.add_child(
        instance=EventPage(
            title="Bali annual meeting",
            kind="annual-meeting",
            start_date=datetime.date(2023, 7, 12),
            time_zone="Asia/Makassar",
            place="Jimbaran, Bali",
            summary="The sixth annual meeting.",
        )
    )
    event.documents.set([document])
    event.save_revision().publish()
    return {"document": document, "event": event}


@pytest.mark.parametrize("query", ["geothermal", "เตือนภัย"])
def test_a_word_on_page_12_leads_to_that_page(page, width, record, query):
    page.goto("/search/?" + f"q={query}")
    result = page.locator(".search-results .document-card").first
    expect(result).to_contain_text("Page 12")
    assert run_axe(page) == []
    result.get_by_role("link", name="Action plan").click()
    expect(page.locator("h1")).to_have_text("Action plan")
    link = page.locator(".found-pages a").first
    expect(link).to_have_text("Page 12")
    assert link.get_attribute("href").endswith("#page=12")
    assert run_axe(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    if query != "geothermal":
        assert "เตือนภัย" in page.locator(".found-pages").inner_text()
        assert THAI_PHRASE[:4] in page.content()


def test_the_event_offers_an_ics_that_parses(page, width, record):
    page.goto(record["event"].url)
    expect(page.locator("h1")).to_have_text("Bali annual meeting")
    expect(page.get_by_role("link", name="Action plan")).to_be_visible()
    assert run_axe(page) == []
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Add to your calendar (iCalendar file)").click()
    calendar = Calendar.from_ical(Path(download_info.value.path()).read_bytes())
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Bali annual meeting"
    for address in ("/documents/", "/events/"):
        page.goto(address)
        assert run_axe(page) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= width
