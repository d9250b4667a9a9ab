"""The main journeys, in a real browser, on a phone (375 px) and a desktop (1280 px)."""

import json
import re
from decimal import Decimal

from django.core import mail

import pytest

from cities.roles import ensure_officer_group, ensure_reviewer_group, ensure_user
from portal.models import Country
from practices.models import ContactMessage, PracticePage
from tests.browser.conftest import log_in, run_axe, send_contact_form
from tests.factories import (
    CityPageFactory,
    PracticeIndicatorFactory,
    PracticePageFactory,
    PracticePartnerFactory,
    build_site,
    translate_all,
    translate_portal,
)

pytestmark = [
    pytest.mark.browser,
    # a live server needs committed data: each test starts from a flushed database
    pytest.mark.django_db(transaction=True),
]
PASSWORD = "journey-test-password"


def paragraph(text):
    return json.dumps([{"type": "paragraph", "value": f"<p>{text}</p>"}])


@pytest.fixture
def content(live_server):
    tree = build_site()
    thailand, vietnam = Country.objects.get(code="TH"), Country.objects.get(code="VN")
    bangkok = CityPageFactory(
        parent=tree["cities"],
        title="Bangkok",
        slug="bangkok",
        country=thailand,
        native_name="กรุงเทพมหานคร",
        summary="Capital of Thailand.",
    )
    chiang_mai = CityPageFactory(
        parent=tree["cities"],
        title="Chiang Mai",
        slug="chiang-mai",
        country=thailand,
        latitude=Decimal("18.79"),
        longitude=Decimal("98.99"),
    )
    danang = CityPageFactory(
        parent=tree["cities"], title="Da Nang", slug="da-nang", country=vietnam
    )
    thai = PracticePageFactory(
        parent=bangkok,
        title="การจัดการขยะอัจฉริยะ",
        slug="smart-waste",
        summary="ระบบคัดแยกขยะในชุมชนช่วยลดขยะ",
        approach=paragraph("ระบบคัดแยกขยะในชุมชน"),
        focal_areas=["quality-environment"],
    )
    air = PracticePageFactory(
        parent=chiang_mai,
        title="Air quality sensors",
        slug="air-quality",
        focal_areas=["quality-environment", "health-wellbeing"],
    )
    canal = PracticePageFactory(
        parent=bangkok,
        title="Canal clean-up",
        slug="canal-clean-up",
        focal_areas=["quality-environment"],
    )
    PracticePageFactory(parent=danang, title="Flood pumps", focal_areas=["safety-security"])
    PracticeIndicatorFactory(page=air)
    PracticePartnerFactory(page=air)
    return {**tree, "bangkok": bangkok, "danang": danang, "thai": thai, "air": air, "canal": canal}


def test_visitor_searches_a_thai_word_and_opens_the_practice(page, content):
    page.goto("/")
    page.get_by_label("Search cities and practices, in any ASEAN language").fill("ขยะ")
    page.get_by_role("main").get_by_role("button", name="Search").click()
    page.wait_for_url("**/search/?q=*")
    assert page.locator("#results-heading").inner_text().startswith("1 result")
    page.get_by_role("link", name="การจัดการขยะอัจฉริยะ").click()
    page.wait_for_url("**/cities/bangkok/smart-waste/")
    assert page.locator("h1").inner_text() == "การจัดการขยะอัจฉริยะ"


def open_filters(page):
    """On a phone the filters wait behind a "Filter" disclosure; a wide screen shows them."""
    toggle = page.locator("summary.filters-toggle")
    if toggle.is_visible():
        toggle.click()
    return page.get_by_role("navigation", name="Filters")


def test_delegate_filters_by_country_and_focal_area_then_compares_three(page, content):
    page.goto("/practices/")
    open_filters(page).get_by_role("link", name="Thailand").click()
    page.wait_for_url("**country=TH*")
    open_filters(page).get_by_role("link", name="Quality Environment").click()
    page.wait_for_url("**focal_area=quality-environment*")
    assert "3 practices match your filters" in page.locator("#results-heading").inner_text()
    listing = page.url
    for title in ("การจัดการขยะอัจฉริยะ", "Air quality sensors", "Canal clean-up"):
        card = page.locator("article", has=page.get_by_role("link", name=title, exact=True))
        card.get_by_label("Compare").check()
        if title == "การจัดการขยะอัจฉริยะ":  # Enter in the first box sends the form too soon
            card.get_by_label("Compare").press("Enter")
            said = card.get_by_role("status")  # under the box in focus, in view
            assert "Tick at least two practices to compare (1 ticked)" in said.inner_text()
            assert said.is_visible()
            assert page.url == listing  # told on the spot, the ticks kept
    page.get_by_role("button", name="Compare selected practices").click()
    page.wait_for_url("**/practices/compare/?p=*")
    table = page.locator("table.compare")
    assert "3 practices side by side" in table.locator("caption").inner_text()
    assert "Overflowing bins" in table.inner_text()


def test_visitor_sends_the_contact_form(page, content):
    page.goto(content["air"].url)
    send_contact_form(
        page.locator("#contact form"),
        "Delegate of Laos",
        "delegate@mpwt.example",
        "Ministry of Public Works",
        "How did you calibrate the sensors against the reference?",
    )
    page.get_by_text("your message has been received").wait_for()
    assert ContactMessage.objects.get().practice_id == content["air"].pk
    assert mail.outbox[0].to == [content["air"].contact_email]
    assert content["air"].contact_email not in page.content()


