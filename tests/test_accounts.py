"""Editor accounts that a stolen password cannot open (issue 21): what an editor notices.

Everything goes through the real sign-in forms with the Django test client; codes are computed
from the secret the enrolment page shows, as an authenticator app computes them. Passkeys are
enrolled and used in Chromium with a virtual authenticator (tests/browser/test_accounts_browser.py).
"""

import csv
import io
import re
from datetime import timedelta
from html import unescape

from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from wagtail.models import ModelLogEntry

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import SecurityPolicy
from tests.conftest import PASSWORD, authenticator_app, sign_in, totp_code

HOME = "/admin/"
LOGIN = "/admin/login/"
VERIFY = "/admin/account-security/verify/"
ENROL = "/admin/account-security/set-up/"
ADD_APP = "/admin/account-security/authenticator-app/add/"
ACCOUNT = "/admin/account-security/"


def password_sign_in(client, user, password=PASSWORD, address="203.0.113.7"):
    """The first step only: the sign-in form with the password (what a thief with it can do)."""
    return client.post(
        LOGIN, {"username": user.username, "password": password}, REMOTE_ADDR=address
    )


def type_code(client, code, address="203.0.113.7"):
    return client.post(VERIFY, {"code": code, "next": HOME}, REMOTE_ADDR=address)


def enrol_app(client):
    """Enrol an authenticator app as a person does: read the key off the page, type a code.
    Returns (secret as hex, the recovery codes shown once)."""
    page = client.get(ADD_APP).content.decode()
    shown = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page).group(1)
    from base64 import b32decode

    text = shown.replace(" ", "")
    # On a phone the same key opens the authenticator app on the device itself.
    assert 'href="otpauth://totp/' in page and f"secret={text}&amp;" in page
    key = b32decode(text + "=" * (-len(text) % 8)).hex()
    code = f"{TOTP(bytes.fromhex(key)).token():06d}"
    response = client.post(ADD_APP, {"name": "My phone", "code": code, "next": HOME})
    assert response.status_code == 302, unescape(response.content.decode())
    codes_page = client.get(response["Location"])
    codes = re.findall(r"<li><code>([^<]+)</code></li>", codes_page.content.decode())
    return key, codes


def code_for(key, offset=0):
    totp = TOTP(bytes.fromhex(key))
    totp.time = totp.time + 30 * offset
    return f"{totp.token():06d}"


ANDROID_CHROME = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)
WINDOWS_FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"


def lands_on(response):
    return response["Location"].split("?")[0] if response.status_code == 302 else None


@pytest.fixture
def reviewer(world):
    return world["reviewer"]


# Enforcement by role ----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["reviewer", "secretariat", "superuser"])
def test_a_password_alone_leads_a_publishing_role_to_enrolment_and_nowhere_else(
    client, world, role
):
    user = (
        get_user_model().objects.create_superuser("root", "root@x.org", PASSWORD)
        if role == "superuser"
        else world[role]
    )
    assert password_sign_in(client, user).status_code == 302
    for url in (HOME, "/admin/pages/", "/admin/images/", "/admin/account/", "/admin/users/"):
        response = client.get(url)
        assert lands_on(response) == ENROL, url
    page = client.get(ENROL).content.decode()
    assert "a password alone is not enough" in page
    assert "Add a passkey" in page and "Set up an authenticator app" in page


@pytest.mark.django_db
def test_an_officer_may_sign_in_with_a_password_during_the_grace_period_and_sees_the_days_left(
    client, world
):
    officer = world["officer"]
    password_sign_in(client, officer)
    home = client.get(HOME)
    assert home.status_code == 200
    assert "30 days left to set up a second factor" in home.content.decode()

    policy = SecurityPolicy.load()
    policy.grace_starts = timezone.localdate() - timedelta(days=28)
    policy.save()
    get_user_model().objects.filter(pk=officer.pk).update(
        date_joined=timezone.now() - timedelta(days=60)
    )
    assert "2 days left" in client.get(HOME).content.decode()

    policy.grace_starts = timezone.localdate() - timedelta(days=31)
    policy.save()
    assert lands_on(client.get(HOME)) == ENROL  # the grace period is over


