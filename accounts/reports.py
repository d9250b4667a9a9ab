"""Reports › Sign-in activity: the account-security part of the audit log, with addresses."""

from django.core.exceptions import PermissionDenied
from django.db.models.fields.json import KT

from wagtail.admin.views.reports import ReportView
from wagtail.log_actions import registry
from wagtail.models import ModelLogEntry

from accounts import policy


class SignInActivityView(ReportView):
    page_title = "Sign-in activity"
    header_icon = "key"
    results_template_name = "accounts/reports/sign_in_activity_results.html"
    index_url_name = "accounts_sign_in_activity"
    index_results_url_name = "accounts_sign_in_activity_results"
    list_export = ["timestamp", "label", "action", "address", "browser", "actor", "details"]
    export_headings = {
        "timestamp": "Date/Time (UTC)",
        "label": "Account",
        "action": "Event",
        "address": "Address",
        "browser": "Browser",
        "actor": "Done by",
        "details": "Details",
    }

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.custom_field_preprocess = {
            **self.custom_field_preprocess,
            "action": {
                self.FORMAT_CSV: registry.get_action_label,
                self.FORMAT_XLSX: registry.get_action_label,
            },
        }

    def dispatch(self, request, *args, **kwargs):
        if not policy.is_secretariat(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def stream_csv(self, queryset):
        """Wagtail's CSV, after a byte-order mark: spreadsheet programs then read it as UTF-8
        (names in Thai, Lao, Khmer…), as the portal's other CSV exports."""
        yield "\ufeff".encode()
        yield from super().stream_csv(queryset)

    def get_filename(self):
        return "sign-in-activity"

    def get_queryset(self):
        return (
            ModelLogEntry.objects.filter(action__startswith="accounts.")
            .annotate(address=KT("data__address"), browser=KT("data__browser"))
            .select_related("user")
            .order_by("-timestamp", "-pk")
        )

    def decorate_paginated_queryset(self, object_list):
        for entry in object_list:
            entry.actor = entry.user.get_username() if entry.user else ""
            entry.action_label = registry.get_action_label(entry.action)
            entry.details = ", ".join(
                f"{key}: {value}"
                for key, value in entry.data.items()
                if key not in {"address", "browser"}
            )
        return object_list
