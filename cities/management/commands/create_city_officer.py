from django.core.management.base import CommandError

from cities.management.commands._accounts import AccountCommand
from cities.models import CityPage
from cities.roles import ensure_officer_group


class Command(AccountCommand):
    help = "Create (or update) the account of a city officer: edits that city only, through review."
    role = "city officer"

    def add_arguments(self, parser):
        parser.add_argument("--city", required=True, help="the city page's slug, e.g. da-nang")
        super().add_arguments(parser)

    def group_for(self, options):
        city = CityPage.objects.filter(slug=options["city"]).first()
        if city is None:
            known = ", ".join(CityPage.objects.order_by("slug").values_list("slug", flat=True)[:50])
            raise CommandError(f"No city has the slug “{options['city']}”. Known: {known}")
        return ensure_officer_group(city), f" for {city.title}"
