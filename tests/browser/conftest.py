"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server."""

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from tests import services

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
WIDTHS = {"phone": 375, "desktop": 1280}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium():
    if not shutil.which(CHROMIUM):
        message = f"Debian's Chromium is not installed at {CHROMIUM} (make test installs it)"
        if services.in_ci():
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the tests' ORM calls are safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture(params=sorted(WIDTHS), ids=sorted(WIDTHS))
def width(request):
    return WIDTHS[request.param]


@pytest.fixture
def page(chromium, width, live_server):
    context = chromium.new_context(
        viewport={"width": width, "height": 900}, base_url=live_server.url, locale="en-GB"
    )
    context.set_default_timeout(15_000)
    browser_page = context.new_page()
    # What the Content-Security-Policy blocked: a strict policy must not break the pages.
    browser_page.csp_violations = []
    browser_page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text
            and browser_page.csp_violations.append(message.text)
        ),
    )
    yield browser_page
    context.close()


def log_in(page, username, password):
    """Sign in to the admin through its forms, as a person does (any earlier session dropped):
    the password, then the code of an authenticator app.

    Each sign-in gets an app of its own (a real TOTP device of the account), so that signing in
    twice within 30 seconds does not present an already used code, which is refused.
    """
    from django.contrib.auth import get_user_model

    from tests.conftest import authenticator_app, totp_code

    user = get_user_model().objects.get(username=username)
    app = authenticator_app(user, name=f"Browser test app {user.totpdevice_set.count() + 1}")
    page.context.clear_cookies()
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code from your authenticator app").fill(totp_code(app))
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url("**/admin/")


def send_contact_form(form, name, email, organisation, message):
    """Fill a practice's contact form as a visitor does, and send it."""
    form.get_by_label("Name").fill(name)
    form.get_by_label("E-mail").fill(email)
    form.get_by_label("Organisation").fill(organisation)
    form.get_by_label("Message").fill(message)
    form.get_by_role("button", name="Send message").click()


def run_axe(browser_page):
    """WCAG 2.1 A and AA violations on the current page, as (rule id, first target) pairs."""
    # Evaluated through the DevTools protocol: the page's own CSP forbids inline scripts.
    browser_page.evaluate(AXE.read_text(encoding="utf-8"))
    result = browser_page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}
        })"""
    )
    return [(v["id"], v["nodes"][0]["target"], v["help"]) for v in result["violations"]]


DEMO_PASSWORD = "demo-test-password"


DEMO_SNAPSHOTS = {}  # per test process: the database right after the first seed, on SQLite


@pytest.fixture
def demo(live_server, settings):
    """The demo portal as `make run` shows it (`manage.py seed_demo`), served by the live server.

    As in a deployment, WAGTAILADMIN_BASE_URL is where the portal runs (here the live server);
    the demo accounts get DEMO_PASSWORD. Seeding takes about 40 s: on SQLite a test process
    seeds once, keeps a copy of the database (sqlite3's backup) and copies it back for later
    tests, in milliseconds. ``seed_demo`` itself is tested in tests/test_demo.py.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection

    settings.WAGTAILADMIN_BASE_URL = live_server.url
    settings.DEMO_ADMIN_PASSWORD = DEMO_PASSWORD
    snapshot = DEMO_SNAPSHOTS.get(connection.vendor)
    if snapshot is not None:
        snapshot.backup(connection.connection)
        ContentType.objects.clear_cache()
        cache.clear()
        return live_server
    call_command("seed_demo", verbosity=0)
    if connection.vendor == "sqlite":
        DEMO_SNAPSHOTS["sqlite"] = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(DEMO_SNAPSHOTS["sqlite"])
    return live_server


def browser_context(chromium, live_server, width, **options):
    """A context at ``width`` px (900 px tall, a phone's first screen and a bit), English UI."""
    context = chromium.new_context(
        viewport={"width": width, "height": 900},
        base_url=live_server.url,
        locale="en-GB",
        **options,
    )
    context.set_default_timeout(15_000)
    return context
