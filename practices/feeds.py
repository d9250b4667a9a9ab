"""RSS and Atom feeds of newly published practices."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.feeds import FEED_SIZE, ListingFeed, atom
from practices.models import PracticePage


class LatestPracticesFeed(ListingFeed):
    description = gettext_lazy(
        "Best-practice case studies newly published by ASEAN Smart Cities Network cities."
    )

    def title(self):
        return _("ASCN Knowledge Portal: new practices")

    def items(self):
        return (
            PracticePage.objects.listed()
            .select_related("city", "country")
            .order_by("-first_published_at")[:FEED_SIZE]
        )

    def item_title(self, item):
        return f"{item.title} ({item.city.title if item.city else ''})"


LatestPracticesAtomFeed = atom(LatestPracticesFeed)
