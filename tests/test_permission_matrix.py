"""Who may see or change city B's content: a matrix generated from the URL resolver.

Every admin and API address that names an object is filled in with an object of Bangkok (city B):
its practice and that practice's unpublished draft, revisions, workflow, translation, image,
document, collection, contact message, public question, editing session, officer and group. Each
marked ``SECRET``. The officer of Da Nang (city A), Vietnam's national reviewer and an anonymous
visitor ask for each with GET and POST: every answer refuses (403, 404, 405, or a redirect to the
sign-in page or the dashboard), shows no secret, and changes nothing. The public API (api/v2) may
answer with the live practice, which is public, but never with its draft or the private media; a
few shared admin views (SHARED, with reasons) may answer too, without a secret. A superuser asks
for the same addresses as the control, which proves that each address really reaches its object.
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from wagtail.admin.models import EditingSession
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Collection, CollectionViewRestriction, Locale, Site, WorkflowState

import pytest
import wagtail_factories
from wagtail_localize.models import StringSegment, Translation, TranslationSource

from accounts.middleware import OPEN_VIEWS
from adoptions.models import AdoptionPage
from challenges.models import ChallengePage
from cities.roles import (
    city_collection,
    ensure_officer_group,
    ensure_reviewer_group,
    ensure_user,
)
from portal.models import Country, FocalArea
from practices.models import ContactMessage, PracticePage, Question, QuestionStatus
from tests.conftest import PASSWORD, sign_in

SECRET = "SECRET-of-Bangkok"

# Addresses that answer 404 to everyone here, with the reason; everything else must reach its
# object for the superuser, or the matrix would prove nothing.
NOT_APPLICABLE = {
    "wagtailforms:list_submissions": "the portal has no form pages",
    "wagtailforms:list_submissions_results": "the portal has no form pages",
    "wagtailforms:delete_submissions": "the portal has no form pages",
    "wagtailadmin_password_reset_confirm": "covered by test_advisories.py (password reset)",
    "wagtailadmin_pages:convert_alias": "city B's practice is not an alias",
    "wagtail_localize:convert_to_alias": "city B's practice is not an alias",
    "wagtailadmin_pages:revisions_unschedule": "nothing is scheduled",
    "wagtail_localize:edit_override": "the practice has no overridable segment",
    "wagtail_localize:submit_snippet_translation": "taxonomy snippets are not translatable",
    "wagtailsettings:preview_on_edit": "portal settings have no preview",
    "wagtailimages:url_generator": "the dynamic image serve view is not enabled",
    "wagtailimages:url_generator_output": "the dynamic image serve view is not enabled",
    "accounts:rename": "a second factor is only its owner's: 404 to anyone else, superusers "
    "too (tests/test_accounts.py)",
    "accounts:remove": "a second factor is only its owner's: 404 to anyone else, superusers "
    "too (tests/test_accounts.py)",
}


def object_patterns(with_keywords_only=True):
    """(name, keyword names) of every named admin and API address with keywords (or all)."""
    admin_prefix = reverse("wagtailadmin_home")

    def walk(resolver, namespace, keywords, prefix):
        for entry in resolver.url_patterns:
            found = keywords + list(entry.pattern.regex.groupindex)
            path = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                inner = ":".join(part for part in (namespace, entry.namespace) if part)
                yield from walk(entry, inner, found, path)
            elif entry.name and (found or not with_keywords_only):
                name = f"{namespace}:{entry.name}" if namespace else entry.name
                yield name, found, path

    seen = set()
    for name, keywords, path in walk(get_resolver(), "", [], "/"):
        if (path.startswith(admin_prefix) or "api/" in path) and name not in seen:
            seen.add(name)
            yield name, keywords


@pytest.fixture
def city_b(world):
    """Bangkok's objects, each carrying SECRET, and the values that name them."""
    bangkok, practice = world["bangkok"], world["bangkok_practice"]
    officer_b = ensure_user("officer@bangkok.example", ensure_officer_group(bangkok), PASSWORD)[0]
    ensure_reviewer_group(Country.objects.get(code="TH"))  # Thailand's review workflow
    # Page titles, draft ones too, are every editor's to see in Wagtail's page chooser (to link
    # to them); the secret is in what a draft says.
    practice.title = "Canal cycling, second edition"
    practice.summary = f"{SECRET} draft summary"
    revision = practice.save_revision(user=officer_b)
    workflow_state = practice.get_workflow().start(practice, officer_b)
    draft_page = PracticePage(
        title="Canal cycling pilot", summary=f"{SECRET} unpublished", slug="pilot", live=False
    )
    bangkok.add_child(instance=draft_page)
    # A challenge never published, and a published one whose draft says the secret.
    bangkok.add_child(
        instance=ChallengePage(
            title="Canal cycling pilot challenge", problem=f"{SECRET} unpublished", live=False
        )
    )
    challenge = ChallengePage(title="Canal cycling crashes", problem="Riders fall in canals.")
    bangkok.add_child(instance=challenge)
    challenge.problem = f"{SECRET} draft problem"
    challenge.save_revision(user=officer_b)
    # An adoption record never published, and a published one whose draft says the secret.
    adoption_fields = {
        "source_practice": world["danang_practice"],
        "started_on": datetime.date(2023, 3, 1),
    }
    bangkok.add_child(
        instance=AdoptionPage(
            title="Canal cycling pilot adoption",
            stage="exploring",
            what_changed=f"{SECRET} unpublished",
            live=False,
            **adoption_fields,
        )
    )
    adoption = AdoptionPage(
        title="Bangkok adapts waste sensors",
        stage="piloting",
        what_changed="Sensors on canal boats.",
        **adoption_fields,
    )
    bangkok.add_child(instance=adoption)
    adoption.save_revision().publish()
    adoption.what_changed = f"{SECRET} draft change"
    adoption_revision = adoption.save_revision(user=officer_b)
    collection = city_collection(bangkok)  # private to Bangkok's officers, as its drafts are
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.set(officer_b.groups.all())
    image = wagtail_factories.ImageFactory(title=f"{SECRET} photo", collection=collection)
    document = wagtail_factories.DocumentFactory(title=f"{SECRET} report", collection=collection)
    message = ContactMessage.objects.create(
        practice=practice,
        practice_title=practice.title,
        name="Resident",
        email="resident@example.org",
        message=f"{SECRET} message",
    )
    question = Question.objects.create(
        practice=practice,
        name="Visitor",
        email="visitor@example.org",
        question=f"{SECRET} question",
        language="en",
    )
    source, _ = TranslationSource.get_or_create_from_instance(practice)
    thai = Locale.objects.get(language_code="th")
    translation, _ = Translation.objects.get_or_create(source=source, target_locale=thai)
    source.create_or_update_translation(thai, publish=False, copy_parent_pages=True, fallback=True)
    page_type = ContentType.objects.get_for_model(PracticePage)
    session = EditingSession.objects.create(
        user=officer_b,
        content_type=ContentType.objects.get(app_label="wagtailcore", model="page"),
        object_id=str(practice.pk),
        last_seen_at=timezone.now(),
    )
    task = workflow_state.current_task_state.task
    values = {
        "page_id": practice.pk,
        "pk": practice.pk,
        "page_pk": bangkok.pk,
        "parent_page_id": bangkok.pk,
        "page_to_move_id": practice.pk,
        "destination_id": world["danang"].pk,
        "revision_id": revision.pk,
        "revision_id_a": "earliest",
        "revision_id_b": "latest",
        "task_state_id": workflow_state.current_task_state.pk,
        "task_id": task.pk,
        "workflow_state_id": workflow_state.pk,
        "workflow_pk": workflow_state.workflow_id,
        "action_name": "approve",
        "action": "delete",
        "image_id": image.pk,
        "document_id": document.pk,
        "doc_id": document.pk,
        "uploaded_file_id": 0,
        "collection_id": collection.pk,
        "filter_spec": "fill-80x80",
        "app_label": "wagtailcore",
        "model_name": "page",
        "app_name": "portal",
        "content_type_app_name": page_type.app_label,
        "content_type_model_name": page_type.model,
        "object_id": practice.pk,
        "session_id": session.pk,
        "translation_id": translation.pk,
        "translation_source_id": source.pk,
        "string_segment_id": StringSegment.objects.filter(source=source).first().pk,
        "overridable_segment_id": 0,
        "mode": "",
        "redirect_id": Redirect.objects.create(
            old_path="/secret-of-bangkok", redirect_page=practice
        ).pk,
        "uidb64": "x",
        "token": "x",
        "user_id": officer_b.pk,
        "kind": "app",
    }
    # Keyword values that depend on the address: the object of that kind in city B.
    by_name = {
        "wagtailimages:": {"pk": image.pk},
        "wagtaildocs:": {"pk": document.pk},
        "wagtailadmin_collections:": {"pk": collection.pk},
        "wagtailsnippets_practices_contactmessage:": {"pk": message.pk},
        "wagtailsnippets_portal_country:": {"pk": Country.objects.get(code="TH").pk},
        "wagtailsnippets_portal_focalarea:": {"pk": FocalArea.objects.first().pk},
        "wagtailsnippetchoosers_portal_country:": {"pk": Country.objects.get(code="TH").pk},
        "wagtailsnippetchoosers_portal_focalarea:": {"pk": FocalArea.objects.first().pk},
        "wagtailsnippets_portal_sdgtarget:": {"pk": "11.2"},
        "wagtailsnippetchoosers_portal_sdgtarget:": {"pk": "11.2"},
        "wagtailsnippetchoosers_practices_contactmessage:": {"pk": message.pk},
        "city_messages:": {"pk": message.pk},
        "city_questions:": {"pk": question.pk},
        "wagtailusers_users:": {"pk": officer_b.pk},
        "wagtailusers_groups:": {"pk": officer_b.groups.first().pk},
        "wagtailadmin_workflows:": {"pk": workflow_state.workflow_id},
        "wagtailadmin_workflows:edit_task": {"pk": task.pk},
        "wagtailadmin_workflows:disable_task": {"pk": task.pk},
        "wagtailadmin_workflows:enable_task": {"pk": task.pk},
        "wagtailadmin_workflows:add_task": {
            "app_label": "wagtailcore",
            "model_name": "groupapprovaltask",
        },
        "wagtaillocales:": {"pk": Locale.objects.get(language_code="th").pk},
        "wagtailsites:": {"pk": Site.objects.first().pk},
        "wagtailsettings:": {
            "app_name": "portal",
            "model_name": "portalsettings",
            "pk": Site.objects.first().pk,
        },
        "wagtail_localize:": {
            "app_label": "portal",
            "model_name": "focalarea",
            "pk": FocalArea.objects.first().pk,
        },
        "wagtailadmin_tag_model_autocomplete": {"app_name": "taggit", "model_name": "tag"},
        "wagtailadmin_api:": {"pk": practice.pk},
        "wagtailadmin_api:images:": {"pk": image.pk},
        "wagtailadmin_api:documents:": {"pk": document.pk},
        "wagtailapi:": {"pk": practice.pk},
        "wagtailapi:images:": {"pk": image.pk},
        "wagtailapi:documents:": {"pk": document.pk},
        "wagtailimages_chooser:": {"pk": image.pk},
        "wagtaildocs_chooser:": {"pk": document.pk},
        "wagtailimages:preview": {"image_id": image.pk},
        "wagtailadmin_pages:create": {"app_label": "practices", "model_name": "practicepage"},
    }
    return {
        "officer_b": officer_b,
        "values": values,
        "by_name": by_name,
        "practice": practice,
        "image": image,
        "document": document,
        "message": message,
        "question": question,
        "collection": collection,
        "adoption": adoption,
        "adoption_revision": adoption_revision,
    }


