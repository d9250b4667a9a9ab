"""Every public page type, with the demo's longest content, fits a 320 px and a 375 px screen.

WCAG 2.1 1.4.10 Reflow (AA): no horizontal scrolling of the page at 320 CSS px. Wide tables may
scroll inside their own labelled, focusable region; the page itself may not.
"""

from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import browser_context
from tests.sitemaps import sitemap_entries

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAYOUT_WIDTHS = (320, 375)
SEARCHES = ("water", "ขยะ")


def path_of(href):
    parts = urlsplit(href)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def overflow(page):
    """The page's scroll width when it is wider than the viewport, else None."""
    scroll_width, inner_width = page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]"
    )
    return scroll_width if scroll_width > inner_width else None


def site_urls(page):
    """Every public URL pattern the demo site really has, in every language it has them.

    From the sitemap (home, indexes, every city and practice, in each language); then, per
    language, what its pages lead to: the city index's country view (its largest country), the
    practice index's first filter, coverage and compare form (four practices), search (the
    header's form) and a page that does not exist.
    """
    entries = sitemap_entries(page.request.get("/sitemap.xml").body())
    urls = dict.fromkeys(path_of(url) for url in entries)
    assert len(urls) > 150, urls
    english_home = next(url for url in entries if path_of(url) == "/")
    homes = [path_of(translation) for translation in entries[english_home].values()]
    assert len(homes) == 10, homes
    for home in homes:
        page.goto(home)
        # The header lists cities and practices first, then the library and the network's record.
        cities, practices, *record = page.locator(".site-nav a").evaluate_all(
            "links => links.map(link => link.getAttribute('href'))"
        )
        search = page.locator(".header-search").get_attribute("action")
        more = [*record, *(f"{search}?q={query}" for query in SEARCHES)]
        more.append(f"{home}this-page-does-not-exist/")
        page.goto(cities)
        countries = page.locator("#f-country option:not([value=''])").evaluate_all(
            "options => options.map(o => [parseInt(o.textContent.match(/\\((\\d+)\\)/)[1]),"
            " o.value])"
        )
        more.append(f"{cities}?country={max(countries)[1]}")
        page.goto(practices)
        more.append(practices + page.locator(".facet-option").first.get_attribute("href"))
        more.append(path_of(page.locator(".downloads a").first.get_attribute("href")))
        picks = page.locator(".compare-pick input").evaluate_all(
            "boxes => boxes.slice(0, 4).map(box => 'p=' + box.value).join('&')"
        )
        more.append(f"{page.locator('#compare-form').get_attribute('action')}?{picks}")
        urls.update(dict.fromkeys(more))
    return list(urls)


def test_every_public_page_fits_320_and_375_px_without_sideways_scrolling(chromium, demo):
    """Each page loads once and is measured at each width (the viewport resized in place: media
    queries and layout follow, as when a phone turns)."""
    failures, checked = [], 0
    context = browser_context(chromium, demo, LAYOUT_WIDTHS[0])
    page = context.new_page()
    urls = site_urls(page)
    for url in urls:
        page.goto(url)
        for width in LAYOUT_WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            checked += 1
            scroll_width = overflow(page)
            if scroll_width:
                failures.append(f"{url} at {width} px: scrollWidth {scroll_width}")
    context.close()
    assert checked > 2 * 150, checked
    assert not failures, f"{len(failures)} of {checked} pages scroll sideways:\n" + "\n".join(
        failures
    )
