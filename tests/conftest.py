from django.core.cache import cache
from django.db import connection

import pytest

from tests import services
from tests.factories import CityPageFactory, PracticePageFactory, build_site


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and cached fragments must not leak from one test into the next."""
    cache.clear()
    yield
    cache.clear()


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
