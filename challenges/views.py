"""Views behind the routes of ChallengeIndexPage: listing with facets, exports and feeds."""

from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from challenges.models import ChallengePage, ChallengeStatus
from portal.exports import csv_download, json_download
from portal.feeds import FEED_SIZE, atom
from practices.feeds import LatestPracticesFeed
from practices.filters import PracticeFilter
from practices.views import MAX_EXPORT_ROWS, city_page_row, filtered_listing


class ChallengeFilter(PracticeFilter):
    """``?country=TH&focal_area=quality-environment&status=open``, as the practice listing's
    filters: alternatives within one filter, every filter combined, counts that never lie."""

    model = ChallengePage
    statuses = ChallengeStatus
    cache_name = "challenge"
    names = ("country", "focal_area", "status")
    sorts = ("",)  # newest first only

    def results(self):
        return (
            self.apply()
            .select_related("city", "country", "locale")
            .prefetch_related("focal_areas")
            .order_by("-first_published_at", "title")
        )

    def _count_facets(self):
        return [
            self._facet("country", "country__code", "country__name"),
            self._focal_area_facet(),
            self._facet("status", "status", None),
        ]


def listing(request, index_page):
    context = filtered_listing(request, index_page, ChallengeFilter(request.GET))
    return TemplateResponse(request, "challenges/challenge_index_page.html", context)


def export_rows(request):
    for challenge in ChallengeFilter(request.GET).results()[:MAX_EXPORT_ROWS]:
        yield {
            **city_page_row(request, challenge),
            "problem": challenge.problem,
            "tried": challenge.tried,
            "budget_from": challenge.budget_from,
            "budget_to": challenge.budget_to,
            "currency": challenge.currency,
            "time_frame": challenge.time_frame,
            "in_house_capacity": challenge.in_house_capacity,
            "raised_on": challenge.raised_on,
            "resolved_on": challenge.resolved_on,
            "sample": challenge.is_sample,
        }


def export_csv(request, index_page):
    return csv_download(export_rows(request), "ascn-challenges.csv")


def export_json(request, index_page):
    return json_download(export_rows(request), "ascn-challenges.json")


class LatestChallengesFeed(LatestPracticesFeed):
    description = gettext_lazy(
        "Challenges newly raised by ASEAN Smart Cities Network cities, looking for practices."
    )

    def title(self):
        return _("ASCN Knowledge Portal: new challenges")

    def items(self):
        return (
            ChallengePage.objects.listed()
            .select_related("city", "country")
            .order_by("-first_published_at")[:FEED_SIZE]
        )

    def item_description(self, item):
        return item.problem


LatestChallengesAtomFeed = atom(LatestChallengesFeed)


def feed_rss(request, index_page):
    return LatestChallengesFeed(index_page)(request)


def feed_atom(request, index_page):
    return LatestChallengesAtomFeed(index_page)(request)
