"""The national review as the people in it see it.

- The reviewer, after "Approve" or "Request changes", is told what was done
  (``review_done``: where ``NationalReviewTask.on_action`` sends them).
- The officer, opening a page whose reviewer asked for changes, reads who asked, when and what,
  above the form they edit (``changes_requested_notice``), and is offered the one action they
  need, "Resubmit", rather than also "Cancel workflow" and "Restart workflow"
  (``only_resubmit_for_officers``). The e-mail says the same
  (``templates/wagtailadmin/notifications/workflow_state_rejected*``).
"""

from django.contrib.humanize.templatetags.humanize import naturaltime
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from wagtail.admin import messages
from wagtail.admin.utils import get_user_display_name
from wagtail.models import TaskState, WorkflowState

from cities.models import city_of


def described(page):
    """“Title” (City), as people tell pages apart in the review."""
    city = city_of(page)
    title = page.get_admin_display_title()
    if city is None or city.pk == page.pk:
        return f"“{title}”"
    return _("“%(title)s” (%(city)s)") % {"title": title, "city": city.title}


def review_done(request, task_state_id):
    """Where a reviewer lands after acting on a review: what they did, then the dashboard."""
    task_state = get_object_or_404(TaskState, pk=task_state_id)
    if task_state.finished_by_id != request.user.pk:  # nothing to confirm to anyone else
        return redirect("wagtailadmin_home")
    page = task_state.revision.content_object if task_state.revision else None
    if page is None:
        return redirect("wagtailadmin_home")
    page = page.specific
    submitter = task_state.workflow_state.requested_by
    who = get_user_display_name(submitter) if submitter else _("the author")
    if task_state.status == TaskState.STATUS_APPROVED:
        messages.success(
            request,
            _("You approved %(page)s: it is published.") % {"page": described(page)},
            buttons=[messages.button(page.full_url or "", _("View live"), new_window=True)]
            if page.live and page.full_url
            else None,
        )
    elif task_state.status == TaskState.STATUS_REJECTED:
        messages.success(
            request,
            _(
                "You requested changes to %(page)s. %(who)s was told by e-mail and sees your "
                "comment in the editor."
            )
            % {"page": described(page), "who": who},
        )
    return redirect("wagtailadmin_home")


def changes_requested(page):
    """The task state of ``page``'s review that asked for changes, while it still waits."""
    workflow_state = page.current_workflow_state
    if workflow_state is None or workflow_state.status != WorkflowState.STATUS_NEEDS_CHANGES:
        return None
    task_state = workflow_state.current_task_state
    return task_state.specific if task_state else None


def changes_requested_notice(request, page):
    """before_edit_page: above the form, who asked for which changes, and what to do next."""
    if request.method != "GET":
        return None
    task_state = changes_requested(page)
    if task_state is None:
        return None
    reviewer = task_state.finished_by
    comment = task_state.get_comment()
    text = _("%(reviewer)s requested changes in “%(task)s” (%(when)s).") % {
        "reviewer": get_user_display_name(reviewer) if reviewer else _("A reviewer"),
        "when": naturaltime(task_state.finished_at) if task_state.finished_at else "",
        "task": task_state.task.name,
    }
    if comment:
        text += " " + _("Their comment: “%(comment)s”") % {"comment": comment}
    text += " " + _(
        "Make the changes, then choose “Resubmit to %(task)s” in the menu beside “Save draft”: "
        "the reviewer gets the page back."
    ) % {"task": task_state.task.name}
    messages.warning(request, text)
    return None


def only_resubmit_for_officers(menu_items, request, context):
    """construct_page_action_menu: after changes were requested, an officer resubmits.

    "Cancel workflow" and "Restart workflow" stay for those who may publish the page (reviewers,
    the secretariat); an officer sees only "Resubmit to …", explained in the notice above.
    """
    page = context.get("page")
    if page is None or page.pk is None or changes_requested(page) is None:
        return
    if page.permissions_for_user(request.user).can_publish():
        return
    menu_items[:] = [
        item
        for item in menu_items
        if item.name not in {"action-cancel-workflow", "action-restart-workflow"}
    ]
