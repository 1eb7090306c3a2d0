"""The daily run. django-tasks has no schedule of its own, so the task queues its next run
(tomorrow at REMINDERS_HOUR) before it sends; `manage.py send_reminders --schedule`, run
before the worker starts (Procfile), queues the first one when none is waiting."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from reminders.mail import send_digests


def next_run(now: datetime) -> datetime:
    """The next REMINDERS_HOUR o'clock, local time, after `now`."""
    local = timezone.localtime(now)
    at = timezone.make_aware(
        datetime.combine(local.date(), time(settings.REMINDERS_HOUR)), local.tzinfo
    )
    return at if at > local else at + timedelta(days=1)


@task()
def send_daily_digests() -> int:
    send_daily_digests.using(run_after=next_run(timezone.now())).enqueue()
    return send_digests(as_at=timezone.localdate())
