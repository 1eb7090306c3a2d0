"""The board's decision approves, rejects or defers a business case (through
board.services.decision_record), and an approved version is frozen."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from board.services import decision_record
from tests.board.factories import AgendaItemFactory, MeetingFactory
from tests.cip.factories import UserFactory
from tests.workpackages.factories import WorkPackageFactory
from tests.workpackages.factories_business_cases import property_2
from workpackages.business_cases import services
from workpackages.business_cases.models import BusinessCase, CapitalLine

pytestmark = pytest.mark.django_db
Status = BusinessCase.Status


def _submitted(partnership, user):
    case = property_2(work_package=WorkPackageFactory(partnership=partnership))
    return services.business_case_move(
        case=case, target=Status.SUBMITTED, user=user, on=date(2021, 2, 1)
    )


def _decide(partnership, case, outcome, user):
    meeting = MeetingFactory(partnership=partnership, date=date(2021, 2, 9))
    item = AgendaItemFactory(meeting=meeting, position=1, title="Property 2 business case")
    return decision_record(
        meeting=meeting,
        item=item,
        kind="business_case_approve",
        outcome=outcome,
        resolution="The board approved the business case for Property 2.",
        record=case,
        user=user,
    )


def test_the_boards_decision_approves_the_case_and_freezes_it(partnership):
    user = UserFactory()
    case = _submitted(partnership, user)
    decision = _decide(partnership, case, "approved", user)
    case.refresh_from_db()
    assert case.status == Status.APPROVED
    assert case.approved_by == decision and case.decided_on == date(2021, 2, 9)
    assert case.work_package.has_approved_business_case()
    assert case.is_frozen
    with pytest.raises(ValidationError, match="frozen"):
        CapitalLine(business_case=case, kind="works", description="More", amount=1).full_clean()
    assert case.work_package.events.filter(decision=decision).exists()


def test_a_rejected_case_is_frozen_as_rejected(partnership):
    user = UserFactory()
    case = _submitted(partnership, user)
    _decide(partnership, case, "rejected", user)
    case.refresh_from_db()
    assert case.status == Status.REJECTED and not case.work_package.has_approved_business_case()


def test_a_deferred_case_stays_before_the_board(partnership):
    user = UserFactory()
    case = _submitted(partnership, user)
    _decide(partnership, case, "deferred", user)
    case.refresh_from_db()
    assert case.status == Status.SUBMITTED


def test_a_draft_cannot_be_decided(partnership):
    case = property_2(work_package=WorkPackageFactory(partnership=partnership))
    with pytest.raises(ValidationError, match="not a record of"):
        _decide(partnership, case, "approved", UserFactory())
    case.refresh_from_db()
    assert case.status == Status.DRAFT


def test_another_partnerships_case_cannot_be_decided(partnership, other_partnership):
    user = UserFactory()
    theirs = _submitted(other_partnership, user)
    with pytest.raises(ValidationError, match="not a record of"):
        _decide(partnership, theirs, "approved", user)


def test_approving_a_new_version_supersedes_the_old_one(partnership):
    user = UserFactory()
    v1 = _submitted(partnership, user)
    _decide(partnership, v1, "approved", user)
    v1.refresh_from_db()
    v2 = services.business_case_revise(case=v1, user=user, on=date(2021, 6, 1))
    assert (v2.number, v2.status) == (2, Status.DRAFT)
    assert v2.capital_lines.count() == 3 and v2.cost_lines.count() == 1
    services.business_case_move(case=v2, target=Status.SUBMITTED, user=user, on=date(2021, 6, 2))
    _decide(partnership, v2, "approved", user)
    v1.refresh_from_db()
    v2.refresh_from_db()
    assert (v1.status, v2.status) == (Status.SUPERSEDED, Status.APPROVED)


def test_only_the_board_approves(partnership):
    case = property_2(work_package=WorkPackageFactory(partnership=partnership))
    with pytest.raises(ValidationError, match="Only a board decision"):
        services.business_case_move(
            case=case, target=Status.APPROVED, user=UserFactory(), on=date(2021, 1, 1)
        )


def test_a_draft_is_not_revised_into_a_second_open_version(partnership):
    case = property_2(work_package=WorkPackageFactory(partnership=partnership))
    with pytest.raises(ValidationError, match="only an approved or rejected version"):
        services.business_case_revise(case=case, user=UserFactory(), on=date(2021, 1, 1))


def test_the_summary_for_reports_gives_the_computed_figures(partnership):
    case = property_2(work_package=WorkPackageFactory(partnership=partnership))
    summary = services.business_case_summary(case)
    assert summary.capital_total == 437000
    assert str(summary.gross_payback) == "2 years 4 months"
