"""The sitemap of every language, each page with its translations as ``hreflang`` alternates.

Wagtail's sitemap lists the site's own tree, which is the English one: search engines would
never hear of the Thai or Lao pages except through links. Each language has a tree of its own
under the root page's translations; all of them are listed here, and each entry names its
translations (the format search engines document for multilingual sites).
"""

from functools import reduce
from operator import or_

from django.db.models import Q

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


def public_pages(pages):
    """What a visitor may read: live, public, and no alias (an alias shows another language's
    text, so it is no translation of its own)."""
    return pages.live().public().filter(alias_of__isnull=True)


class MultilingualSitemap(Sitemap):
    def items(self):
        roots = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        in_a_tree = reduce(or_, (Q(path__startswith=root.path) for root in roots))
        return (
            public_pages(Page.objects.filter(in_a_tree))
            .order_by("path")
            .defer_streamfields()
            .specific()
        )

    def _urls(self, page, protocol, domain):
        """Wagtail's entries of one sitemap page, each with its translations (one query)."""
        pages = list(self.paginator.page(page).object_list)
        translations = {}
        keys = {item.translation_key for item in pages}
        others = public_pages(Page.objects.filter(translation_key__in=keys))
        for other in others.select_related("locale").order_by("locale__language_code"):
            translations.setdefault(other.translation_key, []).append(other)
        urls = []
        for item in pages:
            group = translations.get(item.translation_key, [])
            for url in item.get_sitemap_urls(self.request):
                if len(group) > 1:
                    url["alternates"] = [
                        {"lang_code": other.locale.language_code, "location": other.get_full_url()}
                        for other in group
                    ]
                urls.append(url)
        last_changes = {url.get("lastmod") for url in urls}
        if last_changes and None not in last_changes:
            self.latest_lastmod = max(last_changes)
        return urls