def fill(name, keywords, city):
    values = dict(city["values"])
    for prefix, override in sorted(city["by_name"].items(), key=lambda item: len(item[0])):
        if name.startswith(prefix):
            values.update(override)
    return reverse(name, kwargs={key: values[key] for key in keywords})


def refuses(client, response, city_b_pages, hops=3):
    """403, 404, 405, or a redirect to the sign-in page, the dashboard or the user's own area
    (Wagtail's explorer sends an officer back to their own city); redirects are followed."""
    if response.status_code in (403, 404, 405):
        return True
    if response.status_code != 302 or not hops:
        return False
    location = response["Location"]
    if location.startswith(reverse("wagtailadmin_login")) or location == reverse(
        "wagtailadmin_home"
    ):
        return True
    if not set(location.split("/")) & {str(pk) for pk in city_b_pages}:
        return True  # an address about none of city B's pages
    return refuses(client, client.get(location), city_b_pages, hops - 1)


# Admin views every editor shares, which answer 200 to the outsiders: they must still show no
# secret of city B and change nothing (both asserted below).
SHARED = {
    "wagtail_bulk_action": "says which of the chosen pages the user may not delete, deletes none",
    "wagtailadmin_pages:type_use": "page types in use, by live title",
    "wagtailadmin_pages:type_use_results": "page types in use, by live title",
    "wagtailadmin_pages:choose_parent": "asks where a new page should go, among the user's own",
    "wagtailadmin_pages:confirm_workflow_cancellation": "a dialog naming the workflow; cancels "
    "nothing",
    "wagtailadmin_choose_page_child": "Wagtail's page chooser: titles to link to, for every editor",
    "wagtailadmin_tag_model_autocomplete": "tag names, shared by all editors",
    "wagtailadmin_workflows:task_chosen": "the name of a review task",
    "wagtailadmin_editing_sessions:release": "releases only the caller's own editing session",
    "wagtail_localize:snippets_api_listing": "the public taxonomy",
    "wagtail_localize:snippets_api_detail": "the public taxonomy",
    "wagtailsnippetchoosers_portal_country:chosen": "the public taxonomy",
    "wagtailsnippetchoosers_portal_focalarea:chosen": "the public taxonomy",
    "wagtailsnippetchoosers_portal_sdgtarget:chosen": "the public taxonomy (the UN's targets)",
}


