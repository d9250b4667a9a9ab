"""“We want to learn from this”: a city's officer asks a matched practice's team, by e-mail.

The request goes the way of the practice's contact form (``practices.contact.deliver``): stored
as a contact message, mailed to the practice's address, which the officer never sees, and
limited by the same rate. The challenge page then lists it.
"""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseForbidden
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from django_ratelimit.core import is_ratelimited

from challenges.matching import matches_for
from practices.contact import deliver

NOTE_LENGTH = 2000


def learning_message_place(practice):
    """Where the answer to asking ``practice``'s team is shown: beside that practice, where
    the officer pressed the button (``portal_tags.placed``)."""
    return f"learning-{practice.pk}"


def ask_to_learn(request, challenge):
    """The POST of the form beside a matched practice; always a redirect back (or a 403)."""
    if not challenge.may_ask(request.user):
        return HttpResponseForbidden(_("Only the city's officers can ask on its behalf."))
    value = request.POST.get("practice", "")
    match = next(
        (m for m in matches_for(challenge) if value.isdecimal() and m.practice.pk == int(value)),
        None,
    )
    if match is None:
        messages.error(
            request,
            _("That practice is not among this challenge's matches."),
            extra_tags="learning",
        )
        return redirect(challenge.url + "#matches")
    practice = match.practice
    place = learning_message_place(practice)
    back = redirect(f"{challenge.url}#match-{practice.pk}")
    if challenge.learning_requests.filter(practice=practice).exists():
        messages.info(request, _("You have already asked this practice's team."), extra_tags=place)
        return back
    if is_ratelimited(
        request, group="contact", key="ip", rate=settings.CONTACT_RATE_LIMIT, increment=True
    ):
        messages.error(
            request,
            _("You have sent several messages in a short time. Please wait an hour and try again."),
            extra_tags=place,
        )
        return back
    user = request.user
    city = challenge.city.title if challenge.city else ""
    note = request.POST.get("note", "").strip()[:NOTE_LENGTH]
    stored = deliver(
        request,
        practice,
        {
            "name": user.get_full_name() or user.email or user.get_username(),
            "email": user.email,
            "organisation": city,
            "message": (
                f"{city} faces a challenge, “{challenge.title}” ({challenge.full_url}), and "
                f"wants to learn from your practice “{practice.title}”.\n\n{note}"
            ).strip(),
        },
    )
    challenge.learning_requests.create(practice=practice, message=stored)
    messages.success(
        request,
        _("Your request went to the team of “%(practice)s”; they will reply to your e-mail.")
        % {"practice": practice.title},
        extra_tags=place,
    )
    return back
