"""The portal in the languages of ASEAN: routing, interface, switcher, search, review."""

import ast
import datetime
import re
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.template import engines
from django.templatetags.i18n import BlockTranslateNode, TranslateNode
from django.urls import reverse
from django.utils import translation

from wagtail.models import Locale, WorkflowState

import polib
import pytest
from wagtail_localize.models import Translation

from localization.catalogues import catalogue_path
from tests.factories import CityPageFactory, PracticePageFactory, translate_all, translate_portal
from tests.sitemaps import sitemap_entries
from tests.test_publishing import login, refused, task_state

LANGUAGES = [code for code, _ in settings.LANGUAGES]
OTHERS = [code for code in LANGUAGES if code != settings.LANGUAGE_CODE]


def in_catalogue(code, msgid):
    """What the project's catalogue of ``code`` says for ``msgid``."""
    with translation.override(code):
        return translation.gettext(msgid)


def translate_site(site, practice, code):
    """Home, both indexes, the city and the practice in the language ``code``."""
    return {
        **translate_portal(site, code),
        "city": translate_all(practice.city, code),
        "practice": translate_all(practice, code),
    }


@pytest.mark.django_db
class TestEveryLanguage:
    @pytest.mark.parametrize("code", OTHERS)
    def test_home_practice_and_search_render_in_the_language(self, client, site, practice, code):
        pages = translate_site(site, practice, code)
        nav = in_catalogue(code, "Practices")
        assert nav != "Practices"  # the catalogue really translates it
        for url in (f"/{code}/", pages["practice"].url, f"/{code}/search/?q=waste"):
            html = client.get(url).content.decode()
            assert f'<html lang="{code}">' in html, url
            assert f">{nav}</a>" in html, url  # the navigation, in the language
        practice_html = client.get(pages["practice"].url).content.decode()
        assert f"[{code}]" in practice_html  # the translated text of the page
        assert in_catalogue(code, "Contact the team") in practice_html
        for language in ("en", code):
            assert f'<link rel="alternate" hreflang="{language}"' in practice_html
        assert 'hreflang="x-default" href="http://testserver/cities/da-nang/waste-sensors/"' in (
            practice_html
        )

    def test_every_translation_is_an_alternate(self, client, site, practice):
        for code in OTHERS:
            translate_site(site, practice, code)
        html = client.get(practice.url).content.decode()
        for code in LANGUAGES:
            assert f'<link rel="alternate" hreflang="{code}"' in html

    def test_the_sitemap_lists_every_language_with_its_translations(self, client, site, practice):
        thai = translate_site(site, practice, "th")["practice"]
        untranslated = PracticePageFactory(parent=practice.city, title="Bins", slug="bins")
        entries = sitemap_entries(client.get("/sitemap.xml").content)
        english, thai = practice.get_full_url(), thai.get_full_url()
        assert "/th/" in thai and thai in entries  # search engines hear of the Thai page
        assert entries[english] == entries[thai] == {"en": english, "th": thai}
        assert entries[untranslated.get_full_url()] == {}  # no translation, no alternates
        assert "http://testserver/th/" in entries

    @pytest.mark.parametrize("code", ["fil", "lo", "tet"])
    def test_languages_django_lacks_route_to_their_locale(self, client, site, code):
        translate_all(site["home"], code)
        response = client.get(f"/{code}/")
        assert response.status_code == 200
        assert response.context["page"].locale.language_code == code
        assert response.context["LANGUAGE_CODE"] == code

    def test_switcher_names_each_language_in_its_own_script(self, client, site):
        html = client.get("/").content.decode()
        for code, name in (("lo", "ລາວ"), ("km", "ខ្មែរ"), ("th", "ภาษาไทย"), ("tet", "Tetun")):
            assert f'lang="{code}" hreflang="{code}">{name}</a>' in html

    @pytest.mark.parametrize(
        ("code", "money", "month"),
        [
            ("id", "1.850.000 USD", "Januari 2024"),
            ("lo", "1.850.000 USD", "ມັງກອນ 2024"),
            ("vi", "1.850.000 USD", "tháng 1 2024"),  # grouped: Django's formats do not
            ("my", "1,850,000 USD", "ဇန်နဝါရီ 2024"),
        ],
    )
    def test_dates_and_numbers_follow_the_language(
        self, client, site, practice, code, money, month
    ):
        translated = translate_site(site, practice, code)["practice"]
        translated.capital_cost = 1850000
        translated.start_date = datetime.date(2024, 1, 1)
        translated.save_revision().publish()
        html = client.get(translated.url).content.decode()
        assert money in html
        assert month in html


