from django import forms
from django.utils.translation import gettext_lazy as _

REQUIRED = {"required": _("Please fill in this field.")}


class ContactForm(forms.Form):
    """Message to the team behind a practice. ``website`` is a honeypot: people leave it empty.

    The error messages are the portal's own so that every interface language has them (Django
    ships no Filipino, Lao or Tetum catalogue).
    """

    name = forms.CharField(label=_("Name"), max_length=120, error_messages=REQUIRED)
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        error_messages={**REQUIRED, "invalid": _("Please give an e-mail address we can answer.")},
    )
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    message = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=4000,
        min_length=10,
        error_messages={
            **REQUIRED,
            "min_length": _("Please write at least %(limit_value)d characters."),
            "max_length": _("Please keep the message under %(limit_value)d characters."),
        },
    )
    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_bot(self):
        return bool(self.cleaned_data.get("website"))
