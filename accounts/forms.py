from django import forms
from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm


class LoginForm(WagtailLoginForm):
    """Wagtail's sign-in form (``WAGTAILADMIN_USER_LOGIN_FORM``), with a translated label for the
    password: Wagtail's own leaves it to the field's name, in English in every language."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Password")


class CodeForm(forms.Form):
    """A six-digit code from an authenticator app."""

    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class RecoveryCodeForm(forms.Form):
    recovery_code = forms.CharField(
        label=_("Recovery code"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_recovery_code(self):
        """As read from paper: capitals and spaces do not matter (the codes are lower-case
        letters and digits, shown in one piece)."""
        return "".join(self.cleaned_data["recovery_code"].split()).lower()


class NewAuthenticatorForm(forms.Form):
    name = forms.CharField(
        label="Name of this authenticator app",
        max_length=64,
        initial="Authenticator app",
        help_text="So you can tell your factors apart, e.g. “Phone”.",
    )
    code = forms.CharField(
        label="The six-digit code your app shows now",
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class RenameForm(forms.Form):
    name = forms.CharField(label="New name", max_length=64)


class PasswordForm(forms.Form):
    """Re-authentication before a change that weakens the account."""

    password = forms.CharField(
        label="Your password",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="Asked again to be sure it is you.",
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_password(self):
        password = self.cleaned_data["password"]
        user = self.request.user
        # Through authenticate(): a wrong password here is counted by django-axes.
        if authenticate(self.request, username=user.get_username(), password=password) is None:
            raise forms.ValidationError("That is not your password.")
        return password
