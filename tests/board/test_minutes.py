"""Minutes and decision notices as PDFs, read back with pdftotext; frozen at sign-off."""

import hashlib
from datetime import date, timedelta

import pytest
from django.urls import reverse

from board.models import AgendaItem, Attendee, MinutesRecord, Vote
from board.tasks import render_minutes
from tests.board.factories import AgendaItemFactory, DecisionFactory, MeetingFactory
from tests.reports import pdftools
from tests.reports.conftest import run_worker

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
    # No request renders it: until the worker has, the page waits and checks again by itself.
    waiting = as_chair.get(url("meeting-minutes-pdf", partnership, pk=meeting.pk))
    assert waiting.status_code == 200 and waiting["Content-Type"].startswith("text/html")
    assert waiting["Refresh"] == "3"
    page = waiting.content.decode()
    assert "being made in the background" in page and "No background worker" not in page
    assert MinutesRecord.objects.get(meeting=meeting).pdf is None
    run_worker()
    frozen = MinutesRecord.objects.get(meeting=meeting)
    response = as_chair.get(url("meeting-minutes-pdf", partnership, pk=meeting.pk))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "Refresh" not in response
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
    # The notice cites the stored minutes' hash: it waits for the worker as the minutes do.
    waiting = as_chair.get(url("decision-notice-pdf", partnership, pk=decided.pk))
    assert waiting["Refresh"] == "3" and "being made in the background" in waiting.content.decode()
    run_worker()
    frozen = MinutesRecord.objects.get(meeting=meeting)
    response = as_chair.get(url("decision-notice-pdf", partnership, pk=decided.pk))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _words(response.content)
    assert "NOTICE OF DECISION CIP-2021-01" in text and "DRAFT" not in text
    assert "Terms of reference" in text and "Approved" in text
    assert "The board agreed the terms of reference." in text
    # The hash may wrap across lines in the PDF: read it without spaces.
    assert frozen.pdf_sha256 in text.replace(" ", "")


def test_the_waiting_page_says_when_no_worker_has_started_the_minutes(
    as_chair, partnership, decided
):
    meeting = decided.meeting
    as_chair.post(
        url("meeting-sign-off", partnership, pk=meeting.pk), {"version": str(meeting.version)}
    )
    frozen = MinutesRecord.objects.get(meeting=meeting)
    # Signed off a minute and a half ago, and no worker has picked the PDF up since.
    MinutesRecord.objects.filter(pk=frozen.pk).update(
        created_at=frozen.created_at - timedelta(seconds=90)
    )
    page = as_chair.get(url("meeting-minutes-pdf", partnership, pk=meeting.pk)).content.decode()
    assert "No background worker has started this PDF in over a minute" in page
    assert "python manage.py db_worker" in page
    # A worker started then makes it, once; the task run again makes nothing again.
    run_worker()
    made = MinutesRecord.objects.get(pk=frozen.pk)
    assert made.pdf_sha256 == hashlib.sha256(bytes(made.pdf)).hexdigest()
    assert render_minutes.call(frozen.pk) == "nothing to do"
    assert MinutesRecord.objects.get(pk=frozen.pk).pdf_sha256 == made.pdf_sha256
    response = as_chair.get(url("meeting-minutes-pdf", partnership, pk=meeting.pk))
    assert response["Content-Type"] == "application/pdf"
