from django.apps import AppConfig


class RemindersConfig(AppConfig):
    """The daily email digest of each person's overdue and due-soon items."""

    name = "reminders"
    verbose_name = "Reminders"
