import pytest
from django.core.management import call_command

from cip.reports import demo


def run_worker() -> None:
    """What `python manage.py db_worker` does, once over the queue, then exits."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


@pytest.fixture
def scrutiny(partnership):
    demo.load(partnership)
    return partnership.reports.get(kind="scrutiny")


@pytest.fixture
def cabinet(partnership):
    demo.load(partnership)
    return partnership.reports.get(kind="cabinet")
