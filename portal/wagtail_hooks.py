from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.http import urlencode

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button, ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from portal import translation_permissions
from portal.catalogues import InterfaceLanguagesView
from portal.models import Country, FocalArea
from portal.translation_review import SubmitTranslationForReviewView, can_submit, submit_label


class CountryViewSet(SnippetViewSet):
    model = Country
    icon = "globe"
    list_display = ["name", "code", "languages"]
    search_fields = ["name", "code"]


class FocalAreaViewSet(SnippetViewSet):
    model = FocalArea
    icon = "tag"
    list_display = ["name", "slug", "sort_order"]


class TaxonomyViewSetGroup(SnippetViewSetGroup):
    items = (CountryViewSet, FocalAreaViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = "Taxonomy"
    menu_name = "taxonomy"


register_snippet(TaxonomyViewSetGroup)


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


@hooks.register("before_move_page")
def refuse_moves_the_user_may_not_make(request, page, destination):
    """Wagtail checks the move only when it is confirmed: its confirmation page itself showed
    any page and destination to any editor. Nothing is shown to someone who may not move it."""
    if not page.permissions_for_user(request.user).can_move_to(destination):
        messages.error(request, "Sorry, you do not have permission to move this page there.")
        return redirect("wagtailadmin_home")
    return None


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