@pytest.mark.django_db
def test_the_secretariat_switches_enforcement_per_role_in_settings(client, world):
    secretariat, officer = world["secretariat"], world["officer"]
    sign_in(client, secretariat)
    url = reverse("wagtailsettings:edit", args=["accounts", "securitypolicy"])
    page = client.get(url, follow=True)
    assert page.status_code == 200 and "Second factor by role" in page.content.decode()
    url = page.redirect_chain[-1][0] if page.redirect_chain else url
    form = {
        "superusers": "required",
        "secretariat": "required",
        "reviewers": "required",
        "officers": "required",
        "grace_days": "30",
        "grace_starts": timezone.localdate().isoformat(),
    }
    assert client.post(url, form).status_code == 302
    assert SecurityPolicy.load().officers == "required"

    officer_client = Client()
    password_sign_in(officer_client, officer)
    assert lands_on(officer_client.get(HOME)) == ENROL  # officers now must have one at once

    sign_in(officer_client, officer)  # even with a factor, an officer may not change the policy
    refused = officer_client.get(url)
    assert refused.status_code == 403 or lands_on(refused) == HOME


# Authenticator apps and recovery codes ----------------------------------------------------------


@pytest.mark.django_db
def test_a_reviewer_enrols_an_app_then_signs_in_with_its_code_and_a_used_code_is_refused(
    client, reviewer
):
    password_sign_in(client, reviewer)
    page = client.get(ADD_APP).content.decode()
    assert "<svg" in page  # the QR code, drawn on the page
    assert re.search(r'id="totp-secret">[A-Z2-7]{4}( [A-Z2-7]{4})+<', page)  # and as text
    key, codes = enrol_app(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get(HOME).status_code == 200  # enrolled: the admin opens
    # The codes were shown once: reloading the page does not show them again, and says why.
    reloaded = client.get(reverse("accounts:recovery_codes")).content.decode()
    assert not set(codes) & set(re.findall(r"[a-z0-9]{8,}", reloaded))
    assert "these were already shown" in reloaded and "Make new recovery codes" in reloaded

    client.post(reverse("wagtailadmin_logout"))
    password_sign_in(client, reviewer)
    assert lands_on(client.get(HOME)) == VERIFY
    wrong = type_code(client, "000000" if code_for(key) != "000000" else "111111")
    assert "That code is not right" in wrong.content.decode()
    code = code_for(key, offset=1)  # the app's next code (one step of clock drift is accepted)
    assert lands_on(type_code(client, code)) == HOME
    assert client.get(HOME).status_code == 200

    thief = Client()  # someone who saw the password and that code
    password_sign_in(thief, reviewer, address="198.51.100.66")
    assert type_code(thief, code, address="198.51.100.66").status_code == 200  # refused
    assert lands_on(thief.get(HOME)) == VERIFY


@pytest.mark.django_db
def test_a_recovery_code_signs_in_once(client, reviewer):
    password_sign_in(client, reviewer)
    _key, codes = enrol_app(client)
    client.post(reverse("wagtailadmin_logout"))

    password_sign_in(client, reviewer)
    as_read = f"{codes[3][:4]} {codes[3][4:]}".upper()  # copied from paper, in capitals
    used = client.post(VERIFY, {"recovery_code": as_read, "next": HOME})
    assert lands_on(used) == HOME
    assert "9 left" in client.get(HOME).content.decode()
    client.post(reverse("wagtailadmin_logout"))

    password_sign_in(client, reviewer)
    again = client.post(VERIFY, {"recovery_code": codes[3], "next": HOME})
    assert again.status_code == 200 and "That code is not right" in again.content.decode()
    assert lands_on(client.get(HOME)) == VERIFY


@pytest.mark.django_db
def test_ten_wrong_codes_pause_signing_in_like_ten_wrong_passwords(client, reviewer):
    app = authenticator_app(reviewer)
    right = totp_code(app)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    password_sign_in(client, reviewer)
    for _attempt in range(9):
        assert type_code(client, wrong).status_code == 200
    paused = type_code(client, wrong)
    assert paused.status_code == 429
    assert "wrong passwords or codes" in paused.content.decode()
    assert lands_on(client.get(HOME)) == LOGIN  # signed out

    # The right password no longer signs in (django-axes), nor from another address.
    again = password_sign_in(client, reviewer, address="198.51.100.9")
    assert again.status_code == 429
    assert ModelLogEntry.objects.filter(action="accounts.locked_out").exists()


@pytest.mark.django_db
def test_a_right_password_does_not_restart_the_count_of_wrong_codes(client, reviewer):
    """A thief with the password cannot sign in again and again to guess codes for ever."""
    app = authenticator_app(reviewer)
    wrong = f"{(int(totp_code(app)) + 1) % 1_000_000:06d}"
    for _round in range(2):
        fresh = Client()
        assert password_sign_in(fresh, reviewer).status_code == 302
        for _attempt in range(5):
            response = type_code(fresh, wrong)
    assert response.status_code == 429
    assert password_sign_in(Client(), reviewer).status_code == 429


@pytest.mark.django_db
def test_the_password_reset_link_does_not_skip_the_second_factor(client, reviewer):
    authenticator_app(reviewer)
    client.post(reverse("wagtailadmin_password_reset"), {"email": reviewer.email})
    link = re.search(r"https?://\S+/password_reset/confirm/\S+", mail.outbox[-1].body).group(0)
    form_page = client.get(link, follow=True)
    new_password = "a-brand-new-passphrase-2026"
    done = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert done.status_code == 302
    entry = ModelLogEntry.objects.get(action="accounts.password_reset")
    assert entry.object_id == str(reviewer.pk) and entry.data["address"] == "127.0.0.1"
    changed = mail.outbox[-1]
    assert changed.to == [reviewer.email] and "password" in changed.subject
    assert "was just changed" in changed.body and "ASCN secretariat" in changed.body
    assert lands_on(client.get(HOME)) == LOGIN  # the reset signs nobody in
    assert password_sign_in(client, reviewer, password=new_password).status_code == 302
    assert lands_on(client.get(HOME)) == VERIFY  # the new password still needs the code


# The account security page ----------------------------------------------------------------------


@pytest.mark.django_db
def test_removing_the_last_factor_of_a_required_role_is_refused(client, reviewer):
    sign_in(client, reviewer)
    device = TOTPDevice.objects.get(user=reviewer)
    url = reverse("accounts:remove", args=["app", device.pk])
    refused = client.post(url, {"password": PASSWORD})
    assert refused.status_code == 403
    assert "your last second factor" in refused.content.decode()
    assert TOTPDevice.objects.filter(pk=device.pk).exists()

    second = authenticator_app(reviewer, name="Tablet")
    assert client.post(url, {"password": "not-my-password"}).status_code == 200  # re-auth
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    assert lands_on(client.post(url, {"password": PASSWORD})) == ACCOUNT
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    assert TOTPDevice.objects.filter(pk=second.pk).exists()
    entry = ModelLogEntry.objects.filter(action="accounts.factor_removed").get()
    assert entry.data["factor"] == "Test authenticator app"


@pytest.mark.django_db
def test_an_officer_in_the_grace_period_may_remove_their_only_factor(client, world):
    officer = world["officer"]
    sign_in(client, officer)
    device = TOTPDevice.objects.get(user=officer)
    url = reverse("accounts:remove", args=["app", device.pk])
    assert lands_on(client.post(url, {"password": PASSWORD})) == ACCOUNT
    assert not TOTPDevice.objects.filter(user=officer).exists()


@pytest.mark.django_db
def test_factors_are_renamed_and_nobody_reaches_anothers_factor(client, world):
    sign_in(client, world["reviewer"])
    device = TOTPDevice.objects.get(user=world["reviewer"])
    rename = reverse("accounts:rename", args=["app", device.pk])
    assert lands_on(client.post(rename, {"name": "Work phone"})) == ACCOUNT
    page = client.get(ACCOUNT).content.decode()
    assert "Work phone" in page and "Where you are signed in" in page

    other = sign_in(Client(), world["other_reviewer"])
    assert other.get(rename).status_code == 404
    remove = reverse("accounts:remove", args=["app", device.pk])
    assert other.post(remove, {"password": PASSWORD}).status_code == 404
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


@pytest.mark.django_db
def test_sessions_are_listed_and_signed_out_everywhere_else(client, reviewer):
    app = authenticator_app(reviewer)
    phone = Client(HTTP_USER_AGENT=ANDROID_CHROME)
    password_sign_in(phone, reviewer, address="198.51.100.20")
    type_code(phone, totp_code(app), address="198.51.100.20")
    laptop = Client(HTTP_USER_AGENT=WINDOWS_FIREFOX)
    password_sign_in(laptop, reviewer, address="203.0.113.5")
    type_code(laptop, totp_code(app), address="203.0.113.5")
    assert laptop.get(HOME).status_code == 200 and phone.get(HOME).status_code == 200

    page = unescape(laptop.get(ACCOUNT).content.decode())
    assert "Chrome on Android" in page and "198.51.100.20" in page
    assert "Firefox on Windows" in page and "(this browser)" in page
    assert f'title="{WINDOWS_FIREFOX}"' in page  # the whole string, on hovering
    assert "Sign out everywhere else" in page
    signed_out = laptop.post(reverse("accounts:sign_out_elsewhere"), follow=True)
    assert "Signed out 1 other session." in signed_out.content.decode()
    assert lands_on(phone.get(HOME)) == LOGIN
    assert laptop.get(HOME).status_code == 200
    assert Session.objects.count() == 1  # sessions are kept in the database
    alone = laptop.get(ACCOUNT).content.decode()
    assert "Sign out everywhere else" not in alone and "in this browser only" in alone


@pytest.mark.django_db
def test_a_browser_that_saved_its_account_page_is_still_listed_and_signed_out(reviewer):
    """Saving one's account gives the session a new key; the list follows it, so the phone
    is still among the browsers that "sign out everywhere else" ends."""
    app = authenticator_app(reviewer)
    phone = Client(HTTP_USER_AGENT=ANDROID_CHROME)
    password_sign_in(phone, reviewer, address="198.51.100.20")
    type_code(phone, totp_code(app), address="198.51.100.20")
    saved = phone.post(
        reverse("wagtailadmin_account"),
        {
            "name_email-first_name": "Nguyen",
            "name_email-last_name": "Reviewer",
            "name_email-email": reviewer.email,
            "locale-preferred_language": "en",
            "locale-current_time_zone": "",
            "theme-theme": "system",
            "theme-density": "default",
            "theme-contrast": "system",
        },
    )
    assert saved.status_code == 302, saved.content.decode()[:3000]
    laptop = Client(HTTP_USER_AGENT=WINDOWS_FIREFOX)
    password_sign_in(laptop, reviewer, address="203.0.113.5")
    type_code(laptop, totp_code(app), address="203.0.113.5")
    assert "Chrome on Android" in unescape(laptop.get(ACCOUNT).content.decode())
    laptop.post(reverse("accounts:sign_out_elsewhere"))
    assert lands_on(phone.get(HOME)) == LOGIN


@pytest.mark.django_db
def test_new_recovery_codes_need_the_password_and_replace_the_old_ones(client, reviewer):
    password_sign_in(client, reviewer)
    _key, old = enrol_app(client)
    url = reverse("accounts:new_recovery_codes")
    assert client.post(url, {"password": "wrong"}).status_code == 200
    made = client.post(url, {"password": PASSWORD})
    new = re.findall(
        r"<li><code>([^<]+)</code></li>", client.get(made["Location"]).content.decode()
    )
    assert len(new) == 10 and not set(new) & set(old)
    client.post(reverse("wagtailadmin_logout"))
    password_sign_in(client, reviewer)
    assert client.post(VERIFY, {"recovery_code": old[0]}).status_code == 200  # old: refused
    assert lands_on(client.post(VERIFY, {"recovery_code": new[0]})) == HOME


# The secretariat: reset, audit ------------------------------------------------------------------


@pytest.mark.django_db
def test_the_secretariat_resets_a_locked_out_editor_who_is_emailed_and_enrols_again(
    client, world, reviewer
):
    authenticator_app(reviewer)
    stranded = Client()
    password_sign_in(stranded, reviewer)

    officer = sign_in(Client(), world["officer"])
    url = reverse("accounts:reset", args=[reviewer.pk])
    assert lands_on(officer.get(url)) == HOME and lands_on(officer.post(url)) == HOME  # refused
    assert TOTPDevice.objects.filter(user=reviewer).exists()

    sign_in(client, world["secretariat"])
    listing = client.get(reverse("accounts:editors")).content.decode()
    assert reviewer.username in listing and "Test authenticator app" in listing
    assert lands_on(client.post(url)) == reverse("accounts:editors")
    assert not TOTPDevice.objects.filter(user=reviewer).exists()
    message = mail.outbox[-1]
    assert message.to == [reviewer.email] and "reset" in message.subject
    assert "sec@ascn.example" in message.body
    assert message.reply_to == [world["secretariat"].email]  # a reply reaches who reset it
    entry = ModelLogEntry.objects.get(action="accounts.factors_reset")
    assert entry.user == world["secretariat"] and entry.object_id == str(reviewer.pk)
    assert lands_on(stranded.get(HOME)) == LOGIN  # signed out everywhere

    password_sign_in(stranded, reviewer)
    assert lands_on(stranded.get(HOME)) == ENROL  # sets up a factor again


@pytest.mark.django_db
def test_the_secretariat_cannot_reset_a_superuser(client, world):
    root = get_user_model().objects.create_superuser("root", "root@x.org", PASSWORD)
    authenticator_app(root)
    sign_in(client, world["secretariat"])
    assert lands_on(client.post(reverse("accounts:reset", args=[root.pk]))) == HOME  # refused
    assert TOTPDevice.objects.filter(user=root).exists()
    # ... and is not offered the button for it.
    listing = client.get(reverse("accounts:editors")).content.decode()
    assert reverse("accounts:reset", args=[root.pk]) not in listing


@pytest.mark.django_db
def test_sign_ins_failures_and_changes_are_in_the_audit_log_with_address_and_a_csv_export(
    client, world, reviewer
):
    password_sign_in(Client(), reviewer, password="wrong", address="192.0.2.44")
    thief = Client()
    password_sign_in(thief, reviewer, address="192.0.2.45")
    enrol_app(thief)

    sign_in(client, world["secretariat"])
    report = client.get(reverse("accounts_sign_in_activity")).content.decode()
    for shown in ("Wrong password", "Sign in with password", "Second factor added", "192.0.2.44"):
        assert shown in report, shown
    export = client.get(reverse("accounts_sign_in_activity"), {"export": "csv"})
    assert export.status_code == 200
    raw = b"".join(export.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf")  # a byte-order mark, as the portal's other CSVs
    body = raw.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    failed = [row for row in rows if row["Event"] == "Wrong password"]
    assert failed and failed[0]["Address"] == "192.0.2.44"
    assert failed[0]["Account"] == reviewer.username
    assert failed[0]["Date/Time (UTC)"]

    officer = sign_in(Client(), world["officer"])
    for query in ({}, {"export": "csv"}):
        refused = officer.get(reverse("accounts_sign_in_activity"), query)
        assert refused.status_code == 403 or lands_on(refused) == HOME


@pytest.mark.django_db
def test_outside_the_admin_a_session_without_its_second_factor_counts_as_anonymous(client, world):
    from wagtail.models import Collection, CollectionViewRestriction

    import wagtail_factories

    reviewer = world["reviewer"]
    authenticator_app(reviewer)
    collection = Collection.get_first_root_node().add_child(name="Reviewers only")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    assert restriction.pk
    document = wagtail_factories.DocumentFactory(collection=collection)
    password_sign_in(client, reviewer)
    assert client.get(document.url).status_code in (302, 403)
    sign_in(client, reviewer)
    assert client.get(document.url).status_code == 200


# The sign-in step speaks every interface language ----------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["th", "vi", "km", "my", "lo", "id", "ms", "fil", "tet"])
def test_the_second_step_of_signing_in_is_in_the_language_of_the_sign_in_page(
    client, reviewer, code
):
    from django.utils import translation

    authenticator_app(reviewer)
    password_sign_in(client, reviewer)
    page = client.get(VERIFY, HTTP_ACCEPT_LANGUAGE=code).content.decode()
    with translation.override(code):
        for msgid in ("Second step of signing in", "Authenticator app", "Verify"):
            translated = translation.gettext(msgid)
            assert translated != msgid, (code, msgid)
            assert unescape(translated) in unescape(page), (code, msgid)
        portal = translation.gettext("ASCN Knowledge Portal")
    assert f"- {portal}</title>" in unescape(page) and "Wagtail</title>" not in page


@pytest.mark.parametrize("code", ["id", "ms", "fil", "vi", "th", "lo", "km", "my", "tet"])
def test_every_string_of_the_sign_in_steps_is_in_every_catalogue(code):
    """The second step of signing in and the sign-in layout (the enrolment and account pages
    are admin screens, in English)."""
    from pathlib import Path

    from django.conf import settings

    from tests.test_i18n import template_msgids, translated_msgids

    templates = Path(settings.BASE_DIR) / "accounts" / "templates" / "accounts"
    wanted = {
        msgid
        for name in ("verify.html", "bare.html")
        for msgid in template_msgids(templates / name)
    }
    wanted |= {
        "Second step of signing in",
        "Code from your authenticator app",
        "Recovery code",
        "That code is not right, or was already used.",
    }
    assert len(wanted) >= 15
    assert not wanted - translated_msgids(code)


# Lock-outs pause the account, not the address ---------------------------------------------------


def wrong_passwords(user, times, address="203.0.113.7"):
    for attempt in range(times):
        password_sign_in(Client(), user, password=f"wrong-{attempt}", address=address)


@pytest.mark.django_db
def test_a_pause_ends_on_time_even_when_someone_tries_again_during_it(reviewer):
    """The page says "try again in 15 minutes": a try ten minutes in does not restart it."""
    from axes.models import AccessAttempt

    def minutes_pass(minutes):
        for attempt in AccessAttempt.objects.all():
            attempt.attempt_time -= timedelta(minutes=minutes)
            attempt.save()

    wrong_passwords(reviewer, 10)
    minutes_pass(10)
    assert password_sign_in(Client(), reviewer).status_code == 429  # still paused
    minutes_pass(6)
    assert password_sign_in(Client(), reviewer).status_code == 302  # 16 minutes after it began


@pytest.mark.django_db
def test_one_persons_wrong_passwords_pause_their_account_not_colleagues_at_the_same_address(
    world, reviewer
):
    """A city hall behind one shared address: one person's typos lock out only that person."""
    officer = world["officer"]
    wrong_passwords(officer, 10, address="203.0.113.7")
    assert password_sign_in(Client(), officer, address="203.0.113.7").status_code == 429
    assert password_sign_in(Client(), officer, address="198.51.100.9").status_code == 429
    colleague = password_sign_in(Client(), world["other_officer"], address="203.0.113.7")
    assert colleague.status_code == 302  # signed in, from the same address


@pytest.mark.django_db
def test_the_second_step_says_how_many_tries_are_left_once_few_remain(client, reviewer):
    app = authenticator_app(reviewer)
    wrong = f"{(int(totp_code(app)) + 1) % 1_000_000:06d}"
    password_sign_in(client, reviewer)
    for _attempt in range(6):
        page = type_code(client, wrong).content.decode()
    assert "left before signing in" not in page  # four left: not yet worth saying
    assert "3 tries left before signing in to this account is paused." in unescape(
        type_code(client, wrong).content.decode()
    )
    type_code(client, wrong)
    last = unescape(type_code(client, wrong).content.decode())
    assert "1 try left before signing in to this account is paused." in last
    assert type_code(client, wrong).status_code == 429


@pytest.mark.django_db
def test_a_right_password_refused_during_a_pause_is_audited_as_refused_not_wrong(
    client, world, reviewer
):
    wrong_passwords(reviewer, 10, address="192.0.2.50")
    assert password_sign_in(Client(), reviewer, address="192.0.2.51").status_code == 429
    entries = ModelLogEntry.objects.filter(object_id=str(reviewer.pk))
    assert entries.filter(action="accounts.sign_in_failed").count() == 10
    refused = entries.get(action="accounts.sign_in_refused_paused")
    assert refused.data["address"] == "192.0.2.51"

    sign_in(client, world["secretariat"])
    export = client.get(reverse("accounts_sign_in_activity"), {"export": "csv"})
    rows = list(csv.DictReader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    events = [row["Event"] for row in rows if row["Account"] == reviewer.username]
    assert events.count("Wrong password") == 10
    assert events.count("Sign-in refused: paused after repeated failures") == 1


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["th", "vi", "id", "tet"])
def test_the_lock_out_page_names_the_reset_link_as_it_reads_and_helps_with_wrong_codes(world, code):
    officer = world["officer"]
    login = Client().get(LOGIN, HTTP_ACCEPT_LANGUAGE=code).content.decode()
    link = re.search(r'class="reset-password"[^>]*>([^<]+)<', login).group(1).strip()
    assert link != "Forgotten password?", code  # the link itself is translated
    wrong_passwords(officer, 10)
    paused = Client().post(
        LOGIN,
        {"username": officer.username, "password": PASSWORD},
        HTTP_ACCEPT_LANGUAGE=code,
    )
    assert paused.status_code == 429
    page = unescape(paused.content.decode())
    assert f"“{unescape(link)}”" in page, code  # the words of the link, as it reads
    from django.utils import translation

    english = (
        "If it was the codes from your authenticator app that were wrong, a new password will "
        "not help: wait, then use the newest code, or one of your recovery codes. If you have "
        "lost your phone or passkey and your recovery codes, ask the ASCN secretariat to reset "
        "your second factors."
    )
    with translation.override(code):
        codes_advice = translation.gettext(english)
    assert codes_advice != english and codes_advice in page, code


# The secretariat's list of editors ----------------------------------------------------------------


@pytest.mark.django_db
def test_the_list_of_editors_is_searched_and_paged(client, world):
    from cities.roles import ensure_officer_group, ensure_user

    group = ensure_officer_group(world["danang"])
    for number in range(25):
        person = ensure_user(f"editor{number:02d}@danang.example", group)[0]
        person.first_name, person.last_name = "Editor", f"Number{number:02d}"
        person.save()
    sign_in(client, world["secretariat"])
    url = reverse("accounts:editors")
    first = client.get(url).content.decode()
    assert first.count("editor0") == 10 and "editor24@" not in first  # 20 to a page
    assert "Page 1 of 2" in first and 'name="q"' in first
    second = client.get(url, {"p": 2}).content.decode()
    assert "editor24@danang.example" in second and "Page 2 of 2" in second
    found = client.get(url, {"q": "number17"}).content.decode()
    assert "editor17@danang.example" in found and "editor16@" not in found
    results = client.get(reverse("accounts:editors_results"), {"q": "editor03"})
    assert "editor03@danang.example" in results.content.decode()
    assert "<html" not in results.content.decode()  # the fragment the search box swaps in


# The public sign-in page in all ten languages --------------------------------------------------

# Every English text of the sign-in page (Wagtail's and Django's msgids, and the portal's title).
SIGN_IN_PAGE_ENGLISH = [
    "Sign in to Wagtail",
    "Sign in to the ASCN Knowledge Portal",
    "Wagtail</title>",
    "Username",
    "Password",
    "Enter your username",
    "Enter password",
    "Forgotten password?",
    "Remember me",
    "JavaScript is required",
    "instructions how to enable JavaScript",
    "Skip to main content",
    "Signing in…",
    ">Sign in<",
]


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["id", "ms", "fil", "vi", "th", "lo", "km", "my", "tet"])
def test_the_sign_in_page_has_no_english_left_in_each_language(client, site, code):
    page = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE=code).content.decode()
    page = re.sub(r"<script\b.*?</script>", "", page, flags=re.S)  # the admin's data, unseen
    page = re.sub(r"\s+", " ", unescape(page))
    # Filipino says "Password" itself (a loanword, as everywhere in its catalogue).
    kept = {"Password"} if code == "fil" else set()
    left = [english for english in SIGN_IN_PAGE_ENGLISH if english in page and english not in kept]
    assert not left, (code, left)
    assert 'name="password"' in page and 'class="reset-password"' in page  # the real form


@pytest.mark.django_db
def test_the_sign_in_page_names_the_portal(client, site):
    page = unescape(client.get(LOGIN).content.decode())
    assert "<h1>Sign in to the ASCN Knowledge Portal</h1>" in page
    assert "Sign in - ASCN Knowledge Portal</title>" in page


@pytest.mark.django_db
def test_an_editor_chooses_the_sign_in_language_and_it_is_kept(client, site, reviewer):
    """A browser set to English: the sign-in page's language menu leads to Thai, which the
    next step (here the form's own answer to a wrong password) keeps."""
    english = unescape(client.get(LOGIN).content.decode())
    assert f'href="{LOGIN}?language=th" lang="th"' in english
    thai = unescape(client.get(LOGIN, {"language": "th"}).content.decode())
    assert '<html lang="th"' in thai
    wrong = client.post(LOGIN, {"username": reviewer.username, "password": "wrong"})
    assert '<html lang="th"' in wrong.content.decode()
    assert client.get("/").content.decode().count('<html lang="en"') == 1  # the site stays