def ask_as_outsiders(world, city, patterns, control):
    """Each address of ``patterns`` filled in with ``city``'s objects: asked by the control (a
    superuser), then with GET and POST by the officer of city A, Viet Nam's reviewer and an
    anonymous visitor. (requests made, leaks, addresses the control did not reach)."""
    outsiders = {
        "officer of city A": world["officer"],
        "reviewer of Viet Nam": world["reviewer"],
        "anonymous": None,
    }
    clients = {}
    for role, user in outsiders.items():
        clients[role] = Client()
        if user:
            clients[role].force_login(user)
    city_b_pages = [
        world["bangkok"].pk,
        *world["bangkok"].get_descendants().values_list("pk", flat=True),
    ]
    checked, leaks, unreachable = 0, [], []
    for name, keywords in patterns:
        if name in NOT_APPLICABLE:
            continue
        url = fill(name, keywords, city)
        if name == "wagtail_bulk_action":
            url += f"?id={city['values']['page_id']}"
        if control.get(url).status_code == 404:
            unreachable.append((name, url))
        for role, client in clients.items():
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                checked += 1
                # The public API and the shared views may answer, never with a secret.
                may_answer = name.startswith("wagtailapi:") or name in SHARED
                refused = refuses(client, response, city_b_pages)
                if SECRET in response.content.decode(errors="replace") or not (
                    may_answer or refused
                ):
                    leaks.append((role, method.upper(), name, url, response.status_code))
    return checked, leaks, unreachable


