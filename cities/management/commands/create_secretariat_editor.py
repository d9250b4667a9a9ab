from django.core.management.base import BaseCommand

from cities.management.commands.create_city_officer import checked_email
from cities.roles import ensure_secretariat_group, ensure_user


class Command(BaseCommand):
    help = "Create (or update) an ASCN secretariat editor: taxonomy, home page, all cities."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True)

    def handle(self, *args, **options):
        email = checked_email(options["email"])
        user, created = ensure_user(email, ensure_secretariat_group())
        verb = "Created" if created else "Updated"
        self.stdout.write(f"{verb} secretariat editor {user.username}.")
