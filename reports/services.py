"""Writes for reports: create with the template's sections, prefill, add and remove the body's
own headings, freeze a final version, start a new draft from it, and request an export.

`build_document(report)` reads everything a report shows into one JSON-ready dict: the PDF
template renders from that dict alone, which is what makes a final version's snapshot enough
to render its PDF again, byte for byte the same data.
"""

import hashlib
import json
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from board import figures as board_figures
from board.services import meeting_items
from cip import decisions
from cip.money import format_money
from cip.services import delete_with_history, save_versioned
from reports import calculations, prefill, sections
from reports.models import Export, FinalVersion, Report, ReportSection
from workpackages import figures as case_figures
from workpackages.business_cases.models import BusinessCase

SNAPSHOT_VERSION = 1


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


# --- the document ---------------------------------------------------------------------------


def _date_text(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _pack(report: Report) -> dict:
    """The board pack's parts, from the board's own agenda-pack data."""
    from reports.dashboard import pack_dashboard

    meeting = report.meeting
    partnership = report.partnership
    items = list(meeting_items(meeting))
    previous = (
        partnership.board_meetings.filter(date__lt=meeting.date).order_by("-date", "-pk").first()
    )
    previous_items = list(previous.items.order_by("position")) if previous else []
    # Overdue as the board will see it at the meeting (or today, if the meeting is later).
    today = board_figures.paper_date(meeting.date)
    actions = board_figures.open_actions(partnership, as_at=today)

    def paper(item) -> str:
        return str(item.paper) if item.paper is not None else ""

    rows, charts = pack_dashboard(partnership, as_at=meeting.date)

    return {
        "meeting": str(meeting),
        "place": meeting.place,
        "agenda": [
            [str(i.position), i.title, i.presenter, i.get_purpose_display(), paper(i)]
            for i in items
        ],
        "sought": [
            f"Item {i.position}: {i.title}" + (f" ({paper(i)})" if paper(i) else "")
            for i in items
            if i.purpose == "decision"
        ],
        "previous": str(previous) if previous else "",
        "previous_status": previous.get_status_display() if previous else "",
        "previous_minutes": [
            [f"{i.position}. {i.title}", i.minutes or "No minutes recorded."]
            for i in previous_items
        ],
        "actions": [
            [
                a.description,
                a.owner,
                _date_text(a.due_date) + (" (overdue)" if a.due_date < today else ""),
                _date_text(a.meeting.date) if a.meeting else "",
            ]
            for a in actions
        ],
        "dashboard": rows,
        "charts": charts,
        "cases": [
            _case_page(item, as_at=prefill.as_at(report))
            for item in items
            if isinstance(item.paper, BusinessCase)
        ],
        "papers": [
            {"title": f"Item {i.position}: {paper(i)}", "report": _paper_report(i.paper)}
            for i in items
            if i.paper is not None
        ],
    }


def _case_page(item, *, as_at: date) -> dict:
    """A business case on the agenda: its figures as at the meeting, from its reader."""
    case = item.paper
    figures = case_figures.for_case(case, as_at=as_at)
    summary = figures.summary
    day = _date_text(as_at)
    rows = [
        [
            f"Investment ({figures.basis}, as the payback target is set)",
            format_money(figures.investment),
        ],
        ["Gross investment", format_money(summary.gross_investment)],
        ["Net investment (after the retained asset)", format_money(summary.net_investment)],
        ["Annual net saving", format_money(figures.annual_saving)],
        [f"Savings projected to {day}", format_money(figures.projected)],
        [f"Savings realised to {day}", format_money(figures.realised)],
        ["Realised against projected", figures.realisation.capitalize()],
        ["Payback", figures.payback_text],
        [f"Payback position at {day}", str(figures.payback_position)],
    ]
    if summary.npsv is not None:
        rows.append(["Net present social value (NPSV)", format_money(summary.npsv)])
    if summary.bcr is not None:
        rows.append(["Benefit-cost ratio (BCR)", f"{summary.bcr:.2f}"])
    approved = (
        f"Approved on {_date_text(figures.approved_on)}."
        if figures.approved_on and figures.approved_on <= as_at
        else f"Not approved by {day}."
    )
    return {
        "title": f"Item {item.position}: business case summary, {case.title}",
        "notes": [f"{figures.work_package}. {approved}"],
        "caption": f"{case.title}: figures as at {day}",
        "rows": rows,
    }


def _paper_report(paper) -> dict | None:
    """A paper that is itself a report goes into the pack whole, as its final version froze it
    (or as its draft stands)."""
    if not isinstance(paper, Report) or paper.is_board_pack:
        return None
    final = FinalVersion.objects.filter(report=paper).only("snapshot").first()
    return final.snapshot if final else build_document(paper)


def build_document(report: Report, *, draft: bool | None = None) -> dict:
    """Everything the report's PDF shows, read from the live records, as plain JSON data.

    `draft` (default: whether the report is still a draft) marks every page DRAFT; a final
    version's snapshot is built with `draft=False`, so its PDF carries no marking."""
    report_sections = list(report.sections.order_by("position"))
    numbered, _ = calculations.number(
        [
            (sections.is_numbered(s.key), s.text)
            for s in report_sections
            if not report.is_board_pack or s.text.strip()
        ]
    )
    visible = [s for s in report_sections if not report.is_board_pack or s.text.strip()]
    document_sections = []
    for section, blocks in zip(visible, numbered, strict=True):
        if not blocks:
            continue  # an empty heading is left out, as the council's reports leave them out
        document_sections.append(
            {
                "key": section.key,
                "heading": section.heading,
                "part": "" if report.is_board_pack else sections.part_of(section.key),
                "blocks": [
                    {
                        "number": b.number,
                        "heading_level": b.heading_level,
                        "lines": b.lines,
                        "points": [{"label": p.label, "lines": p.lines} for p in b.points],
                    }
                    for b in blocks
                ],
            }
        )
    appendices_text = next((s.text for s in report_sections if s.key == "appendices"), "")
    own = len(prefill.narrative_appendix_titles(appendices_text))
    document = {
        "format": SNAPSHOT_VERSION,
        "report_id": report.pk,
        "partnership": report.partnership.name,
        "kind": report.kind,
        "kind_label": report.get_kind_display(),
        "committee": report.committee,
        "meeting_date": report.meeting_date.isoformat(),
        "meeting_date_text": _date_text(report.meeting_date),
        "title": report.title,
        "director": report.director,
        "draft": (not report.is_final) if draft is None else draft,
        "parts": report.kind == Report.Kind.CABINET,
        "sections": document_sections,
        "appendices": []
        if report.is_board_pack
        else prefill.generated_appendices(report, narrative_count=own),
        "pack": _pack(report) if report.is_board_pack else None,
    }
    return document


def canonical_json(document: dict) -> bytes:
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- final versions and exports -------------------------------------------------------------


@transaction.atomic
def report_finalise(*, report: Report, expected_version: int, user) -> FinalVersion:
    """Freeze the report: its data as it stands is stored with its SHA-256, the report becomes
    read-only, and its PDF is rendered from that data in the background."""
    from reports.tasks import render_final

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
    from reports.tasks import run_export

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
