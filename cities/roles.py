"""Who may do what: city officers, national reviewers and the ASCN secretariat.

Built only from Wagtail's own machinery: groups, page permissions on a city's subtree,
collection permissions on the city's image and document collection, and a review workflow per
member state ("ASCN review (Thailand)") whose single task is approved by that country's
reviewers. Every function is idempotent, so commands and the demo seed can run them again.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from cities.models import CityPage, NationalReviewTask

SECRETARIAT = "ASCN secretariat editors"
CITIES_COLLECTION = "Cities"
OFFICER_PAGE_PERMISSIONS = ("add", "change", "lock")
REVIEWER_PAGE_PERMISSIONS = ("add", "change", "publish", "lock", "unlock")
SECRETARIAT_PAGE_PERMISSIONS = ("add", "change", "publish", "bulk_delete", "lock", "unlock")
MEDIA_PERMISSIONS = (
    ("wagtailimages", "image", ("add", "change", "choose")),
    ("wagtaildocs", "document", ("add", "change", "choose")),
)


def english(page):
    """The page in the default language (groups and collections are named after it)."""
    return page.get_translation_or_none(Locale.get_default()) or page


OFFICERS_PREFIX = "City officers: "


def officer_group_name(city):
    return f"{OFFICERS_PREFIX}{english(city).title}"


def _cities_of_groups(user, prefix, codename):
    """The city pages on which one of ``user``'s groups named ``prefix…`` has ``codename``."""
    if not user.is_authenticated:
        return CityPage.objects.none()
    return CityPage.objects.filter(
        group_permissions__group__in=user.groups.filter(name__startswith=prefix),
        group_permissions__permission__codename=codename,
    ).distinct()


def officer_cities(user):
    """The city pages (every language) whose officers' group ``user`` is in."""
    return _cities_of_groups(user, OFFICERS_PREFIX, "change_page")


REVIEWERS_PREFIX = "National reviewers: "


def reviewer_group_name(country):
    return f"{REVIEWERS_PREFIX}{country.name}"


def reviewer_cities(user):
    """The city pages (every language) of the countries whose national reviewers ``user`` is
    one of."""
    return _cities_of_groups(user, REVIEWERS_PREFIX, "publish_page")


def workflow_name(country):
    return f"ASCN review ({country.name})"


def _permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _group(name):
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.add(_permission("wagtailadmin", "access_admin"))
    return group


def _grant_pages(group, page, kinds):
    for kind in kinds:
        GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=_permission("wagtailcore", f"{kind}_page")
        )


def _grant_media(group, collection):
    _grant_collection(
        group,
        collection,
        [
            _permission(app_label, f"{kind}_{model}")
            for app_label, model, kinds in MEDIA_PERMISSIONS
            for kind in kinds
        ],
    )


def _grant_collection(group, collection, permissions):
    for permission in permissions:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=permission
        )


def _child_collection(parent, name):
    existing = parent.get_children().filter(name=name).first()
    return existing or parent.add_child(instance=Collection(name=name))


def city_collection(city):
    """The image and document collection of one city: Root › Cities › <city>."""
    cities = _child_collection(Collection.get_first_root_node(), CITIES_COLLECTION)
    return _child_collection(cities, english(city).title)


@transaction.atomic
def ensure_officer_group(city):
    """City officers may create, edit and translate the city's pages (in every language) and
    media, and submit them for review; not publish."""
    group = _group(officer_group_name(city))
    for page in city.get_translations(inclusive=True):
        _grant_pages(group, page, OFFICER_PAGE_PERMISSIONS)
    _grant_media(group, city_collection(city))
    group.permissions.add(_permission("wagtail_localize", "submit_translation"))
    return group


@transaction.atomic
def ensure_reviewer_group(country):
    """National reviewers publish, approve or reject the pages of every city of their country."""
    group = _group(reviewer_group_name(country))
    group.permissions.add(_permission("wagtail_localize", "submit_translation"))
    for city in CityPage.objects.filter(country=country):  # every language's copy
        _grant_pages(group, city, REVIEWER_PAGE_PERMISSIONS)
        _grant_media(group, city_collection(city))
    ensure_country_workflow(country, group)
    return group


def ensure_country_workflow(country, reviewers):
    """One workflow per member state, assigned to each of its city pages (and so their subtrees).

    Its one task is a ``NationalReviewTask``; a workflow made before it existed had a plain
    ``GroupApprovalTask``, which is replaced (and deactivated, the Wagtail way: a review it had
    in progress is cancelled, and the officer submits again).
    """
    task, _ = NationalReviewTask.objects.get_or_create(name=f"National review: {country.name}")
    task.groups.set([reviewers])
    workflow, _ = Workflow.objects.get_or_create(name=workflow_name(country))
    for old in GroupApprovalTask.objects.filter(workflow_tasks__workflow=workflow):
        WorkflowTask.objects.filter(workflow=workflow, task=old).delete()
        old.deactivate()
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for city in CityPage.objects.filter(country=country):
        WorkflowPage.objects.update_or_create(page=city, defaults={"workflow": workflow})
    return workflow


@transaction.atomic
def ensure_secretariat_group():
    """The secretariat manages the whole site, the taxonomy and all media; publishes anywhere."""
    group = _group(SECRETARIAT)
    group.permissions.add(_permission("wagtail_localize", "submit_translation"))
    for home in Page.objects.filter(depth=2):  # the home page of every language
        _grant_pages(group, home, SECRETARIAT_PAGE_PERMISSIONS)
    root = Collection.get_first_root_node()
    _grant_media(group, root)
    # Collections too: a private collection is how the library keeps a document internal.
    _grant_collection(
        group,
        root,
        [_permission("wagtailcore", f"{kind}_collection") for kind in ("add", "change", "delete")],
    )
    for app_label, codenames in (
        ("portal", ("add_country", "change_country", "add_focalarea", "change_focalarea")),
        ("portal", ("change_portalsettings",)),
        ("practices", ("view_contactmessage", "set_provenance", "view_question")),
        ("taggit", ("add_tag", "change_tag", "delete_tag")),
    ):
        group.permissions.add(*[_permission(app_label, codename) for codename in codenames])
    return group


def share_roles_with_translation(source, translation):
    """A page's translation is edited and reviewed by the same people, in the same workflow."""
    for rule in GroupPagePermission.objects.filter(page=source):
        GroupPagePermission.objects.get_or_create(
            group_id=rule.group_id, page=translation, permission_id=rule.permission_id
        )
    assigned = WorkflowPage.objects.filter(page=source).first()
    if assigned is not None:
        WorkflowPage.objects.update_or_create(
            page=translation, defaults={"workflow_id": assigned.workflow_id}
        )


@transaction.atomic
def ensure_user(email, group, password=None):
    """The account of ``email`` (its user name), in ``group``; returns (user, created).

    Without a password the account gets an unusable one: the person sets theirs through
    "Forgotten password?" on the admin login page.
    """
    from django.contrib.auth import get_user_model

    user, created = get_user_model().objects.get_or_create(
        username=email.lower(), defaults={"email": email.lower(), "is_staff": False}
    )
    if created:
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
    user.groups.add(group)
    return user, created
