from django import forms
from django.utils.translation import gettext_lazy as _

REQUIRED = {"required": _("Please fill in this field.")}
# Django's own message for a NUL character is not in every interface language.
NO_CONTROL = {"null_characters_not_allowed": _("Please remove the control characters (NUL).")}
QUESTION_LENGTH = 2000


def text_errors(what):
    """The error messages of a free-text field: required, too short, too long, NUL."""
    return {
        **REQUIRED,
        **NO_CONTROL,
        "min_length": _("Please write at least %(limit_value)d characters."),
        "max_length": what,
    }


class PublicMessageForm(forms.Form):
    """What every form a visitor sends to a city has: a name and an e-mail address, never shown,
    and ``website``, a honeypot that people leave empty.

    The error messages are the portal's own so that every interface language has them (Django
    ships no Filipino, Lao or Tetum catalogue).
    """

    name = forms.CharField(
        label=_("Name"), max_length=120, error_messages={**REQUIRED, **NO_CONTROL}
    )
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        error_messages={
            **REQUIRED,
            **NO_CONTROL,
            "invalid": _("Please give an e-mail address we can answer."),
        },
    )
    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_bot(self):
        return bool(self.cleaned_data.get("website"))


class ContactForm(PublicMessageForm):
    """Message to the team behind a practice."""

    organisation = forms.CharField(
        label=_("Organisation"), max_length=200, required=False, error_messages=NO_CONTROL
    )
    message = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=4000,
        min_length=10,
        error_messages=text_errors(_("Please keep the message under %(limit_value)d characters.")),
    )
    field_order = ["name", "email", "organisation", "message", "website"]


class QuestionForm(PublicMessageForm):
    """A public question about a practice, answered on the page by the city's officers."""

    question = forms.CharField(
        label=_("Your question"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=QUESTION_LENGTH,
        min_length=10,
        error_messages=text_errors(_("Please keep the question under %(limit_value)d characters.")),
    )
    field_order = ["name", "email", "question", "website"]
    prefix = "question"  # its fields' ids differ from the contact form's on the same page


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=4000,
        min_length=10,
        error_messages=text_errors(_("Please keep the answer under %(limit_value)d characters.")),
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the person who asked)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        min_length=5,
        error_messages=text_errors(_("Please keep the reason under %(limit_value)d characters.")),
    )
