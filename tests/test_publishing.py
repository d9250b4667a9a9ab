"""Publishing through review, exercised through the Wagtail admin's own views as each role."""

import datetime
import io

from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from wagtail.images.models import Image
from wagtail.models import PageLogEntry, Workflow, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

import pytest
from PIL import Image as PILImage

from cities.roles import (
    city_collection,
    ensure_officer_group,
    ensure_user,
    workflow_name,
)
from portal.models import Country, FocalArea
from practices.models import NARRATIVE_SECTIONS, PracticePage
from tests.conftest import PASSWORD, sign_in
from tests.factories import CityPageFactory, PracticePageFactory

NARRATIVES = [name for name, _ in NARRATIVE_SECTIONS]


def login(client, user):
    sign_in(client, user)
    return client


def practice_form(title, action):
    data = nested_form_data(
        {
            "title": title,
            "slug": title.lower().replace(" ", "-"),
            "summary": "A new practice written by the city's officer.",
            "status": "pilot",
            "currency": "USD",
            **{name: streamfield([]) for name in NARRATIVES},
            "indicators": inline_formset([]),
            "partners": inline_formset([]),
            "sources": inline_formset([]),
        }
    )
    return {**data, "focal_areas": [FocalArea.objects.first().pk], action: "1"}


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def add_url(parent):
    return reverse("wagtailadmin_pages:add", args=["practices", "practicepage", parent.pk])


def submit(client, parent, title):
    client.post(add_url(parent), practice_form(title, "action-submit"))
    return PracticePage.objects.get(title=title)


def task_state(page):
    return WorkflowState.objects.get(
        base_content_type__isnull=False, object_id=str(page.pk)
    ).current_task_state


def refused(response):
    """Wagtail answers a permission denial with 403, or a redirect away with an error message."""
    return response.status_code == 403 or (
        response.status_code == 302 and "/edit/" not in response["Location"]
    )


@pytest.mark.django_db
class TestCityOfficer:
    def test_edits_own_city_but_not_another(self, client, world):
        login(client, world["officer"])
        assert client.get(edit_url(world["danang_practice"])).status_code == 200
        assert client.get(edit_url(world["danang"])).status_code == 200
        assert refused(client.get(edit_url(world["bangkok_practice"])))
        assert refused(client.get(edit_url(world["bangkok"])))
        assert refused(client.get(add_url(world["bangkok"])))
        response = client.post(
            add_url(world["bangkok"]), practice_form("Intruder", "action-submit")
        )
        assert refused(response)
        assert not PracticePage.objects.filter(title="Intruder").exists()

    def test_cannot_publish_only_submit(self, client, world):
        login(client, world["officer"])
        client.post(add_url(world["danang"]), practice_form("Flood sirens", "action-publish"))
        page = PracticePage.objects.get(title="Flood sirens")
        assert not page.live
        html = client.get(edit_url(page)).content.decode()
        assert 'name="action-publish"' not in html
        assert 'name="action-submit"' in html

    def test_uploads_only_into_own_city_collection(self, client, world):
        own = city_collection(world["danang"])
        other = city_collection(world["bangkok"])
        login(client, world["officer"])

        def upload(collection):
            buffer = io.BytesIO()
            PILImage.new("RGB", (40, 30), "blue").save(buffer, "PNG")
            buffer.seek(0)
            buffer.name = "bins.png"
            return client.post(
                reverse("wagtailimages:add"),
                {"title": "Bins", "file": buffer, "collection": collection.pk},
            )

        upload(own)
        assert Image.objects.filter(collection=own).count() == 1
        upload(other)  # Wagtail offers an officer only their own collection: it lands there
        assert Image.objects.filter(collection=other).count() == 0
        assert Image.objects.filter(collection=own).count() == 2

        foreign = Image.objects.create(
            title="Bangkok canal",
            collection=other,
            file=Image.objects.first().file,
            width=40,
            height=30,
        )
        assert refused(client.get(reverse("wagtailimages:edit", args=[foreign.pk])))
        assert refused(client.post(reverse("wagtailimages:delete", args=[foreign.pk])))
        assert Image.objects.filter(pk=foreign.pk).exists()

    def test_cannot_open_or_delete_another_citys_documents(self, client, world):
        from django.core.files.base import ContentFile

        from wagtail.documents.models import Document

        foreign = Document(title="Bangkok plan", collection=city_collection(world["bangkok"]))
        foreign.file.save("plan.pdf", ContentFile(b"%PDF-1.4 plan"), save=True)
        own = Document(title="Da Nang plan", collection=city_collection(world["danang"]))
        own.file.save("own.pdf", ContentFile(b"%PDF-1.4 own"), save=True)
        login(client, world["officer"])
        assert client.get(reverse("wagtaildocs:edit", args=[own.pk])).status_code == 200
        assert refused(client.get(reverse("wagtaildocs:edit", args=[foreign.pk])))
        assert refused(client.post(reverse("wagtaildocs:delete", args=[foreign.pk])))
        assert Document.objects.filter(pk=foreign.pk).exists()
        listing = client.get(reverse("wagtaildocs:index")).content.decode()
        assert "Da Nang plan" in listing and "Bangkok plan" not in listing

    def test_cannot_touch_taxonomy_or_settings(self, client, world):
        login(client, world["officer"])
        country = Country.objects.get(code="VN")
        url = reverse("wagtailsnippets_portal_country:edit", args=[country.pk])
        assert refused(client.get(url))
        assert refused(client.get("/admin/settings/portal/portalsettings/"))


