"""One regression test per class of past Wagtail and Django security advisories that applies here
(../shared/notes/reliability-security.md, section 1), each named after its class. The permission
bypass class is tests/test_permission_matrix.py; uploads and resource limits are test_uploads.py.
"""

import ast
import io
import json
import logging
import re
import smtplib
from pathlib import Path

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from wagtail.models import Locale
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

import pytest
import wagtail_factories
from PIL import Image as PILImage
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from cities.roles import city_collection
from portal.models import FocalArea
from practices.models import NARRATIVE_SECTIONS, PracticePage
from tests.conftest import PASSWORD, sign_in

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent
XSS = '"><img src=x onerror=alert(1)></script><script>alert(2)</script>'
SCRIPTS = ("<img src=x onerror=alert(1)>", "<script>alert(2)</script>", "javascript:alert")


MARKUP_SINKS = re.compile(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write")


def unescaped(body):
    return [payload for payload in SCRIPTS if payload in body]


def test_stored_xss_in_rich_text_titles_and_alt_text(client, world):
    """An officer saves script in every kind of text, through the admin as an editor would;
    no page of the public site or of the admin runs it (Wagtail CVE-2021-29434, -32681,
    CVE-2023-28836, CVE-2026-28222/-28223; Django CVE-2026-15920)."""
    officer = Client()
    sign_in(officer, world["officer"])
    image = wagtail_factories.ImageFactory(
        title=f"Bin sensor {XSS}", collection=city_collection(world["danang"])
    )
    text = f"Details {XSS} click"
    body = json.dumps(  # what Draftail posts: the text, and a link whose address is script
        {
            "blocks": [
                {
                    "key": "a1b2c",
                    "text": text,
                    "type": "unstyled",
                    "depth": 0,
                    "inlineStyleRanges": [],
                    "entityRanges": [{"offset": len(text) - 5, "length": 5, "key": 0}],
                    "data": {},
                }
            ],
            "entityMap": {
                "0": {
                    "type": "LINK",
                    "mutability": "MUTABLE",
                    "data": {"url": "javascript:alert(3)"},
                }
            },
        }
    )
    form = nested_form_data(
        {
            "title": f"Sensors {XSS}",
            "slug": "sensors-xss",
            "summary": f"Summary {XSS}",
            "status": "pilot",
            "currency": "USD",
            "hero_image": image.pk,
            **{name: streamfield([]) for name, _label in NARRATIVE_SECTIONS},
            "approach": streamfield([("paragraph", body)]),
            "indicators": inline_formset(
                [{"name": f"Bins {XSS}", "unit": "bins", "baseline": "1", "target": "2"}]
            ),
            "partners": inline_formset([{"name": f"Partner {XSS}", "role": "operator"}]),
            "sources": inline_formset([]),
        }
    )
    form.update({"focal_areas": [FocalArea.objects.first().pk], "action-submit": "1"})
    parent = world["danang"]
    add = reverse("wagtailadmin_pages:add", args=["practices", "practicepage", parent.pk])
    assert officer.post(add, form).status_code == 302
    page = PracticePage.objects.get(slug="sensors-xss")
    page.get_latest_revision().publish()
    page.refresh_from_db()
    assert "Details" in str(page.approach)

    public = [page.url, "/practices/", "/search/?q=Sensors", parent.url, "/practices/feed/atom/"]
    # JSON carries the text as typed, and it stays text: a JSON type, nosniff, and no script of
    # ours that turns JSON into markup.
    for url in ("/api/search/?q=Sensors", f"/api/v2/pages/{page.pk}/"):
        response = client.get(url)
        assert response["Content-Type"].startswith("application/json"), url
        assert response["X-Content-Type-Options"] == "nosniff"
    scripts = [path for path in ROOT.glob("*/static/**/*.js") if "vendor" not in path.parts]
    assert scripts
    for script in scripts:
        assert not MARKUP_SINKS.search(script.read_text()), script
    admin = [
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        reverse("wagtailadmin_pages:history", args=[page.pk]),
        reverse("wagtailadmin_pages:revisions_view", args=[page.pk, page.latest_revision_id]),
        reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, "earliest", "live"]),
        reverse("wagtailadmin_explore", args=[parent.pk]),
        reverse("wagtailimages:index"),
        reverse("wagtailimages:edit", args=[image.pk]),
        reverse("wagtailimages_chooser:choose") + "?q=Bin",
        reverse("wagtailadmin_choose_page_child", args=[parent.pk]),
        reverse("wagtailadmin_home"),
    ]
    for url in public:
        response = client.get(url)
        assert response.status_code == 200, url
        assert unescaped(response.content.decode()) == [], url
    for url in admin:
        response = officer.get(url)
        assert response.status_code == 200, url
        assert unescaped(response.content.decode()) == [], url
    assert "&lt;img src=x" in client.get(page.url).content.decode()  # shown, as text


