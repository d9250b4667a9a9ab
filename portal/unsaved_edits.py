"""What an editor typed survives an expired session.

Wagtail answers a page form posted without a session with the sign-in page, and what was typed
is gone. This middleware keeps it: a page edit or add form posted by a signed-out browser (its
CSRF token already checked by CsrfViewMiddleware, which runs first) is kept in that browser's
session; the editor signs in again, and on the way back to the editor the form is saved as a
draft through Wagtail's own view, with the editor's own permissions. The replay never publishes
or submits: only a draft is saved, and a form that does not validate comes back with its errors
and the typed text.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import QueryDict
from django.urls import reverse
from django.utils.datastructures import MultiValueDict

PAGE_FORMS = {"wagtailadmin_pages:edit", "wagtailadmin_pages:add"}
SESSION_KEY = "portal_unsaved_page_form"


class KeepUnsavedEditsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.view_name not in PAGE_FORMS:
            return None
        if request.method == "POST" and not request.user.is_authenticated:
            return self.keep(request)
        kept = request.session.get(SESSION_KEY) if request.user.is_authenticated else None
        if request.method == "GET" and kept and kept["path"] == request.path:
            return self.save_as_draft(request, view_func, view_args, view_kwargs)
        return None

    def keep(self, request):
        request.session[SESSION_KEY] = {
            "path": request.path,
            "fields": {
                name: request.POST.getlist(name)
                for name in request.POST
                if not name.startswith("action-") and name != "csrfmiddlewaretoken"
            },
        }
        messages.warning(
            request,
            "Your session had expired. Sign in again: what you typed is kept and will be "
            "saved as a draft.",
        )
        return redirect_to_login(request.path, login_url=reverse("wagtailadmin_login"))

    def save_as_draft(self, request, view_func, view_args, view_kwargs):
        kept = request.session.pop(SESSION_KEY)
        form = QueryDict(mutable=True)
        for name, values in kept["fields"].items():
            form.setlist(name, values)
        request.method = "POST"
        request._post, request._files = form, MultiValueDict()
        response = view_func(request, *view_args, **view_kwargs)
        if response.status_code == 302:
            messages.success(
                request, "What you typed before your session expired is saved as a draft."
            )
        return response
