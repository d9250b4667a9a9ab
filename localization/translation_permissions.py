"""Translating a page needs the right to edit it, not only wagtail-localize's global permission.

wagtail-localize lets anyone holding ``submit_translation`` open "Translate this page" and
"Update translations" for any page. Every city officer holds it (to translate their own city), so
an officer could create or resync translations inside another city's tree. These views keep
wagtail-localize's behaviour and add the page's own edit permission; they are mounted at the same
admin addresses (localization's hooks come before wagtail-localize's, so its URLs match first).
"""

from django.core.exceptions import PermissionDenied
from django.urls import path

from wagtail.models import Page

from wagtail_localize.views.submit_translations import SubmitPageTranslationView
from wagtail_localize.views.update_translations import UpdateTranslationsView


def require_page_edit(user, instance):
    if isinstance(instance, Page) and not instance.permissions_for_user(user).can_edit():
        raise PermissionDenied


class SubmitEditablePageTranslationView(SubmitPageTranslationView):
    def get_object(self):
        page = super().get_object()
        require_page_edit(self.request.user, page)
        return page


class UpdateEditableTranslationsView(UpdateTranslationsView):
    def get_object(self):
        source = super().get_object()
        require_page_edit(self.request.user, source.get_source_instance())
        return source


def urls():
    return [
        path(
            "localize/submit/page/<int:page_id>/",
            SubmitEditablePageTranslationView.as_view(),
            name="portal_submit_page_translation",
        ),
        path(
            "localize/update/<int:translation_source_id>/",
            UpdateEditableTranslationsView.as_view(),
            name="portal_update_translations",
        ),
    ]
