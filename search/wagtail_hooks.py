from django.urls import path

from wagtail import hooks

from search.topic_picker import suggestions


@hooks.register("register_admin_urls")
def topic_picker_urls():
    return [path("topics/suggestions/", suggestions, name="topic_suggestions")]
