from django.core.management.base import BaseCommand
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from reminders.mail import send_digests
from reminders.tasks import next_run, send_daily_digests


class Command(BaseCommand):
    help = (
        "Send today's reminder digests now, or with --schedule queue the daily run for the "
        "worker (once: nothing is queued when a run is already waiting)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--schedule", action="store_true")

    def handle(self, *args, schedule=False, **options):
        if schedule:
            waiting = DBTaskResult.objects.filter(
                task_path=send_daily_digests.module_path, status="READY"
            ).exists()
            if waiting:
                self.stdout.write("The daily reminders are already queued.")
                return
            when = next_run(timezone.now())
            send_daily_digests.using(run_after=when).enqueue()
            self.stdout.write(f"The daily reminders are queued for {when:%Y-%m-%d %H:%M}.")
            return
        sent = send_digests(as_at=timezone.localdate())
        self.stdout.write(f"Sent {sent} reminder digest{'' if sent == 1 else 's'}.")
