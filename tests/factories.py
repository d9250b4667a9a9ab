"""Factories for the portal's pages and snippets (factory-boy / wagtail-factories)."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType

from wagtail.models import Collection, Locale, Page, Site

import factory
import wagtail_factories
from wagtail_localize.models import String, Translation, TranslationSource

from adoptions.models import AdoptionPage
from challenges.models import ChallengeIndexPage, ChallengePage
from cities.models import CityIndexPage, CityPage
from localization.translations import translate_page
from portal.models import Country, FocalArea, HomePage, SDGGoal, SDGTarget
from portal.sdg import load_sdg
from portal.sites import site_address
from portal.taxonomy import load_taxonomy
from practices.models import PracticeIndexPage, PracticeIndicator, PracticePage, PracticePartner


class TaggedPageFactory(wagtail_factories.PageFactory):
    """A practice or challenge with ``focal_areas=["quality-environment"]``,
    ``topics=["waste", "sensors"]`` and ``sdg_targets=["11.6"]``, set before its one save, as
    the admin form does (each save indexes the page: saving again for each relation tripled the
    tests' set-up time)."""

    class Meta:
        abstract = True

    @classmethod
    def _create_instance(cls, model_class, parent, kwargs):
        focal_areas, topics = kwargs.pop("focal_areas", ()), kwargs.pop("topics", ())
        sdg_targets = kwargs.pop("sdg_targets", ())
        instance = model_class(**kwargs)
        instance.focal_areas = [FocalArea.objects.get(slug=slug) for slug in focal_areas or ()]
        if sdg_targets:
            instance.sdg_targets = list(SDGTarget.objects.filter(pk__in=sdg_targets))
        instance.topics.add(*(topics or ()))
        parent.add_child(instance=instance)
        return instance


class HomePageFactory(wagtail_factories.PageFactory):
    title = "ASCN Knowledge Portal"
    slug = "home"
    intro = "<p>The ASEAN Smart Cities Network.</p>"

    class Meta:
        model = HomePage


class CityIndexPageFactory(wagtail_factories.PageFactory):
    title = "Cities"
    slug = "cities"

    class Meta:
        model = CityIndexPage


class PracticeIndexPageFactory(wagtail_factories.PageFactory):
    title = "Practices"
    slug = "practices"

    class Meta:
        model = PracticeIndexPage


class ChallengeIndexPageFactory(wagtail_factories.PageFactory):
    title = "Challenges"
    slug = "challenges"

    class Meta:
        model = ChallengeIndexPage


class CityPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"City {n}")
    slug = factory.Sequence(lambda n: f"city-{n}")
    country = factory.LazyFunction(lambda: Country.objects.get(code="VN"))
    latitude = Decimal("16.05")
    longitude = Decimal("108.20")
    contact_role = "Chief Smart City Officer"
    contact_email = factory.LazyAttribute(lambda page: f"csco@{page.slug}.example")
    population = None
    population_source = factory.LazyAttribute(
        lambda page: "https://example.org/census" if page.population else ""
    )

    class Meta:
        model = CityPage


class PracticePageFactory(TaggedPageFactory):
    title = factory.Sequence(lambda n: f"Practice {n}")
    slug = factory.Sequence(lambda n: f"practice-{n}")
    summary = "A practice that helps the city."
    status = "ongoing"
    start_date = datetime.date(2020, 1, 1)
    currency = "USD"
    contact_role = "Project lead"
    contact_email = factory.LazyAttribute(lambda page: f"team-{page.slug}@private.example")
    last_verified = datetime.date(2024, 1, 1)

    class Meta:
        model = PracticePage


class ChallengePageFactory(TaggedPageFactory):
    title = factory.Sequence(lambda n: f"Challenge {n}")
    slug = factory.Sequence(lambda n: f"challenge-{n}")
    problem = "Bins overflow before the trucks come."
    status = "open"
    raised_on = datetime.date(2025, 3, 1)
    contact_role = "Head of the environment department"
    contact_email = factory.LazyAttribute(lambda page: f"need-{page.slug}@private.example")

    class Meta:
        model = ChallengePage


class PracticeIndicatorFactory(factory.django.DjangoModelFactory):
    name = "Overflowing bins"
    unit = "reports/month"
    baseline = Decimal("420")
    target = Decimal("150")
    actual = Decimal("180")
    measured_on = datetime.date(2023, 6, 30)

    class Meta:
        model = PracticeIndicator


class PracticePartnerFactory(factory.django.DjangoModelFactory):
    name = "Urban Environment Company"
    role = "operator"

    class Meta:
        model = PracticePartner


class AdoptionPageFactory(wagtail_factories.PageFactory):
    """A city's record of adapting ``source_practice`` (give the adopting city as ``parent``)."""

    title = factory.Sequence(lambda n: f"Adoption {n}")
    slug = factory.Sequence(lambda n: f"adoption-{n}")
    stage = "piloting"
    started_on = datetime.date(2023, 3, 1)
    what_changed = "Smaller sensors, mounted on the city's own bins."

    class Meta:
        model = AdoptionPage


def restore_migration_data():
    """What data migrations create, after a test's database was flushed (tests/conftest.py)."""
    for code, _name in settings.LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root"))
    if Collection.get_first_root_node() is None:
        Collection.add_root(instance=Collection(name="Root"))
    load_taxonomy(Country, FocalArea)
    load_sdg(SDGGoal, SDGTarget)
    Permission.objects.get_or_create(  # as wagtail-localize's migration 0006 does
        content_type=ContentType.objects.get_for_model(Translation),
        codename="submit_translation",
        defaults={"name": "Can submit translations"},
    )


def build_site():
    """Home, cities index and practices index under Wagtail's root, as the default site."""
    root = Page.get_first_root_node()
    Page.objects.filter(depth=2).delete()  # Wagtail's placeholder "Welcome" page (and its Site)
    home = HomePageFactory(parent=root)
    hostname, port = site_address()  # WAGTAILADMIN_BASE_URL, as in the running portal
    Site.objects.update_or_create(
        is_default_site=True, defaults={"root_page": home, "hostname": hostname, "port": port}
    )
    return {
        "home": home,
        "cities": CityIndexPageFactory(parent=home),
        "practices": PracticeIndexPageFactory(parent=home),
        "challenges": ChallengeIndexPageFactory(parent=home),
    }


def translate_all(page, code, mark=None):
    """Translate every text of ``page`` into ``code`` through wagtail-localize, each text marked
    ``[mark]`` (the language code by default), and publish it. Returns the translated page."""
    source, created = TranslationSource.get_or_create_from_instance(page)
    if not created:
        source.update_from_db()
    texts = String.objects.filter(segments__source=source).values_list("data", flat=True)
    strings = {text: f"{text} [{mark or code}]" for text in texts if text != page.slug}
    return translate_page(page, code, strings)


def translate_portal(site, code):
    """The home page and both indexes in ``code``, as the demo seed makes them."""
    return {name: translate_all(page, code) for name, page in site.items()}
