from django.core.management.base import CommandError

from cities.management.commands._accounts import AccountCommand
from cities.roles import ensure_reviewer_group
from portal.models import Country


class Command(AccountCommand):
    help = "Create (or update) a national reviewer: approves and publishes the pages of a country."
    role = "national reviewer"

    def add_arguments(self, parser):
        parser.add_argument("--country", required=True, help="ISO code, e.g. TH")
        super().add_arguments(parser)

    def group_for(self, options):
        country = Country.objects.filter(code=options["country"].upper()).first()
        if country is None:
            codes = ", ".join(Country.objects.values_list("code", flat=True))
            raise CommandError(
                f"No member state has the code “{options['country']}”. Known: {codes}"
            )
        return ensure_reviewer_group(country), f" for {country.name}"
