"""What officers and reviewers see in the admin (issue 16): the review told to both sides, the
translation's way to review, their city on the dashboard, the practice form."""

import re

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.models import Locale, TaskState, WorkflowState

import polib
import pytest
from wagtail_localize.models import Translation

from practices.models import ContactMessage
from tests.factories import translate_all, translate_portal
from tests.test_publishing import edit_url, login, submit, task_state

pytestmark = pytest.mark.django_db
COMMENT = "Please add the operating cost."


def text(response):
    """The page's text as a person reads it: tags dropped, spaces folded."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split()).replace("&quot;", '"')


def act(client, page, action, **data):
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state(page).pk])
    return client.post(url, data, follow=True)


class TestReviewSaysWhatHappened:
    def test_changes_requested_reach_the_officer_in_the_editor_and_the_email(self, client, world):
        login(client, world["officer"])
        page = submit(client, world["danang"], "Smart bins")
        mail.outbox.clear()
        login(client, world["reviewer"])
        act(client, page, "reject", comment=COMMENT)

        (notice,) = [message for message in mail.outbox if "officer@danang.example" in message.to]
        assert notice.subject == 'Changes requested to "Smart bins" by reviewer@vn.example'
        assert "rejected" not in notice.subject + notice.body
        assert COMMENT in notice.body
        assert "Resubmit to National review: Viet Nam" in notice.body

        login(client, world["officer"])
        editor = text(client.get(edit_url(page)))
        assert "reviewer@vn.example requested changes in “National review: Viet Nam”" in editor
        assert f"Their comment: “{COMMENT}”" in editor
        # the status panel's "View details" heading names who asked, not the author
        assert re.search(r"Changes requested [\w\s]*by reviewer@vn\.example", editor)
        assert not re.search(r"Changes requested [\w\s]*by officer@", editor)

    def test_request_changes_needs_a_comment(self, client, world):
        login(client, world["officer"])
        page = submit(client, world["danang"], "Smart bins")
        login(client, world["reviewer"])
        act(client, page, "reject", comment="")
        assert WorkflowState.objects.get(object_id=str(page.pk)).status == "in_progress"

    def test_reviewer_is_told_what_was_done_and_rows_name_the_city(self, client, world):
        login(client, world["officer"])
        first = submit(client, world["danang"], "Smart bins")
        second = submit(client, world["danang"], "Bike lanes")
        login(client, world["reviewer"])
        dashboard = text(client.get(reverse("wagtailadmin_home")))
        assert "Smart bins City: Da Nang" in dashboard

        done = act(client, first, "reject", comment=COMMENT)
        assert done.redirect_chain[-1][0] == reverse("wagtailadmin_home")
        assert (
            "You requested changes to “Smart bins” (Da Nang). officer@danang.example was told "
            "by e-mail and sees your comment in the editor." in text(done)
        )
        done = act(client, second, "approve")
        assert "You approved “Bike lanes” (Da Nang): it is published." in text(done)
        second.refresh_from_db()
        assert second.live

    def test_officer_is_offered_only_resubmit_after_changes_were_requested(self, client, world):
        login(client, world["officer"])
        page = submit(client, world["danang"], "Smart bins")
        login(client, world["reviewer"])
        act(client, page, "reject", comment=COMMENT)
        login(client, world["officer"])
        editor = text(client.get(edit_url(page)))
        assert "Resubmit to National review: Viet Nam" in editor
        assert "Cancel workflow" not in editor
        assert "Restart workflow" not in editor

    def test_a_stranger_sees_no_confirmation_of_someone_elses_review(self, client, world):
        login(client, world["officer"])
        page = submit(client, world["danang"], "Smart bins")
        login(client, world["reviewer"])
        act(client, page, "approve")
        state = TaskState.objects.filter(workflow_state__object_id=str(page.pk)).latest("pk")
        login(client, world["other_reviewer"])
        response = client.get(reverse("national_review_done", args=[state.pk]), follow=True)
        assert "You approved" not in text(response)
        assert client.get(reverse("national_review_done", args=[999999])).status_code == 404


class TestTranslationReview:
    def translated(self, client, world):
        translate_portal(world["site"], "vi")
        translate_all(world["danang"], "vi")
        practice = world["danang_practice"]
        login(client, world["officer"])
        client.post(
            reverse("wagtail_localize:submit_page_translation", args=[practice.pk]),
            {"locales": [Locale.objects.get(language_code="vi").pk]},
        )
        target = practice.get_translation(Locale.objects.get(language_code="vi"))
        job = Translation.objects.get(
            source__object_id=practice.translation_key, target_locale=target.locale
        )
        return target, job

    def test_the_menu_item_opens_a_confirmation_whose_button_submits(self, client, world):
        target, job = self.translated(client, world)
        po = polib.pofile(
            client.get(reverse("wagtail_localize:download_pofile", args=[job.pk])).content.decode()
        )
        for entry in po:
            entry.msgstr = f"{entry.msgid} (tiếng Việt)"
        client.post(
            reverse("wagtail_localize:upload_pofile", args=[job.pk]),
            {"file": SimpleUploadedFile("vi.po", str(po).encode())},
        )
        explorer = client.get(reverse("wagtailadmin_explore", args=[target.get_parent().pk]))
        html = explorer.content.decode()
        assert "Submit translation for review (4/4 translated)" in text(explorer)
        link = re.search(rf'href="([^"]*/translations/{target.pk}/submit-for-review/[^"]*)"', html)
        assert link, "no menu item"
        confirmation = client.get(link.group(1).replace("&amp;", "&"))  # what a click does
        assert confirmation.status_code == 200
        assert "Yes, submit for review" in text(confirmation)
        assert not target.workflow_in_progress

        done = client.post(link.group(1).replace("&amp;", "&"), follow=True)
        assert "was submitted for review (ASCN review (Viet Nam))" in text(done)
        target.refresh_from_db()
        assert target.workflow_in_progress and not target.live

    def test_the_translation_editor_offers_it_and_an_unfinished_one_is_explained(
        self, client, world
    ):
        target, job = self.translated(client, world)
        editor = client.get(edit_url(target), follow=True)
        # No count in the editor: it would not follow the texts translated there until a reload.
        assert "Submit translation for review" in text(editor)
        assert "translated)" not in text(editor)
        confirmation = text(client.get(reverse("submit_translation_for_review", args=[target.pk])))
        assert "Translate the remaining texts first" in confirmation
        assert "Yes, submit for review" not in confirmation
        login(client, world["other_officer"])
        response = client.get(reverse("submit_translation_for_review", args=[target.pk]))
        assert response.status_code in (302, 403)


class TestDashboard:
    def test_officer_sees_their_city_its_trees_drafts_and_reviews(self, client, world):
        translate_portal(world["site"], "vi")
        vi_city = translate_all(world["danang"], "vi")
        login(client, world["officer"])
        submit(client, world["danang"], "Smart bins")
        html = client.get(reverse("wagtailadmin_home")).content.decode()
        page = text(client.get(reverse("wagtailadmin_home")))
        assert "Your city: Da Nang" in page
        assert f'href="{reverse("wagtailadmin_explore", args=[world["danang"].pk])}"' in html
        assert f'href="{reverse("wagtailadmin_explore", args=[vi_city.pk])}"' in html
        assert "1 page in review" in page and "Smart bins" in page
        assert "Bangkok" not in page
        # The practice, challenge and adoption-record forms themselves, each offered once: a city
        # also holds news, so "add a child page" would ask which.
        for app, model in (
            ("practices", "practicepage"),
            ("challenges", "challengepage"),
            ("adoptions", "adoptionpage"),
        ):
            for tree in (
                world["danang"],
                vi_city,
            ):  # a page starts in the language it is written in
                add = reverse("wagtailadmin_pages:add", args=[app, model, tree.pk])
                assert html.count(f'href="{add}"') == 1
        assert "In English: Add a practice to Da Nang Add a challenge to Da Nang" in page
        assert "Record that Da Nang adapted another city" in page
        vietnamese = vi_city.locale.get_display_name()
        assert f"Writing in {vietnamese}?" in page
        assert f"Add a challenge in {vietnamese}" in page
        assert "Writing in a language not listed here?" in page  # and how to get its tree

    def test_reviewer_sees_their_country(self, client, world):
        login(client, world["reviewer"])
        page = text(client.get(reverse("wagtailadmin_home")))
        assert "Your country: Viet Nam" in page
        assert "Da Nang" in page and "Bangkok" not in page


class TestPracticeForm:
    def test_officer_gets_the_citys_currency_no_provenance_and_a_named_address(self, client, world):
        login(client, world["officer"])
        add = reverse(
            "wagtailadmin_pages:add", args=["practices", "practicepage", world["danang"].pk]
        )
        html = client.get(add).content.decode()
        assert '<option value="VND" selected>' in html
        assert "Sample content for the demo" not in html
        assert 'name="provenance"' not in html
        assert re.search(r'<label[^>]*for="id_slug"[^>]*>\s*Web address', html)

        login(client, world["secretariat"])
        html = client.get(add).content.decode()
        assert "Sample content for the demo" in html


class TestCityMessages:
    def messages(self, world):
        return {
            city: ContactMessage.objects.create(
                practice=world[f"{city}_practice"],
                practice_title=world[f"{city}_practice"].title,
                name=f"Resident of {city}",
                email="resident@example.org",
                message=f"A question for {city}",
            )
            for city in ("danang", "bangkok")
        }

    def test_officers_read_their_citys_messages_only(self, client, world):
        sent = self.messages(world)
        login(client, world["officer"])
        menu = client.get(reverse("wagtailadmin_home")).content.decode()  # the sidebar's data
        assert "Messages to your city" in menu
        listing = text(client.get(reverse("city_messages:index")))
        assert "Resident of danang" in listing and "Waste sensors" in listing
        assert "Resident of bangkok" not in listing
        detail = text(client.get(reverse("city_messages:detail", args=[sent["danang"].pk])))
        assert "A question for danang" in detail
        mine_elsewhere = client.get(reverse("city_messages:detail", args=[sent["bangkok"].pk]))
        assert mine_elsewhere.status_code == 404

    def test_reviewers_are_refused_and_the_secretariat_reads_all(self, client, world):
        self.messages(world)
        login(client, world["reviewer"])
        assert client.get(reverse("city_messages:index")).status_code in (302, 403)
        assert (
            "Messages to your city" not in client.get(reverse("wagtailadmin_home")).content.decode()
        )
        login(client, world["secretariat"])
        listing = text(client.get(reverse("city_messages:index")))
        assert "Resident of danang" in listing and "Resident of bangkok" in listing


def test_bad_addresses_and_values_answer_without_a_server_error(client, world):
    login(client, world["officer"])
    for url in (
        "/admin/review/999999/done/",
        "/admin/translations/999999/submit-for-review/",
        f"/admin/translations/{world['danang_practice'].pk}/submit-for-review/?next=//evil.example",
        "/admin/city-messages/999999/",
        "/admin/city-messages/?ordering=nonsense&p=x&q=%00",
        "/admin/city-messages/results/?p=99999",
    ):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code < 500, (url, response.status_code)
            assert "evil.example" not in response.get("Location", "")
