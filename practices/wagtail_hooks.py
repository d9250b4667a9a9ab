from django.core.exceptions import PermissionDenied
from django.urls import include, path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import chooser
from wagtail.snippets.views.snippets import SnippetViewSet

from practices import city_messages, question_queue
from practices.models import ContactMessage
from practices.reports import UnverifiedPracticesView, report_urls


class MayReadMessages:
    """Wagtail's choosers answer any admin user; these hold residents' names and messages."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("practices.view_contactmessage"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ContactMessageChooserViewSet(chooser.SnippetChooserViewSet):
    choose_view_class = type("ChooseView", (MayReadMessages, chooser.ChooseView), {})
    choose_results_view_class = type(
        "ChooseResultsView", (MayReadMessages, chooser.ChooseResultsView), {}
    )
    chosen_view_class = type("ChosenView", (MayReadMessages, chooser.SnippetChosenView), {})
    chosen_multiple_view_class = type(
        "ChosenMultipleView", (MayReadMessages, chooser.SnippetChosenMultipleView), {}
    )


class ContactMessageViewSet(SnippetViewSet):
    """Messages sent through practice contact forms: a record kept even when mailing failed."""

    model = ContactMessage
    icon = "mail"
    menu_label = "Contact messages"
    add_to_admin_menu = True
    menu_order = 300
    list_display = ["name", "practice_title", "organisation", "created_at", "delivered"]
    list_filter = ["delivered"]
    search_fields = ["name", "email", "organisation", "practice_title", "message"]
    inspect_view_enabled = True
    chooser_viewset_class = ContactMessageChooserViewSet


register_snippet(ContactMessageViewSet)


@hooks.register("register_admin_urls")
def unverified_practices_urls():
    return report_urls(UnverifiedPracticesView, "unverified-practices")


@hooks.register("register_admin_urls")
def city_messages_urls():
    return [path("city-messages/", include((city_messages.urls(), "city_messages")))]


hooks.register("register_admin_menu_item", city_messages.menu_item)


@hooks.register("register_admin_urls")
def city_questions_urls():
    return [path("city-questions/", include((question_queue.urls(), "city_questions")))]


hooks.register("register_admin_menu_item", question_queue.menu_item)


@hooks.register("register_reports_menu_item")
def unverified_practices_menu_item():
    return MenuItem(
        "Practices to verify",
        reverse("unverified_practices"),
        name="unverified-practices",
        icon_name="time",
        order=650,
    )
