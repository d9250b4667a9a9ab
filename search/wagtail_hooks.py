from django.contrib import messages
from django.urls import path
from django.utils.translation import ngettext

from wagtail import hooks

from search.topic_picker import suggestions
from search.vocabulary import term_for


@hooks.register("register_admin_urls")
def topic_picker_urls():
    return [path("topics/suggestions/", suggestions, name="topic_suggestions")]


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def say_which_topics_wait_for_the_vocabulary(request, page):
    """An officer who typed a topic the vocabulary lacks is told it was kept and proposed
    (the secretariat's Reports › Topics to add to the vocabulary lists it)."""
    topics = getattr(page, "topics", None)
    if topics is None:
        return
    free = sorted(tag.name for tag in topics.all() if term_for(tag.name) is None)
    if free:
        messages.info(
            request,
            ngettext(
                "“%(topics)s” is not in the topic vocabulary yet: it is kept as a topic of "
                "this page and proposed to the ASCN secretariat.",
                "“%(topics)s” are not in the topic vocabulary yet: they are kept as topics of "
                "this page and proposed to the ASCN secretariat.",
                len(free),
            )
            % {"topics": "”, “".join(free)},
        )