@pytest.mark.django_db
class TestReview:
    def test_submission_starts_the_country_workflow_and_notifies_reviewers(self, client, world):
        login(client, world["officer"])
        page = submit(client, world["danang"], "Smart bins")
        state = WorkflowState.objects.get(object_id=str(page.pk))
        assert state.workflow == Workflow.objects.get(name=workflow_name(world["danang"].country))
        assert state.status == "in_progress"
        recipients = {address for message in mail.outbox for address in message.to}
        assert "reviewer@vn.example" in recipients
        assert "reviewer@th.example" not in recipients

        login(client, world["reviewer"])
        dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
        assert "Smart bins" in dashboard

    def test_approval_publishes(self, client, world):
        login(client, world["officer"])
        page = submit(client, world["danang"], "Smart bins")
        login(client, world["reviewer"])
        url = reverse(
            "wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state(page).pk]
        )
        client.post(url, {"comment": "Figures checked with the city."})
        page.refresh_from_db()
        assert page.live
        assert client.get(page.url).status_code == 200

    def test_rejection_sends_it_back_with_the_comment(self, client, world):
        login(client, world["officer"])
        page = submit(client, world["danang"], "Smart bins")
        login(client, world["reviewer"])
        url = reverse(
            "wagtailadmin_pages:workflow_action", args=[page.pk, "reject", task_state(page).pk]
        )
        client.post(url, {"comment": "Please add the operating cost."})
        page.refresh_from_db()
        assert not page.live
        state = WorkflowState.objects.get(object_id=str(page.pk))
        assert state.status == "needs_changes"
        assert state.current_task_state.comment == "Please add the operating cost."
        login(client, world["officer"])
        assert "Please add the operating cost." in client.get(edit_url(page)).content.decode()

    def test_reviewer_of_another_country_can_neither_approve_nor_publish(self, client, world):
        login(client, world["officer"])
        page = submit(client, world["danang"], "Smart bins")
        login(client, world["other_reviewer"])
        url = reverse(
            "wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state(page).pk]
        )
        client.post(url, {"comment": "approve"})
        assert refused(client.get(edit_url(page)))
        page.refresh_from_db()
        assert not page.live

    def test_secretariat_publishes_anywhere_and_edits_taxonomy(self, client, world, site):
        login(client, world["secretariat"])
        assert client.get(edit_url(site["home"])).status_code == 200
        client.post(add_url(world["bangkok"]), practice_form("Secretariat note", "action-publish"))
        assert PracticePage.objects.get(title="Secretariat note").live
        country = Country.objects.get(code="VN")
        url = reverse("wagtailsnippets_portal_country:edit", args=[country.pk])
        assert client.get(url).status_code == 200


