"""Minutes and decision notices: the plain data of a meeting's record, and the PDFs made from
it in the council's report style (cip.pdf, reports' CSS).

When the minutes are signed off the data is frozen with the PDF made from it, each with its
SHA-256 (board.services.meeting_sign_off, MinutesRecord): the stored file is served from then
on and never made again. Before that, both are drafts made from the live records."""

import hashlib
import json

from django.template.loader import render_to_string

from board.models import Declaration, Meeting, Vote
from cip import pdf


def canonical_json(document: dict) -> bytes:
    """As reports' final versions hash their snapshot: sorted keys, no spaces."""
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _name(user) -> str:
    return user.get_full_name() or user.username


def minutes_document(meeting: Meeting) -> dict:
    """Everything the minutes show, as plain data (strings and lists only)."""
    items = list(meeting.items.prefetch_related("decisions__votes__user").order_by("position"))
    declared: dict[int, list] = {}
    for declaration in Declaration.objects.filter(item__meeting=meeting).select_related("user"):
        declared.setdefault(declaration.item_id, []).append(
            {
                "member": _name(declaration.user),
                "interest": declaration.interest,
                "prejudicial": declaration.prejudicial,
            }
        )
    attendees = meeting.attendees.select_related("user", "organisation")
    return {
        "partnership": str(meeting.partnership),
        "meeting": str(meeting),
        "title": meeting.title,
        "date_text": f"{meeting.date:%-d %B %Y}",
        "place": meeting.place,
        "signed_off": meeting.is_signed_off,
        "signed_off_text": f"{meeting.signed_off_on:%-d %B %Y}" if meeting.signed_off_on else "",
        "signed_off_by": _name(meeting.signed_off_by) if meeting.signed_off_by else "",
        "present": [_attendee(a) for a in attendees if a.attendance == a.Attendance.PRESENT],
        "apologies": [_attendee(a) for a in attendees if a.attendance == a.Attendance.APOLOGIES],
        "items": [
            {
                "position": item.position,
                "title": item.title,
                "minutes": item.minutes,
                "declarations": declared.get(item.pk, []),
                "decisions": [_decision(d) for d in item.decisions.order_by("number")],
            }
            for item in items
        ],
    }


def _attendee(attendee) -> str:
    name = str(attendee) + (" (guest)" if attendee.is_guest else "")
    extra = ", ".join(x for x in (str(attendee.organisation or ""), attendee.role) if x)
    return f"{name}, {extra}" if extra else name


def _decision(decision) -> dict:
    votes = list(decision.votes.all())
    tally = {c: sum(1 for v in votes if v.choice == c) for c in Vote.Choice.values}
    return {
        "pk": decision.pk,
        "reference": decision.reference,
        "kind": decision.get_kind_display(),
        "record": decision.record_label,
        "outcome": decision.get_outcome_display(),
        "resolution": decision.resolution,
        "new_end_date": f"{decision.new_end_date:%-d %B %Y}" if decision.new_end_date else "",
        "votes": [[_name(v.user), v.get_choice_display()] for v in votes],
        "tally": f"{tally['for']} for, {tally['against']} against, "
        f"{tally['abstain']} abstained, {tally['not_voting']} not voting"
        if votes
        else "",
    }


def minutes_pdf(document: dict) -> bytes:
    return pdf.write_pdf(render_to_string("board/minutes_pdf.html", {"doc": document}))


def notice_pdf(document: dict, decision_pk: int, *, minutes_sha256: str = "") -> bytes | None:
    """The notice of one decision of the minutes' data, or None when it holds no such one."""
    for item in document["items"]:
        for decision in item["decisions"]:
            if decision["pk"] == decision_pk:
                html = render_to_string(
                    "board/decision_notice_pdf.html",
                    {
                        "doc": document,
                        "item": item,
                        "decision": decision,
                        "minutes_sha256": minutes_sha256,
                    },
                )
                return pdf.write_pdf(html)
    return None
