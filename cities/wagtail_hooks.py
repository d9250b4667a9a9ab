from django.urls import path

from wagtail import hooks

from cities import review
from cities.dashboard import MyCityPanel


@hooks.register("register_admin_urls")
def national_review_urls():
    return [
        path("review/<int:task_state_id>/done/", review.review_done, name="national_review_done"),
    ]


hooks.register("before_edit_page", review.changes_requested_notice)
hooks.register("construct_page_action_menu", review.only_resubmit_for_officers)


@hooks.register("construct_homepage_panels")
def my_city_panel(request, panels):
    panels.append(MyCityPanel(request.user))
