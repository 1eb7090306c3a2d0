from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class Preference(models.Model):
    """A person's choice about the daily digest. It belongs to the person, not to a
    partnership: one digest covers every partnership they are a member of. No row: they get it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preference"
    )
    daily_digest = models.BooleanField(
        "Send me a daily email of my overdue and due-soon items", default=True
    )
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Reminders for {self.user}"