@pytest.mark.django_db
def test_permission_bypass_no_role_reaches_another_citys_objects_at_any_address(
    world, city_b, django_user_model
):
    control = Client()
    sign_in(control, django_user_model.objects.create_superuser("root", "r@x.org", "pw"))
    patterns = list(object_patterns())
    names = {name for name, _keywords in patterns}
    assert set(SHARED) | set(NOT_APPLICABLE) <= names  # no stale exception hides an address
    checked, leaks, unreachable = ask_as_outsiders(world, city_b, patterns, control)
    assert not unreachable, "the control reached nothing at: " + "\n".join(map(str, unreachable))
    assert not leaks, "refused nothing or showed a secret: " + "\n".join(map(str, leaks))
    assert checked > 400

    practice = PracticePage.objects.get(pk=city_b["practice"].pk)  # nothing changed
    assert practice.live and not practice.locked
    assert practice.get_latest_revision().content["summary"] == f"{SECRET} draft summary"
    assert type(city_b["image"]).objects.filter(pk=city_b["image"].pk).exists()
    assert type(city_b["document"]).objects.filter(pk=city_b["document"].pk).exists()
    assert ContactMessage.objects.filter(pk=city_b["message"].pk).exists()
    assert Question.objects.get(pk=city_b["question"].pk).status == QuestionStatus.WAITING
    assert Collection.objects.filter(pk=city_b["collection"].pk).exists()
    assert WorkflowState.objects.get(object_id=str(practice.pk)).status == "in_progress"
    assert get_user_model().objects.filter(email="officer@bangkok.example").exists()


