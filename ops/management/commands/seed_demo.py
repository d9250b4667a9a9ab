"""Create the demo portal: page tree, every ASCN city, sample case studies, sample adoption
records, sample public questions and a demo login.

Idempotent: pages are looked up by slug and only created when missing, so running it twice
creates nothing new and never overwrites what an editor changed.
"""

import io
import json
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext

from modelsearch.index import insert_or_update_object
from wagtail.documents import get_document_model
from wagtail.models import Collection, Locale, Page, Site

import docx
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks.backends.immediate import ImmediateBackend

from adoptions.models import AdoptionIndicator, AdoptionPage
from challenges.models import ChallengeIndexPage, ChallengePage
from cities.models import CityIndexPage, CityPage
from cities.roles import (
    ensure_officer_group,
    ensure_reviewer_group,
    ensure_secretariat_group,
    ensure_user,
)
from documents.models import DocumentIndexPage, DocumentPage
from documents.models import Provenance as RecordProvenance
from localization.translations import MissingTranslationError, translate_page
from ops.tasks import tasks_held_and_coalesced
from portal.models import (
    Country,
    FocalArea,
    HomePage,
    HomePageFeatured,
    PortalSettings,
    SDGTarget,
)
from portal.sites import site_address
from portal.taxonomy import ASCN_FACTS
from practices.models import (
    NARRATIVE_SECTIONS,
    PracticeIndexPage,
    PracticeIndicator,
    PracticePage,
    PracticePartner,
    PracticeSource,
    Provenance,
    Question,
    QuestionStatus,
)
from practices.question_queue import publish_answers
from record.models import EventIndexPage, EventPage, NewsIndexPage, NewsPage

DATA_DIR = Path(__file__).resolve().parents[2] / "data"  # the sample case studies and translations
ASCN_SOURCE = ("ASEAN Smart Cities Network (ASEAN Secretariat)", "https://asean.org/")


def load(name):
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def rich_paragraphs(lines):
    return "".join(f"<p>{escape(line)}</p>" for line in lines)


def paragraphs(text):
    """A StreamField value of one paragraph block per line of ``text``."""
    lines = [line for line in (text or "").split("\n") if line.strip()]
    return json.dumps([{"type": "paragraph", "value": f"<p>{escape(line)}</p>"} for line in lines])


def parallel_texts(source, target):
    """{text in the source language: its translation} for one practice's fields and rows."""
    pairs = {source[key]: target[key] for key in source if isinstance(source[key], str)}
    for rows in ("indicators", "partners"):
        for source_row, target_row in zip(source[rows], target[rows], strict=True):
            pairs.update({source_row[key]: target_row[key] for key in source_row})
    return pairs


def sample_practice(item, texts, city, slug, areas, **fields):
    """A sample case study: figures and taxonomy from ``item``, words from ``texts``."""
    page = PracticePage(
        title=texts["title"],
        slug=slug,
        summary=texts["summary"],
        status=item["status"],
        start_date=as_date(item["start_date"]),
        end_date=as_date(item.get("end_date")),
        capital_cost=item["capital_cost"],
        operating_cost=item["operating_cost"],
        currency=item["currency"],
        funding_source=texts["funding_source"],
        contact_role=texts["contact_role"],
        contact_email=f"practice-{slug[:30]}@{city.slug}.example",
        last_verified=as_date(item["last_verified"]),
        provenance=Provenance.SAMPLE,
        **{name: paragraphs(texts.get(name)) for name, _ in NARRATIVE_SECTIONS},
        **fields,
    )
    tag(page, item, areas)
    return page


def tag(page, item, areas):
    """The focal areas, topics and SDG targets of a sample practice or challenge."""
    page.focal_areas = [areas[area] for area in item["focal_areas"]]
    page.topics.add(*item["topics"])
    page.sdg_targets = list(SDGTarget.objects.filter(pk__in=item.get("sdg_targets", [])))


def new_samples(cities, kind, model):
    """(item, city, slug, focal areas by slug) of each sample in ``data/sample_<kind>.json``
    that its city does not have yet (the seed never overwrites what an editor changed)."""
    samples = json.loads((DATA_DIR / f"sample_{kind}.json").read_text(encoding="utf-8"))
    areas = {area.slug: area for area in FocalArea.objects.all()}
    for item in samples[kind]:
        city = cities[item["city"]]
        slug = slugify(item["title"])[:80]
        if not model.objects.child_of(city).filter(slug=slug).exists():
            yield item, city, slug, areas


