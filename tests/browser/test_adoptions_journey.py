"""An adoption record in a real browser at 375 and 1280 px (issue 19): Da Nang's officer records
in the admin that Da Nang adapted Bangkok's practice, Viet Nam's reviewer approves it, and the
public sees "Adapted by Da Nang" on Bangkok's practice and "Adapted from" on the record and on
Da Nang's profile. The pages are axe-clean. Rows come from the factories (no demo seed)."""

import pytest
from playwright.sync_api import expect

from adoptions.models import AdoptionPage
from tests.browser.conftest import log_in, run_axe
from tests.conftest import PASSWORD, build_world
from tests.factories import build_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TITLE = "Canal cycling in Da Nang"
CHANGED = "Lanes along the Han river instead of canals; rental bikes from the city's operator."


@pytest.fixture
def world(live_server):
    """Da Nang (Viet Nam) and Bangkok (Thailand), a practice each, their officers and reviewers."""
    return build_world(build_site())


def choose_source_practice(page, city, title):
    """The page chooser opens where the practices are (the cities); into the city, its practice."""
    page.locator("#id_source_practice-chooser").get_by_role("button", name="Choose a page").click()
    chooser = page.get_by_role("dialog")
    chooser.locator("tr", has_text=city).get_by_role("link", name="Explore").click()
    chooser.get_by_role("link", name=title, exact=True).click()
    expect(chooser).to_be_hidden()
    expect(page.locator("#id_source_practice-chooser [data-chooser-title]")).to_have_text(title)


def assert_accessible(page, width):
    """axe finds no WCAG 2.1 A/AA violation, and nothing scrolls sideways at ``width``."""
    assert run_axe(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_an_officer_records_an_adoption_that_passes_review_and_both_sides_show_it(
    page, width, world
):
    source = world["bangkok_practice"]  # "Canal cycling", Bangkok's

    # Da Nang's officer records the adoption from the city's panel, and submits it for review.
    log_in(page, world["officer"].username, PASSWORD)
    panel = page.locator("section", has_text="Your city: Da Nang").first
    panel.get_by_role("link", name="Record that Da Nang adapted another city's practice").click()
    page.locator("#id_title").fill(TITLE)
    choose_source_practice(page, "Bangkok", source.title)
    page.locator("#id_stage").select_option("piloting")
    page.locator("#id_started_on").fill("2024-02-01")
    # Choosing the typed day closes the calendar (left open on a phone, it covers the footer).
    calendar = page.locator(".xdsoft_datetimepicker:visible")
    calendar.locator("td.xdsoft_current").click()
    expect(calendar).to_have_count(0)
    page.locator("#id_what_changed").fill(CHANGED)
    page.locator("#id_what_did_not_work").fill("The first rental operator gave up after a month.")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Submit to ASCN review (Viet Nam)").click()
    page.get_by_text("created and submitted for moderation").wait_for()
    record = AdoptionPage.objects.get(title=TITLE)
    assert not record.live and record.source_practice_id == source.pk

    # Not public before the review: Bangkok's practice names no adopter yet.
    page.goto(source.url)
    expect(page.locator("#main")).not_to_contain_text("Adapted by")

    # Viet Nam's national reviewer approves it.
    log_in(page, world["reviewer"].username, PASSWORD)
    row = page.locator("#awaiting-review-section tr, #awaiting-review tr", has_text=TITLE).first
    row.get_by_role("button", name="Actions").click()
    row.get_by_role("button", name="Approve", exact=True).click()
    page.get_by_text(f"You approved “{TITLE}” (Da Nang): it is published.").wait_for()
    record.refresh_from_db()
    assert record.live

    # The public: Bangkok's practice says who adapted it, and links the record.
    page.context.clear_cookies()
    page.goto(source.url)
    adoptions = page.locator("section.adoptions")
    expect(adoptions.get_by_role("heading", name="Adapted by")).to_be_visible()
    adopted_by = adoptions.locator(".adoption-tree li").first
    expect(adopted_by).to_contain_text("Da Nang (Piloting, since February 2024)")
    assert_accessible(page, width)

    # The record says where it came from, and what was changed.
    adopted_by.get_by_role("link", name="what they changed").click()
    expect(page.locator("h1")).to_have_text(TITLE)
    facts = page.locator("aside.facts")
    expect(facts).to_contain_text(f"Adapted from {source.title} (Bangkok)", use_inner_text=True)
    expect(page.locator(".narrative")).to_contain_text(CHANGED)
    assert_accessible(page, width)

    # Da Nang's profile too.
    page.get_by_role("link", name="Da Nang", exact=True).first.click()
    learnt = page.locator("section.adoptions")
    expect(learnt.get_by_role("heading", name="Adapted from")).to_be_visible()
    expect(learnt).to_contain_text(f"{source.title} (Bangkok): {TITLE}")
    assert_accessible(page, width)