# The admin's page addresses (and the API's), filled in with city B's adoption record in place of
# its practice: the new page type is refused as a practice is (its form, revisions, moves, copies,
# translations), and adding a record under city B too.
PAGE_KEYWORDS = {
    *("page_id", "parent_page_id", "page_to_move_id", "destination_id", "mode"),
    *("revision_id", "revision_id_a", "revision_id_b"),
    *("content_type_app_name", "content_type_model_name"),
}


@pytest.mark.django_db
def test_no_role_reaches_another_citys_adoption_record_at_any_page_address(
    world, city_b, django_user_model
):
    adoption = city_b["adoption"]
    values = {
        **city_b["values"],
        "page_id": adoption.pk,
        "page_to_move_id": adoption.pk,
        "revision_id": city_b["adoption_revision"].pk,
        "content_type_app_name": "adoptions",
        "content_type_model_name": "adoptionpage",
    }
    by_name = {
        "wagtailadmin_pages:create": {"app_label": "adoptions", "model_name": "adoptionpage"},
        "wagtailadmin_api:pages:": {"pk": adoption.pk},
        "wagtailapi:pages:": {"pk": adoption.pk},
    }
    patterns = [
        (name, keywords)
        for name, keywords in object_patterns()
        if set(keywords) <= PAGE_KEYWORDS
        or name == "wagtailadmin_pages:create"
        or (
            name.startswith(("wagtailadmin_api:pages:", "wagtailapi:pages:")) and keywords == ["pk"]
        )
    ]
    assert {"wagtailadmin_pages:add", "wagtailadmin_pages:edit", "wagtailapi:pages:detail"} <= {
        name for name, _keywords in patterns
    }
    control = Client()
    sign_in(control, django_user_model.objects.create_superuser("root", "r@x.org", "pw"))
    city = {**city_b, "values": values, "by_name": by_name}
    checked, leaks, unreachable = ask_as_outsiders(world, city, patterns, control)
    assert not unreachable, "the control reached nothing at: " + "\n".join(map(str, unreachable))
    assert not leaks, "refused nothing or showed a secret: " + "\n".join(map(str, leaks))
    assert checked > 100

    adoption = AdoptionPage.objects.get(pk=adoption.pk)  # nothing changed
    assert adoption.live and not adoption.locked
    assert adoption.get_latest_revision().content["what_changed"] == f"{SECRET} draft change"
    assert AdoptionPage.objects.child_of(world["bangkok"]).count() == 2


PUBLIC_LISTINGS = [
    "/challenges/",
    "/challenges/export/csv/",
    "/challenges/export/json/",
    "/challenges/feed/",
    "/api/v2/pages/?type=challenges.ChallengePage&fields=*",
    "/search/?q=Canal+cycling+crashes",
    "/api/v2/pages/?fields=*&limit=50",
    "/api/v2/pages/?search=Canal",
    "/api/v2/images/?fields=*",
    "/api/v2/documents/?fields=*",
    "/sitemap.xml",
    "/cities/bangkok/",
    "/practices/",
    "/practices/feed/",
    "/practices/feed/atom/",
    "/practices/export/csv/",
    "/practices/export/json/",
    "/search/?q=Canal+cycling",
    "/search/?q=draft+summary+unpublished",
    "/api/search/?q=Canal+cycling",
    "/search/autocomplete/?q=Canal",
    "/transfers/",
    "/practices/?sort=adopted",
    "/practices/?adopted=yes",
    "/api/v2/pages/?type=adoptions.AdoptionPage&fields=*",
]


@pytest.mark.search
@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "officer"])
def test_drafts_unpublished_pages_and_private_media_stay_out_of_public_listings(
    client, world, city_b, who
):
    if who == "officer":
        sign_in(client, world["officer"])  # signed in, but not one of Bangkok's officers
    # Da Nang's practice, which Bangkok's adoption records name: "Adapted by" lists the live one
    for url in [*PUBLIC_LISTINGS, world["danang_practice"].url]:
        response = client.get(url)
        body = response.content.decode()
        assert response.status_code == 200, url
        assert SECRET not in body, url
        assert "Canal cycling pilot" not in body, url  # the page that was never published
    assert "Canal cycling" in client.get("/api/search/?q=Canal+cycling").content.decode()
    assert "Riders fall in canals." in client.get("/challenges/export/csv/").content.decode()
    adoptions = client.get("/api/v2/pages/?type=adoptions.AdoptionPage&fields=*")
    assert "Bangkok adapts waste sensors" in adoptions.content.decode()
    assert client.get(city_b["document"].url).status_code in (302, 403, 404)


