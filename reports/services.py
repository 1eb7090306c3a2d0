"""Writes for reports: create with the template's sections, prefill, add and remove the body's
own headings, freeze a final version, start a new draft from it, and request an export.

What a report shows is read by reports/documents.py; the PDFs are made by the worker
(reports/tasks.py), which this module queues.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from cip import decisions
from cip.services import delete_with_history, save_versioned
from reports import prefill, sections
from reports.documents import build_document, canonical_json, sha256
from reports.models import Export, FinalVersion, Report, ReportSection
from reports.tasks import render_final, run_export


def _refuse_if_final(report: Report) -> None:
    if report.is_final:
        raise ValidationError(
            "This report is final and cannot be changed. Start a new draft from it instead."
        )


@transaction.atomic
def report_create(*, report: Report, user, prefill_sections: bool = True) -> Report:
    """Save a new report with every heading of the template (a board pack: one own heading),
    prefilled from the live records where the template says so."""
    report._history_user = user
    report.full_clean()
    report.save()
    rows = []
    if report.is_board_pack:
        rows.append(
            ReportSection(report=report, key=sections.BODY, heading="Introduction", position=1001)
        )
    else:
        for heading in sections.TEMPLATE:
            section = ReportSection(
                report=report,
                key=heading.key,
                heading=heading.heading,
                position=heading.position,
                text=heading.default,
            )
            rows.append(section)
    for row in rows:
        row.full_clean(validate_constraints=False)
    bulk_create_with_history(rows, ReportSection, default_user=user)
    if prefill_sections and not report.is_board_pack:
        for section in report.sections.all():
            source = sections.heading_for(section.key)
            if source and source.prefill:
                text = prefill.PREFILLS[source.prefill](report)
                if text:
                    section.text = text
                    save_versioned(instance=section, expected_version=section.version, user=user)
    return report


@transaction.atomic
def section_prefill(*, section: ReportSection, user) -> ReportSection:
    """Replace the section's narrative with a fresh draft from the live records."""
    _refuse_if_final(section.report)
    source = sections.heading_for(section.key)
    if source is None or not source.prefill:
        raise ValidationError(f"{section.heading} has no draft from live records.")
    section.text = prefill.PREFILLS[source.prefill](section.report)
    return save_versioned(instance=section, expected_version=section.version, user=user)


@transaction.atomic
def section_add(*, report: Report, heading: str, text: str, user) -> ReportSection:
    """Add one of the body's own headings after the last one."""
    _refuse_if_final(report)
    last = report.sections.filter(
        position__gte=sections.BODY_FIRST, position__lte=sections.BODY_LAST
    ).aggregate(last=Max("position"))["last"]
    position = (last or sections.BODY_FIRST - 1) + 1
    if position > sections.BODY_LAST:
        raise ValidationError({"heading": "The report has as many headings as it can hold."})
    section = ReportSection(
        report=report, key=sections.BODY, heading=heading, position=position, text=text
    )
    return save_versioned(instance=section, expected_version=None, user=user)


@transaction.atomic
def section_delete(*, section: ReportSection, user) -> None:
    _refuse_if_final(section.report)
    if not section.is_own_heading:
        raise ValidationError(
            f"{section.heading} is a heading of the council's template and cannot be removed; "
            "leave it empty to leave it out of the report."
        )
    delete_with_history(record=section, user=user)


# --- final versions and exports -------------------------------------------------------------


@transaction.atomic
def report_finalise(*, report: Report, expected_version: int, user) -> FinalVersion:
    """Freeze the report: its data as it stands is stored with its SHA-256, the report becomes
    read-only, and its PDF is rendered from that data in the background."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    _refuse_if_final(report)
    snapshot = build_document(report, draft=False)
    report.status = Report.Status.FINAL
    save_versioned(instance=report, expected_version=expected_version, user=user)
    final = FinalVersion(
        report=report,
        snapshot=snapshot,
        snapshot_sha256=sha256(canonical_json(snapshot)),
        finalised_by=user,
    )
    save_versioned(instance=final, expected_version=None, user=user)
    render_final.enqueue(final.pk)
    return final


@transaction.atomic
def report_new_draft(*, report: Report, user) -> Report:
    """A new draft with the final report's title block and narrative, to edit and freeze anew."""
    if not report.is_final:
        raise ValidationError("Only a final report can be the start of a new draft.")
    draft = Report(
        partnership=report.partnership,
        kind=report.kind,
        committee=report.committee,
        meeting_date=report.meeting_date,
        title=report.title,
        director=report.director,
        meeting=report.meeting,
        include_business_cases=report.include_business_cases,
        include_funding=report.include_funding,
        include_placements=report.include_placements,
        include_risks=report.include_risks,
        include_forecast=report.include_forecast,
        based_on=report,
    )
    draft._history_user = user
    draft.full_clean()
    draft.save()
    copies = [
        ReportSection(report=draft, key=s.key, heading=s.heading, position=s.position, text=s.text)
        for s in report.sections.order_by("position")
    ]
    bulk_create_with_history(copies, ReportSection, default_user=user)
    return draft


@transaction.atomic
def export_request(*, report: Report, user) -> Export:
    """Queue a PDF of the report as it stands; the worker renders it (tasks.run_export)."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    name = "board-pack" if report.is_board_pack else "report"
    export = Export(
        partnership=report.partnership,
        report=report,
        requested_by=user,
        filename=f"{report.partnership.slug}-{name}-{report.pk}-{stamp}.pdf",
    )
    save_versioned(instance=export, expected_version=None, user=user)
    result = run_export.enqueue(export.pk)
    export.task_id = str(result.id)  # a version of its own: the history shows the task queued
    return save_versioned(instance=export, expected_version=export.version, user=user)


def register_papers() -> None:
    """A report on an agenda goes into the board pack whole (see _paper_report)."""
    decisions.register_paper(
        model="cip.Report",
        label="Committee report",
        candidates=lambda partnership: partnership.reports.exclude(kind=Report.Kind.BOARD_PACK),
    )
