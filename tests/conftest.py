import time
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction

from wagtail.search.backends import get_search_backend

import pytest
from pytest_django.plugin import blocking_manager_key

from cities.roles import (
    ensure_officer_group,
    ensure_reviewer_group,
    ensure_secretariat_group,
    ensure_user,
)
from portal.models import Country
from tests import services
from tests.factories import (
    CityPageFactory,
    PracticePageFactory,
    build_site,
    restore_migration_data,
)

PASSWORD = "review-test-password"


def authenticator_app(user, name="Test authenticator app"):
    """A real, confirmed authenticator app (TOTP) of ``user``; ``totp_code`` gives its code."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.get_or_create(user=user, name=name, defaults={"confirmed": True})[0]


def totp_code(device):
    """The next code ``device``'s app shows that the portal still accepts.

    django-otp refuses a code of a time step it has already seen, and after a code typed late
    it shifts its window (drift). A second sign-in in the same test therefore needs the code
    of the step after the last one used, or of now if that is later: never a guess of "30 s on".
    """
    from django_otp.oath import TOTP

    device.refresh_from_db()
    now = int((time.time() - device.t0) // device.step)
    step = max(device.last_t + 1, now)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    totp.time = device.t0 + step * device.step
    return f"{totp.token():0{device.digits}d}"


def sign_in(client, user):
    """``client.force_login(user)`` with the second factor given, as the sign-in leaves it.

    Editors who must have a second factor (reviewers, the secretariat, superusers) reach no
    admin page with a password alone (tests/test_accounts.py). Tests about something else sign
    in here: the user gets a real authenticator app, and the session records it as the device
    that verified it, exactly what django-otp's ``login()`` writes after a right code. The code
    step itself is tested through the form in tests/test_accounts.py.
    """
    from django_otp import DEVICE_ID_SESSION_KEY

    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = authenticator_app(user).persistent_id
    session.save()
    return client


@pytest.fixture
def admin_client(db, admin_user):
    """pytest-django's superuser client (a client of its own, as there), signed in with a
    second factor (see ``sign_in``)."""
    from django.test import Client

    return sign_in(Client(), admin_user)


def flushes_its_database(item):
    """A test that commits (a live server, gunicorn) has its database flushed afterwards."""
    marker = item.get_closest_marker("django_db")
    return (marker is not None and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ()))
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a flush, put back what the data migrations made (locales, taxonomy, the root page
    and collection, a permission), so that the next test on this pytest-xdist worker starts from
    a migrated database, whatever order the workers run the tests in."""
    result = yield
    # With no next item the session's test database is gone already: nothing to put back.
    if nextitem is not None and flushes_its_database(item):
        with item.config.stash[blocking_manager_key].unblock():
            restore_migration_data()
    return result


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and cached fragments must not leak from one test into the next."""
    cache.clear()
    yield
    cache.clear()


def empty_search_engine():
    """On the OpenSearch pass, empty indices, as the database backend's tables start empty:
    the real command builds a new index and swaps the alias."""
    if settings.ELASTICSEARCH_URL:
        call_command("update_index", "--schema-only", "--backend", "default", verbosity=0)


@pytest.fixture(autouse=True)
def _empty_search_engine(request):
    """Each search test starts from empty indices, unless it shares rows made once for it and
    its neighbours (``shared_rows``: they emptied the indices before making them)."""
    node = request.node
    if node.get_closest_marker("search") and not node.get_closest_marker("shared_rows"):
        empty_search_engine()


@contextmanager
def shared_rows(django_db_blocker):
    """Rows made once for a class or module of tests (``scope="class"`` fixtures), where
    making them for each test would cost seconds each: each test runs in a savepoint inside
    this transaction, which is rolled back after the last. Mark the tests ``shared_rows``, and
    keep them to reading what is shared (what they write to a live search engine stays)."""
    with django_db_blocker.unblock(), transaction.atomic():
        empty_search_engine()
        yield
        transaction.set_rollback(True)


def database_search_backend():
    """The database search backend: the default one, or the fallback beside OpenSearch."""
    name = "database" if "database" in settings.WAGTAILSEARCH_BACKENDS else "default"
    return get_search_backend(name)


@pytest.fixture
def site(db):
    return build_site()


@pytest.fixture
def city(site):
    return CityPageFactory(parent=site["cities"], title="Da Nang", slug="da-nang")


@pytest.fixture
def practice(city):
    return PracticePageFactory(
        parent=city,
        title="Sensor-based waste collection",
        slug="waste-sensors",
        focal_areas=["quality-environment"],
    )


@pytest.fixture
def world(site):
    return build_world(site)


def build_world(site):
    """Two cities of two countries, a practice each, an officer of each, a reviewer of each
    country and the secretariat."""
    vietnam, thailand = Country.objects.get(code="VN"), Country.objects.get(code="TH")
    danang = CityPageFactory(
        parent=site["cities"], title="Da Nang", slug="da-nang", country=vietnam
    )
    bangkok = CityPageFactory(
        parent=site["cities"], title="Bangkok", slug="bangkok", country=thailand
    )
    users = {
        "officer": ensure_user("officer@danang.example", ensure_officer_group(danang), PASSWORD)[0],
        "other_officer": ensure_user(
            "officer@bangkok.example", ensure_officer_group(bangkok), PASSWORD
        )[0],
        "reviewer": ensure_user("reviewer@vn.example", ensure_reviewer_group(vietnam), PASSWORD)[0],
        "other_reviewer": ensure_user(
            "reviewer@th.example", ensure_reviewer_group(thailand), PASSWORD
        )[0],
        "secretariat": ensure_user("sec@ascn.example", ensure_secretariat_group(), PASSWORD)[0],
    }
    return {
        "site": site,
        "danang": danang,
        "bangkok": bangkok,
        "danang_practice": PracticePageFactory(parent=danang, title="Waste sensors"),
        "bangkok_practice": PracticePageFactory(parent=bangkok, title="Canal cycling"),
        **users,
    }


def require_service(name, url, check=services.answers):
    """Skip (locally) or fail (under CI=true) when the real service is not there."""
    if check(url):
        return
    message = f"{name} does not answer at {url}"
    if services.in_ci():
        pytest.fail(f"CI=true and {message}")
    pytest.skip(message)


@pytest.fixture
def on_postgres(db):
    """For assertions only PostgreSQL can make (e.g. field boosts); `make test` runs a PG pass."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL-only assertion: runs in the PostgreSQL pass of `make test`")
