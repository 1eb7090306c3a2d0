from datetime import date

import pytest
from django.core.exceptions import ValidationError

from board import services
from board.models import Decision, Meeting
from cip import decisions
from cip.models import ContractYear
from tests.board.factories import AgendaItemFactory, MeetingFactory, SecondmentFactory
from tests.cip.factories import AgreementFactory, ContractYearFactory

Kind, Outcome = Decision.Kind, Decision.Outcome


@pytest.fixture
def item(partnership):
    return AgendaItemFactory(meeting=MeetingFactory(partnership=partnership), position=1)


@pytest.fixture
def year_three(partnership):
    return ContractYearFactory(
        partnership=partnership,
        number=3,
        start_date=date(2020, 12, 1),
        end_date=date(2021, 11, 30),
        status=ContractYear.Status.PENDING,
    )


def _record(item, *, kind, record, outcome=Outcome.APPROVED, user=None, **extra):
    return services.decision_record(
        meeting=item.meeting,
        item=item,
        kind=kind,
        outcome=outcome,
        resolution="Resolved.",
        record=record,
        user=user,
        **extra,
    )


@pytest.fixture
def registry():
    """Restore the registry after a test that registers a kind of its own."""
    kinds, papers = dict(decisions._KINDS), dict(decisions._PAPERS)
    yield
    decisions._KINDS.clear()
    decisions._KINDS.update(kinds)
    decisions._PAPERS.clear()
    decisions._PAPERS.update(papers)


def test_registering_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="Unknown decision kind"):
        decisions.register(
            key="approve_lunch", label="Lunch", model=None, candidates=None, apply=None
        )


def test_the_board_registers_continuation_secondments_and_other():
    assert {"continuation", "secondment_extend", "other"} <= set(decisions.kinds())
    assert decisions.kinds()["continuation"].model == "cip.ContractYear"


def test_approving_continuation_continues_the_year_and_numbers_the_decision(item, year_three):
    decision = _record(item, kind=Kind.CONTINUATION, record=year_three)
    year_three.refresh_from_db()
    assert year_three.status == ContractYear.Status.CONTINUED
    assert decision.number == 1 and decision.reference == "D1"
    assert decision.record == year_three
    assert decision.record_label == "Year 3"
    assert _record(item, kind=Kind.OTHER, record=None).number == 2


@pytest.mark.parametrize(
    "outcome, status",
    [
        (Outcome.DEFERRED, ContractYear.Status.PENDING),
        (Outcome.REJECTED, ContractYear.Status.ENDED),
    ],
)
def test_every_outcome_moves_the_year(item, year_three, outcome, status):
    _record(item, kind=Kind.CONTINUATION, record=year_three, outcome=outcome)
    year_three.refresh_from_db()
    assert year_three.status == status


def test_another_partnerships_record_is_refused_and_nothing_changes(item, other_partnership):
    theirs = ContractYearFactory(
        partnership=other_partnership, number=2, status=ContractYear.Status.PENDING
    )
    with pytest.raises(ValidationError, match="is not a record of Partnership A"):
        _record(item, kind=Kind.CONTINUATION, record=theirs)
    theirs.refresh_from_db()
    assert theirs.status == ContractYear.Status.PENDING
    assert Decision.objects.count() == 0


def test_a_record_of_the_wrong_model_is_refused(item, partnership):
    secondment = SecondmentFactory(partnership=partnership)
    with pytest.raises(ValidationError, match="decides a contract year"):
        _record(item, kind=Kind.CONTINUATION, record=secondment)


def test_a_signed_off_meeting_takes_no_new_decisions(item, year_three):
    Meeting.objects.filter(pk=item.meeting.pk).update(
        status=Meeting.Status.SIGNED_OFF, signed_off_on=date(2019, 2, 12)
    )
    item.meeting.refresh_from_db()
    with pytest.raises(ValidationError, match="signed off"):
        _record(item, kind=Kind.CONTINUATION, record=year_three)
    assert Decision.objects.count() == 0


def test_an_approved_extension_moves_the_secondment_end(item, partnership):
    secondment = SecondmentFactory(partnership=partnership, end_date=date(2020, 11, 30))
    _record(item, kind=Kind.SECONDMENT_EXTEND, record=secondment, new_end_date=date(2021, 11, 30))
    secondment.refresh_from_db()
    assert secondment.end_date == date(2021, 11, 30)


