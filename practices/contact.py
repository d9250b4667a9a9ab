"""The contact form of a practice: store the message, mail the team, never reveal the address."""

import logging

from django.conf import settings
from django.contrib import messages
from django.core.mail import EmailMessage
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from django_ratelimit.core import is_ratelimited

from portal.models import PortalSettings
from practices.forms import ContactForm

logger = logging.getLogger(__name__)


def too_many(request, form, group="contact", rate=None):
    """Whether this client sent too many messages through ``group``'s forms lately; if so, the
    form says so (and keeps what was typed)."""
    if not is_ratelimited(
        request, group=group, key="ip", rate=rate or settings.CONTACT_RATE_LIMIT, increment=True
    ):
        return False
    form.add_error(
        None,
        _(
            "You have sent several messages in a short time. Please wait an hour and try "
            "again; what you wrote is still in the form."
        ),
    )
    return True


def handle_contact(request, practice):
    """Return (form, response): a redirect after a sent message, else the form to show."""
    if request.method != "POST":
        return ContactForm(), None
    form = ContactForm(request.POST)
    if too_many(request, form) or not form.is_valid():
        return form, None
    if not form.is_bot():
        deliver(request, practice, form.cleaned_data)
    messages.success(
        request,
        _(
            "Thank you: your message has been received. "
            "The team will reply to the e-mail address you gave."
        ),
        extra_tags="contact",  # shown in the contact section, where the person is
    )
    return form, redirect(practice.url + "#contact")


def deliver(request, practice, data):
    """Store the message, mail it to the practice's hidden address; return the stored message
    (also for "we want to learn from this" on a challenge page)."""
    stored = practice.contact_messages.create(
        practice_title=practice.title,
        name=data["name"],
        email=data["email"],
        organisation=data["organisation"],
        message=data["message"],
    )
    fallback = PortalSettings.for_request(request).contact_email
    recipient = practice.contact_recipient(fallback)
    if not recipient:
        logger.warning("Contact message %s for %s has no recipient", stored.pk, practice.pk)
        return stored
    mail = EmailMessage(
        subject=f"[ASCN portal] Message about “{practice.title}”",
        body=(
            f"{data['name']} ({data['organisation'] or 'no organisation given'}) wrote about "
            f"{practice.full_url}:\n\n{data['message']}\n\n"
            "Reply to this e-mail to answer them directly."
        ),
        to=[recipient],
        reply_to=[data["email"]],
    )
    try:
        mail.send()
    except OSError:
        logger.exception("Contact message %s stored but not mailed", stored.pk)
        return stored
    stored.delivered = True
    stored.save(update_fields=["delivered"])
    return stored
