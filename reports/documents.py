"""What a report shows, read into one JSON-ready dict (`build_document`): the PDF and Word
templates render from that dict alone, which is what makes a final version's snapshot enough
to render its PDF again, byte for byte the same data. It only reads: the figures come from
the apps' readers as at the report's date (reports.prefill.as_at).
"""

import hashlib
import json
from datetime import date

from board import figures as board_figures
from board.services import meeting_items
from cip.money import format_money
from reports import calculations, prefill, sections
from reports.models import FinalVersion, Report
from workpackages import figures as case_figures
from workpackages.business_cases.models import BusinessCase

SNAPSHOT_VERSION = 1


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