@pytest.mark.django_db
class TestHistory:
    def test_changes_are_logged_and_revisions_can_be_compared_and_reverted(self, client, world):
        login(client, world["officer"])
        client.post(add_url(world["danang"]), practice_form("Smart bins", "action-draft"))
        page = PracticePage.objects.get(title="Smart bins")
        data = practice_form("Smart bins v2", "action-submit")
        data["slug"] = "smart-bins"
        client.post(edit_url(page), data)
        actions = set(PageLogEntry.objects.filter(page=page).values_list("action", flat=True))
        assert {"wagtail.create", "wagtail.edit", "wagtail.workflow.start"} <= actions
        revisions = list(page.revisions.order_by("created_at"))
        assert len(revisions) >= 2
        login(client, world["reviewer"])
        compare = reverse(
            "wagtailadmin_pages:revisions_compare",
            args=[page.pk, revisions[0].pk, revisions[-1].pk],
        )
        assert "Smart bins v2" in client.get(compare).content.decode()
        revert = reverse("wagtailadmin_pages:revisions_revert", args=[page.pk, revisions[0].pk])
        assert client.get(revert).status_code == 200
        login(client, world["other_officer"])
        assert refused(client.get(compare))


@pytest.mark.django_db
class TestVerification:
    def test_report_lists_stale_practices_the_user_may_edit(self, client, world):
        world["danang_practice"].last_verified = datetime.date(2020, 1, 1)
        world["danang_practice"].save()
        world["bangkok_practice"].last_verified = None
        world["bangkok_practice"].save()
        fresh = PracticePageFactory(
            parent=world["danang"], title="Fresh", last_verified=datetime.date.today()
        )
        login(client, world["officer"])
        html = client.get(reverse("unverified_practices")).content.decode()
        assert "Waste sensors" in html
        assert "Canal cycling" not in html  # another city's
        assert fresh.title not in html
        login(client, world["secretariat"])
        html = client.get(reverse("unverified_practices")).content.decode()
        assert "Waste sensors" in html and "Canal cycling" in html

    def test_reminder_command_mails_the_contacts(self, world):
        world["danang_practice"].last_verified = datetime.date(2020, 1, 1)
        world["danang_practice"].save()
        PracticePageFactory(
            parent=world["danang"], title="Fresh", last_verified=datetime.date.today()
        )
        world["bangkok_practice"].last_verified = datetime.date.today()
        world["bangkok_practice"].save()
        out = io.StringIO()
        call_command("remind_unverified_practices", stdout=out)
        assert [m.to for m in mail.outbox] == [[world["danang_practice"].contact_email]]
        assert "Reminded 1 contact(s)" in out.getvalue()

    def test_practice_page_shows_last_verified(self, client, world):
        html = client.get(world["danang_practice"].url).content.decode()
        assert "Last verified" in html and "1 January 2024" in html


@pytest.mark.django_db
class TestCommands:
    def test_create_city_officer_is_idempotent_and_explains_a_missing_city(self, world):
        out = io.StringIO()
        call_command(
            "create_city_officer", "--city", "da-nang", "--email", "new@dn.example", stdout=out
        )
        call_command(
            "create_city_officer", "--city", "da-nang", "--email", "new@dn.example", stdout=out
        )
        assert "Created city officer new@dn.example" in out.getvalue()
        assert "Updated city officer new@dn.example" in out.getvalue()
        with pytest.raises(CommandError, match="No city has the slug “atlantis”"):
            call_command("create_city_officer", "--city", "atlantis", "--email", "x@y.example")
        with pytest.raises(CommandError, match="not an e-mail address"):
            call_command("create_city_officer", "--city", "da-nang", "--email", "nope")

    def test_create_national_reviewer(self, world):
        out = io.StringIO()
        call_command(
            "create_national_reviewer", "--country", "th", "--email", "r2@th.example", stdout=out
        )
        assert "Created national reviewer r2@th.example for Thailand" in out.getvalue()
        with pytest.raises(CommandError, match="No member state has the code “XX”"):
            call_command("create_national_reviewer", "--country", "XX", "--email", "a@b.example")


@pytest.mark.django_db
def test_a_new_city_comes_under_its_countrys_review(client, world, site):
    hue = CityPageFactory(
        parent=site["cities"], title="Hue", country=Country.objects.get(code="VN")
    )
    hue.save_revision().publish()
    login(client, world["reviewer"])
    assert client.get(edit_url(hue)).status_code == 200
    officer = ensure_user("officer@hue.example", ensure_officer_group(hue), PASSWORD)[0]
    login(client, officer)
    page = submit(client, hue, "Citadel lighting")
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.workflow.name == "ASCN review (Viet Nam)"
