"""The dashboard panel of officers and reviewers: their city (or country), one click from each
of its page trees, its drafts and its pages in review.

Wagtail's explorer opens officers on "Root" (the common ancestor of their city's page trees in
every language), six steps from their city; this panel is where they start instead.
"""

from collections import OrderedDict

from django.db.models import Q
from django.utils.translation import gettext as _

from wagtail.admin.ui.components import Component
from wagtail.models import Locale, Page, WorkflowState

from cities.models import CityPage

SHOWN = 10  # drafts and reviews listed; the rest are counted


def cities_of(user):
    """The city pages (every language) whose trees the user's groups may edit."""
    if not user.is_authenticated or user.is_superuser:
        return CityPage.objects.none()
    return (
        CityPage.objects.filter(
            group_permissions__group__in=user.groups.all(),
            group_permissions__permission__codename="change_page",
        )
        .distinct()
        .select_related("locale", "country")
        .order_by("title")
    )


class MyCityPanel(Component):
    name = "my_city"
    order = 50  # before Wagtail's own panels
    template_name = "cities/admin/my_city_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        copies = list(cities_of(self.user))
        default = Locale.get_default().pk
        cities = OrderedDict()
        for city in sorted(copies, key=lambda c: (c.locale_id != default, c.title)):
            cities.setdefault(city.translation_key, []).append(city)
        countries = {city.country for city in copies}
        reviewer = any(city.permissions_for_user(self.user).can_publish() for city in copies[:1])
        if reviewer and len(countries) == 1:
            heading = _("Your country: %(country)s") % {"country": next(iter(countries)).label}
        else:
            names = ", ".join(group[0].title for group in cities.values())
            if len(cities) == 1:
                heading = _("Your city: %(cities)s") % {"cities": names}
            else:
                heading = _("Your cities: %(cities)s") % {"cities": names}
        trees = Q()
        for city in copies:
            trees |= Q(path__startswith=city.path)
        pages = Page.objects.filter(trees) if copies else Page.objects.none()
        in_review = pages.filter(
            _workflow_states__status__in=[
                WorkflowState.STATUS_IN_PROGRESS,
                WorkflowState.STATUS_NEEDS_CHANGES,
            ]
        ).distinct()
        drafts = pages.filter(has_unpublished_changes=True).exclude(pk__in=in_review.values("pk"))
        return {
            "heading": heading,
            "cities": [
                {"name": group[0].title, "copies": group, "add_to": group[0]}
                for group in cities.values()
            ],
            "drafts": list(
                drafts.select_related("locale").order_by("-latest_revision_created_at")[:SHOWN]
            ),
            "draft_count": drafts.count(),
            "reviews": [
                (page, page.current_workflow_state)
                for page in in_review.select_related("locale").order_by(
                    "-latest_revision_created_at"
                )[:SHOWN]
            ],
            "review_count": in_review.count(),
            "reviewer": reviewer,
        }

    def render_html(self, parent_context=None):
        if not cities_of(self.user).exists():
            return ""
        return super().render_html(parent_context)
