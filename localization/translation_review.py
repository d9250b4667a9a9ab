"""Submitting a finished translation to the page's review workflow.

wagtail-localize's translation editor saves the translated strings and lets only people who may
publish press "Publish". A city officer may not publish, so this adds the step Wagtail gives
every other draft: save the translation as a draft revision and start the page's workflow
(the national review), where a reviewer approves (and so publishes) it or asks for changes.

People reach it from the page explorer's menu ("Submit translation for review (n/m
translated)") and from the translation editor; both are links to a confirmation page
(``SubmitTranslationForReviewView``, GET), whose button does it (POST).
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from wagtail_localize.models import Translation


def translation_of(page):
    """The enabled wagtail-localize translation that produces ``page``, or None."""
    return (
        Translation.objects.filter(
            target_locale_id=page.locale_id,
            source__object_id=page.translation_key,
            enabled=True,
        )
        .exclude(source__locale_id=page.locale_id)
        .select_related("source", "source__locale", "target_locale")
        .first()
    )


def can_submit(page, user):
    """A translation can go to review when its editor may edit it and no review is running."""
    permissions = page.permissions_for_user(user)
    return (
        permissions.can_edit()
        and page.get_workflow() is not None
        and not page.workflow_in_progress
        and translation_of(page) is not None
    )


def submit_label(page):
    """The explorer's menu item, with how much of the translation is done."""
    total, done = translation_of(page).get_progress()
    return _("Submit translation for review (%(done)s/%(total)s translated)") % {
        "done": done,
        "total": total,
    }


class SubmitTranslationForReviewView(WagtailAdminTemplateMixin, TemplateView):
    """GET: what will happen, and a button; POST: save the translation and start the review."""

    template_name = "localization/admin/submit_translation_for_review.html"
    page_title = gettext_lazy("Submit translation for review")
    header_icon = "resubmit"

    def dispatch(self, request, page_id):
        self.page = get_object_or_404(Page, pk=page_id).specific
        if not self.page.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        return super().dispatch(request, page_id)

    @cached_property
    def translation(self):
        return translation_of(self.page)

    @cached_property
    def next_url(self):
        return get_valid_next_url_from_request(self.request) or reverse(
            "wagtailadmin_explore", args=[self.page.get_parent().pk]
        )

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        total, done = self.translation.get_progress() if self.translation else (0, 0)
        workflow = self.page.get_workflow()
        context.update(
            page=self.page,
            translation=self.translation,
            total=total,
            done=done,
            workflow=workflow,
            in_review=self.page.workflow_in_progress,
            can_submit=can_submit(self.page, self.request.user) and done == total,
            next_url=self.next_url,
            editor_url=reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
        )
        return context

    def post(self, request, page_id):
        if not can_submit(self.page, request.user):
            messages.error(
                request,
                _(
                    "“%(title)s” cannot be submitted for review: it is not a translation, "
                    "or it is already in review."
                )
                % {"title": self.page.get_admin_display_title()},
            )
            return redirect(self.next_url)
        total, done = self.translation.get_progress()
        if done < total:
            messages.error(
                request,
                _(
                    "“%(title)s” is translated for %(done)s of %(total)s texts. Translate the "
                    "rest before submitting it for review."
                )
                % {"title": self.page.get_admin_display_title(), "done": done, "total": total},
            )
            return redirect(request.path)
        with transaction.atomic():  # a saved draft and its review, or neither
            self.translation.save_target(user=request.user, publish=False)
            page = Page.objects.get(pk=self.page.pk).specific
            workflow = page.get_workflow()
            workflow.start(page, request.user)
        messages.success(
            request,
            _("“%(title)s” was submitted for review (%(workflow)s).")
            % {"title": page.get_admin_display_title(), "workflow": workflow.name},
        )
        return redirect(self.next_url)
