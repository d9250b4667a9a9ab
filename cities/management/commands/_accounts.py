"""The shared shape of the account commands: validate the e-mail, find the group, add the user."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from cities.roles import ensure_user


class AccountCommand(BaseCommand):
    role = "account"

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True)

    def group_for(self, options):
        """(group, " for <scope>") the account joins; raise CommandError for bad options."""
        raise NotImplementedError

    def handle(self, *args, **options):
        email = options["email"]
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"“{email}” is not an e-mail address.") from None
        group, scope = self.group_for(options)
        user, created = ensure_user(email, group)
        verb = "Created" if created else "Updated"
        self.stdout.write(f"{verb} {self.role} {user.username}{scope}.")
