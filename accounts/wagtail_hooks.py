from functools import partial

from django.urls import include, path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from accounts import policy, views, webauthn
from accounts.audit import ACTIONS
from accounts.reports import SignInActivityView


@hooks.register("register_admin_urls")
def account_security_urls():
    account = [
        path("", views.index, name="index"),
        path("verify/", views.verify, name="verify"),
        path("set-up/", views.enrol, name="enrol"),
        path("authenticator-app/add/", views.add_authenticator, name="add_authenticator"),
        path("recovery-codes/", views.recovery_codes, name="recovery_codes"),
        path("recovery-codes/new/", views.new_recovery_codes, name="new_recovery_codes"),
        path("factors/<str:kind>/<int:pk>/rename/", views.rename, name="rename"),
        path("factors/<str:kind>/<int:pk>/remove/", views.remove, name="remove"),
        path("sessions/sign-out-elsewhere/", views.sign_out_elsewhere, name="sign_out_elsewhere"),
        path("editors/", views.EditorsView.as_view(), name="editors"),
        path(
            "editors/results/",
            views.EditorsView.as_view(results_only=True),
            name="editors_results",
        ),
        path("editors/<int:user_id>/reset/", views.reset, name="reset"),
    ]
    return [
        path("account-security/", include((account, "accounts"))),
        path("account-security/passkeys/", include(webauthn)),
        path(
            "reports/sign-in-activity/",
            SignInActivityView.as_view(),
            name="accounts_sign_in_activity",
        ),
        path(
            "reports/sign-in-activity/results/",
            SignInActivityView.as_view(results_only=True),
            name="accounts_sign_in_activity_results",
        ),
    ]


@hooks.register("register_log_actions")
def account_security_actions(actions):
    for action, label in ACTIONS.items():
        actions.register_action(action, label, label)


@hooks.register("register_account_menu_item")
def account_security_menu_item(request):
    return {
        "url": reverse("accounts:index"),
        "label": "Account security",
        "help_text": "Passkeys, authenticator apps, recovery codes and where you are signed in.",
    }


@hooks.register("register_admin_menu_item")
def account_security_main_menu_item():
    """In the sidebar too: its account menu has no hook, and the account page's "More
    actions" tab is where few look."""
    return MenuItem("Account security", reverse("accounts:index"), icon_name="key", order=100_000)


class SecretariatMenuItem(MenuItem):
    def is_shown(self, request):
        return policy.is_secretariat(request.user)


def secretariat_menu_item(label, url_name, order):
    return SecretariatMenuItem(
        label, reverse(url_name), name=url_name.replace(":", "-"), icon_name="key", order=order
    )


# Reports › Sign-in activity and Settings › Editors' second factors, for the secretariat.
for hook_name, item in {
    "register_reports_menu_item": ("Sign-in activity", "accounts_sign_in_activity", 660),
    "register_settings_menu_item": ("Editors' second factors", "accounts:editors", 610),
}.items():
    hooks.register(hook_name, partial(secretariat_menu_item, *item))


class SecondFactorPanel(Component):
    """On the dashboard: how long an editor in the grace period has left to set up a factor."""

    name = "second_factor"
    order = 50
    template_name = "accounts/second_factor_panel.html"

    def __init__(self, status):
        self.status = status

    def get_context_data(self, parent_context):
        return {"status": self.status}


@hooks.register("construct_homepage_panels")
def second_factor_panel(request, panels):
    if not policy.has_factor(request.user):
        status = policy.status(request.user, request)
        if status.in_grace or status.requirement == "optional":
            panels.insert(0, SecondFactorPanel(status))