def test_a_rejected_extension_leaves_the_secondment_alone(item, partnership):
    secondment = SecondmentFactory(partnership=partnership, end_date=date(2020, 11, 30))
    _record(item, kind=Kind.SECONDMENT_EXTEND, record=secondment, outcome=Outcome.REJECTED)
    secondment.refresh_from_db()
    assert secondment.end_date == date(2020, 11, 30)


def test_when_apply_refuses_the_decision_is_not_saved(item, partnership):
    secondment = SecondmentFactory(partnership=partnership, end_date=date(2020, 11, 30))
    with pytest.raises(ValidationError, match="must be after the current end"):
        _record(item, kind=Kind.SECONDMENT_EXTEND, record=secondment, new_end_date=date(2020, 6, 1))
    assert Decision.objects.count() == 0
    secondment.refresh_from_db()
    assert secondment.end_date == date(2020, 11, 30)


def test_a_registered_kind_from_another_app_is_applied(item, partnership, registry):
    moved = []
    decisions.register(
        key="business_case_approve",
        label="Approve a business case",
        model="cip.Secondment",  # any model of the partnership stands in for a business case
        candidates=lambda p: p.secondments.all(),
        apply=lambda *, decision, record, user: moved.append((decision.outcome, record.pk)),
    )
    secondment = SecondmentFactory(partnership=partnership)
    _record(item, kind=Kind.BUSINESS_CASE_APPROVE, record=secondment, outcome=Outcome.DEFERRED)
    assert moved == [(Outcome.DEFERRED, secondment.pk)]


def test_an_unregistered_kind_is_refused(item, registry):
    decisions._KINDS.pop("contract_approve", None)
    with pytest.raises(ValidationError, match="Choose a kind"):
        _record(item, kind=Kind.CONTRACT_APPROVE, record=None)


def test_signing_off_needs_a_held_meeting(partnership):
    meeting = MeetingFactory(partnership=partnership, status=Meeting.Status.SCHEDULED)
    with pytest.raises(ValidationError, match="held"):
        services.meeting_sign_off(meeting=meeting, expected_version=meeting.version, user=None)


def test_a_frozen_decision_cannot_be_reworded(item):
    decision = _record(item, kind=Kind.OTHER, record=None)
    services.meeting_sign_off(
        meeting=item.meeting, expected_version=item.meeting.version, user=None
    )
    decision.refresh_from_db()
    with pytest.raises(ValidationError, match="frozen"):
        services.decision_update(
            decision=decision, resolution="Changed.", expected_version=decision.version, user=None
        )
    decision.refresh_from_db()
    assert decision.resolution == "Resolved."


def test_a_continuation_by_number_adds_the_next_year_within_the_term(item, partnership):
    # a 2-year term from 1 December 2018, renewed every 9 months: year 2 is cut at the term
    AgreementFactory(partnership=partnership, maximum_term_years=2, renewal_period_months=9)
    ContractYearFactory(
        partnership=partnership, number=1, start_date=date(2018, 12, 1), end_date=date(2019, 8, 31)
    )
    _record(item, kind=Kind.CONTINUATION, record=None, continuation_year=2)
    year_two = partnership.contract_years.get(number=2)
    assert (year_two.start_date, year_two.end_date) == (date(2019, 9, 1), date(2020, 5, 31))
    _record(item, kind=Kind.CONTINUATION, record=None, continuation_year=3)
    year_three = partnership.contract_years.get(number=3)
    # 9 months from 1 June 2020 would end 28 February 2021; the term ends 30 November 2020
    assert (year_three.start_date, year_three.end_date) == (date(2020, 6, 1), date(2020, 11, 30))
    assert year_three.status == ContractYear.Status.CONTINUED
    with pytest.raises(ValidationError, match="No continuation decision is due"):
        _record(item, kind=Kind.CONTINUATION, record=None, continuation_year=4)
    assert partnership.contract_years.count() == 3


def test_a_continuation_into_a_year_that_is_not_next_is_refused(item, partnership):
    AgreementFactory(partnership=partnership)
    with pytest.raises(ValidationError, match="into Year 2, not Year 3"):
        _record(item, kind=Kind.CONTINUATION, record=None, continuation_year=3)
    assert not partnership.contract_years.exists()
    assert Decision.objects.count() == 0


def test_only_members_present_vote(item, partnership):
    from tests.cip.factories import MembershipFactory

    absent = MembershipFactory(partnership=partnership).user
    with pytest.raises(ValidationError, match="Only members recorded as present vote"):
        _record(item, kind=Kind.OTHER, record=None, votes={absent.pk: "for"})
    assert Decision.objects.count() == 0
