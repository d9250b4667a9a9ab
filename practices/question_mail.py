"""The e-mails about public questions: to the city's officers, and to the person who asked.

Apart from the queue (practices/question_queue.py) because the public form that stores a question
(practices/questions.py, used by the practice page's model) tells the officers too, and must not
import the models it is imported by.
"""

import logging

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse

from cities.roles import officer_group_name

logger = logging.getLogger(__name__)


def mail_once_stored(question, recipients, subject, body):
    """Send once the transaction commits: nobody is told of a rolled-back answer or question."""

    def send():
        try:
            send_mail(subject, body, None, recipients)
        except OSError:
            logger.exception("Question %s: no e-mail could be sent to %s", question.pk, recipients)

    transaction.on_commit(send)


def officer_addresses(city):
    group = Group.objects.filter(name=officer_group_name(city)).first()
    if group is None:
        return []
    return sorted(
        group.user_set.filter(is_active=True).exclude(email="").values_list("email", flat=True)
    )


def admin_link(question):
    """The address of ``question`` in the admin, for the e-mails to officers."""
    return f"{settings.WAGTAILADMIN_BASE_URL}{reverse('city_questions:detail', args=[question.pk])}"


def tell_officers(question):
    """E-mail the officers of the practice's city that a question waits for them (in English,
    the admin's language, as the reminders are)."""
    city = question.practice.city
    recipients = officer_addresses(city) if city else []
    if recipients:
        mail_once_stored(
            question,
            recipients,
            f"[ASCN portal] A public question waits for {city.title}",
            f"A visitor asked about “{question.practice.title}”:\n\n{question.question}\n\n"
            f"Answer it (or reject it) in the admin, under Questions to your city:\n"
            f"{admin_link(question)}\n",
        )
