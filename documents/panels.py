"""The document page editor's note on the file's text: whether it could be read."""

from wagtail.admin.panels import Panel


class SearchableTextPanel(Panel):
    """What the public page says about the file's text (protected by a password, damaged, only
    its first pages searched, still being read), shown to the editor who uploaded it."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "documents/admin/searchable_text_panel.html"

        def is_shown(self):
            return bool(self.instance.file_id)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["note"] = self.instance.text_note
            return context