def as_date(value):
    return date.fromisoformat(value) if value else None


def index_changes_since(moment):
    """Index the pages and files this run published into every backend, at once.

    Each save queued its own index update: the immediate task backend (`make run`, tests) has
    made them already, but a database queue may have no worker yet. ``update_index`` over
    everything would also do it, far more slowly (bench/results/measured-in-code.md)."""
    if isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], ImmediateBackend):
        return
    for page in Page.objects.filter(last_published_at__gte=moment).specific():
        insert_or_update_object(page)
    for document in get_document_model().objects.filter(created_at__gte=moment):
        insert_or_update_object(document)


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


class Command(BaseCommand):
    help = "Create the demo page tree, all ASCN cities and sample practices (idempotent)."

    def handle(self, *args, **options):
        started = timezone.now()
        with tasks_held_and_coalesced(), transaction.atomic():
            facts = json.loads(ASCN_FACTS.read_text(encoding="utf-8"))
            texts = load("sample_translations.json")
            pages = texts["portal_pages"]
            home = self.home_page(rich_paragraphs(pages["home_intro"]["en"]))
            cities_index = self.child(
                home, CityIndexPage, "cities", title="Cities", intro=pages["cities_intro"]["en"]
            )
            practices_index = self.child(
                home,
                PracticeIndexPage,
                "practices",
                title="Practices",
                intro=pages["practices_intro"]["en"],
            )
            context = {row["name"]: row for row in load("city_facts.json")}
            cities = {
                item["name"]: self.city(cities_index, item, context.get(item["name"], {}))
                for item in facts["cities"]
            }
            created = self.sample_practices(cities)
            challenges_index = self.child(
                home, ChallengeIndexPage, "challenges", title="Challenges"
            )
            created += self.sample_challenges(cities)
            self.feature(home)
            self.demo_accounts()
            self.translate_portal_pages(pages, home, cities_index, practices_index)
            self.translate_challenges_index(challenges_index)
            created += self.native_language_practices(texts, cities)
            created += self.network_record(home, cities)
            created += self.sample_adoptions(cities)
            self.sample_questions(cities)
            self.settings(home)
        user_line = self.demo_user()
        index_changes_since(started)
        if options["verbosity"] == 0:
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content ready: {CityPage.objects.count()} cities, "
                f"{PracticePage.objects.count()} practices ({created} new)."
            )
        )
        if user_line:
            self.stdout.write(user_line)

    def home_page(self, intro):
        root = Page.get_first_root_node()
        home = HomePage.objects.child_of(root).first()
        if home is None:
            welcome = (
                Page.objects.child_of(root)
                .filter(slug="home")
                .exclude(content_type__model="homepage")
            )
            for page in welcome:  # Wagtail's placeholder "Welcome" page from its migrations
                page.slug = "wagtail-welcome"
                page.save()
            home = HomePage(
                title="ASCN Knowledge Portal",
                slug="home",
                intro=intro,
                locale=Locale.get_default(),
            )
            root.add_child(instance=home)
            home.save_revision().publish()
            welcome.delete()
        site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
        site.root_page = home
        site.hostname, site.port = site_address()  # WAGTAILADMIN_BASE_URL
        site.site_name = settings.WAGTAIL_SITE_NAME
        site.save()
        return home

    def child(self, parent, model, slug, **fields):
        page = model.objects.child_of(parent).filter(slug=slug).first()
        return page or publish(parent, model(slug=slug, **fields))

    def city(self, index, item, context):
        """``context``: population and area with their sources (ops/data/city_facts.json)."""
        slug = slugify(item["name"])
        page = CityPage.objects.child_of(index).filter(slug=slug).first()
        if page is not None:
            return page
        country = Country.objects.get(code=item["country"])
        joined = item.get("ascn_joined")
        status_text = {
            "ascn-member": f"a member of the ASEAN Smart Cities Network since {joined}",
            "asus-participant": "a participant in the ASEAN Sustainable Urbanisation Strategy "
            "project with UN-Habitat; it is not an ASCN member",
            "aspiring": "an aspiring smart city; it is not an ASCN member",
        }[item["status"]]
        page = CityPage(
            title=item["name"],
            slug=slug,
            country=country,
            native_name=item.get("native_name", ""),
            kind=item["kind"],
            network_status=item["status"],
            ascn_joined=joined,
            latitude=Decimal(str(item["lat"])),
            longitude=Decimal(str(item["lng"])),
            population=context.get("population"),
            population_year=context.get("population_year"),
            population_source=context.get("population_source", {}).get("url", ""),
            area_km2=Decimal(str(context["area_km2"])).quantize(Decimal("0.1"))
            if "area_km2" in context
            else None,
            area_source=context.get("area_source", {}).get("url", ""),
            summary=f"{item['name']} ({country.name}) is {status_text}.",
            note=item.get("note", ""),
            contact_role="Chief Smart City Officer (ASCN focal point)"
            if item["status"] == "ascn-member"
            else "",
            contact_email=f"smartcity@{slug}.example",
        )
        return publish(index, page)

    def sample_practices(self, cities):
        created = 0
        for item, city, slug, areas in new_samples(cities, "practices", PracticePage):
            page = sample_practice(item, item, city, slug, areas)
            page.indicators = [
                PracticeIndicator(**{**row, "measured_on": as_date(row["measured_on"])})
                for row in item["indicators"]
            ]
            page.partners = [PracticePartner(**row) for row in item["partners"]]
            page.sources = [PracticeSource(title=ASCN_SOURCE[0], url=ASCN_SOURCE[1])]
            publish(city, page)
            created += 1
        return created

    def sample_challenges(self, cities):
        """One sample challenge per member state (ops/data/sample_challenges.json)."""
        created = 0
        for item, city, slug, areas in new_samples(cities, "challenges", ChallengePage):
            taxonomy = ("city", "topics", "focal_areas", "sdg_targets")
            fields = {key: value for key, value in item.items() if key not in taxonomy}
            for key in ("budget_from", "budget_to"):
                if key in fields:
                    fields[key] = Decimal(fields[key])
            for key in ("raised_on", "resolved_on"):
                if key in fields:
                    fields[key] = as_date(fields[key])
            page = ChallengePage(
                slug=slug,
                contact_role="Chief Smart City Officer (ASCN focal point)",
                provenance=Provenance.SAMPLE,
                **fields,
            )
            tag(page, item, areas)
            publish(city, page)
            created += 1
        return created

    def translate_challenges_index(self, index):
        """The challenge listing in every language (its title, from the catalogues)."""
        for code, _name in settings.LANGUAGES:
            if code == settings.LANGUAGE_CODE or index.get_translation_or_none(
                Locale.objects.get(language_code=code)
            ):
                continue
            with translation.override(code):
                self.translate(index, code, {index.title: gettext(index.title)})

    def translate_portal_pages(self, pages, home, cities_index, practices_index):
        """Home, cities and practices in every language, translated through wagtail-localize."""
        for code, _name in settings.LANGUAGES:
            if code == settings.LANGUAGE_CODE or home.get_translation_or_none(
                Locale.objects.get(language_code=code)
            ):
                continue
            with translation.override(code):
                titles = {title: gettext(title) for title in (home.title, "Cities", "Practices")}
            home_texts = dict(
                zip(pages["home_intro"]["en"], pages["home_intro"][code], strict=True)
            )
            self.translate(home, code, {**titles, **home_texts, home.slug: f"home-{code}"})
            for index, key in (
                (cities_index, "cities_intro"),
                (practices_index, "practices_intro"),
            ):
                self.translate(index, code, {**titles, pages[key]["en"]: pages[key][code]})

    def translate(self, page, code, strings):
        """Translate through wagtail-localize; a page an editor has changed is left as it is."""
        try:
            return translate_page(page, code, strings)
        except MissingTranslationError as error:
            self.stderr.write(f"Not translated: {error} (its English text was edited)")
            return None

    def native_language_practices(self, texts, cities):
        """Sample practices written in their city's language, then translated into English."""
        areas = {area.slug: area for area in FocalArea.objects.all()}
        created = 0
        for item in texts["practices"]:
            code, city = item["language"], cities[item["city"]]
            locale = Locale.objects.get(language_code=code)
            local_city = city.get_translation_or_none(locale) or self.translate_city(
                city, code, texts["cities"][item["city"]]
            )
            if (
                local_city is None
                or PracticePage.objects.child_of(local_city).filter(slug=item["slug"]).exists()
            ):
                continue
            local, english = item["text"][code], item["text"]["en"]
            page = sample_practice(item, local, city, item["slug"], areas, locale=locale)
            page.indicators = [
                PracticeIndicator(
                    **text, **{**figures, "measured_on": as_date(figures["measured_on"])}
                )
                for text, figures in zip(local["indicators"], item["indicators"], strict=True)
            ]
            page.partners = [PracticePartner(**partner) for partner in local["partners"]]
            publish(local_city, page)
            self.translate(page, settings.LANGUAGE_CODE, parallel_texts(local, english))
            created += 1
        return created

    def sample_adoptions(self, cities):
        """Sample adoption records (ops/data/sample_adoptions.json): chains across countries."""
        created = 0
        for item in load("sample_adoptions.json")["adoptions"]:
            city = cities[item["city"]]
            slug = slugify(item["title"])[:80]
            if AdoptionPage.objects.child_of(city).filter(slug=slug).exists():
                continue
            source_city, source_title = item["source"]
            own = PracticePage.objects.child_of(city)
            page = AdoptionPage(
                title=item["title"],
                slug=slug,
                source_practice=PracticePage.objects.child_of(cities[source_city])
                .filter(title=source_title)
                .first(),
                adapted_practice=own.filter(title=item["adapted"]).first()
                if item["adapted"]
                else None,
                stage=item["stage"],
                started_on=as_date(item["started_on"]),
                ended_on=as_date(item.get("ended_on")),
                what_changed=item["what_changed"],
                what_did_not_work=item["what_did_not_work"],
                provenance=Provenance.SAMPLE,
            )
            if page.source_practice is None:  # an editor renamed or removed the sample source
                continue
            page.indicators = [
                AdoptionIndicator(**{**row, "measured_on": as_date(row["measured_on"])})
                for row in item["indicators"]
            ]
            publish(city, page)
            created += 1
        return created

    def sample_questions(self, cities):
        """Sample public questions (ops/data/sample_questions.json), most of them answered and
        published on their practice; one asked twice is not asked again."""
        answered = set()
        for item in load("sample_questions.json")["questions"]:
            practice = (
                PracticePage.objects.child_of(cities[item["city"]])
                .filter(title=item["practice"])
                .first()
            )
            if practice is None or practice.questions.filter(question=item["question"]).exists():
                continue
            asked = timezone.make_aware(datetime.combine(as_date(item["asked_on"]), time(9)))
            question = Question(
                practice=practice,
                name="Sample visitor",
                email="sample-visitor@ascn-portal.example",
                question=item["question"],
                language=item["language"],
                created_at=asked,
                provenance=Provenance.SAMPLE,
            )
            if item["answer"]:
                question.status, question.answer = QuestionStatus.ANSWERED, item["answer"]
                question.answered_at = question.moderated_at = timezone.make_aware(
                    datetime.combine(as_date(item["answered_on"]), time(9))
                )
                question.answered_for = item["city"]
                answered.add(practice)
            question.save()
        for practice in answered:
            publish_answers(practice)

    def translate_city(self, city, code, texts):
        strings = {city.title: city.native_name or city.title, city.native_name: city.native_name}
        for field in ("summary", "note", "contact_role"):
            if getattr(city, field):
                strings[getattr(city, field)] = texts.get(field, getattr(city, field))
        return self.translate(city, code, strings)

    def network_record(self, home, cities):
        """The library, events and news of ops/data/network_record.json: sample pages, each
        with its public source; documents get a short sample file, not the publisher's."""
        record = load("network_record.json")
        library = self.child(home, DocumentIndexPage, "documents", title="Documents")
        events_index = self.child(home, EventIndexPage, "events", title="Events")
        news_index = self.child(home, NewsIndexPage, "news", title="News")
        areas = {area.slug: area for area in FocalArea.objects.all()}
        created = 0
        documents = {}
        for item in record["documents"]:
            page = DocumentPage.objects.child_of(library).filter(slug=item["slug"]).first()
            if page is None:
                page = DocumentPage(
                    slug=item["slug"],
                    title=item["title"],
                    summary=item["summary"],
                    kind=item["kind"],
                    publisher=item["publisher"],
                    published_on=as_date(item["published_on"]),
                    year=item.get("year"),
                    source_url=item["source_url"],
                    file=self.sample_file(item),
                    provenance=RecordProvenance.SAMPLE,
                )
                page.focal_areas = [areas[slug] for slug in item["focal_areas"]]
                page.languages = [Locale.get_default()]
                publish(library, page)
                created += 1
            documents[item["slug"]] = page
        for item in record["events"]:
            if EventPage.objects.child_of(events_index).filter(slug=item["slug"]).exists():
                continue
            page = EventPage(
                slug=item["slug"],
                title=item["title"],
                kind=item["kind"],
                start_date=as_date(item["start_date"]),
                end_date=as_date(item.get("end_date")),
                time_zone=item["time_zone"],
                place=item.get("place", ""),
                online=item.get("online", False),
                organisers=item.get("organisers", ""),
                summary=item["summary"],
                outcomes=paragraphs(item["outcomes"]),
                source_url=item["source_url"],
                provenance=RecordProvenance.SAMPLE,
            )
            page.cities = [cities[name] for name in item["cities"]]
            page.documents = [documents[slug] for slug in item.get("documents", [])]
            publish(events_index, page)
            created += 1
        for item in record["news"]:
            parent = cities[item["city"]] if item.get("city") else news_index
            if NewsPage.objects.child_of(parent).filter(slug=item["slug"]).exists():
                continue
            page = NewsPage(
                slug=item["slug"],
                title=item["title"],
                date=as_date(item["date"]),
                summary=item["summary"],
                source_url=item["source_url"],
                provenance=RecordProvenance.SAMPLE,
            )
            page.cities = [cities[name] for name in item["cities"]]
            publish(parent, page)
            created += 1
        for listing in (library, events_index, news_index):
            self.translate_listing(listing)
        return created

    def translate_listing(self, listing):
        """A listing page in every language that lacks it, titled from the catalogues: the
        header links each language's own, and ``/th/events/`` exists."""
        for code, _name in settings.LANGUAGES:
            locale = Locale.objects.get(language_code=code)
            if code == settings.LANGUAGE_CODE or listing.get_translation_or_none(locale):
                continue
            with translation.override(code):
                title = gettext(listing.title)
            self.translate(listing, code, {listing.title: title})

    def sample_file(self, item):
        """A one-page DOCX that says what the document is and where the real one is."""
        document = docx.Document()
        document.add_heading(item["title"], level=1)
        document.add_paragraph(item["summary"])
        document.add_paragraph(
            "Sample file made for the portal's demonstration: it is not the publisher's "
            f"document. Source: {item['source_url']}"
        )
        data = io.BytesIO()
        document.save(data)
        wagtail_document = get_document_model()(
            title=item["title"],
            file=ContentFile(data.getvalue(), name=f"{item['slug']}.docx"),
            collection=Collection.get_first_root_node(),
        )
        wagtail_document._set_document_file_metadata()
        wagtail_document.save()
        return wagtail_document

    def feature(self, home):
        if home.featured.exists():
            return
        picks = PracticePage.objects.live().order_by("pk")[:3]
        for order, page in enumerate(picks):
            HomePageFeatured.objects.create(home=home, page=page, sort_order=order)

    def settings(self, home):
        site = Site.objects.get(root_page=home)
        portal_settings = PortalSettings.for_site(site)
        if not portal_settings.contact_email:
            portal_settings.contact_email = "secretariat@ascn-portal.example"
            portal_settings.save()

    def demo_accounts(self):
        """A secretariat editor, a reviewer per country and an officer per city with practices.

        They get the demo password in development settings only; elsewhere an unusable one.
        """
        password = getattr(settings, "DEMO_ADMIN_PASSWORD", None)
        ensure_user("secretariat@ascn-portal.example", ensure_secretariat_group(), password)
        for country in Country.objects.all():
            group = ensure_reviewer_group(country)
            ensure_user(f"reviewer@{country.code.lower()}.example", group, password)
        for city in CityPage.objects.filter(practices__isnull=False).distinct():
            ensure_user(f"officer@{city.slug}.example", ensure_officer_group(city), password)

    def demo_user(self):
        password = getattr(settings, "DEMO_ADMIN_PASSWORD", None)
        if not password:
            return ""
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username="admin",
            defaults={"email": "admin@ascn-portal.example", "is_staff": True, "is_superuser": True},
        )
        if created:
            user.set_password(password)
            user.save()
        return (
            f"Demo logins at {settings.WAGTAILADMIN_BASE_URL}{reverse('wagtailadmin_home')} "
            f"(password {password} for each):\n"
            "  admin                            superuser\n"
            "  secretariat@ascn-portal.example  ASCN secretariat editor\n"
            "  reviewer@th.example              national reviewer of Thailand (one per country)\n"
            "  officer@bangkok.example          officer of Bangkok (one per city with practices)"
        )
