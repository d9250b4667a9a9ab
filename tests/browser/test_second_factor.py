"""Second factors in a real browser (issue 21): what an editor sees, clicks and types.

Passkeys go through a real WebAuthn ceremony: Chromium's virtual authenticator (DevTools protocol
``WebAuthn.addVirtualAuthenticator``) makes and signs with a real key pair, and the server checks
the signatures with django-otp-webauthn. Authenticator-app codes are computed from the key the
page shows, as an app computes them.
"""

from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from django_otp_webauthn.models import WebAuthnCredential

from cities.roles import ensure_officer_group, ensure_reviewer_group, ensure_user
from portal.models import Country
from tests.browser.conftest import browser_context, run_axe
from tests.factories import CityPageFactory, build_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "second-factor-test-password"
REVIEWER, OFFICER = "reviewer@vn.example", "officer@da-nang.example"


@pytest.fixture
def people(live_server, settings):
    """A national reviewer (must have a factor) and a city officer (grace period); passkeys
    belong to the live server's address, as they belong to WAGTAILADMIN_BASE_URL in production."""
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    site = build_site()
    vietnam = Country.objects.get(code="VN")
    city = CityPageFactory(parent=site["cities"], title="Da Nang", slug="da-nang", country=vietnam)
    ensure_user(REVIEWER, ensure_reviewer_group(vietnam), PASSWORD)
    ensure_user(OFFICER, ensure_officer_group(city), PASSWORD)


@pytest.fixture
def desktop(chromium, live_server):
    context = browser_context(chromium, live_server, 1280)
    yield context.new_page()
    context.close()


