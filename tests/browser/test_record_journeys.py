"""Browser journeys of the library and the record, at 375 and 1280 px, checked with axe:
the secretariat, signed in with its second factor, publishes an event with a document through
the admin; a visitor finds a word that occurs only on page 12 of a PDF (in English and in Thai)
and lands on the document at that page; downloads an event's iCalendar file, which parses."""

import datetime
from pathlib import Path

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from cities.roles import ensure_secretariat_group, ensure_user
from documents.models import DocumentIndexPage, DocumentPage
from record.models import EventIndexPage, EventPage
from tests.browser.conftest import log_in, run_axe
from tests.document_files import make_pdf
from tests.factories import build_site
from tests.test_documents import THAI_PHRASE, add_library_document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SECRETARIAT, PASSWORD = "sec@ascn.example", "record-journey-password"


@pytest.fixture
def places(live_server):
    """A site with an empty library at /documents/ and no events yet at /events/."""
    site = build_site()
    library = site["home"].add_child(
        instance=DocumentIndexPage(title="Documents", slug="documents")
    )
    events = site["home"].add_child(instance=EventIndexPage(title="Events", slug="events"))
    return {**site, "library": library, "events": events}


@pytest.fixture
def record(places, django_capture_on_commit_callbacks):
    document = add_library_document(places["home"], django_capture_on_commit_callbacks)
    event = places["events"].add_child(
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


def assert_accessible(page, width):
    """axe finds no WCAG 2.1 A/AA violation, and nothing scrolls sideways at ``width``."""
    assert run_axe(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def download_calendar(page):
    """The event page's iCalendar file, downloaded as a visitor does and parsed."""
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Add to your calendar (iCalendar file)").click()
    return Calendar.from_ical(Path(download_info.value.path()).read_bytes())


def publish_new_page(page):
    """Publish the page being created in the admin, from the footer's "More actions"."""
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish", exact=True).click()
    page.get_by_text("created and published").wait_for()


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
    assert_accessible(page, width)
    if query != "geothermal":
        assert "เตือนภัย" in page.locator(".found-pages").inner_text()
        assert THAI_PHRASE[:4] in page.content()


def test_the_event_offers_an_ics_that_parses(page, width, record):
    page.goto(record["event"].url)
    expect(page.locator("h1")).to_have_text("Bali annual meeting")
    expect(page.get_by_role("link", name="Action plan")).to_be_visible()
    assert run_axe(page) == []
    (event,) = download_calendar(page).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Bali annual meeting"
    for address in ("/documents/", "/events/"):
        page.goto(address)
        assert_accessible(page, width)


def test_the_secretariat_publishes_an_event_with_a_document(page, width, places):
    ensure_user(SECRETARIAT, ensure_secretariat_group(), PASSWORD)
    log_in(page, SECRETARIAT, PASSWORD)  # the password, then the authenticator app's code

    # The document: its page in the library, its PDF uploaded from the file chooser.
    page.goto(f"/admin/pages/add/documents/documentpage/{places['library'].pk}/")
    page.locator("#id_title").fill("Bali meeting outcomes")
    page.get_by_role("button", name="Choose a document").click()
    chooser = page.get_by_role("dialog")
    chooser.get_by_role("tab", name="Upload").click()
    chooser.get_by_label("File").set_input_files(
        {
            "name": "bali-outcomes.pdf",
            "mimeType": "application/pdf",
            "buffer": make_pdf(["Outcomes of the Bali meeting.", "New cities were admitted."]),
        }
    )
    # The upload names the document after its file; wait for that, then give it its real name.
    expect(chooser.get_by_label("Title")).to_have_value("bali-outcomes")
    chooser.get_by_label("Title").fill("Bali meeting outcomes (PDF)")
    chooser.get_by_role("button", name="Upload", exact=True).click()
    expect(chooser).to_be_hidden()
    page.locator("#id_summary").fill("What the sixth annual meeting decided.")
    page.locator("#id_kind").select_option("meeting-outcome")
    page.locator("#id_publisher").fill("ASEAN Smart Cities Network")
    publish_new_page(page)
    document = DocumentPage.objects.get(title="Bali meeting outcomes")
    assert document.live
    assert document.file.title == "Bali meeting outcomes (PDF)"
    assert document.text_status == "done"  # its text was read once uploaded

    # The event, with that document attached.
    page.goto(f"/admin/pages/add/events/eventpage/{places['events'].pk}/")
    page.locator("#id_title").fill("Bali annual meeting")
    page.locator("#id_summary").fill("The sixth annual meeting admitted new cities.")
    page.locator("#id_kind").select_option("annual-meeting")
    page.locator("#id_start_date").fill("2023-07-12")
    # The calendar shows the typed day; choosing it there closes the calendar, as a person on a
    # phone does (left open, it covers the footer's buttons).
    calendar = page.locator(".xdsoft_datetimepicker:visible")
    calendar.locator("td.xdsoft_current").click()
    expect(calendar).to_have_count(0)
    expect(page.locator("#id_start_date")).to_have_value("2023-07-12")
    page.locator("#id_time_zone").select_option("Asia/Makassar")
    page.locator("#id_place").fill("Jimbaran, Bali")
    page.locator("#id_documents").select_option(label="Bali meeting outcomes")
    publish_new_page(page)
    event = EventPage.objects.get(title="Bali annual meeting")
    assert event.live
    assert list(event.documents.all()) == [document]

    # A visitor finds the event, its document and its calendar file.
    page.context.clear_cookies()
    page.goto("/events/")
    page.get_by_role("link", name="Bali annual meeting", exact=True).click()
    expect(page.locator("h1")).to_have_text("Bali annual meeting")
    assert_accessible(page, width)
    (calendar_event,) = download_calendar(page).walk("VEVENT")
    assert str(calendar_event["SUMMARY"]) == "Bali annual meeting"
    assert calendar_event.decoded("DTSTART") == datetime.date(2023, 7, 12)
    page.get_by_role("link", name="Bali meeting outcomes", exact=True).click()
    expect(page.locator("h1")).to_have_text("Bali meeting outcomes")
    assert_accessible(page, width)
    download = page.get_by_role("link", name="Download the document (PDF")
    assert download.get_attribute("href") == document.file.url
