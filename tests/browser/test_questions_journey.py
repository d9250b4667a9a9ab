"""Public questions in a real browser, on the demo content: a visitor asks on a 375 px phone,
Da Nang's officer answers in the admin at 1280 px, and the answer is on the practice page and
found by search. The public pages are axe-clean and fit the phone's width."""

import pytest

from practices.models import PracticePage
from tests.browser.conftest import DEMO_PASSWORD, browser_context, log_in, run_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
OFFICER = "officer@da-nang.example"
QUESTION = "Does the xylophonic alarm of the new system bother the neighbours at night?"
ANSWER = "No: the zanzibarite casing muffles it, and it is silent after 22:00."


def test_a_visitor_asks_on_a_phone_and_the_citys_officer_answers_in_the_admin(chromium, demo):
    practice = (
        PracticePage.objects.live().filter(city__slug="da-nang", locale__language_code="en").first()
    )
    assert practice is not None, "the demo has a practice of Da Nang"

    phone = browser_context(chromium, demo, 375)
    visitor = phone.new_page()
    visitor.goto(practice.url)
    form = visitor.locator("#questions form")
    form.get_by_label("Name").fill("Maria Santos")
    form.get_by_label("E-mail").fill("maria@lgu.example")
    form.get_by_label("Your question").fill(QUESTION)
    form.get_by_role("button", name="Ask the question").click()
    visitor.get_by_text("your question waits for moderation").wait_for()
    assert QUESTION not in visitor.locator("#questions").inner_text()  # not before an answer
    assert run_axe(visitor) == []
    assert visitor.evaluate("document.documentElement.scrollWidth") <= 375
    phone.close()

    desk = browser_context(chromium, demo, 1280)
    officer = desk.new_page()
    log_in(officer, OFFICER, DEMO_PASSWORD)
    officer.goto("/admin/city-questions/")
    officer.get_by_role("link", name=QUESTION[:60]).click()
    officer.get_by_label("Answer").fill(ANSWER)
    officer.get_by_role("button", name="Publish the answer").click()
    officer.get_by_text("The answer is published on the practice page.").wait_for()

    desk.clear_cookies()
    officer.goto(practice.url)
    published = officer.locator("#questions").inner_text()
    assert QUESTION in published and ANSWER in published
    assert "Answered by a city officer, Da Nang" in published
    assert "maria@lgu.example" not in officer.content()
    assert run_axe(officer) == []
    officer.goto("/search/?q=zanzibarite")
    assert practice.title in officer.locator("#main").inner_text()
    desk.close()
