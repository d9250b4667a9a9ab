"""Reports › Topics to add to the vocabulary: free tags officers typed, for the secretariat.

Officers tag practices and challenges with the vocabulary's terms in any of its languages
(``search.vocabulary``); a tag that names no term is still allowed, and is listed here with how
many practices and challenges use it, so that the secretariat can add it to
``search/data/topics.json`` with its names in the ten languages.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q

from taggit.models import Tag
from wagtail.admin.views.reports import ReportView

from accounts import policy
from search.vocabulary import term_for

USES = {
    "practices": "practices_practicetopic_items",
    "challenges": "challenges_challengetopic_items",
}


def free_tags():
    """The tags in use that name no term of the vocabulary, the most used first."""
    used = Tag.objects.annotate(
        **{name: Count(relation, distinct=True) for name, relation in USES.items()}
    ).filter(Q(practices__gt=0) | Q(challenges__gt=0))
    free = [tag.pk for tag in used.only("pk", "name") if term_for(tag.name) is None]
    return used.filter(pk__in=free).order_by((F("practices") + F("challenges")).desc(), "name")


class TopicProposalsView(ReportView):
    page_title = "Topics to add to the vocabulary"
    header_icon = "tag"
    results_template_name = "challenges/reports/topic_proposals_results.html"
    index_url_name = "topic_proposals"
    index_results_url_name = "topic_proposals_results"
    list_export = ["name", "practices", "challenges"]
    export_headings = {"name": "Topic", "practices": "Practices", "challenges": "Challenges"}

    def dispatch(self, request, *args, **kwargs):
        if not policy.is_secretariat(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filename(self):
        return "topics-to-add"

    def get_queryset(self):
        return free_tags()
