"""Minutes and decision notices as PDFs, read back with pdftotext; frozen at sign-off."""

import hashlib
from datetime import date

import pytest
from django.urls import reverse

from board.models import AgendaItem, Attendee, MinutesRecord, Vote
from tests.board.factories import AgendaItemFactory, DecisionFactory, MeetingFactory
from tests.reports import pdftools

pytestmark = pytest.mark.django_db


def url(name, partnership, **kwargs):
    return reverse(f"board:{name}", kwargs={"slug": partnership.slug, **kwargs})


def _words(data: bytes) -> str:
    return " ".join(pdftools.raw_text(data).split())


@pytest.fixture
def decided(partnership, chair, board_member):
    meeting = MeetingFactory(partnership=partnership, date=date(2021, 7, 13), place="County Hall")
    Attendee.objects.create(meeting=meeting, user=chair, role="Chair")
    Attendee.objects.create(meeting=meeting, user=board_member, attendance="apologies")
    item = AgendaItemFactory(
        meeting=meeting, position=1, title="Terms of reference", minutes="The board discussed."
    )
    decision = DecisionFactory(item=item, resolution="The board agreed the terms of reference.")
    Vote.objects.create(decision=decision, user=chair, choice="for")
    return decision


def test_signing_off_freezes_the_minutes_pdf_with_its_hash(as_chair, partnership, decided):
    meeting = decided.meeting
    response = as_chair.post(
        url("meeting-sign-off", partnership, pk=meeting.pk), {"version": str(meeting.version)}
    )
    assert response.status_code == 302
    frozen = MinutesRecord.objects.get(meeting=meeting)
    response = as_chair.get(url("meeting-minutes-pdf", partnership, pk=meeting.pk))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert hashlib.sha256(response.content).hexdigest() == frozen.pdf_sha256
    text = _words(response.content)
    assert "MINUTES" in text and "DRAFT" not in text
    assert "13 JULY 2021" in text and "County Hall" in text
    assert "The board discussed." in text
    assert "Decision CIP-2021-01" in text
    assert "The board agreed the terms of reference." in text
    assert "Votes: 1 for, 0 against, 0 abstained, 0 not voting." in text
    assert "Apologies" in text

    # Changed afterwards behind the record's back, the signed-off minutes are not made again.
    AgendaItem.objects.filter(pk=decided.item_id).update(minutes="Rewritten later.")
    again = as_chair.get(url("meeting-minutes-pdf", partnership, pk=meeting.pk)).content
    assert again == response.content
    assert "Rewritten later." not in _words(again)


def test_minutes_before_sign_off_are_a_draft_of_the_live_records(as_board, partnership, decided):
    response = as_board.get(url("meeting-minutes-pdf", partnership, pk=decided.meeting.pk))
    assert response.status_code == 200
    text = _words(response.content)
    assert "MINUTES (DRAFT: NOT SIGNED OFF)" in text
    assert f"Decision D{decided.number}" in text
    assert not MinutesRecord.objects.exists()


def test_a_decision_notice_cites_the_signed_off_minutes(as_chair, partnership, decided):
    meeting = decided.meeting
    as_chair.post(
        url("meeting-sign-off", partnership, pk=meeting.pk), {"version": str(meeting.version)}
    )
    frozen = MinutesRecord.objects.get(meeting=meeting)
    response = as_chair.get(url("decision-notice-pdf", partnership, pk=decided.pk))
    assert response.status_code == 200
    text = _words(response.content)
    assert "NOTICE OF DECISION CIP-2021-01" in text and "DRAFT" not in text
    assert "Terms of reference" in text and "Approved" in text
    assert "The board agreed the terms of reference." in text
    # The hash may wrap across lines in the PDF: read it without spaces.
    assert frozen.pdf_sha256 in text.replace(" ", "")