@pytest.mark.django_db
class TestSwitcher:
    def test_switcher_keeps_the_page(self, client, site, practice):
        thai_pages = translate_site(site, practice, "th")
        thai, thai_practice = thai_pages["city"], thai_pages["practice"]
        html = client.get(practice.url).content.decode()
        assert thai.url.startswith("/th/") and thai_practice.url.startswith(thai.url)
        assert f'href="{thai_practice.url}" lang="th"' in html
        # no Lao translation: the English page, with a notice in Lao
        assert f'href="{practice.url}?untranslated=lo" lang="lo"' in html
        # and back: the Thai page's switcher leads to the English page
        thai_html = client.get(thai_practice.url).content.decode()
        assert f'href="{practice.url}" lang="en"' in thai_html

    def test_untranslated_page_says_so_in_the_chosen_language(self, client, practice):
        html = client.get(f"{practice.url}?untranslated=km").content.decode()
        notice = in_catalogue(
            "km",
            "This page has not been translated into %(language)s yet. It is shown in %(shown_in)s.",
        ) % {"language": "ខ្មែរ", "shown_in": "ភាសាអង់គ្លេស"}
        assert f'<p class="notice notice-info" lang="km">{notice}</p>' in html
        assert '<html lang="en">' in html  # the page itself stays English

    def test_unknown_language_in_the_notice_parameter_is_ignored(self, client, practice):
        response = client.get(f"{practice.url}?untranslated=<script>")
        assert response.status_code == 200
        assert "notice-info" not in response.content.decode()

    def test_switcher_on_search_keeps_the_query(self, client, site):
        html = client.get("/search/?q=flood").content.decode()
        assert 'href="/th/search/?q=flood" lang="th"' in html

    @pytest.mark.parametrize("path", ["/xx/", "/zz/practices/", "/english/", "/en/practices/"])
    def test_invalid_language_prefix_is_a_404_page(self, client, site, path):
        response = client.get(path)
        assert response.status_code == 404
        assert "Page not found" in response.content.decode()

    def test_missing_page_under_a_language_is_a_404_in_that_language(self, client, site):
        translate_portal(site, "th")
        response = client.get("/th/no-such-page/")
        assert response.status_code == 404
        assert in_catalogue("th", "Page not found") in response.content.decode()


@pytest.mark.django_db
class TestListingsAndSearch:
    def test_listing_shows_each_practice_once_in_the_best_language(self, client, site, practice):
        thai = translate_site(site, practice, "th")["practice"]
        english_only = PracticePageFactory(parent=practice.city, title="Flood sirens")
        html = client.get("/th/practices/").content.decode()
        assert f">{thai.title}</a>" in html and f">{practice.title}</a>" not in html
        assert english_only.title in html
        assert '<article class="card practice-card" lang="en">' in html  # English card marked
        english = client.get("/practices/").content.decode()
        assert f">{practice.title}</a>" in english and f">{thai.title}</a>" not in english

    @staticmethod
    def thai_practice(site, summary):
        """A practice written in Thai in Khon Kaen (whose page exists in Thai and English)."""
        translate_portal(site, "th")
        city = CityPageFactory(parent=site["cities"], title="Khon Kaen", slug="khon-kaen")
        thai = PracticePageFactory(
            parent=translate_all(city, "th"),
            title="ระบบจัดการขยะชุมชน",
            summary=summary,
            locale=Locale.objects.get(language_code="th"),
        )
        return city, thai

    @pytest.mark.search
    def test_search_in_thai_lists_thai_pages_then_other_languages_once(self, client, site):
        city, thai = self.thai_practice(site, "ขยะ waste")
        english = translate_all(thai, "en", mark="waste")
        elsewhere = PracticePageFactory(parent=city, title="Waste to energy", summary="waste")
        call_command("update_index", verbosity=0)
        response = client.get("/th/search/?q=waste")
        results = list(response.context["results"])
        others = response.context["other_languages"]
        assert [page.pk for page in results] == [thai.pk]  # Thai pages, from the Thai locale
        assert elsewhere.pk in [page.pk for page in others]
        assert english.pk not in [page.pk for page in others]  # its Thai page is shown above
        html = response.content.decode()
        assert html.index(thai.title) < html.index(in_catalogue("th", "Also in other languages"))

    @pytest.mark.search
    def test_english_search_offers_thai_only_pages_under_other_languages(self, client, site):
        _city, thai = self.thai_practice(site, "ขยะ")
        call_command("update_index", verbosity=0)
        payload = client.get("/api/search/?q=ขยะ").json()
        assert payload["count"] == 0
        assert [card["id"] for card in payload["other_languages"]] == [thai.pk]
        assert payload["other_languages"][0]["language"] == "th"
        in_thai = client.get("/api/search/?q=ขยะ&language=th").json()
        assert in_thai["language"] == "th"
        assert [card["id"] for card in in_thai["results"]] == [thai.pk]
        assert in_thai["other_languages"] == []

    def test_taxonomy_is_shown_in_the_language(self, client, site, practice):
        translate_site(site, practice, "th")
        html = client.get("/th/practices/").content.decode()
        assert in_catalogue("th", "Viet Nam") in html
        assert in_catalogue("th", "Quality Environment") in html
        assert in_catalogue("th", "Ongoing") in html


