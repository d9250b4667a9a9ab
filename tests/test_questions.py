"""Public questions on a practice: asked by anyone, moderated by the city, answered in public."""

import datetime

from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

import pytest

from practices.models import PracticePage, Question, QuestionStatus
from tests.conftest import sign_in

ASK = {
    "question-name": "Maria Santos",
    "question-email": "maria@lgu.example",
    "question-question": "How did you keep the sensors powered through the monsoon floods?",
    "question-website": "",
}


def ask(client, practice, **changes):
    return client.post(practice.url, {**ASK, **{f"question-{k}": v for k, v in changes.items()}})


def waiting(practice, text="How were the bins chosen for the first district?", **fields):
    return Question.objects.create(
        practice=practice,
        name="Asker",
        email=fields.pop("email", "asker@example.org"),
        question=text,
        language=fields.pop("language", "en"),
        **fields,
    )


def admin_client(user):
    from django.test import Client

    return sign_in(Client(), user)


def detail(question):
    return reverse("city_questions:detail", args=[question.pk])


@pytest.mark.django_db
class TestAsking:
    def test_a_question_waits_for_moderation_and_the_asker_is_told(self, client, practice):
        response = ask(client, practice)
        assert response.status_code == 302 and response["Location"].endswith("#questions")
        stored = Question.objects.get()
        assert stored.status == QuestionStatus.WAITING and stored.practice == practice
        page = client.get(practice.url).content.decode()
        assert "your question waits for moderation" in page
        assert "monsoon floods" not in page  # not published before an answer
        assert "maria@lgu.example" not in page and "Maria Santos" not in page
        assert mail.outbox == []

    def test_the_honeypot_filled_by_a_bot_stores_nothing(self, client, practice):
        assert ask(client, practice, website="http://spam.example").status_code == 302
        assert not Question.objects.exists()

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"question": "x" * 5000}, "Please keep the question under 2000 characters."),
            ({"question": "Why?\x00" * 5}, "Please remove the control characters (NUL)."),
            ({"name": "Maria\x00"}, "Please remove the control characters (NUL)."),
            ({"question": "Why?"}, "Please write at least 10 characters."),
            ({"email": "not-an-address"}, "Please give an e-mail address we can answer."),
            ({"name": ""}, "Please fill in this field."),
        ],
    )
    def test_bad_input_gets_a_clear_message_and_keeps_what_was_typed(
        self, client, practice, changes, message
    ):
        response = ask(client, practice, **changes)
        assert response.status_code == 200
        html = response.content.decode()
        assert message in html
        assert 'id="id_question-question"' in html
        assert not Question.objects.exists()

    @override_settings(QUESTION_RATE_LIMIT="2/h")
    def test_rate_limited_per_client(self, client, practice):
        for n in range(2):
            assert ask(client, practice, email=f"p{n}@example.org").status_code == 302
        refused = ask(client, practice, email="p3@example.org")
        assert refused.status_code == 200
        assert "You have sent several messages in a short time" in refused.content.decode()
        assert Question.objects.count() == 2

    def test_rate_limited_per_address_and_harder_after_spam(self, client, practice):
        for n in range(3):
            assert ask(client, practice, REMOTE_ADDR=f"10.0.0.{n}").status_code == 302
        refused = client.post(practice.url, ASK, REMOTE_ADDR="10.0.0.9")
        assert "You have asked several questions lately" in refused.content.decode()
        # A spammer's address waits a month, not a day.
        spammer = "bot@spam.example"
        old = waiting(practice, email=spammer, created_at=timezone.now() - datetime.timedelta(2))
        assert client.post(practice.url, {**ASK, "question-email": spammer}).status_code == 302
        Question.objects.filter(email=spammer).update(
            status=QuestionStatus.SPAM, moderated_at=timezone.now()
        )
        assert old.pk
        again = client.post(
            practice.url, {**ASK, "question-email": spammer}, REMOTE_ADDR="10.1.1.1"
        )
        assert "You have asked several questions lately" in again.content.decode()

    def test_the_contact_form_still_sends_beside_the_question_form(self, client, practice):
        response = client.post(
            practice.url,
            {"name": "A", "email": "a@example.org", "message": "A message for the team."},
        )
        assert response["Location"].endswith("#contact")
        assert not Question.objects.exists() and len(mail.outbox) == 1


