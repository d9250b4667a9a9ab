from cities.management.commands._accounts import AccountCommand
from cities.roles import ensure_secretariat_group


class Command(AccountCommand):
    help = "Create (or update) an ASCN secretariat editor: taxonomy, home page, all cities."
    role = "secretariat editor"

    def group_for(self, options):
        return ensure_secretariat_group(), ""
