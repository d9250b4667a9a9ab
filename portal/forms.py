"""Page forms of the admin."""

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Page


class SameLanguageChoicesForm(WagtailAdminPageForm):
    """Lists of pages to choose (cities, practices, documents) offer those in the page's own
    language, by title: every translation is a page of its own, and a list of them all shows
    each city up to ten times, under names an editor may not read.

    A page model names what its choice shows with ``choice_label`` (and the relations that
    reads, ``choice_relations``); its title otherwise.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale_id = self.instance.locale_id or getattr(self.parent_page, "locale_id", None)
        if locale_id is None:
            return
        for field in self.fields.values():
            model = getattr(getattr(field, "queryset", None), "model", None)
            if model is None or not issubclass(model, Page):
                continue
            field.queryset = (
                model.objects.filter(locale_id=locale_id)
                .select_related(*getattr(model, "choice_relations", ()))
                .order_by("title")
            )
            field.label_from_instance = getattr(model, "choice_label", str)