@pytest.mark.django_db
class TestTranslationReview:
    def submit_translation(self, client, world, code="vi"):
        """The officer asks for a translation of their practice, as in the admin."""
        translate_portal(world["site"], code)
        translate_all(world["danang"], code)  # the city page exists in that language
        practice = world["danang_practice"]
        login(client, world["officer"])
        url = reverse("wagtail_localize:submit_page_translation", args=[practice.pk])
        client.post(url, {"locales": [Locale.objects.get(language_code=code).pk]})
        target = practice.get_translation(Locale.objects.get(language_code=code))
        return practice, target

    def test_requested_translation_is_a_draft(self, client, world):
        practice, target = self.submit_translation(client, world)
        assert practice.live and not target.live
        assert client.get(target.url).status_code == 404

    def test_unfinished_translation_cannot_go_to_review(self, client, world):
        practice, target = self.submit_translation(client, world)
        response = client.post(
            reverse("submit_translation_for_review", args=[target.pk]), follow=True
        )
        assert "Translate the rest before submitting it for review" in response.content.decode()
        assert not WorkflowState.objects.filter(object_id=str(target.pk)).exists()

    def test_translation_submitted_by_an_officer_waits_for_review(self, client, world):
        practice, target = self.submit_translation(client, world)
        translation_job = Translation.objects.get(
            source__object_id=practice.translation_key, target_locale=target.locale
        )
        po = polib.pofile(
            client.get(
                reverse("wagtail_localize:download_pofile", args=[translation_job.pk])
            ).content.decode()
        )
        for entry in po:
            entry.msgstr = f"{entry.msgid} (tiếng Việt)"
        upload = reverse("wagtail_localize:upload_pofile", args=[translation_job.pk])
        client.post(upload, {"file": SimpleUploadedFile("vi.po", str(po).encode())})
        assert translation_job.get_progress()[0] == translation_job.get_progress()[1]

        explorer = client.get(reverse("wagtailadmin_explore", args=[target.get_parent().pk]))
        assert "Submit translation for review" in explorer.content.decode()
        client.post(reverse("submit_translation_for_review", args=[target.pk]))
        target.refresh_from_db()
        assert not target.live  # waiting for the national reviewer
        assert target.workflow_in_progress
        assert client.get(target.url).status_code == 404

        login(client, world["reviewer"])
        approve = reverse(
            "wagtailadmin_pages:workflow_action", args=[target.pk, "approve", task_state(target).pk]
        )
        client.post(approve, {"comment": "Checked."})
        target.refresh_from_db()
        assert target.live
        assert "(tiếng Việt)" in client.get(target.url).content.decode()

    def test_an_officer_cannot_submit_another_citys_translation(self, client, world):
        practice, target = self.submit_translation(client, world)
        login(client, world["other_officer"])
        response = client.post(reverse("submit_translation_for_review", args=[target.pk]))
        assert refused(response)
        assert not WorkflowState.objects.filter(object_id=str(target.pk)).exists()


class TestCatalogues:
    @pytest.mark.parametrize("code", OTHERS)
    def test_every_entry_is_translated_and_the_header_says_its_review_status(self, code):
        po = polib.pofile(str(catalogue_path(code)))
        untranslated = [entry.msgid for entry in po.untranslated_entries()]
        assert not untranslated, untranslated[:5]
        assert not po.fuzzy_entries()
        assert po.metadata["Language"] == code
        assert po.metadata["X-Review-Status"] in ("draft", "reviewed")
        placeholders = re.compile(r"%\(\w+\)[sd]")
        for entry in po.translated_entries():
            msgstr = entry.msgstr or entry.msgstr_plural[0]
            assert set(placeholders.findall(entry.msgid)) == set(placeholders.findall(msgstr)), (
                entry.msgid
            )

    @pytest.mark.parametrize("code", OTHERS)
    def test_compiled_catalogue_matches_its_source(self, code):
        source = polib.pofile(str(catalogue_path(code)))
        compiled = polib.mofile(str(catalogue_path(code).with_suffix(".mo")))
        as_pairs = {
            (entry.msgid, entry.msgstr or entry.msgstr_plural.get(0, ""))
            for entry in source.translated_entries()
        }
        compiled_pairs = {
            (entry.msgid, entry.msgstr or entry.msgstr_plural.get(0, ""))
            for entry in compiled
            if entry.msgid
        }
        assert as_pairs == compiled_pairs, "run `make messages` to compile the catalogues"


