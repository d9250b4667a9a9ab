"""manage.py restore FOLDER: a backup brought back into a fresh database (ops/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from ops.backup import restore


class Command(BaseCommand):
    help = "Restore a backup folder into the (empty) database of DATABASE_URL and MEDIA_ROOT."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)

    def handle(self, *args, folder, **options):
        counts = restore(folder)
        summary = ", ".join(f"{number} {name}" for name, number in counts.items())
        self.stdout.write(f"Restored from {folder}, every count as in the backup: {summary}.")
