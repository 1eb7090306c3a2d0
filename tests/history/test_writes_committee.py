"""One test per write path of the register of interests and of decisions between meetings."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from board.models import (
    BoardSettings,
    Decision,
    ForwardPlanEntry,
    Interest,
    MinutesRecord,
    Proposal,
)
from cip.models import Membership
from tests.board.factories import (
    ForwardPlanEntryFactory,
    InterestFactory,
    MeetingFactory,
    ProposalFactory,
)
from tests.cip.factories import MembershipFactory, UserFactory
from tests.conftest import signed_in
from tests.history.writes import assert_written, post_form, writes

pytestmark = pytest.mark.django_db


def _url(name, partnership, **kwargs):
    return reverse(name, kwargs={"slug": partnership.slug, **kwargs})


@writes("board:interest-create")
def test_registering_an_interest(as_board, board_member, partnership):
    post_form(
        as_board,
        _url("board:interest-create", partnership),
        category="membership",
        description="Trustee of Glenfield Youth Trust",
    )
    assert_written(Interest.objects.get(user=board_member), "+", board_member)


@writes("board:interest-edit")
def test_editing_an_interest(as_board, board_member, partnership):
    entry = InterestFactory(partnership=partnership, user=board_member)
    post_form(
        as_board, _url("board:interest-edit", partnership, pk=entry.pk), ended_on="2020-03-31"
    )
    assert_written(entry, "~", board_member, {"ended_on"})


@pytest.fixture
def next_meeting(partnership):
    BoardSettings.objects.create(partnership=partnership, quorum_members=1)
    return MeetingFactory(
        partnership=partnership,
        date=timezone.localdate() + timedelta(days=30),
        status="scheduled",
    )


@writes("board:proposal-create", "board.services.proposal_send")
def test_sending_a_proposal(as_chair, chair, partnership, next_meeting):
    post_form(
        as_chair,
        _url("board:proposal-create", partnership),
        title="Revised terms of reference",
        choice="other:",
        resolution="The board agrees them.",
        deadline=(timezone.localdate() + timedelta(days=7)).isoformat(),
        meeting=str(next_meeting.pk),
    )
    assert_written(Proposal.objects.get(), "+", chair)


@writes("board:proposal-vote", "board.services.proposal_vote")
def test_a_vote_that_carries_a_proposal(partnership, next_meeting):
    proposal = ProposalFactory(meeting=next_meeting)
    voter = UserFactory()
    MembershipFactory(partnership=partnership, user=voter, role=Membership.Role.BOARD_MEMBER)
    post_form(
        signed_in(voter), _url("board:proposal-vote", partnership, pk=proposal.pk), choice="for"
    )
    assert_written(proposal.votes.get(), "+", voter)
    # The quorum of one carried it: the proposal, its decision and the agenda item it is
    # reported on are each in the history, by the voter.
    assert_written(proposal, "~", voter, {"decision", "carried_on"})
    decision = Decision.objects.get()
    assert_written(decision, "+", voter)
    assert_written(decision.item, "+", voter)
    assert_written(decision.votes.get(), "+", voter)


@writes("board:forward-plan-create")
def test_adding_to_the_forward_plan(as_chair, chair, partnership, next_meeting):
    post_form(
        as_chair,
        _url("board:forward-plan-create", partnership),
        title="Continue into Year 5",
        meeting=str(next_meeting.pk),
    )
    assert_written(ForwardPlanEntry.objects.get(), "+", chair)


@writes("board:forward-plan-edit")
def test_editing_the_forward_plan(as_chair, chair, partnership, next_meeting):
    entry = ForwardPlanEntryFactory(meeting=next_meeting)
    post_form(
        as_chair, _url("board:forward-plan-edit", partnership, pk=entry.pk), key_decision="on"
    )
    assert_written(entry, "~", chair, {"key_decision"})


def test_signing_off_keeps_the_frozen_minutes_in_the_history(as_chair, chair, partnership):
    meeting = MeetingFactory(partnership=partnership)
    post_form(as_chair, _url("board:meeting-sign-off", partnership, pk=meeting.pk))
    assert_written(MinutesRecord.objects.get(meeting=meeting), "+", chair)


@writes("reminders:preferences")
def test_turning_the_digest_off(board_member):
    from reminders.models import Preference

    client = signed_in(board_member)
    post_form(client, reverse("reminders:preferences"), daily_digest=None)
    preference = Preference.objects.get(user=board_member)
    latest = preference.history.latest()
    assert (latest.history_type, latest.history_user, latest.daily_digest) == (
        "+",
        board_member,
        False,
    )
