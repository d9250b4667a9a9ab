from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from portal.models import Country, FocalArea


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