@pytest.mark.django_db
class TestModeration:
    def test_the_citys_officer_answers_it_is_published_and_the_asker_mailed(
        self, client, world, django_capture_on_commit_callbacks
    ):
        practice = world["danang_practice"]
        question = waiting(practice, "Which ward had the first smart bins installed?")
        officer = admin_client(world["officer"])
        listing = officer.get(reverse("city_questions:index")).content.decode()
        assert "Which ward had the first smart bins" in listing
        with django_capture_on_commit_callbacks(execute=True) as sent_once_stored:
            response = officer.post(
                detail(question), {"action": "answer", "a-answer": "Hai Chau ward, in March 2021."}
            )
        assert sent_once_stored  # the asker is mailed once the answer is stored, not before
        assert response.status_code == 302
        page = client.get(practice.url).content.decode()
        assert "Which ward had the first smart bins installed?" in page
        assert "Hai Chau ward, in March 2021." in page
        assert "Answered by a city officer, Da Nang" in page
        assert "asker@example.org" not in page
        [sent] = mail.outbox
        assert sent.to == ["asker@example.org"]
        assert f"{practice.full_url}#questions" in sent.body
        api = client.get(f"/api/v2/pages/{practice.pk}/").json()
        assert api["answered_questions"][0]["answer"] == "Hai Chau ward, in March 2021."
        assert api["answered_questions"][0]["answered_by"] == "Da Nang"

    def test_a_draft_published_after_the_answer_keeps_it(self, client, world):
        practice = world["danang_practice"]
        practice.summary = "A draft saved before the answer."
        revision = practice.save_revision()
        question = waiting(practice, "Was the system procured locally or abroad?")
        admin_client(world["officer"]).post(
            detail(question), {"action": "answer", "a-answer": "Locally, through a tender."}
        )
        revision.publish()
        page = client.get(practice.url).content.decode()
        assert "A draft saved before the answer." in page
        assert "Locally, through a tender." in page

    def test_reject_with_a_reason_tells_the_asker(
        self, client, world, django_capture_on_commit_callbacks
    ):
        question = waiting(world["danang_practice"], language="vi")
        reviewer = admin_client(world["reviewer"])  # Viet Nam's reviewer moderates Da Nang's
        with django_capture_on_commit_callbacks(execute=True):
            response = reviewer.post(
                detail(question), {"action": "reject", "r-reason": "Please use the contact form."}
            )
        assert response.status_code == 302
        question.refresh_from_db()
        assert question.status == QuestionStatus.REJECTED
        [sent] = mail.outbox
        assert sent.to == ["asker@example.org"]
        assert "Please use the contact form." in sent.body
        assert question.question not in client.get(world["danang_practice"].url).content.decode()

    def test_only_the_citys_officers_answer_and_other_cities_see_nothing(self, world):
        question = waiting(world["danang_practice"], "A question only Da Nang may see")
        bangkok = admin_client(world["other_officer"])
        assert (
            "only Da Nang may see"
            not in bangkok.get(reverse("city_questions:index")).content.decode()
        )
        assert bangkok.get(detail(question)).status_code == 404
        answer = {"action": "answer", "a-answer": "An answer from the wrong city."}
        assert bangkok.post(detail(question), answer).status_code == 404
        thai_reviewer = admin_client(world["other_reviewer"])
        assert thai_reviewer.get(detail(question)).status_code == 404
        vietnam = admin_client(world["reviewer"])
        assert vietnam.get(detail(question)).status_code == 200
        refused = vietnam.post(detail(question), answer)  # reviewers moderate, never answer
        assert refused.status_code == 302 and refused["Location"] == reverse("wagtailadmin_home")
        secretariat = admin_client(world["secretariat"])
        assert (
            "only Da Nang may see"
            in secretariat.get(reverse("city_questions:index")).content.decode()
        )
        question.refresh_from_db()
        assert question.status == QuestionStatus.WAITING and not question.answer

    def test_the_citys_officers_are_told_when_a_question_arrives(
        self, client, world, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            ask(client, world["danang_practice"])
        [sent] = mail.outbox
        assert sent.to == ["officer@danang.example"]  # Da Nang's officer, not Bangkok's
        assert "A public question waits for Da Nang" in sent.subject
        assert "monsoon floods" in sent.body
        assert f"http://testserver{detail(Question.objects.get())}" in sent.body
        assert "maria@lgu.example" not in sent.body  # the asker's address stays hidden

    def test_a_wrong_answer_is_withdrawn_then_corrected(
        self, client, world, django_capture_on_commit_callbacks
    ):
        practice = world["danang_practice"]
        question = waiting(practice, "How many bins are there?")
        officer = admin_client(world["officer"])
        with django_capture_on_commit_callbacks(execute=True):
            officer.post(detail(question), {"action": "answer", "a-answer": "About 40,000 bins."})
        assert "About 40,000 bins." in client.get(practice.url).content.decode()

        reviewer = admin_client(world["reviewer"])  # a moderator may withdraw it too
        reviewer.post(detail(question), {"action": "withdraw"})  # the box left unticked
        assert "About 40,000 bins." in client.get(practice.url).content.decode()
        withdrawn = reviewer.post(detail(question), {"action": "withdraw", "confirm": "yes"})
        assert withdrawn.status_code == 302
        question.refresh_from_db()
        assert question.status == QuestionStatus.WAITING
        assert "About 40,000 bins." not in client.get(practice.url).content.decode()
        form = officer.get(detail(question)).content.decode()
        assert "About 40,000 bins.</textarea>" in form  # the draft of the corrected answer

        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            officer.post(detail(question), {"action": "answer", "a-answer": "About 4,000 bins."})
        page = client.get(practice.url).content.decode()
        assert "About 4,000 bins." in page and "40,000" not in page
        [corrected] = mail.outbox
        assert "is corrected" in corrected.subject  # the asker is told what changed
        other_city = admin_client(world["other_officer"])
        withdraw = {"action": "withdraw", "confirm": "yes"}
        assert other_city.post(detail(question), withdraw).status_code == 404

    def test_spam_is_not_counted_and_told_to_nobody(self, client, world):
        practice = world["danang_practice"]
        spam = waiting(practice, "Buy cheap watches at spam.example now!!")
        officer = admin_client(world["officer"])
        assert officer.post(detail(spam), {"action": "spam"}).status_code == 302
        assert mail.outbox == []
        city = client.get(world["danang"].url).content.decode()
        assert "Questions answered in a median" not in city  # nothing answered: nothing shown

    def test_bad_values_in_the_queue_never_fail(self, world):
        officer = admin_client(world["officer"])
        question = waiting(world["danang_practice"])
        for url, data in (
            ("/admin/city-questions/999999/", {}),
            ("/admin/city-questions/?ordering=nonsense&p=x&q=%00", {}),
            (detail(question), {"action": "answer", "a-answer": "\x00" * 10}),
            (detail(question), {"action": "answer", "a-answer": "y" * 9000}),
            (detail(question), {"action": "reject", "r-reason": ""}),
            (detail(question), {"action": "nonsense"}),
        ):
            assert officer.post(url, data).status_code < 500, url
        question.refresh_from_db()
        assert question.status == QuestionStatus.WAITING


@pytest.mark.django_db
def test_the_city_profile_shows_its_median_answer_time(client, world):
    practice = world["danang_practice"]
    now = timezone.now()
    for days in (1, 3, 10):
        waiting(
            practice,
            created_at=now - datetime.timedelta(days=days, hours=1),
        )
    officer = admin_client(world["officer"])
    for question in Question.objects.all():
        officer.post(detail(question), {"action": "answer", "a-answer": "Answered in time."})
    spam = waiting(practice, created_at=now - datetime.timedelta(days=90))
    officer.post(detail(spam), {"action": "spam"})  # would make the median 10 if counted
    html = client.get(world["danang"].url).content.decode()
    assert "Questions answered in a median of 3 days" in html
    assert "Questions answered in a median" not in client.get(world["bangkok"].url).content.decode()


@pytest.mark.django_db
def test_reminders_go_to_the_citys_officers_after_7_days(world):
    old = waiting(world["danang_practice"], created_at=timezone.now() - datetime.timedelta(days=8))
    waiting(world["danang_practice"], "A fresh question, asked today.")
    call_command("remind_unanswered_questions", "--dry-run")
    assert mail.outbox == []
    call_command("remind_unanswered_questions")
    [sent] = mail.outbox
    assert sent.to == ["officer@danang.example"]
    assert old.question[:40] in sent.body and "A fresh question" not in sent.body
    assert reverse("city_questions:detail", args=[old.pk]) in sent.body
    call_command("remind_unanswered_questions")  # the next day: not again within 7 days
    assert len(mail.outbox) == 1


@pytest.mark.search
@pytest.mark.django_db
def test_search_finds_a_practice_by_its_answered_question(client, world):
    practice = world["danang_practice"]
    question = waiting(practice, "Does the xylophonic alarm bother the neighbours?")
    assert "Waste sensors" not in client.get("/search/?q=xylophonic").content.decode()
    admin_client(world["officer"]).post(
        detail(question), {"action": "answer", "a-answer": "No: the zanzibarite casing muffles it."}
    )
    for word in ("xylophonic", "zanzibarite"):
        found = client.get(f"/api/search/?q={word}").json()
        assert [r["title"] for r in found["results"]] == ["Waste sensors"], word
    assert PracticePage.objects.get(pk=practice.pk).answered_questions


@pytest.mark.django_db
def test_every_translation_shows_the_answer(client, world, site):
    from tests.factories import translate_all, translate_portal

    translate_portal(site, "th")
    practice = world["danang_practice"]
    translate_all(world["danang"], "th")
    thai_before = translate_all(practice, "th")  # translated before the answer
    question = waiting(practice, "Is the data open to researchers?")
    admin_client(world["officer"]).post(
        detail(question), {"action": "answer", "a-answer": "Yes, under an open licence."}
    )
    assert "Yes, under an open licence." in client.get(thai_before.url).content.decode()
    copy = practice.copy(update_attrs={"slug": "waste-sensors-copy", "title": "Copy"})
    assert copy.answered_questions == []  # a copy is another practice, without its answers


@pytest.mark.django_db
def test_the_asker_is_answered_in_the_language_they_asked_in(
    world, django_capture_on_commit_callbacks
):
    question = waiting(world["danang_practice"], language="th")
    with django_capture_on_commit_callbacks(execute=True):
        admin_client(world["officer"]).post(
            detail(question), {"action": "answer", "a-answer": "Ten sensors per ward."}
        )
    [sent] = mail.outbox
    assert "คำถามของคุณเกี่ยวกับ “Waste sensors” ได้รับคำตอบแล้ว" in sent.subject
    assert "#questions" in sent.body
