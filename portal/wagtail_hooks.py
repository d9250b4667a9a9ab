from django.contrib import messages
from django.shortcuts import redirect

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from portal.models import Country, FocalArea, SDGTarget


class CountryViewSet(SnippetViewSet):
    model = Country
    icon = "globe"
    list_display = ["name", "code", "languages"]
    search_fields = ["name", "code"]


class FocalAreaViewSet(SnippetViewSet):
    model = FocalArea
    icon = "tag"
    list_display = ["name", "slug", "sort_order"]


class SDGTargetViewSet(SnippetViewSet):
    """The UN's targets, loaded from portal/data/sdg.json: no group is given the permission to
    change them, so only superusers may (the English text is the UN's)."""

    model = SDGTarget
    icon = "tag"
    menu_label = "SDG targets"
    list_display = ["code", "title", "goal"]
    list_filter = ["goal"]
    search_fields = ["code", "title"]
    search_backend_name = None  # the admin's search reads the table: the index holds pages
    list_per_page = 50


class TaxonomyViewSetGroup(SnippetViewSetGroup):
    items = (CountryViewSet, FocalAreaViewSet, SDGTargetViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = "Taxonomy"
    menu_name = "taxonomy"


register_snippet(TaxonomyViewSetGroup)


@hooks.register("before_move_page")
def refuse_moves_the_user_may_not_make(request, page, destination):
    """Wagtail checks the move only when it is confirmed: its confirmation page itself showed
    any page and destination to any editor. Nothing is shown to someone who may not move it."""
    if not page.permissions_for_user(request.user).can_move_to(destination):
        messages.error(request, "Sorry, you do not have permission to move this page there.")
        return redirect("wagtailadmin_home")
    return None
