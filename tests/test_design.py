"""What the public pages give everyone: maps, charts, images, metadata, sitemap, friendly errors."""

import io
import json
import re

from django.core.files.images import ImageFile

from wagtail.images.models import Image

import pytest
from PIL import Image as PILImage

from tests.factories import PracticeIndicatorFactory, PracticePageFactory


def make_image(title="Bins in Da Nang", alt="Green waste bins on a street in Da Nang"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (1600, 900), "green").save(buffer, "JPEG")
    image = Image(title=title, description=alt)
    image.file = ImageFile(buffer, name="bins.jpg")
    image.save()
    return image


@pytest.mark.django_db
class TestPages:
    def test_home_has_the_network_map_and_its_text_alternative(self, client, city, practice):
        html = client.get("/").content.decode()
        assert 'href="/static/cities/region.svg"' in html
        assert f'<a href="{city.url}" aria-label="Da Nang">' in html
        assert "All 1 city as a list" in html
        assert html.count("<h1") == 1

    def test_practice_shows_indicator_charts_beside_the_table(self, client, practice):
        PracticeIndicatorFactory(page=practice)
        html = client.get(practice.url).content.decode()
        assert 'aria-label="Overflowing bins (the same figures are in the table)"' in html
        assert html.count('<g class="bar ') == 3  # baseline, target, actual
        assert (
            '<caption id="indicators-caption">Indicators: baseline, target and actual value'
            "</caption>"
        ) in html

    def test_coverage_counts_practices_per_country_and_focal_area(self, client, city, practice):
        PracticePageFactory(parent=city, focal_areas=["quality-environment", "civic-social"])
        response = client.get("/practices/coverage/")
        html = response.content.decode()
        assert "2 published practices" in html
        charts = {chart.title: chart for chart in response.context["charts"]}
        per_area = {bar.label: bar.value for bar in charts["Practices per focal area"].bars}
        assert per_area["Quality Environment"] == 2 and per_area["Civic & Social"] == 1
        per_country = {bar.label: bar.value for bar in charts["Practices per country"].bars}
        assert per_country == {"Viet Nam": 2}

    def test_hero_images_are_responsive_webp_with_alt_text(self, client, practice):
        practice.hero_image = make_image()
        practice.save_revision().publish()
        html = client.get(practice.url).content.decode()
        image = re.search(r"<img[^>]*hero-image[^>]*>", html).group(0)
        assert 'alt="Green waste bins on a street in Da Nang"' in image
        assert re.search(r'srcset="[^"]*\.format-webp\.webp 480w', image)
        assert 'sizes="(min-width: 72rem) 70rem, 100vw"' in image
        assert 'property="og:image"' in html

    def test_structured_metadata(self, client, practice):
        html = client.get(practice.url).content.decode()
        assert '<meta property="og:title" content="Sensor-based waste collection">' in html
        block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1)
        data = json.loads(block)
        assert data["@type"] == "Article" and data["contentLocation"]["name"] == "Da Nang"

    def test_json_ld_cannot_close_its_script_element(self, client, practice):
        practice.summary = "</script><script>alert(1)</script>"
        practice.save_revision().publish()
        html = client.get(practice.url).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "\\u003C/script\\u003E" in html

    def test_sitemap_lists_live_pages_only(self, client, city, practice):
        PracticePageFactory(parent=city, title="Draft", slug="draft-practice", live=False)
        xml = client.get("/sitemap.xml").content.decode()
        assert practice.url in xml and city.url in xml
        assert "draft-practice" not in xml

    def test_robots_txt(self, client, db):
        body = client.get("/robots.txt").content.decode()
        assert "admin" not in body  # the admin address is not advertised (ADMIN_URL)
        assert "Sitemap: http://testserver/sitemap.xml" in body

    def test_friendly_404_in_the_site_layout(self, client, site):
        response = client.get("/no-such-page/")
        assert response.status_code == 404
        html = response.content.decode()
        assert "<h1>Page not found</h1>" in html
        assert 'class="site-header"' in html and 'role="search"' in html


def test_friendly_500_needs_no_database_and_shows_no_trace(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/anything/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "<h1>Something went wrong</h1>" in html and 'class="site-header"' in html
    assert "Traceback" not in html
