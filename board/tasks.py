"""Background work for the board (django-tasks; `python manage.py db_worker` runs it).

The signed-off minutes' PDF is rendered here from their frozen data, once (cip.work), as
reports.tasks renders a final report. The bytes and hash are written with `QuerySet.update()`
on purpose: the history records the sign-off (who and when), not the rendering of its file."""

import logging

from django_tasks import task

from board.models import MinutesRecord
from cip.work import render_once

log = logging.getLogger("board.tasks")


@task()
def render_minutes(record_id: int) -> str:
    """Render the frozen minutes' PDF from their snapshot alone, once."""
    from board import minutes  # WeasyPrint takes a second to import: only the worker pays it

    return render_once(
        MinutesRecord,
        record_id,
        render=minutes.minutes_pdf,
        fingerprint=minutes.sha256,
        log=log,
        label="minutes",
    )
