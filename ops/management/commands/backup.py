"""manage.py backup [--output FOLDER]: database, media and a manifest (ops/backup.py)."""

import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from ops.backup import backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded media into a new folder (default backups/<time>)."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="a folder that does not exist yet")

    def handle(self, *args, output=None, **options):
        if output is None:
            stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")
            output = Path(settings.BASE_DIR) / "backups" / stamp
        if output.exists():
            self.stderr.write(f"{output} exists already: a backup never overwrites one.")
            raise SystemExit(2)
        manifest = backup(output)
        counts = ", ".join(f"{number} {name}" for name, number in manifest["counts"].items())
        files = manifest["media_files"]
        self.stdout.write(f"Backed up into {output}: {counts}; {files} media files.")
