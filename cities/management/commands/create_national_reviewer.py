from django.core.management.base import BaseCommand, CommandError

from cities.management.commands.create_city_officer import checked_email
from cities.roles import ensure_reviewer_group, ensure_user
from portal.models import Country


class Command(BaseCommand):
    help = "Create (or update) a national reviewer: approves and publishes the pages of a country."

    def add_arguments(self, parser):
        parser.add_argument("--country", required=True, help="ISO code, e.g. TH")
        parser.add_argument("--email", required=True)

    def handle(self, *args, **options):
        email = checked_email(options["email"])
        country = Country.objects.filter(code=options["country"].upper()).first()
        if country is None:
            codes = ", ".join(Country.objects.values_list("code", flat=True))
            raise CommandError(
                f"No member state has the code “{options['country']}”. Known: {codes}"
            )
        user, created = ensure_user(email, ensure_reviewer_group(country))
        verb = "Created" if created else "Updated"
        self.stdout.write(f"{verb} national reviewer {user.username} for {country.name}.")