def virtual_authenticator(page):
    """A platform authenticator (like a laptop's fingerprint reader) that always says yes."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return cdp, added["authenticatorId"]


def password_step(page, username, password=PASSWORD):
    page.context.clear_cookies()
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def sign_out(page):
    page.context.clear_cookies()


def code_now(key, offset=0):
    totp = TOTP(bytes.fromhex(key))
    totp.time = totp.time + 30 * offset
    return f"{totp.token():06d}"


def test_a_reviewer_enrols_a_passkey_at_first_sign_in_and_signs_in_with_it(people, desktop):
    page = desktop
    cdp, authenticator_id = virtual_authenticator(page)
    password_step(page, REVIEWER)
    # Nothing else opens: the reviewer is led to enrolment, whatever they ask for.
    page.wait_for_url("**/admin/account-security/set-up/**")
    page.goto("/admin/pages/")
    page.wait_for_url("**/admin/account-security/set-up/**")
    page.get_by_role("heading", name="Set up a second factor").wait_for()
    assert run_axe(page) == []

    add = page.get_by_role("button", name="Add a passkey")
    add.focus()
    page.keyboard.press("Enter")  # keyboard-operable
    page.wait_for_url("**/admin/account-security/recovery-codes/**")
    codes = page.locator(".accounts-codes code").all_inner_texts()
    assert len(codes) == 10
    assert run_axe(page) == []
    page.get_by_role("link", name="I have kept them: continue").click()
    page.wait_for_url("**/admin/pages/**")  # on to where the reviewer was going (their pages)
    credential = WebAuthnCredential.objects.get(user__username=REVIEWER)
    assert credential.name == "Passkey 1"
    keys = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})
    assert len(keys["credentials"]) == 1  # the private key stays in the authenticator

    sign_out(page)
    password_step(page, REVIEWER)
    page.wait_for_url("**/admin/account-security/verify/**")
    assert run_axe(page) == []
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.get_by_role("button", name="Use a passkey").click()
    try:
        page.wait_for_url("**/admin/")
    except Exception as error:
        status = page.locator("#passkey-verification-status-message").inner_text()
        raise AssertionError(f"{page.url}: {status!r} {console}") from error
    credential.refresh_from_db()
    assert credential.last_used_at is not None

    # The account page lists the passkey and this browser's session.
    page.goto("/admin/account-security/")
    page.get_by_role("cell", name="Passkey 1", exact=True).wait_for()
    page.get_by_text("(this browser)").wait_for()
    assert run_axe(page) == []


def test_an_officer_enrols_an_authenticator_app_and_a_recovery_code_works_once(people, desktop):
    page = desktop
    password_step(page, OFFICER)
    page.wait_for_url("**/admin/")  # in the grace period: the admin opens, with a count-down
    page.get_by_text("30 days left to set up a second factor").wait_for()
    page.get_by_role("link", name="Set up a passkey or authenticator app").click()
    page.get_by_role("link", name="Set up an authenticator app").click()
    page.get_by_role("img", name="QR code of the key below").wait_for()
    assert run_axe(page) == []
    shown = page.locator("#totp-secret").inner_text().replace(" ", "")
    key = b32decode(shown + "=" * (-len(shown) % 8)).hex()
    page.get_by_label("Name of this authenticator app").fill("Officer's phone")
    page.get_by_label("The six-digit code your app shows now").fill(code_now(key))
    page.get_by_role("button", name="Confirm and add").click()
    page.wait_for_url("**/recovery-codes/**")
    codes = page.locator(".accounts-codes code").all_inner_texts()
    assert len(codes) == 10
    page.reload()  # shown once: a reload shows none of them again
    page.get_by_text("these were already shown").wait_for()
    assert page.locator(".accounts-codes code").count() == 0
    assert not any(code in page.content() for code in codes)
    page.get_by_role("link", name="Continue", exact=True).click()

    sign_out(page)
    password_step(page, OFFICER)
    page.wait_for_url("**/account-security/verify/**")  # an enrolled officer must use it
    page.get_by_label("Code from your authenticator app").fill(code_now(key, offset=1))
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url("**/admin/")

    sign_out(page)
    password_step(page, OFFICER)
    page.get_by_role("textbox", name="Recovery code").fill(codes[0])
    page.get_by_role("button", name="Use recovery code").click()
    page.wait_for_url("**/admin/")
    page.get_by_text("9 left").wait_for()

    sign_out(page)
    password_step(page, OFFICER)
    page.get_by_role("textbox", name="Recovery code").fill(codes[0])
    page.get_by_role("button", name="Use recovery code").click()
    page.get_by_text("That code is not right, or was already used.").first.wait_for()
    assert "/verify/" in page.url
    assert run_axe(page) == []


def test_ten_wrong_codes_pause_signing_in_even_with_the_right_password(people, desktop):
    from django.contrib.auth import get_user_model

    from tests.conftest import authenticator_app, totp_code

    app = authenticator_app(get_user_model().objects.get(username=REVIEWER))
    wrong = f"{(int(totp_code(app)) + 500_000) % 1_000_000:06d}"
    page = desktop
    password_step(page, REVIEWER)
    for _attempt in range(10):
        page.get_by_label("Code from your authenticator app").fill(wrong)
        page.get_by_role("button", name="Verify").click()
        page.wait_for_load_state()
    page.get_by_role("heading", name="Sign-in paused").wait_for()
    page.get_by_text("wrong passwords or codes").wait_for()

    password_step(page, REVIEWER)  # the right password, after the pause began
    page.get_by_role("heading", name="Sign-in paused").wait_for()


def test_the_second_step_speaks_the_browsers_language(people, chromium, live_server):
    from django.contrib.auth import get_user_model

    from tests.conftest import authenticator_app

    authenticator_app(get_user_model().objects.get(username=REVIEWER))
    context = chromium.new_context(
        viewport={"width": 375, "height": 900}, base_url=live_server.url, locale="th-TH"
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        page.goto("/admin/login/")
        page.locator("#id_username").fill(REVIEWER)
        page.locator("#id_password").fill(PASSWORD)
        page.locator("form.login-form button[type=submit]").click()
        page.wait_for_url("**/account-security/verify/**")
        page.get_by_role("heading", name="ขั้นตอนที่สองของการเข้าสู่ระบบ").wait_for()
        page.get_by_label("รหัสจากแอปยืนยันตัวตนของคุณ").wait_for()
        assert run_axe(page) == []
    finally:
        context.close()
