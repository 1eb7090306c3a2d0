"""The background worker, run once over the queue inside a test (as tests/reports does)."""

import os
from unittest import mock

from django.core.management import call_command


def run_worker(*, dfe: bool = False) -> None:
    """What `python manage.py db_worker` does, once over the queue, then exits. The DfE's
    rules take seconds a return, so they run only when a test asks (`dfe=True`); otherwise
    the validator is named as missing, which the return's page says.

    The worker closes "old" connections between tasks; inside a test's transaction Django
    counts the test's own connection as old, so the clean-up is skipped here."""
    env = {} if dfe else {"SSDA903_VALIDATOR_PYTHON": "/nonexistent/python"}
    with (
        mock.patch.dict(os.environ, env),
        mock.patch(
            "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
        ),
    ):
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
