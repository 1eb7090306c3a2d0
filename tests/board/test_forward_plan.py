"""The forward plan: entries posted through the form, the 28 days' notice check, and the
published PDF read back with pdftotext."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from board.models import ForwardPlanEntry
from tests.board.factories import ForwardPlanEntryFactory, MeetingFactory
from tests.reports import pdftools

pytestmark = pytest.mark.django_db


def url(name, partnership, **kwargs):
    return reverse(f"board:{name}", kwargs={"slug": partnership.slug, **kwargs})


def _meeting(partnership, days):
    return MeetingFactory(
        partnership=partnership,
        date=timezone.localdate() + timedelta(days=days),
        status="scheduled",
        title="CIP Board",
    )


def _add(client, partnership, meeting, **changes):
    data = {
        "title": "Approve the residential business case",
        "description": "Two children's homes in the county.",
        "meeting": str(meeting.pk),
        "key_decision": "on",
        "private_reason": "",
        **changes,
    }
    return client.post(url("forward-plan-create", partnership), data)


def test_the_chair_adds_a_decision_with_enough_notice(as_chair, partnership):
    meeting = _meeting(partnership, 28)
    response = _add(as_chair, partnership, meeting)
    assert response.status_code == 302
    entry = ForwardPlanEntry.objects.get()
    assert (entry.meeting, entry.key_decision, entry.added_on) == (
        meeting,
        True,
        timezone.localdate(),
    )
    page = as_chair.get(url("forward-plan", partnership)).content.decode()
    assert "Approve the residential business case" in page
    assert "28 days' notice" in page and "Short notice" not in page


def test_an_entry_added_fewer_than_28_days_before_its_meeting_is_flagged(as_chair, partnership):
    meeting = _meeting(partnership, 27)
    response = _add(as_chair, partnership, meeting)
    assert response.status_code == 302
    followed = as_chair.get(response.url).content.decode()
    assert "gives 27 days&#x27; notice of its meeting, fewer than 28" in followed
    assert "Short notice" in followed


def test_a_private_decision_needs_its_reason(as_chair, partnership):
    meeting = _meeting(partnership, 40)
    response = _add(as_chair, partnership, meeting, private="on")
    assert response.status_code == 200
    assert "Say why the decision is to be taken in private" in response.content.decode()
    assert not ForwardPlanEntry.objects.exists()
    response = _add(
        as_chair,
        partnership,
        meeting,
        private="on",
        private_reason="Information about a provider's financial affairs",
    )
    assert response.status_code == 302


def test_a_board_member_cannot_add_to_the_plan(as_board, partnership):
    assert _add(as_board, partnership, _meeting(partnership, 40)).status_code == 403
    assert not ForwardPlanEntry.objects.exists()


def test_the_published_pdf_lists_each_decision_under_its_meeting(as_board, partnership):
    later = _meeting(partnership, 60)
    sooner = _meeting(partnership, 20)
    past = _meeting(partnership, -10)
    today = timezone.localdate()
    ForwardPlanEntryFactory(
        meeting=later,
        title="Continue into Year 5",
        key_decision=True,
        added_on=today,
    )
    ForwardPlanEntryFactory(
        meeting=sooner,
        title="Extend the design lead",
        private=True,
        private_reason="Information about an individual",
        added_on=today,
    )
    ForwardPlanEntryFactory(meeting=past, title="Already taken", added_on=today - timedelta(50))
    response = as_board.get(url("forward-plan-pdf", partnership))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    # Words as read, whatever the table's column widths wrapped.
    text = " ".join(pdftools.raw_text(response.content).split())
    assert "FORWARD PLAN OF DECISIONS" in text
    assert f"PUBLISHED {today:%-d %B %Y}".upper() in text
    assert "Already taken" not in text
    # In meeting order: the sooner meeting's decision first.
    assert text.index(str(sooner)) < text.index("Extend the design lead") < text.index(str(later))
    assert text.index(str(later)) < text.index("Continue into Year 5")
    assert "Private: Information about an individual" in text
    assert "Short notice: 20 days" in text
    assert "60 days" in text and "Short notice: 60" not in text
