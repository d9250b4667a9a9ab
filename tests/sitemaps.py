"""Reading the portal's sitemap as a search engine does."""

from xml.etree import ElementTree

NAMESPACES = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}


def sitemap_entries(xml):
    """{page address: {language code: address of its translation}} of a sitemap's bytes."""
    sitemap = ElementTree.fromstring(xml)  # noqa: S314 - the portal's own sitemap
    return {
        url.findtext("sm:loc", namespaces=NAMESPACES): {
            link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", NAMESPACES)
        }
        for url in sitemap.findall("sm:url", NAMESPACES)
    }
