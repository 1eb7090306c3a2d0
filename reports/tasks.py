"""Background work (django-tasks, database backend; `python manage.py db_worker` runs it).

Progress and results are written with `QuerySet.update()` on purpose: the history of an
export records who asked for it and when, not every percentage tick, and not the file's bytes.
"""

import logging

from django.utils import timezone
from django_tasks import task

from cip.models import local_names_of
from reports.documents import build_document, sha256
from reports.models import Export, FinalVersion, Report

log = logging.getLogger("reports.tasks")


def _progress(export_id: int, progress: int, step: str, **fields) -> None:
    Export.objects.filter(pk=export_id).update(progress=progress, step=step, **fields)


@task()
def run_export(export_id: int) -> str:
    """Render a report's (or board pack's) PDF as it stands and keep it on the export."""
    from reports import pdf  # WeasyPrint takes a second to import: only the worker pays it

    export = Export.objects.select_related("report__partnership").filter(pk=export_id).first()
    if export is None or export.is_finished:
        return "nothing to do"
    try:
        _progress(
            export_id, 10, "Reading the report and live records", status=Export.Status.RUNNING
        )
        report = Report.objects.select_related("partnership", "meeting").get(pk=export.report_id)
        with local_names_of(report.partnership):  # as the partnership's pages name them
            document = build_document(report)
        _progress(export_id, 40, "Laying out the pages")
        html = pdf.render_html(document)
        _progress(export_id, 60, "Writing the PDF")
        data = pdf.write_pdf(html)
    except Exception as error:
        log.exception("export %s failed", export_id)
        _progress(
            export_id,
            100,
            f"The PDF could not be made ({type(error).__name__}). Try again, or ask an "
            "administrator to look at the log.",
            status=Export.Status.FAILED,
            finished_at=timezone.now(),
        )
        return "failed"
    _progress(
        export_id,
        100,
        "Ready to download",
        status=Export.Status.READY,
        data=data,
        sha256=sha256(data),
        finished_at=timezone.now(),
    )
    return "ready"


@task()
def render_final(final_id: int) -> str:
    """Render a final version's PDF from its snapshot alone, once."""
    from reports import pdf

    final = FinalVersion.objects.filter(pk=final_id).only("pk", "snapshot", "pdf_sha256").first()
    if final is None or final.pdf_sha256:
        return "nothing to do"
    try:
        data = pdf.render_pdf(final.snapshot)
    except Exception as error:
        log.exception("final version %s failed to render", final_id)
        FinalVersion.objects.filter(pk=final_id).update(failed=type(error).__name__)
        return "failed"
    FinalVersion.objects.filter(pk=final_id, pdf_sha256="").update(
        pdf=data, pdf_sha256=sha256(data), failed=""
    )
    return "ready"
