"""An editor's work survives failures, and two editors never overwrite each other in silence."""

import html
import re

from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

import pytest

from practices.models import PracticePage
from tests.conftest import PASSWORD
from tests.conftest import sign_in as second_factor_sign_in
from tests.test_publishing import edit_url, practice_form

pytestmark = pytest.mark.django_db
TYPED = "Pumps now report their water level every minute to the control room."


def edit_form(page, **changes):
    form = practice_form(page.title, "action-save")
    form.update({"slug": page.slug, **changes})
    return form


def editor_state(client, page):
    """The ping address and the loaded revision of an open editor, as its page carries them."""
    body = client.get(edit_url(page)).content.decode()
    return {
        "ping": html.unescape(re.search(r'data-w-swap-src-value="([^"]+)"', body).group(1)),
        "revision_id": re.search(r'name="revision_id" value="(\d*)"', body).group(1),
        "revision_created_at": re.search(r'name="revision_created_at" value="([^"]*)"', body).group(
            1
        ),
    }


def form_token(body):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)


def sign_in(browser, url):
    """Sign in through the form, as a person does (the browser enforces CSRF)."""
    token = form_token(browser.get(url).content.decode())
    credentials = {"username": "officer@danang.example", "password": PASSWORD}
    return browser.post(url, {**credentials, "csrfmiddlewaretoken": token})


def test_a_save_refused_for_a_missing_title_keeps_what_was_typed(client, world):
    page = world["danang_practice"]
    second_factor_sign_in(client, world["officer"])
    response = client.post(edit_url(page), edit_form(page, title="", summary=TYPED))
    assert response.status_code == 200
    body = response.content.decode()
    assert TYPED in body  # the form comes back with the text, and says what is wrong
    assert "This field is required" in body
    page.refresh_from_db()
    assert page.summary != TYPED and page.title == "Waste sensors"


def test_what_was_typed_when_the_session_expired_is_saved_as_a_draft_after_signing_in(world):
    page = world["danang_practice"]
    browser = Client(enforce_csrf_checks=True)
    sign_in(browser, reverse("wagtailadmin_login"))
    token = form_token(browser.get(edit_url(page)).content.decode())
    Session.objects.all().delete()  # the session expires while the editor types

    typed = {**edit_form(page, summary=TYPED), "csrfmiddlewaretoken": token}
    response = browser.post(edit_url(page), typed)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
    assert "what you typed is kept" in browser.get(response["Location"]).content.decode()

    signed_in = sign_in(browser, response["Location"])
    assert signed_in["Location"] == edit_url(page)
    back = browser.get(signed_in["Location"], follow=True).content.decode()
    assert "saved as a draft" in back and TYPED in back
    page.refresh_from_db()
    assert page.get_latest_revision().as_object().summary == TYPED
    assert page.summary != TYPED  # a draft: nothing is published by the replay
    assert browser.get(edit_url(page)).status_code == 200  # and only once


def test_a_stranger_cannot_plant_a_draft_without_the_editors_csrf_token(world):
    page = world["danang_practice"]
    stranger = Client(enforce_csrf_checks=True)
    assert stranger.post(edit_url(page), edit_form(page, summary=TYPED)).status_code == 403
    second_factor_sign_in(stranger, world["other_officer"])  # another city's officer signs in on it
    assert stranger.get(edit_url(page)).status_code == 302
    assert page.get_latest_revision() is None or (
        page.get_latest_revision().as_object().summary != TYPED
    )


def test_two_editors_on_one_page_see_each_other_and_never_overwrite_in_silence(world):
    page = world["danang_practice"]
    page.save_revision(user=world["officer"])
    officer, reviewer = Client(), Client()
    second_factor_sign_in(officer, world["officer"])
    second_factor_sign_in(reviewer, world["reviewer"])
    officer_editor = editor_state(officer, page)
    reviewer_editor = editor_state(reviewer, page)

    officer.post(officer_editor["ping"], {"is_editing": "1", **officer_editor})
    seen = reviewer.post(reviewer_editor["ping"], reviewer_editor).json()
    assert [other["is_editing"] for other in seen["other_sessions"]] == [True]
    assert "reviewer" not in seen["html"] and seen["other_sessions"][0]["user"]

    # The reviewer saves first; the officer's editor, still on the older revision, autosaves.
    saved = reviewer.post(edit_url(page), edit_form(page, summary="The reviewer's wording."))
    assert saved.status_code == 302
    autosave = officer.post(
        edit_url(page),
        {
            **edit_form(page, summary=TYPED),
            "loaded_revision_id": officer_editor["revision_id"],
            "loaded_revision_created_at": officer_editor["revision_created_at"],
        },
        HTTP_ACCEPT="application/json",
    )
    assert autosave.status_code == 400
    assert autosave.json()["error_message"] == "Saving will overwrite a newer version."
    latest = PracticePage.objects.get(pk=page.pk).get_latest_revision()
    assert latest.as_object().summary == "The reviewer's wording."
    # The officer's next ping names the newer revision: Wagtail shows "has saved a newer version".
    warning = officer.post(officer_editor["ping"], officer_editor).json()
    assert warning["other_sessions"][0]["revision_id"] == latest.pk
