"""The second-factor steps of signing in, and the account security page."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from wagtail.admin.views import account as wagtail_account
from wagtail.admin.views.generic.base import BaseListingView

from axes.helpers import get_credentials, get_lockout_response
from django_otp.plugins.otp_static.models import StaticDevice

from accounts import factors, policy, verification
from accounts.audit import client_address, record
from accounts.forms import (
    CodeForm,
    NewAuthenticatorForm,
    PasswordForm,
    RecoveryCodeForm,
    RenameForm,
)
from accounts.models import SignInSession

NEW_SECRET_KEY = "accounts_new_totp_secret"  # noqa: S105 (a session key name)


def next_url(request, default=None):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default or reverse("wagtailadmin_home")


def with_next(url_name, target):
    return f"{reverse(url_name)}?{urlencode({'next': target})}"


def held(request):
    """Signed in with a password, the second factor still to give: the sign-in layout."""
    return policy.must_verify(request)


def layout(request):
    return "accounts/bare.html" if held(request) else "accounts/page.html"


def lockout_page(request, user):
    """django-axes' page (the same as after wrong passwords): signing in is paused."""
    return get_lockout_response(request, credentials=get_credentials(user.get_username()))


# Signing in: the second step ------------------------------------------------------------------


@never_cache
def verify(request):
    user = request.user
    if not held(request):
        return redirect(next_url(request))
    if not policy.has_factor(user):
        return redirect(with_next("accounts:enrol", next_url(request)))
    if verification.is_locked(request, user):
        verification.lock_out(request, user)
        return lockout_page(request, user)

    code_form, recovery_form = CodeForm(), RecoveryCodeForm()
    if request.method == "POST":
        if "recovery_code" in request.POST:
            recovery_form = RecoveryCodeForm(request.POST)
            device = policy.recovery_device(user)
            if (
                recovery_form.is_valid()
                and device
                and device.verify_token(recovery_form.cleaned_data["recovery_code"].strip())
            ):
                verification.succeeded(request, device, "recovery code")
                record(user, "accounts.recovery_code_used", request)
                left = policy.recovery_codes_left(user)
                messages.warning(
                    request,
                    f"You signed in with a recovery code: {left} left. Each works once; make new "
                    "ones on your account security page if you are running out.",
                )
                return redirect(next_url(request))
            form, method = recovery_form, "recovery code"
        else:
            code_form = CodeForm(request.POST)
            if code_form.is_valid():
                code = "".join(code_form.cleaned_data["code"].split())
                for device in policy.totp_devices(user):
                    if device.verify_token(code):  # refuses a code already used (replay)
                        verification.succeeded(request, device, "authenticator app")
                        return redirect(next_url(request))
            form, method = code_form, "authenticator app"
        if verification.failed(request, method):
            return lockout_page(request, user)
        form.add_error(None, gettext("That code is not right, or was already used."))

    return render(
        request,
        "accounts/verify.html",
        {
            "title": gettext("Second step of signing in"),
            "code_form": code_form,
            "recovery_form": recovery_form,
            "has_passkey": policy.passkeys(user).exists(),
            "has_app": policy.totp_devices(user).exists(),
            "has_recovery_codes": policy.recovery_codes_left(user) > 0,
            "tries_left": verification.tries_left(request, user),
            "next": next_url(request),
        },
    )


@never_cache
def enrol(request):
    """Someone who must have a second factor and has none chooses one."""
    if policy.has_factor(request.user):
        return redirect(next_url(request, reverse("accounts:index")))
    status = policy.status(request.user, request)
    return render(
        request,
        "accounts/enrol.html",
        {
            "title": "Set up a second factor",
            "layout": layout(request),
            "status": status,
            "next": next_url(request),
            "after_passkey": with_next("accounts:recovery_codes", next_url(request)),
        },
    )


