"""The ground the portal stands on: configuration, health check, demo seed, home page."""

import os
import subprocess
import sys
from pathlib import Path

from django.test import override_settings

import pytest

from portal.models import Country, FocalArea
from portal.settings import base as settings_base
from tests import services
from tests.conftest import require_service

PROJECT = Path(__file__).resolve().parent.parent
REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL") or "redis://127.0.0.1:6379/15"


def run_python(*args, **env):
    """Run Python in the project in a clean process: this run's settings removed, ``env`` added."""
    inherited = {
        "DATABASE_URL",
        "SECRET_KEY",
        "DJANGO_SETTINGS_MODULE",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    }
    environment = {key: value for key, value in os.environ.items() if key not in inherited}
    environment.update(env)
    return subprocess.run(
        [sys.executable, *args],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def run_manage(*args, **env):
    return run_python("manage.py", *args, **env)


class TestConfiguration:
    def test_malformed_database_url_is_one_clear_line(self):
        result = run_manage("check", DATABASE_URL="nonsense://somewhere/db")
        assert result.returncode == 1
        assert result.stderr.strip().startswith("Configuration error: DATABASE_URL")
        assert "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1

    def test_production_refuses_to_start_without_secret_key(self):
        result = run_manage("check", DJANGO_SETTINGS_MODULE="portal.settings.production")
        assert result.returncode == 1
        assert result.stderr.strip() == (
            "Configuration error: SECRET_KEY must be set to a random value of at least "
            "50 characters in production"
        )

    def test_production_deploy_check_has_no_warnings(self):
        result = run_manage(
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
            DJANGO_SETTINGS_MODULE="portal.settings.production",
            SECRET_KEY="k3y-" + "x7Q!" * 15,
            ALLOWED_HOSTS="portal.example.org",
        )
        assert result.returncode == 0, result.stderr + result.stdout
        assert "no issues" in result.stdout

    def test_production_redirects_to_https_except_the_health_check(self):
        script = (
            "import django; django.setup(); from django.test import Client; c = Client();"
            "print(c.get('/healthz').status_code, c.get('/cities/').status_code)"
        )
        result = run_python(
            "-c",
            script,
            DJANGO_SETTINGS_MODULE="portal.settings.production",
            SECRET_KEY="k3y-" + "x7Q!" * 15,
            ALLOWED_HOSTS="testserver",
        )
        assert result.stdout.split() == ["200", "301"], result.stderr[-500:]

    def test_unknown_search_backend_name_is_explained(self):
        result = run_manage(
            "check", ELASTICSEARCH_URL="http://127.0.0.1:9200", ELASTICSEARCH_BACKEND="solr"
        )
        assert result.returncode == 1
        assert "ELASTICSEARCH_BACKEND must be one of" in result.stderr


class TestTaxonomy:
    def test_member_states_and_focal_areas_are_loaded(self, db):
        assert Country.objects.count() == 11
        assert Country.objects.get(code="TL").name == "Timor-Leste"
        assert list(FocalArea.objects.values_list("slug", flat=True)) == [
            "civic-social",
            "health-wellbeing",
            "safety-security",
            "quality-environment",
            "built-infrastructure",
            "industry-innovation",
        ]


class TestHealth:
    def test_healthz_reports_each_part(self, client, db):
        response = client.get("/healthz")
        assert response.status_code == 200
        body = response.json()
        assert body["status"] == "ok"
        assert body["database"]["status"] == "ok"
        assert body["cache"]["status"] == "ok"
        assert body["search"]["status"] == "ok"
        assert body["search"]["backend"] in {
            "SegmentingSQLiteSearchBackend",
            "SegmentingPostgresSearchBackend",
        }

    def test_healthz_is_503_without_a_database_and_shows_no_trace(self):
        """A real PostgreSQL URL at a port where nothing listens: the database is down."""
        script = (
            "import django; django.setup();"
            "from django.test import Client;"
            "r = Client().get('/healthz');"
            "print(r.status_code); print(r.content.decode())"
        )
        result = run_python(
            "-c",
            script,
            DJANGO_SETTINGS_MODULE="portal.settings.test",
            DATABASE_URL="postgres://postgres@127.0.0.1:9/unreachable",
        )
        status, body = result.stdout.split("\n", 1)
        assert status == "503"
        assert '"database": {"status": "down", "detail": "OperationalError"}' in body
        assert "127.0.0.1:9" not in body and "Traceback" not in body

    @pytest.mark.redis
    def test_healthz_uses_real_redis_and_survives_its_absence(self, client, db):
        require_service("Redis", REDIS_TEST_URL)
        redis_cache = settings_base.redis_cache(REDIS_TEST_URL)
        with override_settings(CACHES=redis_cache):
            body = client.get("/healthz").json()
        assert body["cache"] == {"status": "ok", "backend": "django_redis"}

        closed_port = "redis://127.0.0.1:9/0"
        assert not services.answers(closed_port)
        redis_cache["default"]["LOCATION"] = closed_port
        with override_settings(CACHES=redis_cache):
            response = client.get("/healthz")
        assert response.status_code == 200
        assert response.json()["cache"]["status"] == "degraded"
