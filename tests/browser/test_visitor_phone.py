"""A visitor on a phone (375 px), on the demo content: results before filters."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import browser_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = 375
FIRST_SCREENS = 900  # px from the top of the page: the first screen or two of a phone


@pytest.fixture
def phone(chromium, demo):
    context = browser_context(chromium, demo, PHONE)
    yield context.new_page()
    context.close()


@pytest.fixture(params=[True, False], ids=["javascript", "no-javascript"])
def phone_with_or_without_javascript(request, chromium, demo):
    context = browser_context(chromium, demo, PHONE, java_script_enabled=request.param)
    yield context.new_page()
    context.close()


def first_card_top(page):
    """How far down the page (px) the first result card starts."""
    return page.locator(".results .card").first.evaluate(
        "card => card.getBoundingClientRect().top + window.scrollY"
    )


def test_practice_list_on_a_phone_shows_results_first_and_filters_behind_a_disclosure(
    phone_with_or_without_javascript,
):
    page = phone_with_or_without_javascript
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Practices").click()
    page.wait_for_url("**/practices/")
    assert first_card_top(page) <= FIRST_SCREENS
    filters = page.get_by_role("navigation", name="Filters")
    expect(filters).to_be_hidden()  # closed until asked for

    page.locator("summary", has_text="Filter").click()
    expect(filters).to_be_visible()
    filters.get_by_role("link", name=re.compile(r"^Thailand \(\d+")).click()
    page.wait_for_url("**/practices/?country=TH")
    heading = page.locator("#results-heading").inner_text()
    count = int(re.match(r"\d+", heading).group())
    assert heading.endswith("match your filters") and count > 0
    # what is filtered shows without opening the disclosure: its count and a removable chip
    expect(page.locator("summary", has_text="Filter")).to_contain_text("(1)")
    expect(page.get_by_role("link", name=re.compile("Country: Thailand"))).to_be_visible()
    cards = page.locator(".results .card")
    assert cards.count() == count
    for meta in cards.locator(".meta").all_inner_texts():
        assert "Thailand" in meta
    assert first_card_top(page) <= FIRST_SCREENS