@never_cache
def add_authenticator(request):
    """An authenticator app: scan the QR code (or type the key), then confirm with a code."""
    user = request.user
    if held(request) and policy.has_factor(user):
        return redirect(with_next("accounts:verify", request.get_full_path()))
    key = request.session.get(NEW_SECRET_KEY)
    if request.method != "POST" or not key:
        key = request.session[NEW_SECRET_KEY] = factors.new_totp_secret()
    form = NewAuthenticatorForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        last_t = factors.check_new_totp(key, form.cleaned_data["code"])
        if last_t is None:
            form.add_error("code", "That code does not match. Check the key, then try a new code.")
        else:
            first = not policy.has_factor(user)
            device = factors.add_totp(user, key, form.cleaned_data["name"], last_t)
            del request.session[NEW_SECRET_KEY]
            record(user, "accounts.factor_added", request, factor=device.name)
            if first:
                verification.succeeded(request, device, "authenticator app")
            if first or not policy.recovery_codes_left(user):
                factors.remember_fresh_codes(request, factors.make_recovery_codes(user))
                return redirect(with_next("accounts:recovery_codes", next_url(request)))
            messages.success(request, f"“{device.name}” added.")
            return redirect(reverse("accounts:index"))
    uri = factors.provisioning_uri(user, key)
    return render(
        request,
        "accounts/add_authenticator.html",
        {
            "title": "Add an authenticator app",
            "layout": layout(request),
            "form": form,
            "qr_svg": factors.qr_svg(uri),
            "uri": uri,
            "secret": factors.base32(key),
            "next": next_url(request),
        },
    )


@never_cache
def recovery_codes(request):
    """New recovery codes, shown this once (they are not shown again)."""
    codes = request.session.pop(factors.FRESH_CODES_KEY, None)
    if codes:
        request.session.save()  # gone before the page is: a reload does not show them again
    response = render(
        request,
        "accounts/recovery_codes.html",
        {
            "title": "Your recovery codes",
            "layout": layout(request),
            "codes": codes,
            "has_factor": policy.has_factor(request.user),
            "next": next_url(request, reverse("accounts:index")),
        },
    )
    response["Cache-Control"] = "no-store"
    return response


# The account security page ----------------------------------------------------------------------


def active_sessions(user):
    alive = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
    return SignInSession.objects.filter(user=user, session_key__in=alive)


@never_cache
def index(request):
    user = request.user
    sessions = list(active_sessions(user))
    this_session = request.session.session_key
    return render(
        request,
        "accounts/index.html",
        {
            "title": "Account security",
            "status": policy.status(user, request),
            "factors": factors.factors(user),
            "recovery_codes_left": policy.recovery_codes_left(user),
            "sessions": sessions,
            "other_sessions": any(s.session_key != this_session for s in sessions),
            "this_session": this_session,
            "after_passkey": with_next("accounts:recovery_codes", reverse("accounts:index")),
        },
    )


def own_factor(request, kind, pk):
    device = factors.get_factor(request.user, kind, pk)
    if device is None:
        raise Http404
    return device


@never_cache
def rename(request, kind, pk):
    device = own_factor(request, kind, pk)
    form = RenameForm(request.POST or None, initial={"name": device.name})
    if form.is_valid():
        old = device.name
        device.name = form.cleaned_data["name"]
        device.save(update_fields=["name"])
        record(request.user, "accounts.factor_renamed", request, factor=device.name, was=old)
        messages.success(request, f"Renamed to “{device.name}”.")
        return redirect("accounts:index")
    return render(
        request,
        "accounts/rename.html",
        {"title": f"Rename “{device.name}”", "device": device, "form": form},
    )


@never_cache
def remove(request, kind, pk):
    user = request.user
    device = own_factor(request, kind, pk)
    last = len(factors.factors(user)) == 1
    refused = last and policy.status(user, request).required_now
    form = PasswordForm(request.POST or None, request=request)
    if not refused and request.method == "POST" and form.is_valid():
        device.delete()
        record(user, "accounts.factor_removed", request, factor=device.name)
        if last:
            StaticDevice.objects.filter(user=user).delete()  # recovery codes stand in for factors
        messages.success(request, f"“{device.name}” removed.")
        return redirect("accounts:index")
    return render(
        request,
        "accounts/remove.html",
        {
            "title": f"Remove “{device.name}”",
            "device": device,
            "form": form,
            "refused": refused,
            "last": last,
        },
        status=403 if refused and request.method == "POST" else 200,
    )


@never_cache
def new_recovery_codes(request):
    if not policy.has_factor(request.user):
        raise Http404
    form = PasswordForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        factors.remember_fresh_codes(request, factors.make_recovery_codes(request.user))
        record(request.user, "accounts.recovery_codes_made", request)
        return redirect(with_next("accounts:recovery_codes", reverse("accounts:index")))
    return render(
        request, "accounts/new_recovery_codes.html", {"title": "New recovery codes", "form": form}
    )


