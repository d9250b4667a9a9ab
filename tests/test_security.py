"""Security headers, cookies, the admin's address and the sign-in lock-out."""

import importlib

from django.urls import clear_url_caches

from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

import pytest

import portal.urls
from portal.models import FocalArea
from practices.models import NARRATIVE_SECTIONS
from tests.conftest import PASSWORD, sign_in

pytestmark = pytest.mark.django_db

PUBLIC = ["/", "/practices/", "/search/?q=flood", "/cities/"]


def csp(response):
    return dict(
        (part.split(" ", 1) + [""])[:2]
        for part in (piece.strip() for piece in response["Content-Security-Policy"].split(";"))
        if part
    )


@pytest.mark.parametrize("url", PUBLIC)
def test_public_pages_have_a_strict_content_security_policy(client, site, url):
    response = client.get(url)
    policy = csp(response)
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["script-src"] == "'self'"


def test_a_changed_policy_reaches_the_next_response(client, site, settings):
    """The policy is built once per process (portal.security), and again when it changes."""
    assert csp(client.get("/"))["img-src"].startswith("'self'")
    settings.CONTENT_SECURITY_POLICY = {
        **settings.CONTENT_SECURITY_POLICY,
        "DIRECTIVES": {**settings.CONTENT_SECURITY_POLICY["DIRECTIVES"], "img-src": ["'none'"]},
    }
    assert csp(client.get("/"))["img-src"] == "'none'"


def test_practice_page_headers(client, practice):
    response = client.get(practice.url)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    for feature in ("camera=()", "geolocation=()", "microphone=()"):
        assert feature in response["Permissions-Policy"]


def test_admin_has_its_own_looser_policy(client, site):
    response = client.get("/admin/login/")
    policy = csp(response)
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'self'"
    assert "'unsafe-inline'" in policy["script-src"]  # Wagtail's admin needs it today


def test_session_cookie_is_http_only_and_same_site(client, world):
    response = client.post(
        "/admin/login/", {"username": "officer@danang.example", "password": PASSWORD}
    )
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


class TestLockout:
    def sign_in(self, client, password, address="203.0.113.7"):
        return client.post(
            "/admin/login/",
            {"username": "officer@danang.example", "password": password},
            REMOTE_ADDR=address,
        )

    def test_ten_wrong_passwords_lock_the_account_even_from_another_address(self, client, world):
        for attempt in range(10):
            self.sign_in(client, f"wrong-{attempt}", address=f"203.0.113.{attempt % 2}")
        locked = self.sign_in(client, PASSWORD, address="198.51.100.9")
        assert locked.status_code == 429
        html = locked.content.decode()
        assert "Sign-in paused" in html and "15 minutes" in html and "“Forgotten password?”" in html
        assert "sessionid" not in locked.cookies

    def test_a_few_mistakes_then_the_right_password_signs_in(self, client, world):
        for attempt in range(3):
            assert self.sign_in(client, f"wrong-{attempt}").status_code == 200
        assert self.sign_in(client, PASSWORD).status_code == 302


def test_admin_lives_at_its_own_address_when_configured(client, site, settings):
    settings.ADMIN_URL = "ascn-editors/"
    clear_url_caches()
    importlib.reload(portal.urls)
    try:
        assert client.get("/ascn-editors/login/").status_code == 200
        assert client.get("/admin/login/").status_code == 404
    finally:
        settings.ADMIN_URL = "admin/"
        clear_url_caches()
        importlib.reload(portal.urls)


def test_the_editors_preview_may_be_framed_by_the_admin_only(client, world):
    """The preview panel frames the preview: same origin allowed, nobody else."""
    sign_in(client, world["officer"])
    practice = world["danang_practice"]
    preview = f"/admin/pages/{practice.pk}/edit/preview/"
    form = nested_form_data(
        {
            "title": "Previewed title",
            "slug": practice.slug,
            "summary": "What the preview shows.",
            "status": "pilot",
            "currency": "VND",
            **{name: streamfield([]) for name, _label in NARRATIVE_SECTIONS},
            **{rows: inline_formset([]) for rows in ("indicators", "partners", "sources")},
            "comments": inline_formset([]),
        }
    ) | {"focal_areas": [FocalArea.objects.first().pk]}
    assert client.post(preview, form).json()["is_valid"]
    response = client.get(preview, {"in_preview_panel": "true"})
    assert response.status_code == 200
    assert "Previewed title" in response.content.decode()
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    policy = csp(response)
    assert policy["frame-ancestors"] == "'self'"
    assert policy["script-src"] == "'self'"  # the page keeps its own strict policy

    public = client.get(practice.url)
    assert public["X-Frame-Options"] == "DENY"
    assert csp(public)["frame-ancestors"] == "'none'"
