"""Submitting a finished translation to the page's review workflow.

wagtail-localize's translation editor saves the translated strings and lets only people who may
publish press "Publish". A city officer may not publish, so this adds the step Wagtail gives
every other draft: save the translation as a draft revision and start the page's workflow
(the national review), where a reviewer approves (and so publishes) it or asks for changes.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

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
        .select_related("source")
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


@require_POST
def submit_translation_for_review(request, page_id):
    page = get_object_or_404(Page, pk=page_id).specific
    if not can_submit(page, request.user):
        raise PermissionDenied
    translation = translation_of(page)
    total, done = translation.get_progress()
    explore = reverse("wagtailadmin_explore", args=[page.get_parent().pk])
    if done < total:
        messages.error(
            request,
            f"“{page.get_admin_display_title()}” is translated for {done} of {total} texts. "
            "Translate the rest before submitting it for review.",
        )
        return redirect(explore)
    translation.save_target(user=request.user, publish=False)
    page = Page.objects.get(pk=page.pk).specific
    page.get_workflow().start(page, request.user)
    messages.success(
        request,
        f"“{page.get_admin_display_title()}” was submitted for review.",
    )
    return redirect(explore)