ROOT = Path(settings.BASE_DIR)
APPS = (
    "portal",
    "localization",
    "cities",
    "practices",
    "challenges",
    "documents",
    "record",
    "adoptions",
    "search",
    "ops",
)
PUBLIC_TEMPLATES = [
    path
    for app in APPS
    for path in (ROOT / app / "templates").rglob("*.html")
    # admin screens, including overrides of Wagtail's own (templates/wagtailadmin/…), whose
    # strings Wagtail's catalogues translate
    if not {"admin", "reports", "wagtailadmin"} & set(path.parts)
]
# Words that are names in every language: the brand mark, file and feed formats and a map
# credit.
UNTRANSLATED_WORDS = {"ASCN", "CSV", "JSON", "RSS", "Atom", "km"}


def visible_text(source):
    """The text of a template that reaches a reader outside translation tags, with the
    attributes a screen reader or a form shows (aria-label, placeholder, title, alt)."""
    source = re.sub(r"{%\s*blocktranslate.*?endblocktranslate\s*%}", " ", source, flags=re.S)
    source = re.sub(r"{% block body_class %}.*?{% endblock %}", " ", source)  # a CSS class
    source = re.sub(r"{%.*?%}|{{.*?}}|{#.*?#}", " ", source, flags=re.S)
    attributes = re.findall(r'(?:aria-label|placeholder|title|alt)="([^"]*)"', source)
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", source, flags=re.S)
    text = re.sub(r"<[^>]*>|&\w+;", " ", text)
    return " ".join([text, *attributes])


def template_nodes(path, node_type):
    template = engines["django"].from_string(path.read_text(encoding="utf-8"))
    return template.template.nodelist.get_nodes_by_type(node_type)


def template_msgids(path):
    for node in template_nodes(path, TranslateNode):
        literal = getattr(node.filter_expression.var, "literal", None)
        if literal is not None:  # a quoted text, not a variable
            yield literal
    for node in template_nodes(path, BlockTranslateNode):
        yield node.render_token_list(node.singular)[0]
        if node.plural:
            yield node.render_token_list(node.plural)[0]


def python_msgids():
    """Literal strings passed to gettext and friends in the portal's own modules."""
    names = {"_", "gettext", "gettext_lazy", "gettext_noop", "ngettext"}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (
                    isinstance(node, ast.Call)
                    and getattr(node.func, "id", getattr(node.func, "attr", None)) in names
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                ):
                    yield node.args[0].value


def translated_msgids(code):
    po = polib.pofile(str(catalogue_path(code)))
    return {entry.msgid for entry in po.translated_entries()} | {
        entry.msgid_plural for entry in po.translated_entries() if entry.msgid_plural
    }


class TestCoverage:
    def test_public_templates_have_no_text_outside_translation_tags(self):
        untranslated = {}
        for path in PUBLIC_TEMPLATES:
            text = visible_text(path.read_text(encoding="utf-8"))
            words = set(re.findall(r"[A-Za-z]{2,}", text)) - UNTRANSLATED_WORDS
            if words:
                untranslated[path.name] = sorted(words)
        assert not untranslated

    @pytest.mark.parametrize("code", OTHERS)
    def test_every_public_template_string_is_translated(self, code):
        translated = translated_msgids(code)
        missing = {
            msgid
            for path in PUBLIC_TEMPLATES
            for msgid in template_msgids(path)
            if msgid not in translated
        }
        assert not missing

    @pytest.mark.parametrize("code", OTHERS)
    def test_every_interface_string_in_the_code_is_translated(self, code):
        missing = set(python_msgids()) - translated_msgids(code)
        assert not missing

    def test_the_check_sees_the_strings(self):
        """The coverage checks above find the strings they are meant to check."""
        found = {msgid for path in PUBLIC_TEMPLATES for msgid in template_msgids(path)}
        assert {"Skip to main content", "%(counter)s practice"} <= found
        assert {"Planned", "Viet Nam", "Please fill in this field."} <= set(python_msgids())


@pytest.mark.django_db
def test_admin_page_says_which_catalogues_are_reviewed(client, world):
    login(client, world["secretariat"])
    html = client.get(reverse("interface_languages")).content.decode()
    for code in OTHERS:
        assert f"<td>{code}</td>" in html
    assert html.count("Draft, awaiting review") == len(OTHERS)  # no native review yet
