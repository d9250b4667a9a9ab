from wagtail import hooks

from accounts.wagtail_hooks import secretariat_menu_item
from challenges.topic_proposals import TopicProposalsView
from practices.reports import report_urls


@hooks.register("register_admin_urls")
def topic_proposals_urls():
    return report_urls(TopicProposalsView, "topics-to-add")


@hooks.register("register_reports_menu_item")
def topic_proposals_menu_item():
    return secretariat_menu_item("Topics to add to the vocabulary", "topic_proposals", 670)
