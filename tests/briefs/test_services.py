from datetime import date

import pytest
from django.core.exceptions import ValidationError

from board.services import decision_record
from briefs.models import DesignBrief
from briefs.services import brief_move
from tests.board.factories import AgendaItemFactory, MeetingFactory
from tests.briefs.factories import BriefFactory, MemberFactory
from tests.cip.factories import UserFactory

pytestmark = pytest.mark.django_db
Status = DesignBrief.Status


def _decide(brief, outcome, *, partnership=None, on=date(2019, 5, 14)):
    meeting = MeetingFactory(partnership=partnership or brief.partnership, date=on)
    item = AgendaItemFactory(meeting=meeting)
    return decision_record(
        meeting=meeting,
        item=item,
        kind="brief_agree",
        outcome=outcome,
        resolution="The board agreed the brief.",
        record=brief,
        user=UserFactory(),
    )


def test_a_board_approval_agrees_the_brief_and_dates_it_by_the_meeting(partnership):
    brief = BriefFactory(partnership=partnership, issue_date=None)
    decision = _decide(brief, "approved")
    brief.refresh_from_db()
    assert brief.status == Status.AGREED
    assert brief.agreed_by == decision
    assert brief.issue_date == date(2019, 5, 14)
    event = brief.events.get()
    assert (event.date, event.to_status, event.decision) == (
        date(2019, 5, 14),
        Status.AGREED,
        decision,
    )


def test_a_deferral_leaves_the_brief_a_draft_but_puts_it_on_the_timeline(partnership):
    brief = BriefFactory(partnership=partnership)
    decision = _decide(brief, "deferred")
    brief.refresh_from_db()
    assert brief.status == Status.DRAFT
    assert brief.agreed_by is None
    assert brief.events.get().description == "Deferred by the board"
    assert brief.events.get().decision == decision


def test_the_board_cannot_agree_a_brief_twice(partnership):
    brief = BriefFactory(partnership=partnership)
    _decide(brief, "approved")
    with pytest.raises(ValidationError):
        _decide(brief, "approved")
    assert brief.events.count() == 1


def test_another_partnerships_board_cannot_agree_the_brief(partnership, other_partnership):
    brief = BriefFactory(partnership=partnership)
    with pytest.raises(ValidationError):
        _decide(brief, "approved", partnership=other_partnership)
    brief.refresh_from_db()
    assert brief.status == Status.DRAFT


def _agreed(partnership):
    brief = BriefFactory(partnership=partnership)
    _decide(brief, "approved")
    brief.refresh_from_db()
    return brief


def test_design_starts_only_with_a_lead_from_the_council_and_the_partner(partnership):
    brief = _agreed(partnership)
    MemberFactory(brief=brief, organisation=partnership.council, is_lead=True)
    with pytest.raises(ValidationError, match="lead from the partner"):
        brief_move(brief=brief, target=Status.IN_DESIGN, user=None, on=date(2019, 6, 1))
    MemberFactory(brief=brief, organisation=partnership.partner, is_lead=True)
    brief_move(brief=brief, target=Status.IN_DESIGN, user=None, on=date(2019, 6, 1))
    brief.refresh_from_db()
    assert brief.status == Status.IN_DESIGN
    assert brief.events.last().date == date(2019, 6, 1)


def test_a_brief_walks_its_whole_lifecycle_and_the_timeline_keeps_each_step(partnership):
    brief = _agreed(partnership)
    MemberFactory(brief=brief, organisation=partnership.council, is_lead=True)
    MemberFactory(brief=brief, organisation=partnership.partner, is_lead=True)
    brief_move(brief=brief, target=Status.IN_DESIGN, user=None, on=date(2019, 6, 1))
    with pytest.raises(ValidationError, match="recommendations first"):
        brief_move(brief=brief, target=Status.RECOMMENDATIONS_MADE, user=None, on=date(2020, 1, 1))
    brief.recommendations = "An assessment and resource team; four properties."
    brief.save()
    brief_move(brief=brief, target=Status.RECOMMENDATIONS_MADE, user=None, on=date(2020, 1, 1))
    brief_move(brief=brief, target=Status.CLOSED, user=None, on=date(2021, 3, 9))
    assert list(brief.events.values_list("to_status", flat=True)) == [
        Status.AGREED,
        Status.IN_DESIGN,
        Status.RECOMMENDATIONS_MADE,
        Status.CLOSED,
    ]


def test_a_commissioner_cannot_agree_a_brief_without_the_board(partnership):
    brief = BriefFactory(partnership=partnership)
    with pytest.raises(ValidationError, match="Only a board decision"):
        brief_move(brief=brief, target=Status.AGREED, user=None, on=date(2019, 6, 1))
    brief.refresh_from_db()
    assert brief.status == Status.DRAFT


def test_the_decision_behind_a_brief_entered_as_history_can_be_recorded_later(partnership):
    brief = BriefFactory(partnership=partnership)
    DesignBrief.objects.filter(pk=brief.pk).update(status=Status.IN_DESIGN)
    brief.refresh_from_db()
    decision = _decide(brief, "approved", on=date(2019, 1, 8))
    brief.refresh_from_db()
    assert brief.status == Status.IN_DESIGN
    assert brief.agreed_by == decision
    assert brief.events.get().decision == decision
    with pytest.raises(ValidationError):
        _decide(brief, "approved")


def test_a_brief_entered_as_history_cannot_be_deferred(partnership):
    brief = BriefFactory(partnership=partnership)
    DesignBrief.objects.filter(pk=brief.pk).update(status=Status.AGREED)
    brief.refresh_from_db()
    with pytest.raises(ValidationError):
        _decide(brief, "deferred")
    assert not brief.events.exists()
