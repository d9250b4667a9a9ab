"""`make backup` and `make restore`: database and media together, restorable on a fresh database.

A backup is a folder holding
- ``database.dump`` (``pg_dump`` custom format) on PostgreSQL, or ``database.sqlite3`` (SQLite's
  online backup API: consistent while the portal keeps serving, unlike copying the file);
- ``media.tar.gz``: every uploaded image, rendition and document under MEDIA_ROOT (media kept in
  S3-compatible storage are not copied: the bucket's own versioning covers them);
- ``manifest.json``: the rows counted in the same snapshot as the dump, so that a restore proves
  that nothing is missing.

A restore refuses a database that already has tables: it never overwrites content.
"""

import datetime
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

import wagtail
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from portal.models import Country, FocalArea
from practices.models import PracticePage

DATABASE_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
MEDIA_FILE = "media.tar.gz"
MANIFEST_FILE = "manifest.json"


def counted_tables():
    return {
        "pages": Page,
        "revisions": Revision,
        "images": get_image_model(),
        "documents": get_document_model(),
        "practices": PracticePage,
        "practice focal areas": PracticePage.focal_areas.through,
        "countries": Country,
        "focal areas": FocalArea,
        "users": get_user_model(),
    }


def count_rows(cursor):
    counts = {}
    for name, model in counted_tables().items():
        cursor.execute(f'SELECT COUNT(*) FROM "{model._meta.db_table}"')  # noqa: S608 - our tables
        counts[name] = cursor.fetchone()[0]
    return counts


def postgres_env():
    """libpq's variables for the portal's database: no password on a command line."""
    server = connection.settings_dict
    values = {
        "PGHOST": server["HOST"],
        "PGPORT": server["PORT"],
        "PGUSER": server["USER"],
        "PGPASSWORD": server["PASSWORD"],
        "PGDATABASE": server["NAME"],
    }
    return {**os.environ, **{name: str(value) for name, value in values.items() if value}}


def run(command):
    executable = shutil.which(command[0])
    if executable is None:
        raise CommandError(f"{command[0]} is not installed (Debian: postgresql-client)")
    result = subprocess.run(  # noqa: S603 - PostgreSQL's own tools, our arguments
        [executable, *map(str, command[1:])], env=postgres_env(), capture_output=True, text=True
    )
    if result.returncode:
        raise CommandError(f"{command[0]} failed: {result.stderr.strip()[:500]}")


def dump_database(folder):
    """Write the database into ``folder``; return the rows counted in the same snapshot."""
    target = folder / DATABASE_FILES[connection.vendor]
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
            return count_rows(copy.cursor())
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = count_rows(cursor)
        run(["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={target}"])
    return counts


def local_media_root():
    """MEDIA_ROOT when uploads are files on this machine, None when they are in a bucket."""
    if isinstance(default_storage, FileSystemStorage):
        return Path(settings.MEDIA_ROOT)
    return None


def backup(folder):
    folder = Path(folder)
    if connection.vendor not in DATABASE_FILES:
        raise CommandError(f"No backup method for the {connection.vendor} database")
    folder.mkdir(parents=True, exist_ok=False)
    counts = dump_database(folder)
    media_root, media_files = local_media_root(), 0
    if media_root is not None:
        with tarfile.open(folder / MEDIA_FILE, "w:gz") as archive:
            if media_root.is_dir():
                archive.add(media_root, arcname="media")
            media_files = sum(1 for member in archive.getmembers() if member.isfile())
    manifest = {
        "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "engine": connection.vendor,
        "wagtail": wagtail.__version__,
        "counts": counts,
        "media": MEDIA_FILE if media_root is not None else "object storage (not copied)",
        "media_files": media_files,
    }
    (folder / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def read_manifest(folder):
    try:
        manifest = json.loads((folder / MANIFEST_FILE).read_text())
    except (OSError, ValueError) as error:
        raise CommandError(f"{folder} holds no readable {MANIFEST_FILE}: {error}") from None
    if manifest.get("engine") != connection.vendor:
        raise CommandError(
            f"This backup is of a {manifest.get('engine')} database; DATABASE_URL is "
            f"{connection.vendor}. Use manage.py dumpdata/loaddata to change engines."
        )
    return manifest


def load_database(folder):
    if connection.introspection.table_names():
        raise CommandError(
            "The database of DATABASE_URL is not empty. Restore into a fresh database: "
            "a restore never overwrites content."
        )
    source = folder / DATABASE_FILES[connection.vendor]
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(source) as dump:
            dump.backup(connection.connection)
        return
    database = connection.settings_dict["NAME"]
    run(["pg_restore", "--no-owner", "--no-acl", "--exit-on-error", f"--dbname={database}", source])


def restore_media(archive_path, media_root):
    """Unpack the media into MEDIA_ROOT; the "data" filter refuses paths that leave it."""
    with tempfile.TemporaryDirectory() as unpacked, tarfile.open(archive_path) as archive:
        archive.extractall(unpacked, filter="data")
        if (Path(unpacked) / "media").is_dir():
            shutil.copytree(Path(unpacked) / "media", media_root, dirs_exist_ok=True)


def restore(folder):
    folder = Path(folder)
    manifest = read_manifest(folder)
    load_database(folder)
    media_root = local_media_root()
    if media_root is not None and (folder / MEDIA_FILE).exists():
        restore_media(folder / MEDIA_FILE, media_root)
    with connection.cursor() as cursor:
        counts = count_rows(cursor)
    missing = {
        name: (expected, counts.get(name))
        for name, expected in manifest["counts"].items()
        if counts.get(name) != expected
    }
    if missing:
        raise CommandError(f"The restored database differs from the backup: {missing}")
    call_command("update_index", verbosity=0)  # an Elasticsearch index is not in the dump
    return counts
