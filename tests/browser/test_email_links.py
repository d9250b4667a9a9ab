"""The links in the portal's e-mails start with WAGTAILADMIN_BASE_URL, the portal's one address.

The demo runs at the live server's address, and WAGTAILADMIN_BASE_URL says so (as it does in a
deployment); the demo seed used to give the Wagtail Site "localhost:80", so the review e-mails'
"view the page" links pointed at http://localhost/…, where nothing runs.
"""

import re

from django.conf import settings
from django.core import mail

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DEMO_PASSWORD, browser_context, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
LINK = re.compile(r"https?://[^\s<>\"']*[^\s<>\"'.,:;)]")  # a full stop or colon after it is prose
PRACTICE = "Canal-side cycling and community routes"


def links_in(message):
    texts = [message.body] + [content for content, _type in getattr(message, "alternatives", [])]
    return {link for text in texts for link in LINK.findall(text)}


def test_review_emails_link_to_the_portals_address(chromium, demo):
    context = browser_context(chromium, demo, 1280)
    page = context.new_page()

    log_in(page, "officer@bangkok.example", DEMO_PASSWORD)  # the demo's officer of Bangkok
    page.get_by_role("link", name=re.compile(r"^\d+ Pages")).click()  # the dashboard's summary
    page.get_by_role("link", name=PRACTICE).first.click()
    page.locator("#id_summary").fill("Cycle routes along the canals, drawn with the residents.")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Submit to ASCN review (Thailand)").click()
    page.get_by_text("submitted for moderation").wait_for()

    log_in(page, "reviewer@th.example", DEMO_PASSWORD)  # the demo's reviewer of Thailand
    row = page.locator("tr", has_text=PRACTICE)
    row.get_by_role("button").last.click()
    page.get_by_role("button", name="Approve", exact=True).click()
    page.get_by_text("Awaiting your review").wait_for(state="detached")

    sent = {address: message for message in mail.outbox for address in message.to}
    assert {"reviewer@th.example", "officer@bangkok.example"} <= set(sent), sent
    links = set().union(*(links_in(message) for message in mail.outbox))
    base = settings.WAGTAILADMIN_BASE_URL + "/"
    assert links and all(link.startswith(base) for link in links), sorted(links)
    # the approval e-mail's "view the page" link opens the practice
    approval = links_in(sent["officer@bangkok.example"])
    (public,) = {link for link in approval if "/admin/" not in link}
    page.goto(public)
    expect(page.locator("h1")).to_have_text(PRACTICE)
    context.close()
