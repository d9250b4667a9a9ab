"""An officer's practice from first draft to a published translation, through the review, in a
real browser at 1280 px on the demo content: only what a person clicks and types."""

import re

from django.core import mail

import pytest

from practices.models import PracticePage
from tests.browser.conftest import DEMO_PASSWORD, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
OFFICER, REVIEWER = "officer@da-nang.example", "reviewer@vn.example"
TITLE, TITLE_VI = "Riverside lighting", "Chiếu sáng ven sông"
SUMMARY = "Solar lights along the Han river walkway."
SUMMARY_VI = "Đèn năng lượng mặt trời dọc lối đi bên sông Hàn."
COMMENT = "Please give the capital cost of the lights."


@pytest.fixture
def desktop(chromium, live_server):
    context = chromium.new_context(
        viewport={"width": 1280, "height": 900}, base_url=live_server.url, locale="en-GB"
    )
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()


def messages(page):
    return page.locator(".messages").inner_text()


def translate_every_text(page, translations):
    """In wagtail-localize's editor: each untranslated text, on each tab, typed and saved."""
    for tab in ("Content", "Promote"):
        page.get_by_role("tab", name=tab).click()
        untranslated = page.locator(
            "li:visible", has=page.get_by_role("button", name="Translate", exact=True)
        )
        while untranslated.count():
            segment = untranslated.first
            source = segment.inner_text()
            text = next((vi for en, vi in translations.items() if en in source), None)
            segment.get_by_role("button", name="Translate", exact=True).click()
            page.locator("textarea:visible").fill(text or "chieu-sang-ven-song")
            page.get_by_role("button", name="Save", exact=True).click()
            page.get_by_role("button", name="Save", exact=True).wait_for(state="detached")


def review_row(page, title):
    row = page.locator("#awaiting-review-section tr, #awaiting-review tr", has_text=title)
    return row.first


def test_officer_practice_through_review_and_translation(desktop, demo):
    page = desktop

    # The officer starts from their city on the dashboard.
    log_in(page, OFFICER, DEMO_PASSWORD)
    panel = page.locator("section", has_text="Your city: Da Nang").first
    panel.get_by_role("link", name="Add a practice to Da Nang").click()
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_summary").fill(SUMMARY)
    page.get_by_label("Quality Environment").check()
    page.locator("#id_status").select_option("pilot")
    assert page.locator("#id_currency").input_value() == "VND"  # Da Nang's currency
    assert page.get_by_text("Sample content for the demo").count() == 0  # no provenance

    # The preview panel shows the practice as it will look.
    page.get_by_role("button", name="Toggle preview").click()
    preview = page.frame_locator("#w-preview-iframe")
    preview.locator("h1", has_text=TITLE).wait_for()
    page.get_by_role("button", name="Toggle preview").click()

    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Submit to ASCN review (Viet Nam)").click()
    page.get_by_text("created and submitted for moderation").wait_for()

    # The reviewer sees the city of the page, and asks for changes with a comment.
    log_in(page, REVIEWER, DEMO_PASSWORD)
    row = review_row(page, TITLE)
    assert "Da Nang" in row.inner_text()
    row.get_by_role("button", name="Actions").click()
    row.get_by_role("button", name="Request changes").click()
    page.get_by_label("What should the officer change?").fill(COMMENT)
    page.get_by_role("button", name="Request changes").last.click()
    page.get_by_text(f"You requested changes to “{TITLE}” (Da Nang)").wait_for()
    notice = next(m for m in mail.outbox if OFFICER in m.to)
    assert notice.subject == f'Changes requested to "{TITLE}" by {REVIEWER}'
    assert COMMENT in notice.body
    assert "rejected" not in notice.subject + notice.body

    # The officer reads who asked what where they edit, and is offered one way on: resubmit.
    log_in(page, OFFICER, DEMO_PASSWORD)
    panel = page.locator("section", has_text="Your city: Da Nang").first
    panel.get_by_role("link", name=TITLE).click()
    page.wait_for_url("**/edit/")
    told = messages(page)
    assert f"{REVIEWER} requested changes" in told
    assert COMMENT in told
    page.locator("#id_capital_cost").fill("350000000")
    page.get_by_role("button", name="More actions").click()
    assert page.get_by_role("button", name=re.compile("Cancel workflow")).count() == 0
    assert page.get_by_role("button", name=re.compile("Restart workflow")).count() == 0
    page.get_by_role("button", name="Resubmit to National review: Viet Nam").click()
    page.get_by_text("has been submitted for moderation").wait_for()

    # The reviewer approves and is told so.
    log_in(page, REVIEWER, DEMO_PASSWORD)
    row = review_row(page, TITLE)
    row.get_by_role("button", name="Actions").click()
    row.get_by_role("button", name="Approve", exact=True).click()
    page.get_by_text(f"You approved “{TITLE}” (Da Nang): it is published.").wait_for()
    practice = PracticePage.objects.get(title=TITLE)
    assert practice.live and practice.capital_cost == 350_000_000

    # The officer translates it into Vietnamese through the interface ...
    log_in(page, OFFICER, DEMO_PASSWORD)
    page.get_by_role("link", name="Pages of Da Nang in English").click()
    row = page.locator("tr", has_text=TITLE)
    row.get_by_role("button", name=re.compile("More options")).click()
    row.get_by_role("link", name="Translate this page").click()
    page.get_by_label("Vietnamese").check()
    page.get_by_role("button", name="Submit").click()
    page.get_by_text("successfully submitted for translation into Vietnamese").wait_for()
    translate_every_text(page, {TITLE: TITLE_VI, SUMMARY: SUMMARY_VI})

    # ... and submits the translation for review from the explorer's menu, with a confirmation.
    page.goto("/admin/")
    page.get_by_role("link", name="Pages of Đà Nẵng in Vietnamese").click()
    row = page.locator("tr", has_text=TITLE_VI)
    row.get_by_role("button", name=re.compile("More options")).click()
    row.get_by_role("link", name="Submit translation for review (3/3 translated)").click()
    page.get_by_text("3 of 3 texts translated").wait_for()
    page.get_by_role("button", name="Yes, submit for review").click()
    page.get_by_text(f"“{TITLE_VI}” was submitted for review").wait_for()

    # The reviewer approves the translation: it is live.
    log_in(page, REVIEWER, DEMO_PASSWORD)
    row = review_row(page, TITLE_VI)
    assert "Da Nang" in row.inner_text() or "Đà Nẵng" in row.inner_text()
    row.get_by_role("button", name="Actions").click()
    row.get_by_role("button", name="Approve", exact=True).click()
    page.get_by_text(f"You approved “{TITLE_VI}”").wait_for()
    translated = PracticePage.objects.get(title=TITLE_VI)
    assert translated.live and translated.locale.language_code == "vi"
    page.goto(translated.url)
    assert page.locator("h1").inner_text() == TITLE_VI
