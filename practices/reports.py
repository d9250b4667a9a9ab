"""Admin report: practices to verify (not confirmed by their city for over 12 months)."""

from django.urls import path

from wagtail.admin.views.reports import PageReportView
from wagtail.permission_policies.pages import PagePermissionPolicy

from practices.verification import unverified_practices


class UnverifiedPracticesView(PageReportView):
    page_title = "Practices to verify"
    header_icon = "time"
    results_template_name = "practices/reports/unverified_results.html"
    index_url_name = "unverified_practices"
    index_results_url_name = "unverified_practices_results"
    list_export = ["title", "city", "country", "last_verified", "contact_role"]
    export_headings = {"last_verified": "Last verified", "contact_role": "Contact"}
    any_permission_required = ["add", "change", "publish"]

    def get_queryset(self):
        editable = PagePermissionPolicy().instances_user_has_permission_for(
            self.request.user, "change"
        )
        return unverified_practices().filter(pk__in=editable.values("pk"))


def report_urls(view, slug):
    """The two admin addresses of a report: its page and its results (filters, pages), named
    after the view's ``index_url_name`` and ``index_results_url_name``."""
    return [
        path(f"reports/{slug}/", view.as_view(), name=view.index_url_name),
        path(
            f"reports/{slug}/results/",
            view.as_view(results_only=True),
            name=view.index_results_url_name,
        ),
    ]
