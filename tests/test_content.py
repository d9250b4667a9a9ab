"""City profiles and case studies: what can be created where, and what delegates see."""

import datetime

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest

from adoptions.models import AdoptionPage
from challenges.models import ChallengeIndexPage, ChallengePage
from cities.models import CityIndexPage, CityPage
from portal.models import Country, FocalArea, HomePage, StandardPage
from practices.models import NARRATIVE_SECTIONS, PracticeIndexPage, PracticePage
from record.models import NewsPage
from tests.conftest import sign_in
from tests.factories import (
    CityPageFactory,
    PracticeIndicatorFactory,
    PracticePageFactory,
    PracticePartnerFactory,
    build_site,
)


class PageTypeRulesTests(WagtailPageTestCase):
    def setUp(self):
        # force_login (in sign_in): django-axes needs the request that client.login() cannot give
        self.user = self.create_superuser("admin")
        sign_in(self.client, self.user)
        self.tree = build_site()
        self.city = CityPageFactory(parent=self.tree["cities"], title="Da Nang", slug="da-nang")

    def test_the_tree_allows_only_the_intended_parents(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedParentPageTypes(CityIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(PracticeIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(CityPage, {CityIndexPage})
        self.assertAllowedParentPageTypes(PracticePage, {CityPage})
        self.assertAllowedParentPageTypes(ChallengePage, {CityPage})
        self.assertAllowedParentPageTypes(AdoptionPage, {CityPage})
        # A city's officers publish its practices, its challenges, its own news (record/) and its
        # adoption records, through review.
        self.assertAllowedSubpageTypes(
            CityPage, {PracticePage, ChallengePage, NewsPage, AdoptionPage}
        )
        self.assertAllowedSubpageTypes(AdoptionPage, set())
        self.assertAllowedSubpageTypes(PracticePage, set())
        self.assertAllowedSubpageTypes(PracticeIndexPage, set())
        self.assertAllowedSubpageTypes(
            HomePage, {CityIndexPage, PracticeIndexPage, ChallengeIndexPage, StandardPage}
        )

    def test_practices_cannot_be_created_outside_a_city(self):
        self.assertCanNotCreateAt(HomePage, PracticePage)
        self.assertCanNotCreateAt(PracticeIndexPage, PracticePage)
        self.assertCanNotCreateAt(CityIndexPage, PracticePage)
        self.assertCanNotCreateAt(HomePage, CityPage)

    def test_an_officer_can_create_a_practice_under_a_city_through_the_admin(self):
        area = FocalArea.objects.get(slug="safety-security")
        self.assertCanCreate(
            self.city,
            PracticePage,
            nested_form_data(
                {
                    "title": "Flood sensors",
                    "slug": "flood-sensors",
                    "summary": "River sensors warn residents hours before a flood.",
                    "topics": "flood, sensors",
                    "status": "pilot",
                    "start_date": "2022-08-01",
                    "currency": "USD",
                    "capital_cost": "140000",
                    "situation": streamfield(
                        [("paragraph", rich_text("<p>Floods came with little warning.</p>"))]
                    ),
                    "objectives": streamfield([]),
                    "approach": streamfield([]),
                    "sustainability": streamfield([]),
                    "lessons_learned": streamfield([]),
                    "transferability": streamfield([]),
                    "indicators": inline_formset(
                        [
                            {
                                "name": "Warning lead time",
                                "unit": "hours",
                                "baseline": "1",
                                "target": "6",
                                "actual": "5",
                            }
                        ]
                    ),
                    "partners": inline_formset([{"name": "Disaster office", "role": "operator"}]),
                    "sources": inline_formset([]),
                }
            )
            | {"focal_areas": [area.pk]},
        )
        practice = PracticePage.objects.get(slug="flood-sensors")
        self.assertEqual(practice.city_id, self.city.pk)
        self.assertEqual(practice.country.code, "VN")
        self.assertEqual(practice.start_year, 2022)
        self.assertEqual(practice.indicators.get().actual, 5)

    def test_end_before_start_is_refused_with_a_message(self):
        response = self.client.post(
            f"/admin/pages/add/practices/practicepage/{self.city.pk}/",
            nested_form_data(
                {
                    "title": "Backwards",
                    "slug": "backwards",
                    "summary": "Dates the wrong way round.",
                    "status": "completed",
                    "start_date": "2022-01-01",
                    "end_date": "2021-01-01",
                    "currency": "USD",
                    **{name: streamfield([]) for name, _ in NARRATIVE_SECTIONS},
                    "indicators": inline_formset([]),
                    "partners": inline_formset([]),
                    "sources": inline_formset([]),
                }
            )
            | {"focal_areas": [FocalArea.objects.first().pk]},
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "The end date cannot be before the start date.")
        self.assertFalse(PracticePage.objects.filter(slug="backwards").exists())

    def test_a_city_figure_without_its_source_is_refused_and_the_page_kept(self):
        """Facts about a real city carry the page that states them (and a fact without one
        never reaches the profile)."""

        def edit(**facts):
            return self.client.post(
                f"/admin/pages/{self.city.pk}/edit/",
                nested_form_data(
                    {
                        "title": "Da Nang",
                        "slug": "da-nang",
                        "country": self.city.country_id,
                        "kind": "city",
                        "network_status": "ascn-member",
                        "latitude": "16.05",
                        "longitude": "108.20",
                        "vision": streamfield([]),
                        "contact_role": "Chief Smart City Officer",
                        **facts,
                    }
                ),
            )

        response = edit(population="1134310", population_year="2019", area_km2="1284.7")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Give the address of the page that states this figure.", 2)
        self.city.refresh_from_db()
        self.assertIsNone(self.city.population)

        census = "https://www.gso.gov.vn/en/census-2019/"
        self.assertEqual(
            edit(
                population="1134310", population_year="2019", population_source=census
            ).status_code,
            302,
        )
        draft = CityPage.objects.get(pk=self.city.pk).get_latest_revision_as_object()
        self.assertEqual((draft.population, draft.population_source), (1134310, census))


@pytest.mark.django_db
class TestCityPages:
    def test_city_page_shows_profile_practices_and_map(self, client, practice, city):
        html = client.get(city.url).content.decode()
        assert "<h1>Da Nang" in html
        assert practice.title in html
        assert '<svg viewBox="0 0 720 700" role="group"' in html
        assert 'aria-label="Da Nang"' in html  # each marker is a labelled link
        assert "csco@da-nang.example" not in html  # the contact address is never printed

    def test_each_city_figure_links_the_page_that_states_it(self, client, site):
        city = CityPageFactory(
            parent=site["cities"],
            population=1_134_310,
            population_year=2019,
            population_source="https://www.gso.gov.vn/en/census-2019/",
        )
        html = client.get(city.url).content.decode()
        assert "1,134,310 (2019)" in html
        assert '(source: <a href="https://www.gso.gov.vn/en/census-2019/"' in html
        assert ">gso.gov.vn</a>" in html
        # the country's income group, with the World Bank's page (portal/data/ascn.json)
        assert "Income group of the country" in html and "Lower-middle income" in html
        assert ">datahelpdesk.worldbank.org</a>" in html

    def test_country_view_lists_cities_and_practices_of_that_country(self, client, site, practice):
        bangkok = CityPageFactory(
            parent=site["cities"], title="Bangkok", country=Country.objects.get(code="TH")
        )
        html = client.get(site["cities"].url, {"country": "vn"}).content.decode()
        assert "Cities of Viet Nam" in html
        assert practice.title in html
        assert bangkok.title not in html

    def test_unknown_country_is_a_notice_not_an_error(self, client, city, site):
        response = client.get(site["cities"].url, {"country": "<script>", "status": "x"})
        assert response.status_code == 200
        html = response.content.decode()
        assert "Unknown country “&lt;SCRIPT&gt;” ignored." in html
        assert "<script>" not in html.split("</header>", 1)[1]
        assert city.title in html

    def test_moving_a_practice_to_another_city_updates_its_city_and_country(self, site, practice):
        manila = CityPageFactory(parent=site["cities"], country=Country.objects.get(code="PH"))
        practice.move(manila, pos="last-child")
        practice.refresh_from_db()
        assert practice.city_id == manila.pk
        assert practice.country.code == "PH"

    def test_changing_a_citys_country_updates_its_practices(self, city, practice):
        city.country = Country.objects.get(code="LA")
        city.save()
        practice.refresh_from_db()
        assert practice.country.code == "LA"


@pytest.mark.django_db
class TestPracticePage:
    def test_shows_template_sections_figures_and_verification(self, client, practice):
        PracticeIndicatorFactory(page=practice)
        PracticePartnerFactory(page=practice)
        practice.capital_cost = 1850000
        practice.save_revision().publish()
        html = client.get(practice.url).content.decode()
        assert ">Indicators: baseline, target and actual value</caption>" in html
        assert "<td>420</td><td>150</td><td>180</td>" in html
        assert "1,850,000 USD" in html
        assert "Urban Environment Company" in html
        assert '<time datetime="2024-01-01">1 January 2024</time>' in html
        assert "print.css" in html

    def test_related_practices_prefer_other_cities(self, site, city, practice):
        same_city = PracticePageFactory(parent=city, focal_areas=["quality-environment"])
        other = CityPageFactory(parent=site["cities"])
        other_city = PracticePageFactory(parent=other, focal_areas=["quality-environment"])
        unrelated = PracticePageFactory(parent=other, focal_areas=["civic-social"])
        related = list(practice.related_practices())
        assert related == [other_city, same_city]
        assert unrelated not in related

    def test_sample_banner_only_on_sample_practices(self, client, practice):
        assert "Sample content." not in client.get(practice.url).content.decode()
        practice.provenance = "sample"
        practice.save_revision().publish()
        assert "Sample content." in client.get(practice.url).content.decode()

    def test_last_verified_cannot_be_in_the_future(self, practice):
        from django.core.exceptions import ValidationError

        practice.last_verified = datetime.date.today() + datetime.timedelta(days=2)
        with pytest.raises(ValidationError, match="cannot be in the future"):
            practice.full_clean()
