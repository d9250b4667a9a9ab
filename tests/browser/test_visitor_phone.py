"""A visitor on a phone (375 px), on the demo content: results before filters, and the contact
form's confirmation where the person is."""

import re

from django.conf import settings
from django.core import mail

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import browser_context, send_contact_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = 375
FIRST_SCREENS = 667  # px from the top of the page: the first screen of a 375 x 667 phone
LINK = re.compile(r"https?://[^\s<>\"']*[^\s<>\"'.,:;)]")  # a full stop or colon after it is prose


@pytest.fixture
def phone(chromium, demo):
    context = browser_context(chromium, demo, PHONE)
    yield context.new_page()
    context.close()


def first_card_top(page):
    """How far down the page (px) the first result card starts."""
    return page.locator(".results .card").first.evaluate(
        "card => card.getBoundingClientRect().top + window.scrollY"
    )


def test_practice_list_on_a_phone_shows_results_first_and_filters_behind_a_disclosure(
    chromium, demo
):
    for javascript in (True, False):  # one seeded demo, two browsers
        context = browser_context(chromium, demo, PHONE, java_script_enabled=javascript)
        try:
            filter_by_country_on_a_phone(context.new_page())
        finally:
            context.close()


def filter_by_country_on_a_phone(page):
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


def test_visitor_on_a_phone_sends_the_contact_form_and_sees_the_confirmation(phone):
    page = phone
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Practices").click()
    card = page.locator(".results .card").first
    title = card.get_by_role("heading").inner_text()
    card.get_by_role("link", name=title).click()
    expect(page.locator("h1")).to_have_text(title)

    send_contact_form(
        page.locator("#contact form"),
        "Delegate of Laos",
        "delegate@mpwt.example",
        "Ministry of Public Works and Transport",
        "How did you get residents to take part from the start?",
    )

    confirmation = page.get_by_text("Thank you: your message has been received.")
    expect(confirmation).to_be_in_viewport()
    expect(page.locator("#contact-heading")).to_be_in_viewport()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE

    # The team's e-mail links to the practice at the portal's one address, and the link works.
    (message,) = mail.outbox
    links = LINK.findall(message.body)
    assert links, message.body
    assert all(link.startswith(settings.WAGTAILADMIN_BASE_URL + "/") for link in links), links
    page.goto(links[0])
    expect(page.locator("h1")).to_have_text(title)
