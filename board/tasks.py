"""Background work for the board (django-tasks; `python manage.py db_worker` runs it).

The signed-off minutes' PDF is rendered here from their frozen data, once, as reports.tasks
renders a final report. The bytes and hash are written with `QuerySet.update()` on purpose:
the history records the sign-off (who and when), not the rendering of its file."""

import logging

from django_tasks import task

from board.models import MinutesRecord

log = logging.getLogger("board.tasks")


@task()
def render_minutes(record_id: int) -> str:
    """Render the frozen minutes' PDF from their snapshot alone, once."""
    from board import minutes  # WeasyPrint takes a second to import: only the worker pays it

    record = MinutesRecord.objects.filter(pk=record_id).only("pk", "snapshot", "pdf_sha256").first()
    if record is None or record.pdf_sha256:
        return "nothing to do"
    try:
        data = minutes.minutes_pdf(record.snapshot)
    except Exception as error:
        log.exception("minutes %s failed to render", record_id)
        MinutesRecord.objects.filter(pk=record_id).update(failed=type(error).__name__)
        return "failed"
    MinutesRecord.objects.filter(pk=record_id, pdf_sha256="").update(
        pdf=data, pdf_sha256=minutes.sha256(data), failed=""
    )
    return "ready"
