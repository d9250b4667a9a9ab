"""E-mail a city's officers about public questions waiting over 7 days (run it daily)."""

from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.utils import timezone

from practices.question_mail import admin_link, officer_addresses
from practices.question_queue import REMIND_AFTER_DAYS, due_for_reminder


class Command(BaseCommand):
    help = (
        f"Remind the officers of each city of the public questions waiting over "
        f"{REMIND_AFTER_DAYS} days (again each {REMIND_AFTER_DAYS} days while they wait)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="list who would be reminded; send nothing"
        )

    def handle(self, *args, **options):
        by_city = {}
        for question in due_for_reminder():
            by_city.setdefault(question.practice.city, []).append(question)
        sent = skipped = 0
        for city, questions in by_city.items():
            recipients = officer_addresses(city) if city else []
            name = city.title if city else "no city"
            if not recipients:
                skipped += 1
                self.stderr.write(f"No officer with an address for {name}")
                continue
            lines = [
                f"- “{question.question[:120]}” on “{question.practice.title}”, asked "
                f"{question.created_at:%Y-%m-%d}: {admin_link(question)}"
                for question in questions
            ]
            self.stdout.write(f"{name}: {len(questions)} question(s) to {', '.join(recipients)}")
            if not options["dry_run"]:
                send_mail(
                    subject=f"[ASCN portal] {len(questions)} public question(s) wait for {name}",
                    message=(
                        f"These questions about {name}'s practices have waited over "
                        f"{REMIND_AFTER_DAYS} days. Please answer them (or reject them) in the "
                        "admin, under Questions to your city:\n\n" + "\n".join(lines) + "\n"
                    ),
                    from_email=None,
                    recipient_list=recipients,
                )
                for question in questions:
                    question.reminded_at = timezone.now()
                    question.save(update_fields=["reminded_at"])
            sent += 1
        action = "Would remind" if options["dry_run"] else "Reminded"
        self.stdout.write(f"{action} the officers of {sent} city(ies); {skipped} without officers.")
