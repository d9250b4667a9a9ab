"""E-mail the contact of each practice not verified for over 12 months (run it monthly)."""

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.urls import reverse

from practices.verification import unverified_practices


class Command(BaseCommand):
    help = "Remind the contacts of practices not verified for over 12 months to check them."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="list who would be reminded; send nothing"
        )

    def handle(self, *args, **options):
        sent = skipped = 0
        for practice in unverified_practices():
            recipient = practice.contact_recipient()
            if not recipient:
                skipped += 1
                self.stderr.write(f"No contact address for “{practice.title}” ({practice.pk})")
                continue
            if not options["dry_run"]:
                send_mail(
                    subject=f"[ASCN portal] Please verify “{practice.title}”",
                    message=(
                        f"The case study “{practice.title}” was last verified on "
                        f"{practice.last_verified or 'no date'}. Please check its facts and "
                        f"figures, update the “last verified” date and submit it for review:\n\n"
                        f"{settings.WAGTAILADMIN_BASE_URL}"
                        f"{reverse('wagtailadmin_pages:edit', args=[practice.pk])}\n"
                    ),
                    from_email=None,
                    recipient_list=[recipient],
                )
            sent += 1
        action = "Would remind" if options["dry_run"] else "Reminded"
        self.stdout.write(f"{action} {sent} contact(s); {skipped} practice(s) without a contact.")
