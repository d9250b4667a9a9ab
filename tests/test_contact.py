"""The contact form on a practice: stored, mailed, validated, rate-limited, address kept private."""

from django.core import mail
from django.test import override_settings

import pytest

from practices.models import ContactMessage

VALID = {
    "name": "Nguyen Van A",
    "email": "delegate@ministry.example",
    "organisation": "Ministry of Construction",
    "message": "We would like to learn how you planned the sensor rollout.",
    "website": "",
}


@pytest.mark.django_db
class TestContactForm:
    def test_valid_message_is_stored_and_mailed_to_the_team(self, client, practice):
        response = client.post(practice.url, VALID)
        assert response.status_code == 302
        assert response["Location"].endswith("#contact")
        stored = ContactMessage.objects.get()
        assert stored.practice == practice and stored.delivered
        assert len(mail.outbox) == 1
        sent = mail.outbox[0]
        assert sent.to == [practice.contact_email]
        assert sent.reply_to == ["delegate@ministry.example"]
        assert "sensor rollout" in sent.body
        page = client.get(response["Location"].split("#")[0])
        assert "your message has been received" in page.content.decode()

    def test_contact_address_is_never_in_the_html(self, client, practice):
        html = client.get(practice.url).content.decode()
        assert practice.contact_email not in html
        assert "private.example" not in html
        assert 'name="website"' in html  # the honeypot is there, hidden by CSS

    def test_falls_back_to_the_city_contact(self, client, practice, city):
        practice.contact_email = ""
        practice.save_revision().publish()
        client.post(practice.url, VALID)
        assert mail.outbox[0].to == [city.contact_email]

    def test_invalid_input_is_rejected_with_messages_and_keeps_what_was_typed(
        self, client, practice
    ):
        data = {**VALID, "email": "not-an-address", "message": "short"}
        response = client.post(practice.url, data)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Please give an e-mail address we can answer." in html
        assert "Please write at least 10 characters." in html
        assert 'value="Nguyen Van A"' in html
        assert ContactMessage.objects.count() == 0
        assert mail.outbox == []

    def test_honeypot_filled_by_a_bot_is_not_sent(self, client, practice):
        response = client.post(practice.url, {**VALID, "website": "http://spam.example"})
        assert response.status_code == 302
        assert ContactMessage.objects.count() == 0
        assert mail.outbox == []

    @override_settings(CONTACT_RATE_LIMIT="3/h")
    def test_rate_limited_per_client_with_an_explanation(self, client, practice):
        for _ in range(3):
            assert client.post(practice.url, VALID).status_code == 302
        response = client.post(practice.url, VALID)
        assert response.status_code == 200
        assert "You have sent several messages in a short time" in response.content.decode()
        assert ContactMessage.objects.count() == 3
        other_client = client.post(practice.url, VALID, REMOTE_ADDR="10.9.8.7")
        assert other_client.status_code == 302

    def test_a_failing_mail_server_keeps_the_message(self, client, practice, settings):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
        response = client.post(practice.url, VALID)
        assert response.status_code == 302
        stored = ContactMessage.objects.get()
        assert not stored.delivered