def insiders_see(users, expected, matrix_name):
    """Each of ``users`` opens each address of ``expected`` and sees what it maps to; the matrix
    above covers ``matrix_name`` (so the outsiders were refused there)."""
    for user in users:
        client = Client()
        sign_in(client, user)
        for url, shown in expected.items():
            response = client.get(url)
            assert response.status_code == 200, (user, url)
            assert shown in response.content.decode(), (user, url)
    assert {name for name, _keywords in object_patterns()} >= {matrix_name}


@pytest.mark.django_db
def test_city_messages_are_read_by_that_citys_officers_and_the_secretariat_only(world, city_b):
    """The matrix above refuses Messages to your city (city_messages:*) to the outsiders; here
    the insiders: Bangkok's officer and the secretariat read city B's message there."""
    message = city_b["message"]
    expected = {  # the listings name the sender; the message itself says the secret
        reverse("city_messages:index"): message.name,
        reverse("city_messages:index_results"): message.name,
        reverse("city_messages:detail", args=[message.pk]): SECRET,
    }
    insiders_see((city_b["officer_b"], world["secretariat"]), expected, "city_messages:detail")


@pytest.mark.django_db
def test_city_questions_are_seen_by_that_citys_officers_its_reviewers_and_the_secretariat(
    world, city_b
):
    """The matrix above refuses Questions to your city (city_questions:*) to the outsiders
    (Da Nang's officer, Viet Nam's reviewer); here the insiders see city B's question: Bangkok's
    officer, Thailand's reviewer and the secretariat."""
    question = city_b["question"]
    expected = {
        reverse("city_questions:index"): SECRET,
        reverse("city_questions:index_results"): SECRET,
        reverse("city_questions:detail", args=[question.pk]): SECRET,
    }
    insiders = (city_b["officer_b"], world["other_reviewer"], world["secretariat"])
    insiders_see(insiders, expected, "city_questions:detail")


@pytest.mark.django_db
def test_a_stolen_password_alone_opens_no_admin_address_for_a_role_that_needs_a_factor(
    world, city_b, django_user_model
):
    """Bangkok's national reviewer (who may reach every object of city B) with an authenticator
    app, the secretariat and a superuser who have none: signed in with the password only, every
    admin address from the resolver, GET and POST, sends them to the second step (or to
    enrolment) and shows no secret; the second-factor steps themselves show none either."""
    from tests.conftest import authenticator_app

    reviewer_b = world["other_reviewer"]
    authenticator_app(reviewer_b)
    victims = {
        "reviewer of Thailand (has a factor)": (reviewer_b, reverse("accounts:verify")),
        "secretariat (no factor yet)": (world["secretariat"], reverse("accounts:enrol")),
        "superuser (no factor yet)": (
            django_user_model.objects.create_superuser("root2", "r2@x.org", "pw"),
            reverse("accounts:enrol"),
        ),
    }
    patterns = list(object_patterns(with_keywords_only=False))
    names = {name for name, _keywords in patterns}
    assert names >= OPEN_VIEWS
    checked, opened = 0, []
    for role, (user, step) in victims.items():
        thief = Client()
        thief.force_login(user)  # the password was right; no second factor given
        for name, keywords in patterns:
            if name in NOT_APPLICABLE and name not in ("accounts:rename", "accounts:remove"):
                continue
            url = fill(name, keywords, city_b)
            if name == "wagtailadmin_logout" or not url.startswith(reverse("wagtailadmin_home")):
                continue  # signing out is always allowed; the public API is public
            for method in ("get", "post"):
                response = getattr(thief, method)(url)
                checked += 1
                body = response.content.decode(errors="replace") if not response.streaming else ""
                if SECRET in body:
                    opened.append((role, method, name, "secret shown"))
                elif name in OPEN_VIEWS:
                    continue
                elif response.status_code != 302 or not response["Location"].startswith(step):
                    opened.append((role, method.upper(), name, url, response.status_code))
    assert not opened, "a password alone opened: " + "\n".join(map(str, opened))
    assert checked > 1000
