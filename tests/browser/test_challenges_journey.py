"""Challenges and fit in a real browser at 375 and 1280 px, on the demo content: an officer's
challenge through the review to a page of matched practices with their reasons, and a delegate
who chooses "my city" and sorts the practices by fit. Both pages are axe-clean."""

import pytest

from challenges.models import ChallengePage
from tests.browser.conftest import DEMO_PASSWORD, log_in, run_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
OFFICER, REVIEWER = "officer@da-nang.example", "reviewer@vn.example"
TITLE = "Overflowing bins in the old quarter"


def fits_the_width(page, width):
    return page.evaluate("document.documentElement.scrollWidth") <= width


def test_an_officers_challenge_is_reviewed_and_shows_matched_practices(page, width, demo):
    log_in(page, OFFICER, DEMO_PASSWORD)
    panel = page.locator("section", has_text="Your city: Da Nang").first
    panel.get_by_role("link", name="Add a challenge to Da Nang").click()
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_problem").fill(
        "Bins in the old quarter overflow at weekends; the trucks come too late."
    )
    page.get_by_label("Quality Environment").check()
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Submit to ASCN review (Viet Nam)").click()
    page.get_by_text("created and submitted for moderation").wait_for()

    log_in(page, REVIEWER, DEMO_PASSWORD)
    row = page.locator("#awaiting-review-section tr, #awaiting-review tr", has_text=TITLE).first
    row.get_by_role("button", name="Actions").click()
    row.get_by_role("button", name="Approve", exact=True).click()
    page.get_by_text(f"You approved “{TITLE}” (Da Nang): it is published.").wait_for()
    challenge = ChallengePage.objects.get(title=TITLE)
    assert challenge.live

    page.context.clear_cookies()
    page.goto(challenge.url)
    assert page.locator("h1").count() == 1
    matches = page.locator(".match")
    assert matches.count() >= 1
    assert "same focal area: Quality Environment" in page.locator("#matches").inner_text()
    assert "Da Nang" not in matches.first.locator(".meta").inner_text()  # other cities only
    assert run_axe(page) == []
    assert fits_the_width(page, width)


def test_a_delegate_chooses_my_city_and_sorts_practices_by_fit(page, width, demo):
    page.goto("/practices/")
    page.get_by_label("Choose your city to see how each practice fits it").select_option(
        label="Luang Prabang (Lao PDR)"
    )
    page.get_by_role("button", name="Choose").click()
    page.get_by_role("link", name="Best fit for my city first").click()
    card = page.locator(".results li").first
    card.locator("summary", has_text="How it fits Luang Prabang").click()
    factors = card.locator(".fit-factors").inner_text()
    assert "income group:" in factors and "unknown" in factors  # no population recorded
    assert run_axe(page) == []
    assert fits_the_width(page, width)

    # The practice page shows the same factors, and the city can be changed there.
    card.locator(".card-title a").click()
    assert "How it fits Luang Prabang" in page.locator(".fit-panel").inner_text()
    page.get_by_label("Your city").select_option(label="Da Nang (Viet Nam)")
    page.get_by_role("button", name="Change").click()
    verdict = page.locator(".fit-panel .fit").inner_text()
    assert "How it fits Da Nang" in verdict or "This is your city's practice." in verdict
    assert run_axe(page) == []


def test_a_thai_query_on_the_english_site_finds_an_english_practice_through_the_vocabulary(
    page, width, demo
):
    page.goto("/search/")
    main = page.locator("#main")  # the header has a search box of its own
    main.get_by_label("Search cities and practices, in any ASEAN language").fill("ขยะ")
    main.get_by_role("button", name="Search", exact=True).click()
    results = page.locator(".results").first
    results.get_by_text("Sensor-based solid waste collection").first.wait_for()
    assert "matched the topic waste (ขยะ)" in results.inner_text()
    assert run_axe(page) == []
    assert fits_the_width(page, width)
