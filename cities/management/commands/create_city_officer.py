from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from cities.models import CityPage
from cities.roles import ensure_officer_group, ensure_user


def checked_email(email):
    try:
        validate_email(email)
    except ValidationError:
        raise CommandError(f"“{email}” is not an e-mail address.") from None
    return email


class Command(BaseCommand):
    help = "Create (or update) the account of a city officer: edits that city only, through review."

    def add_arguments(self, parser):
        parser.add_argument("--city", required=True, help="the city page's slug, e.g. da-nang")
        parser.add_argument("--email", required=True)

    def handle(self, *args, **options):
        email = checked_email(options["email"])
        city = CityPage.objects.filter(slug=options["city"]).first()
        if city is None:
            known = ", ".join(CityPage.objects.order_by("slug").values_list("slug", flat=True)[:50])
            raise CommandError(f"No city has the slug “{options['city']}”. Known: {known}")
        user, created = ensure_user(email, ensure_officer_group(city))
        verb = "Created" if created else "Updated"
        self.stdout.write(f"{verb} city officer {user.username} for {city.title}.")
