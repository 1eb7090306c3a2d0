from unittest import mock

import pytest
from django.core.management import call_command

from devkit.demo import reports as demo


def run_worker() -> None:
    """What `python manage.py db_worker` does, once over the queue, then exits.

    The worker closes "old" connections between tasks; inside a test's transaction Django
    counts the test's own connection as old (autocommit is off), and PostgreSQL would lose it.
    Tests share that one connection with the worker, so the clean-up is skipped here.
    """
    with mock.patch(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    ):
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


@pytest.fixture
def scrutiny(partnership):
    demo.load(partnership)
    return partnership.reports.get(kind="scrutiny")


@pytest.fixture
def cabinet(partnership):
    demo.load(partnership)
    return partnership.reports.get(kind="cabinet")
