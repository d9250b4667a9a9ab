from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from practices.models import ContactMessage


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


register_snippet(ContactMessageViewSet)
