"""RSS and Atom feeds of newly published practices."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from practices.models import PracticePage


class LatestPracticesFeed(Feed):
    description = gettext_lazy(
        "Best-practice case studies newly published by ASEAN Smart Cities Network cities."
    )

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return _("ASCN Knowledge Portal: new practices")

    def link(self):
        return self.index_page.url

    def items(self):
        return (
            PracticePage.objects.listed()
            .select_related("city", "country")
            .order_by("-first_published_at")[:30]
        )

    def item_title(self, item):
        return f"{item.title} ({item.city.title if item.city else ''})"

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at


class LatestPracticesAtomFeed(LatestPracticesFeed):
    feed_type = Atom1Feed
    subtitle = LatestPracticesFeed.description
