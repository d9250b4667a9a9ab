"""An editor in a real browser loses nothing when the network drops (Wagtail's autosave)."""

import pytest

from cities.roles import ensure_officer_group, ensure_user
from practices.models import PracticePage
from tests.factories import CityPageFactory, PracticePageFactory, build_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "editing-test-password"
TYPED = "Typed while the network was down: pumps report every minute."


def latest_summary(page):
    return PracticePage.objects.get(pk=page.pk).get_latest_revision().as_object().summary


def test_text_typed_offline_is_autosaved_when_the_network_returns(chromium, live_server):
    city = CityPageFactory(parent=build_site()["cities"], title="Da Nang", slug="da-nang")
    practice = PracticePageFactory(
        parent=city, title="Flood pumps", focal_areas=["safety-security"]
    )
    ensure_user("officer@danang.example", ensure_officer_group(city), PASSWORD)
    context = chromium.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        page.goto("/admin/login/")
        page.get_by_label("Username").fill("officer@danang.example")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/admin/")
        page.goto(f"/admin/pages/{practice.pk}/edit/")
        # Wagtail notes the form as it was 2 s after it opens; changes are measured from there.
        page.wait_for_timeout(2_500)

        context.set_offline(True)
        page.locator("#id_summary").clear()
        page.locator("#id_summary").press_sequentially(TYPED)
        page.wait_for_timeout(1_500)  # autosave tries, and fails, while offline
        assert practice.get_latest_revision() is None or latest_summary(practice) != TYPED
        # The retry (after 2 s) goes out once the network is back; the server answers it.
        with page.expect_response(
            lambda response: (
                response.request.method == "POST"
                and response.url.endswith(f"/admin/pages/{practice.pk}/edit/")
            ),
            timeout=20_000,
        ) as autosave:
            context.set_offline(False)
        assert autosave.value.ok
        page.wait_for_load_state("networkidle")  # nothing in flight (the live server shares
        page.goto("about:blank")  # the test's database connection), and nothing more to come
        assert latest_summary(practice) == TYPED
        assert PracticePage.objects.get(pk=practice.pk).summary != TYPED  # a draft, not live
    finally:
        context.close()