def test_officer_submits_reviewer_approves_and_search_finds_it(page, content):
    danang = content["danang"]
    ensure_user("officer@danang.example", ensure_officer_group(danang), PASSWORD)
    ensure_user("reviewer@vn.example", ensure_reviewer_group(danang.country), PASSWORD)

    log_in(page, "officer@danang.example", PASSWORD)
    page.goto(f"/admin/pages/add/practices/practicepage/{danang.pk}/")
    page.locator("#id_title").fill("Riverside lighting")
    page.locator("#id_summary").fill("Solar lights along the Han river walkway.")
    page.get_by_label("Quality Environment").check()
    page.locator("#id_status").select_option("pilot")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Submit to ASCN review (Viet Nam)").click()
    page.get_by_text("created and submitted for moderation").wait_for()
    practice = PracticePage.objects.get(title="Riverside lighting")
    assert not practice.live

    # The reviewer's dashboard lists it under "Awaiting your review".
    log_in(page, "reviewer@vn.example", PASSWORD)
    row = page.locator("tr", has_text="Riverside lighting")
    row.get_by_role("button").last.click()
    page.get_by_role("button", name="Approve", exact=True).click()
    page.get_by_text("Awaiting your review").wait_for(state="detached")
    practice.refresh_from_db()
    assert practice.live

    page.goto("/search/?q=riverside")
    assert page.get_by_role("link", name="Riverside lighting").is_visible()


def test_reader_switches_language_and_keeps_the_page(page, content):
    translate_portal({name: content[name] for name in ("home", "cities", "practices")}, "th")
    translate_all(content["bangkok"], "th")
    thai = translate_all(content["canal"], "th")
    page.goto(content["canal"].url)
    switcher = page.get_by_role("navigation", name="Language")
    switcher.locator("summary").click()  # a disclosure: one line in the header until opened
    switcher.get_by_role("link", name="ภาษาไทย").click()
    page.wait_for_url(f"**{thai.url}")
    assert page.locator("html").get_attribute("lang") == "th"
    assert page.locator("h1").inner_text() == "Canal clean-up [th]"
    assert run_axe(page) == []
    switcher = page.get_by_role("navigation", name="ภาษา")  # its own name, in Thai now
    switcher.locator("summary").click()
    switcher.get_by_role("link", name="ລາວ").click()  # no Lao translation yet
    page.wait_for_url("**/cities/bangkok/canal-clean-up/?untranslated=lo")
    notice = page.locator(".notice[lang='lo']")
    assert "ໜ້ານີ້ຍັງບໍ່ໄດ້ແປ" in notice.inner_text()


PAGES = {
    "home": "/",
    "city index": "/cities/",
    "city": "/cities/bangkok/",
    "practice index with filters": "/practices/?country=TH&focal_area=quality-environment",
    "practice": "/cities/chiang-mai/air-quality/",
    "compare": "/practices/compare/?p={air}&p={canal}",
    "search results": "/search/?q=air",
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_pages_meet_wcag_21_aa_with_one_h1(page, content, name):
    page.goto(PAGES[name].format(air=content["air"].pk, canal=content["canal"].pk))
    assert page.locator("h1").count() == 1
    assert run_axe(page) == []
    assert page.csp_violations == []


def test_keyboard_reaches_every_control_with_visible_focus(page, content):
    page.goto(PAGES["practice"])
    page.keyboard.press("Tab")
    first = page.evaluate("document.activeElement.textContent")
    assert first == "Skip to main content"
    assert page.locator(".skip-link").is_visible()
    controls = page.locator("main a, main button, main input:not([tabindex='-1']), main textarea")
    reached = set()
    for _ in range(controls.count() + 20):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => {
                const el = document.activeElement;
                const style = getComputedStyle(el);
                return {tag: el.tagName, name: el.name || el.textContent.trim().slice(0, 30),
                        ring: style.outlineStyle !== 'none' || style.boxShadow !== 'none'};
            }"""
        )
        if focused["tag"] == "BODY":
            break
        assert focused["ring"], f"no visible focus on {focused}"
        reached.add(focused["name"])
    assert {"name", "email", "message", "Send message"} <= reached


def test_keyboard_skips_the_filters_to_the_results(page, content):
    """A keyboard user on a listing need not tab through every filter to reach the results."""
    page.goto(PAGES["practice index with filters"])
    presses = 0
    while presses < 30 and (
        page.evaluate("document.activeElement.textContent") != "Skip the filters to the results"
    ):
        page.keyboard.press("Tab")
        presses += 1
    assert page.locator(".skip-results").is_visible()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")  # the filters in force, then the results: past every facet
    assert page.evaluate("document.activeElement.closest('#results') !== null")
    assert page.evaluate("document.activeElement.closest('.facets') === null")
    assert presses < 20  # past the header's links, not past every filter


def test_practice_page_weighs_under_100_kb_without_images(page, content):
    sizes = {}

    def record(response):
        if response.request.resource_type in {"document", "stylesheet", "script"}:
            sizes[response.url] = len(response.body())

    page.on("response", record)
    page.goto(PAGES["practice"], wait_until="networkidle")
    total = sum(sizes.values())
    print(f"practice page: {total:,} bytes in {len(sizes)} files: {sizes}")
    assert total < 100_000


def test_a_practice_prints_on_one_clean_page(page, content):
    page.goto(PAGES["practice"])
    page.emulate_media(media="print")
    assert not page.locator("#contact").is_visible()  # no forms, navigation or maps on paper
    assert not page.locator(".site-header").is_visible()
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
