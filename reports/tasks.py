"""Background work (django-tasks, database backend; `python manage.py db_worker` runs it).

Progress and results are written with `QuerySet.update()` on purpose (cip.work): the history
of an export records who asked for it and when, not every percentage tick, nor the file's bytes.
"""

import logging

from django_tasks import task

from cip.models import local_names_of
from cip.work import render_once, run_with_progress
from reports.documents import build_document, sha256
from reports.models import Export, FinalVersion, Report

log = logging.getLogger("reports.tasks")


def _render(export: Export, progress) -> tuple[str, dict]:
    from reports import pdf  # WeasyPrint takes a second to import: only the worker pays it

    report = Report.objects.select_related("partnership", "meeting").get(pk=export.report_id)
    with local_names_of(report.partnership):  # as the partnership's pages name them
        document = build_document(report)
    progress(40, "Laying out the pages")
    html = pdf.render_html(document)
    progress(60, "Writing the PDF")
    data = pdf.write_pdf(html)
    return "Ready to download", {"data": data, "sha256": sha256(data)}


@task()
def run_export(export_id: int) -> str:
    """Render a report's (or board pack's) PDF as it stands and keep it on the export."""
    return run_with_progress(
        Export,
        export_id,
        related=("report__partnership",),
        start=(10, "Reading the report and live records"),
        work=_render,
        failed="The PDF could not be made ({error}). Try again, or ask an administrator to "
        "look at the log.",
        log=log,
        label="export",
    )


@task()
def render_final(final_id: int) -> str:
    """Render a final version's PDF from its snapshot alone, once."""
    from reports import pdf

    return render_once(
        FinalVersion,
        final_id,
        render=pdf.render_pdf,
        fingerprint=sha256,
        log=log,
        label="final version",
    )
