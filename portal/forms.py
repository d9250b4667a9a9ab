"""Page forms and widgets of the admin."""

from django import forms

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Page

from portal.models import SDGGoal


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


class SDGTargetsWidget(forms.CheckboxSelectMultiple):
    """The 169 SDG targets as checkboxes under their 17 goals: each goal a disclosure (open
    where a target is ticked, with how many) holding a fieldset of its targets, not one list of
    169."""

    template_name = "portal/admin/sdg_targets_widget.html"

    def optgroups(self, name, value, attrs=None):
        goals = {goal.number: str(goal) for goal in SDGGoal.objects.all()}
        grouped = {}
        for choice_value, label in self.choices:
            instance = getattr(choice_value, "instance", None)
            group = goals.get(instance.goal_id, "") if instance is not None else ""
            grouped.setdefault(group, []).append((choice_value, label))
        choices, self.choices = self.choices, list(grouped.items())
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = choices

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["goals"] = [
            (goal, options, sum(1 for option in options if option["selected"]))
            for goal, options, _index in context["widget"]["optgroups"]
        ]
        return context
