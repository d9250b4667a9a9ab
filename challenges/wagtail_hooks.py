from django.urls import path

from wagtail import hooks

from accounts.wagtail_hooks import secretariat_menu_item
from challenges.topic_proposals import TopicProposalsView


@hooks.register("register_admin_urls")
def topic_proposals_urls():
    view = TopicProposalsView
    return [
        path("reports/topics-to-add/", view.as_view(), name="topic_proposals"),
        path(
            "reports/topics-to-add/results/",
            view.as_view(results_only=True),
            name="topic_proposals_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def topic_proposals_menu_item():
    return secretariat_menu_item("Topics to add to the vocabulary", "topic_proposals", 670)
