"""Asking a public question on a practice page: the contact form's rules, then the queue.

The form is the contact form's (``practices.forms.PublicMessageForm``: name and e-mail never
shown, honeypot, length limits, the same error messages) and so is the limit per client
(``practices.contact.too_many``). An e-mail address is limited too: QUESTIONS_PER_ADDRESS a
day, and one a SPAM_WINDOW once a moderator marked a question from it as spam. The question
then waits for the city's officers, who are told by e-mail (practices/question_queue.py).
"""

import datetime

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from practices.contact import too_many
from practices.forms import QuestionForm
from practices.question_mail import tell_officers

QUESTIONS_PER_ADDRESS = 3  # a day
SPAM_WINDOW = datetime.timedelta(days=30)


def address_throttled(practice, email):
    """Whether ``email`` asked its share lately (any practice), harder after a spam mark."""
    now = timezone.now()
    asked = practice.questions.model.objects.filter(email__iexact=email)
    if asked.filter(status="spam", moderated_at__gte=now - SPAM_WINDOW).exists():
        return asked.filter(created_at__gte=now - SPAM_WINDOW).exists()
    return asked.filter(created_at__gte=now - datetime.timedelta(days=1)).count() >= (
        QUESTIONS_PER_ADDRESS
    )


def handle_question(request, practice):
    """Return (form, response) for the question form: a redirect once asked, else the form."""
    form = QuestionForm(request.POST)
    if too_many(request, form, group="question", rate=settings.QUESTION_RATE_LIMIT):
        return form, None
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    if address_throttled(practice, data["email"]):
        form.add_error(
            None,
            _(
                "You have asked several questions lately. Please wait a day and try again; "
                "what you wrote is still in the form."
            ),
        )
        return form, None
    if not form.is_bot():
        question = practice.questions.create(
            name=data["name"],
            email=data["email"],
            question=data["question"],
            language=get_language() or settings.LANGUAGE_CODE,
        )
        tell_officers(question)
    messages.success(
        request,
        _(
            "Thank you: your question waits for moderation. When the city answers it, the "
            "answer is published on this page and we send you an e-mail with the link."
        ),
        extra_tags="question",
    )
    return form, redirect(practice.url + "#questions")
