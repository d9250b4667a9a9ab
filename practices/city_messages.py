"""Messages to your city: the contact messages sent to a city's practices, for its officers.

Wagtail's "Contact messages" snippet lists every city's messages and is the secretariat's
(``practices.view_contactmessage``). City officers get this list and its detail pages, limited
to the practices under their city's pages (in every language); the secretariat sees them all
here too. National reviewers and other officers are refused (tests/test_permission_matrix.py).
"""

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.permission_policies.base import BasePermissionPolicy

from cities.roles import officer_cities
from practices.models import ContactMessage


def may_read_all(user):
    return user.is_active and user.has_perm("practices.view_contactmessage")


def messages_for(user):
    """The messages ``user`` may read: all for the secretariat, their city's for officers."""
    if may_read_all(user):
        return ContactMessage.objects.all()
    trees = Q()
    for city in officer_cities(user):
        trees |= Q(practice__path__startswith=city.path)
    return ContactMessage.objects.filter(trees) if trees else ContactMessage.objects.none()


class CityQueuePolicy(BasePermissionPolicy):
    """Only reading, the rows of a city's admin queue: ``may_view(user)`` says who opens the
    queue, ``rows_for(user)`` which rows they see (also practices/question_queue.py)."""

    def __init__(self, model, may_view, rows_for):
        super().__init__(model)
        self.may_view, self.rows_for = may_view, rows_for

    def user_has_permission(self, user, action):
        return action == "view" and user.is_authenticated and self.may_view(user)

    def instances_user_has_permission_for(self, user, action):
        if not self.user_has_permission(user, action):
            return self.model.objects.none()
        return self.rows_for(user)


def may_view(user):
    """Officers (for their city's messages) and the secretariat."""
    return may_read_all(user) or officer_cities(user).exists()


policy = CityQueuePolicy(ContactMessage, may_view, messages_for)


class CityQueueIndexView(IndexView):
    """The listing of a city's admin queue whose URLs are named in ``namespace`` (index,
    index_results, detail), newest first, of the rows its ``CityQueuePolicy`` allows."""

    namespace = None
    any_permission_required = ["view"]
    default_ordering = "-created_at"

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.index_url_name = f"{cls.namespace}:index"
        cls.index_results_url_name = f"{cls.namespace}:index_results"

    def get_base_queryset(self):
        return self.permission_policy.rows_for(self.request.user).select_related("practice")


class CityMessagesIndexView(CityQueueIndexView):
    model = ContactMessage
    permission_policy = policy
    namespace = "city_messages"
    page_title = _("Messages to your city")
    header_icon = "mail"
    inspect_url_name = "city_messages:detail"
    columns = [
        TitleColumn("name", label=_("From"), url_name="city_messages:detail"),
        Column("organisation", label=_("Organisation")),
        Column("practice_title", label=_("Practice")),
        DateColumn("created_at", label=_("Sent"), sort_key="created_at"),
    ]


class CityMessageView(InspectView):
    model = ContactMessage
    permission_policy = policy
    any_permission_required = ["view"]
    page_title = _("Message")
    header_icon = "mail"
    index_url_name = "city_messages:index"
    fields = ["practice_title", "name", "email", "organisation", "message", "created_at"]

    def get_object(self, queryset=None):
        return get_object_or_404(messages_for(self.request.user), pk=self.pk)


def urls():
    return [
        path("", CityMessagesIndexView.as_view(), name="index"),
        path("results/", CityMessagesIndexView.as_view(results_only=True), name="index_results"),
        path("<int:pk>/", CityMessageView.as_view(), name="detail"),
    ]


class CityMessagesMenuItem(MenuItem):
    def is_shown(self, request):
        return officer_cities(request.user).exists()  # the secretariat has "Contact messages"


def menu_item():
    return CityMessagesMenuItem(
        _("Messages to your city"),
        reverse("city_messages:index"),
        name="city-messages",
        icon_name="mail",
        order=310,
    )
