from django.urls import path

from wagtail import hooks

from cities import review


@hooks.register("register_admin_urls")
def national_review_urls():
    return [
        path("review/<int:task_state_id>/done/", review.review_done, name="national_review_done"),
    ]


hooks.register("before_edit_page", review.changes_requested_notice)
hooks.register("construct_page_action_menu", review.only_resubmit_for_officers)

