"""The admin side of localization: the translation views that check the page's edit
permission, "Submit translation for review" and the "Interface languages" page.

This app comes before wagtail_localize in INSTALLED_APPS, so its URLs (mounted at
wagtail-localize's own addresses) match first.
"""

from django.urls import path, reverse
from django.utils.http import urlencode

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button, ListingButton

from localization import translation_permissions
from localization.catalogues import InterfaceLanguagesView
from localization.translation_review import SubmitTranslationForReviewView, can_submit, submit_label


@hooks.register("register_admin_urls")
def translation_review_urls():
    return [
        *translation_permissions.urls(),
        path(
            "translations/<int:page_id>/submit-for-review/",
            SubmitTranslationForReviewView.as_view(),
            name="submit_translation_for_review",
        ),
        path(
            "interface-languages/",
            InterfaceLanguagesView.as_view(),
            name="interface_languages",
        ),
    ]


@hooks.register("register_settings_menu_item")
def interface_languages_menu_item():
    return MenuItem(
        "Interface languages",
        reverse("interface_languages"),
        name="interface-languages",
        icon_name="globe",
        order=650,
    )


@hooks.register("register_page_listing_more_buttons")
def submit_translation_button(page, user, next_url=None, **kwargs):
    """Shown on a translation its editor may submit, with how much of it is translated: a
    link to the confirmation, which submits it (a plain link: it works from any menu)."""
    if can_submit(page, user):
        url = reverse("submit_translation_for_review", args=[page.pk])
        if next_url:
            url += "?" + urlencode({"next": next_url})
        yield ListingButton(submit_label(page), url, priority=55, icon_name="resubmit")


@hooks.register("register_page_header_buttons")
def submit_translation_header_button(page, user, view_name=None, next_url=None, **kwargs):
    """The same action in the page's header menu (explorer and editor)."""
    if can_submit(page, user):
        yield Button(
            submit_label(page),
            reverse("submit_translation_for_review", args=[page.pk]),
            priority=12,
            icon_name="resubmit",
        )