@require_POST
def sign_out_elsewhere(request):
    others = active_sessions(request.user).exclude(session_key=request.session.session_key)
    keys = list(others.values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    SignInSession.objects.filter(session_key__in=keys).delete()
    record(request.user, "accounts.signed_out_elsewhere", request, sessions=len(keys))
    messages.success(
        request,
        ngettext(
            "Signed out %(count)d other session.", "Signed out %(count)d other sessions.", len(keys)
        )
        % {"count": len(keys)},
    )
    return redirect("accounts:index")


# The secretariat: every editor's factors, and resetting them -------------------------------------


def secretariat_only(request):
    if not policy.is_secretariat(request.user):
        raise PermissionDenied


class EditorsView(BaseListingView):
    """Settings › Editors' second factors: every editor, searchable, twenty to a page."""

    page_title = "Editors' second factors"
    header_icon = "key"
    template_name = "accounts/editors.html"
    results_template_name = "accounts/editors_results.html"
    index_url_name = "accounts:editors"
    index_results_url_name = "accounts:editors_results"
    is_searchable = True
    search_fields = ["username", "first_name", "last_name", "email"]
    paginate_by = 20
    verbose_name_plural = "editors"

    def dispatch(self, request, *args, **kwargs):
        secretariat_only(request)
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self):
        return (
            get_user_model()
            .objects.filter(is_active=True)
            .exclude(groups=None, is_superuser=False)
            .order_by("username")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = [
            {
                "person": person,
                "status": policy.status(person, self.request),
                "factors": factors.factors(person),
                "recovery_codes_left": policy.recovery_codes_left(person),
                "may_reset": may_reset(self.request.user, person),
            }
            for person in context["object_list"]
        ]
        return context


def may_reset(actor, person):
    return person != actor and (actor.is_superuser or not person.is_superuser)


@never_cache
def reset(request, user_id):
    secretariat_only(request)
    person = get_object_or_404(get_user_model(), pk=user_id)
    if not may_reset(request.user, person):
        raise PermissionDenied
    if request.method == "POST":
        factors.remove_all(person)
        keys = list(SignInSession.objects.filter(user=person).values_list("session_key", flat=True))
        Session.objects.filter(session_key__in=keys).delete()
        SignInSession.objects.filter(user=person).delete()
        record(person, "accounts.factors_reset", request, by=request.user)
        tell(
            person,
            f"Your sign-in factors on the {settings.WAGTAIL_SITE_NAME} were reset",
            RESET_MAIL,
            reply_to=request.user.email,
            by=request.user.get_full_name() or request.user.get_username(),
        )
        messages.success(
            request,
            f"{person.get_username()}'s second factors were removed; they were e-mailed.",
        )
        return redirect("accounts:editors")
    return render(
        request,
        "accounts/reset.html",
        {"title": f"Reset the second factors of {person.get_username()}", "person": person},
    )


def tell(person, subject, template, reply_to="", **details):
    """E-mail ``person`` about a change to their account (nothing when they have no address);
    a reply goes to ``reply_to`` (the person who made the change) when given."""
    if person.email:
        sign_in = f"{settings.WAGTAILADMIN_BASE_URL}{reverse('wagtailadmin_login')}"
        body = template.format(site=settings.WAGTAIL_SITE_NAME, url=sign_in, **details)
        EmailMessage(
            subject, body, to=[person.email], reply_to=[reply_to] if reply_to else None
        ).send()


# Password reset ---------------------------------------------------------------------------------


class PasswordResetConfirmView(wagtail_account.PasswordResetConfirmView):
    """Wagtail's "set a new password" step of the e-mailed reset link (portal/urls.py puts it at
    Wagtail's address and name), which also writes the audit log and tells the person."""

    def form_valid(self, form):
        response = super().form_valid(form)
        record(form.user, "accounts.password_reset", self.request)
        tell(
            form.user,
            f"Your password on the {settings.WAGTAIL_SITE_NAME} was changed",
            CHANGED_MAIL,
            address=client_address(self.request) or "unknown",
        )
        return response


RESET_MAIL = """Hello,

{by} of the ASCN secretariat removed the passkeys, authenticator apps and recovery codes of
your account on the {site}, and signed you out everywhere.

The next time you sign in ({url}) you will be asked to set up a passkey or an authenticator app
again.

If you did not ask for this, tell the ASCN secretariat at once: a reply to this e-mail reaches
{by}.
"""


CHANGED_MAIL = """Hello,

The password of your account on the {site} was just changed with the password-reset link
sent to this e-mail address (from the network address {address}). A second factor, if your
account has one, is still asked for when you sign in ({url}).

If you did not do this, tell the ASCN secretariat at once.
"""
