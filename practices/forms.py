from django import forms
from django.utils.translation import gettext_lazy as _

REQUIRED = {"required": _("Please fill in this field.")}
# Django's own message for a NUL character is not in every interface language.
NO_CONTROL = {"null_characters_not_allowed": _("Please remove the control characters (NUL).")}
QUESTION_LENGTH = 2000


def text_field(label, max_length, too_long, rows, min_length=10):
    """A free-text field with the portal's messages: required, too short, too long, NUL."""
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": rows}),
        max_length=max_length,
        min_length=min_length,
        error_messages={
            **REQUIRED,
            **NO_CONTROL,
            "min_length": _("Please write at least %(limit_value)d characters."),
            "max_length": too_long,
        },
    )


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
    message = text_field(
        _("Message"), 4000, _("Please keep the message under %(limit_value)d characters."), 6
    )
    field_order = ["name", "email", "organisation", "message", "website"]


class QuestionForm(PublicMessageForm):
    """A public question about a practice, answered on the page by the city's officers."""

    question = text_field(
        _("Your question"),
        QUESTION_LENGTH,
        _("Please keep the question under %(limit_value)d characters."),
        5,
    )
    field_order = ["name", "email", "question", "website"]
    prefix = "question"  # its fields' ids differ from the contact form's on the same page


class AnswerForm(forms.Form):
    answer = text_field(
        _("Answer"), 4000, _("Please keep the answer under %(limit_value)d characters."), 8
    )


class RejectForm(forms.Form):
    reason = text_field(
        _("Reason (sent to the person who asked)"),
        1000,
        _("Please keep the reason under %(limit_value)d characters."),
        3,
        min_length=5,
    )
