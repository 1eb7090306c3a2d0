"""The register of interests and decisions between meetings (written procedure), through
their pages: each test posts the real form and reads the page."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from board.models import BoardSettings, Decision, Declaration, Interest, Proposal, Vote
from cip.models import Membership
from tests.board.factories import (
    AgendaItemFactory,
    InterestFactory,
    MeetingFactory,
    ProposalFactory,
    SecondmentFactory,
)
from tests.cip.factories import MembershipFactory, UserFactory
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db
Role = Membership.Role


def url(name, partnership, **kwargs):
    return reverse(f"board:{name}", kwargs={"slug": partnership.slug, **kwargs})


def _member(partnership, role=Role.BOARD_MEMBER, side="", name="Member"):
    user = UserFactory(first_name=name, last_name="Voter")
    MembershipFactory(partnership=partnership, user=user, role=role, side=side)
    return user


# --- the register of interests ---------------------------------------------------------------


def test_a_member_registers_an_interest_and_sees_only_their_own(
    as_board, board_member, partnership
):
    other = InterestFactory(partnership=partnership, description="Governor of Oak School")
    response = as_board.post(
        url("interest-create", partnership),
        {
            "category": "membership",
            "description": "Trustee of Glenfield Youth Trust",
            "registered_on": "2019-01-08",
            "ended_on": "",
        },
    )
    assert response.status_code == 302
    entry = Interest.objects.get(user=board_member)
    assert (entry.partnership, entry.category) == (partnership, "membership")
    page = as_board.get(url("interest-list", partnership)).content.decode()
    assert "Trustee of Glenfield Youth Trust" in page
    assert other.description not in page


def test_the_chair_and_the_administrator_see_the_whole_register(
    as_chair, as_admin, board_member, partnership
):
    InterestFactory(partnership=partnership, user=board_member, description="Owns Acme Care Ltd")
    for client in (as_chair, as_admin):
        assert (
            "Owns Acme Care Ltd" in client.get(url("interest-list", partnership)).content.decode()
        )


def test_the_chair_registers_an_interest_for_a_member(as_chair, board_member, partnership):
    response = as_chair.post(
        url("interest-create", partnership),
        {
            "user": str(board_member.pk),
            "category": "financial",
            "description": "Shares in Acme Care Ltd",
            "registered_on": "2019-01-08",
        },
    )
    assert response.status_code == 302
    assert Interest.objects.get().user == board_member


def test_a_member_edits_their_own_entry_but_not_anothers(as_board, board_member, partnership):
    own = InterestFactory(partnership=partnership, user=board_member)
    theirs = InterestFactory(partnership=partnership)
    response = as_board.post(
        url("interest-edit", partnership, pk=own.pk),
        {
            "category": own.category,
            "description": own.description,
            "registered_on": "2019-01-08",
            "ended_on": "2020-03-31",
            "version": str(own.version),
        },
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.ended_on == date(2020, 3, 31)
    assert as_board.get(url("interest-edit", partnership, pk=theirs.pk)).status_code == 403


def test_an_interest_cannot_end_before_it_was_registered(as_board, partnership):
    response = as_board.post(
        url("interest-create", partnership),
        {
            "category": "other",
            "description": "Consultancy",
            "registered_on": "2020-01-08",
            "ended_on": "2019-01-08",
        },
    )
    assert response.status_code == 200
    assert "The end date must not come before the date registered" in response.content.decode()
    assert not Interest.objects.exists()


def test_a_declaration_on_an_agenda_item_picks_an_entry_of_the_register(
    as_board, board_member, partnership
):
    item = AgendaItemFactory(meeting=MeetingFactory(partnership=partnership, status="held"))
    entry = InterestFactory(
        partnership=partnership, user=board_member, description="Director of Acme Care Ltd"
    )
    form = as_board.get(url("declaration-create", partnership, pk=item.pk)).content.decode()
    assert "Director of Acme Care Ltd" in form
    response = as_board.post(
        url("declaration-create", partnership, pk=item.pk),
        {"registered": str(entry.pk), "user": "", "interest": "", "prejudicial": "on"},
    )
    assert response.status_code == 302
    declaration = Declaration.objects.get()
    assert (declaration.user, declaration.registered, declaration.prejudicial) == (
        board_member,
        entry,
        True,
    )
    assert declaration.interest == "Director of Acme Care Ltd"
    page = as_board.get(item.meeting.get_absolute_url()).content.decode()
    assert "Director of Acme Care Ltd (prejudicial" in page


def test_an_ended_entry_is_not_offered_for_a_declaration(as_board, board_member, partnership):
    item = AgendaItemFactory(meeting=MeetingFactory(partnership=partnership))
    InterestFactory(
        partnership=partnership,
        user=board_member,
        description="Former trustee",
        ended_on=date(2019, 2, 1),
    )
    form = as_board.get(url("declaration-create", partnership, pk=item.pk)).content.decode()
    assert "Former trustee" not in form


def test_a_declaration_needs_a_member_or_an_entry(as_board, partnership):
    item = AgendaItemFactory(meeting=MeetingFactory(partnership=partnership))
    response = as_board.post(
        url("declaration-create", partnership, pk=item.pk),
        {"registered": "", "user": "", "interest": "Something"},
    )
    assert response.status_code == 200
    assert "Choose a member, or an entry of the register" in response.content.decode()


# --- decisions between meetings --------------------------------------------------------------


@pytest.fixture
def quorum(partnership):
    """Two members for, one from each organisation."""
    return BoardSettings.objects.create(
        partnership=partnership, quorum_members=2, quorum_each_side=True
    )


@pytest.fixture
def next_meeting(partnership):
    return MeetingFactory(
        partnership=partnership,
        date=timezone.localdate() + timedelta(days=40),
        status="scheduled",
    )


def _send(client, partnership, meeting, **changes):
    data = {
        "title": "Revised terms of reference",
        "choice": "other:",
        "resolution": "The board agrees the revised terms of reference.",
        "new_end_date": "",
        "deadline": (timezone.localdate() + timedelta(days=14)).isoformat(),
        "meeting": str(meeting.pk),
        **changes,
    }
    return client.post(url("proposal-create", partnership), data)


def _vote(client, partnership, proposal, choice, **declared):
    data = {"registered": "", "interest": "", "choice": choice, **declared}
    return client.post(url("proposal-vote", partnership, pk=proposal.pk), data)


def test_a_written_procedure_carries_when_a_quorum_votes_for_it(
    as_chair, chair, partnership, quorum, next_meeting
):
    response = _send(as_chair, partnership, next_meeting)
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and response.url == proposal.get_absolute_url()
    council = _member(partnership, side="council", name="Council")
    partner = _member(partnership, side="partner", name="Partner")
    against = _member(partnership, side="council", name="Against")

    assert _vote(signed_in(council), partnership, proposal, "for").status_code == 302
    assert _vote(signed_in(against), partnership, proposal, "against").status_code == 302
    page = as_chair.get(proposal.get_absolute_url()).content.decode()
    assert "Open for votes" in page and not Decision.objects.exists()

    assert _vote(signed_in(partner), partnership, proposal, "for").status_code == 302
    proposal.refresh_from_db()
    decision = Decision.objects.get()
    assert proposal.decision == decision and proposal.carried_on == timezone.localdate()
    assert (decision.meeting, decision.kind, decision.outcome) == (
        next_meeting,
        "other",
        "approved",
    )
    assert decision.resolution == "The board agrees the revised terms of reference."
    assert decision.item.title == "Decided between meetings: Revised terms of reference"
    assert sorted(decision.votes.values_list("choice", flat=True)) == ["against", "for", "for"]
    page = as_chair.get(proposal.get_absolute_url()).content.decode()
    assert "Carried" in page and f"decision {decision.reference}" in page
    # Reported to the next meeting: on its page and in its pack.
    for where in (
        next_meeting.get_absolute_url(),
        url("meeting-pack", partnership, pk=next_meeting.pk),
    ):
        page = as_chair.get(where).content.decode()
        assert "Decided between meetings: Revised terms of reference" in page
        assert "2 for, 1 against, 0 abstained" in page


def test_votes_for_from_one_side_alone_do_not_carry_it(partnership, quorum, next_meeting):
    proposal = ProposalFactory(meeting=next_meeting)
    for name in ("One", "Two", "Three"):
        voter = _member(partnership, side="council", name=name)
        assert _vote(signed_in(voter), partnership, proposal, "for").status_code == 302
    proposal.refresh_from_db()
    assert proposal.carried_on is None and not Decision.objects.exists()


def test_a_written_procedure_lapses_at_its_deadline(as_chair, partnership, quorum, next_meeting):
    today = timezone.localdate()
    proposal = ProposalFactory(
        meeting=next_meeting, sent_on=today - timedelta(days=10), deadline=today - timedelta(days=1)
    )
    voter = _member(partnership, side="council")
    ProposalVoteOnTime = proposal.votes.model
    ProposalVoteOnTime.objects.create(
        proposal=proposal, user=voter, choice="for", cast_on=today - timedelta(days=5)
    )
    late = _member(partnership, side="partner", name="Late")
    response = _vote(signed_in(late), partnership, proposal, "for")
    # The vote page says voting is closed and takes no vote.
    assert response.status_code == 200
    assert "Voting is closed: the proposal lapsed" in response.content.decode()
    assert proposal.votes.count() == 1 and not Decision.objects.exists()
    page = as_chair.get(proposal.get_absolute_url()).content.decode()
    assert "Lapsed" in page and "so it lapsed" in page
    listing = as_chair.get(url("proposal-list", partnership)).content.decode()
    assert "Lapsed" in listing
    # As at the day before the deadline it was still open.
    assert proposal.status(today - timedelta(days=1)) == "open"
    assert proposal.status(today) == "lapsed"


def test_a_conflicted_members_vote_is_refused(partnership, quorum, next_meeting):
    proposal = ProposalFactory(meeting=next_meeting)
    member = _member(partnership, side="council")
    entry = InterestFactory(partnership=partnership, user=member, description="Owns Acme Care")
    client = signed_in(member)
    response = _vote(
        client, partnership, proposal, "for", registered=str(entry.pk), prejudicial="on"
    )
    assert response.status_code == 200
    assert "You declared a prejudicial interest, so you take no part in the vote" in (
        response.content.decode()
    )
    assert not proposal.votes.exists()
    response = _vote(
        client, partnership, proposal, "not_voting", registered=str(entry.pk), prejudicial="on"
    )
    assert response.status_code == 302
    vote = proposal.votes.get()
    assert (vote.choice, vote.prejudicial, vote.interest, vote.registered) == (
        "not_voting",
        True,
        "Owns Acme Care",
        entry,
    )


def test_a_member_votes_once(partnership, quorum, next_meeting):
    proposal = ProposalFactory(meeting=next_meeting)
    client = signed_in(_member(partnership, side="council"))
    assert _vote(client, partnership, proposal, "for").status_code == 302
    response = _vote(client, partnership, proposal, "against")
    assert response.status_code == 200
    assert "You voted for" in response.content.decode()
    assert list(proposal.votes.values_list("choice", flat=True)) == ["for"]


def test_a_written_procedure_is_not_sent_without_a_quorum_rule(as_chair, partnership, next_meeting):
    response = _send(as_chair, partnership, next_meeting)
    assert response.status_code == 200
    assert "Set the board&#x27;s quorum first" in response.content.decode()
    assert not Proposal.objects.exists()


def test_a_meeting_of_another_partnership_cannot_be_chosen(
    as_chair, partnership, other_partnership, quorum
):
    theirs = MeetingFactory(
        partnership=other_partnership,
        date=timezone.localdate() + timedelta(days=10),
        status="scheduled",
    )
    response = _send(as_chair, partnership, theirs)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Proposal.objects.exists()


def test_a_carried_extension_moves_the_secondment(as_chair, partnership, quorum, next_meeting):
    secondment = SecondmentFactory(partnership=partnership, end_date=date(2030, 11, 30))
    response = _send(
        as_chair,
        partnership,
        next_meeting,
        title="Extend the design lead",
        choice=f"secondment_extend:{secondment.pk}",
        new_end_date="2031-11-30",
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    for side in ("council", "partner"):
        voter = _member(partnership, side=side, name=side)
        assert _vote(signed_in(voter), partnership, proposal, "for").status_code == 302
    secondment.refresh_from_db()
    assert secondment.end_date == date(2031, 11, 30)
    assert Decision.objects.get().new_end_date == date(2031, 11, 30)


def test_a_commissioner_cannot_vote(as_commissioner, partnership, quorum, next_meeting):
    proposal = ProposalFactory(meeting=next_meeting)
    assert _vote(as_commissioner, partnership, proposal, "for").status_code == 403
    assert not Vote.objects.exists() and not proposal.votes.exists()