def test_open_redirect_after_sign_in_stays_on_the_portal(client, world):
    """?next= pointing elsewhere must not send a signed-in editor off the portal."""
    login = reverse("wagtailadmin_login")
    for target in (
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "https:evil.example",
    ):
        response = client.post(
            f"{login}?next={target}",
            {"username": "officer@danang.example", "password": PASSWORD, "next": target},
        )
        assert response.status_code == 302
        assert "evil.example" not in response["Location"]
        client.logout()
    # the language switcher and the untranslated notice build their links from page URLs only
    body = client.get("/?untranslated=//evil.example").content.decode()
    assert 'href="//evil.example' not in body


class FailingMail(BaseEmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPException("mail server down")


@pytest.mark.parametrize("mail_backend", ["locmem", "failing"])
def test_password_reset_tells_no_one_which_addresses_have_accounts(
    client, world, settings, mail_backend
):
    """Known and unknown addresses get the same answer, even when mail fails (Django
    CVE-2024-45231); the link works once."""
    if mail_backend == "failing":
        settings.EMAIL_BACKEND = f"{__name__}.FailingMail"
    url = reverse("wagtailadmin_password_reset")
    answers = []
    for address in ("officer@danang.example", "nobody@nowhere.example"):
        response = client.post(url, {"email": address})
        answers.append((response.status_code, response.get("Location")))
    assert answers[0] == answers[1] and answers[0][0] == 302
    if mail_backend == "failing":
        return
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["officer@danang.example"]
    link = re.search(r"https?://\S+/password_reset/confirm/\S+", mail.outbox[0].body).group(0)
    path = link.split("testserver", 1)[-1]
    form_page = client.get(path, follow=True)
    new = {"new_password1": "a new Long passphrase 42", "new_password2": "a new Long passphrase 42"}
    assert client.post(form_page.redirect_chain[-1][0], new).status_code == 302
    again = client.get(path, follow=True).content.decode()
    assert "invalid" in again.lower()  # used once, then void


def orm_calls_with_unpacked_keywords():
    """Functions of the portal's code (not tests or migrations) that call e.g. .filter(**x)."""
    found = set()
    for package in ("portal", "localization", "cities", "practices", "search", "ops"):
        for source in (ROOT / package).rglob("*.py"):
            if "migrations" in source.parts:
                continue
            for function in ast.walk(ast.parse(source.read_text())):
                if not isinstance(function, ast.FunctionDef):
                    continue
                for node in ast.walk(function):
                    if (
                        isinstance(node, ast.Call)
                        and isinstance(node.func, ast.Attribute)
                        and node.func.attr in ORM_METHODS
                        and any(keyword.arg is None for keyword in node.keywords)
                    ):
                        found.add(f"{source.relative_to(ROOT)}:{function.name}")
    return found


ORM_METHODS = {"filter", "exclude", "annotate", "alias", "extra", "order_by", "raw", "get"}
# Each reviewed: the keyword names are built from the code's own field names, never the request.
# portal/facets.py: the column, relation and lookup names come from each listing's own filter
# class; the request only gives values, which are validated against the listed options first.
REVIEWED_UNPACKING = {
    "practices/models.py:count_of",
    "practices/filters.py:_facet",
    "portal/facets.py:field_facet",
    "portal/facets.py:related_facet",
    "portal/facets.py:related_condition",
}


def test_sql_injection_no_request_data_reaches_orm_keyword_names(client, practice):
    """Django's SQL injection advisories (CVE-2022-34265 … CVE-2026-1312) need user input as a
    keyword *name* (.filter(**request.GET), _connector, aliases) or in order_by."""
    assert orm_calls_with_unpacked_keywords() == REVIEWED_UNPACKING
    for query in (
        "?sort=title);DROP TABLE x;--",
        "?_connector=OR 1=1",
        "?title__regex=.*",
        "?order=-id,(select 1)",
        "?country=VN%27%20OR%201=1--",
    ):
        assert client.get(f"/practices/{query}").status_code in (200, 400)
        assert client.get(f"/api/search/{query}").status_code in (200, 400)


def test_log_injection_request_paths_are_escaped_in_logs(client, site, caplog):
    """A path with CR/LF must not forge a log line (Django CVE-2025-48432)."""
    with caplog.at_level(logging.WARNING):
        response = client.get("/missing%0d%0a2026-11-25 ERROR forged line")
    assert response.status_code == 404
    assert caplog.records
    for record in caplog.records:
        assert "\n" not in record.getMessage() and "\r" not in record.getMessage()


def views(resolver=None):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from views(entry)
        elif isinstance(entry, URLPattern):
            yield entry.lookup_str, entry.callback


# Views exempt from Django's CSRF middleware, each for a reason.
READ_ONLY_API = "read-only API (GET): a POST answers 405"
CSRF_EXEMPT = {
    "portal.api.": READ_ONLY_API,
    "wagtail.admin.api.": READ_ONLY_API,
    "wagtail.images.api.": READ_ONLY_API,
    "wagtail.documents.api.": READ_ONLY_API,
    "wagtail_localize.views.snippets_api.": READ_ONLY_API,
    "wagtail_localize.views.edit_translation.": "DRF's SessionAuthentication checks the token",
}


def test_csrf_every_view_that_accepts_a_form_checks_its_token(client, world):
    """No view of the portal, Wagtail or its apps skips the CSRF check but for a reason; and
    the forms people use refuse a POST without the token, saving nothing."""
    exempt = {
        name
        for name, callback in views()
        if getattr(callback, "csrf_exempt", False)
        and not any(name.startswith(prefix) for prefix in CSRF_EXEMPT)
    }
    assert exempt == set()
    assert client.post("/api/v2/pages/").status_code == 405

    strict = Client(enforce_csrf_checks=True)
    practice = world["danang_practice"]
    forms = {
        practice.url: {"name": "A", "email": "a@b.example", "message": "Hello"},
        reverse("wagtailadmin_login"): {"username": "officer@danang.example", "password": PASSWORD},
        reverse("wagtailadmin_password_reset"): {"email": "officer@danang.example"},
    }
    for url, data in forms.items():
        assert strict.post(url, data).status_code == 403, url
    assert not practice.contact_messages.exists() and not mail.outbox
    sign_in(strict, world["officer"])
    edit = reverse("wagtailadmin_pages:edit", args=[world["danang_practice"].pk])
    assert strict.post(edit, {"title": "Changed without a token"}).status_code == 403
    assert PracticePage.objects.filter(title="Changed without a token").count() == 0
    source, _ = TranslationSource.get_or_create_from_instance(practice)
    translation = Translation.objects.create(
        source=source, target_locale=Locale.objects.get(language_code="th")
    )
    segment = StringSegment.objects.filter(source=source).first()
    string_edit = reverse(
        "wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk]
    )
    assert strict.put(string_edit, {"value": "ไม่มีโทเค็น"}).status_code == 403
    assert not StringTranslation.objects.filter(data="ไม่มีโทเค็น").exists()


@pytest.mark.parametrize("spec", ["fill-100000x100000", "width-99999999", "max-0x0", "bogus-1x1"])
def test_resource_exhaustion_image_previews_refuse_huge_or_bad_sizes(world, spec):
    """Rendition filter specs were unbounded (Wagtail CVE-2026-54260): an editor could ask the
    server for a gigapixel image."""
    officer = Client()
    sign_in(officer, world["officer"])
    image = wagtail_factories.ImageFactory(collection=city_collection(world["danang"]))
    response = officer.get(reverse("wagtailimages:preview", args=[image.pk, spec]))
    assert response.status_code in (200, 400, 404)
    if response.status_code == 200:  # never larger than the original
        with PILImage.open(io.BytesIO(b"".join(response.streaming_content))) as preview:
            assert preview.width <= image.width and preview.height <= image.height
