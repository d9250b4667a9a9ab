"""make backup / make restore: a round trip onto a fresh database keeps everything."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

import pytest
import wagtail_factories

from portal.models import FocalArea
from tests.content_snapshot import snapshot
from tests.factories import CityPageFactory, PracticePageFactory, build_site

ROOT = Path(__file__).resolve().parent.parent
# pg_dump and sqlite's backup read what is committed
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def content(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    site = build_site()
    city = CityPageFactory(parent=site["cities"], title="Da Nang", slug="da-nang")
    photo = wagtail_factories.ImageFactory(title="Sensor on a bin")
    practice = PracticePageFactory(
        parent=city,
        title="Flood sensors",
        slug="flood-sensors",
        hero_image=photo,
        focal_areas=["quality-environment", "safety-security"],
    )
    practice.save_revision().publish()
    practice.title = "Flood sensors (draft of the next edition)"
    practice.save_revision()  # an unpublished draft must come back too
    wagtail_factories.DocumentFactory(title="Evaluation report")
    assert FocalArea.objects.filter(slug="safety-security").exists()
    return practice


def fresh_database(tmp_path):
    """(URL of an empty database on the same engine, a function that removes it)."""
    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp_path / 'restored.sqlite3'}", lambda: None
    import psycopg

    server = connection.settings_dict
    base = f"postgres://{server['USER']}@{server['HOST'] or '127.0.0.1'}:{server['PORT'] or 5432}"
    name = f"ascn_restore_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")

    def drop():
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    return f"{base}/{name}", drop


def manage(*args, database_url, media_root):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
    }
    return subprocess.run(  # our own manage.py and module
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_backup_restores_every_page_revision_image_and_taxonomy_link(content, tmp_path):
    before = snapshot()
    call_command("backup", output=tmp_path / "backup", verbosity=0)
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["counts"]["revisions"] >= 2 and manifest["media_files"] >= 2

    url, drop = fresh_database(tmp_path)
    try:
        media = tmp_path / "restored-media"
        restored = manage(
            "manage.py", "restore", tmp_path / "backup", database_url=url, media_root=media
        )
        assert restored.returncode == 0, restored.stderr
        assert "every count as in the backup" in restored.stdout
        after = manage("-m", "tests.content_snapshot", database_url=url, media_root=media)
        assert after.returncode == 0, after.stderr
        assert json.loads(after.stdout) == before
        assert "Flood sensors (draft of the next edition)" in after.stdout

        search = manage(
            "manage.py",
            "shell",
            "-c",
            "from practices.models import PracticePage;"
            "print([p.title for p in PracticePage.objects.live().search('flood')])",
            database_url=url,
            media_root=media,
        )
        assert "Flood sensors" in search.stdout  # the search index works after the restore

        again = manage(
            "manage.py", "restore", tmp_path / "backup", database_url=url, media_root=media
        )
        assert again.returncode != 0 and "not empty" in again.stderr  # never overwrites
        assert "Traceback" not in again.stderr
    finally:
        drop()


def test_backup_never_overwrites_and_restore_explains_a_wrong_folder(content, tmp_path):
    (tmp_path / "taken").mkdir()
    with pytest.raises(SystemExit):
        call_command("backup", output=tmp_path / "taken", verbosity=0)
    with pytest.raises(CommandError, match="no readable manifest.json"):
        call_command("restore", tmp_path / "taken", verbosity=0)
