from datetime import date

import pytest
from django.core.exceptions import ValidationError

from board.services import decision_record
from tests.board.factories import AgendaItemFactory, MeetingFactory
from tests.cip.factories import UserFactory
from tests.workpackages.factories import ContractFactory, WorkPackageFactory
from workpackages.models import DeliveryContract, WorkPackage
from workpackages.services import contract_move, work_package_move

pytestmark = pytest.mark.django_db
Stage = WorkPackage.Stage
Status = DeliveryContract.Status


def _decide(contract, outcome, *, partnership=None, on=date(2020, 10, 13)):
    meeting = MeetingFactory(partnership=partnership or contract.work_package.partnership, date=on)
    return decision_record(
        meeting=meeting,
        item=AgendaItemFactory(meeting=meeting),
        kind="contract_approve",
        outcome=outcome,
        resolution="The board approved the contract.",
        record=contract,
        user=UserFactory(),
    )


def test_the_board_approves_a_draft_contract_on_the_meeting_date(partnership):
    contract = ContractFactory(work_package=WorkPackageFactory(partnership=partnership))
    decision = _decide(contract, "approved")
    contract.refresh_from_db()
    assert contract.status == Status.APPROVED
    assert contract.approved_by == decision
    event = contract.events.get()
    assert (event.date, event.decision, event.work_package) == (
        date(2020, 10, 13),
        decision,
        contract.work_package,
    )


def test_a_rejected_contract_stays_a_draft_and_the_timeline_says_so(partnership):
    contract = ContractFactory(work_package=WorkPackageFactory(partnership=partnership))
    _decide(contract, "rejected")
    contract.refresh_from_db()
    assert contract.status == Status.DRAFT
    assert "not approved by the board" in contract.events.get().description


def test_an_approved_contract_cannot_be_approved_again(partnership):
    contract = ContractFactory(work_package=WorkPackageFactory(partnership=partnership))
    _decide(contract, "approved")
    with pytest.raises(ValidationError):
        _decide(contract, "approved")


def test_another_partnerships_board_cannot_approve_the_contract(partnership, other_partnership):
    contract = ContractFactory(work_package=WorkPackageFactory(partnership=partnership))
    with pytest.raises(ValidationError):
        _decide(contract, "approved", partnership=other_partnership)


def test_delivery_is_refused_naming_both_missing_approvals(partnership):
    work_package = WorkPackageFactory(partnership=partnership)
    ContractFactory(work_package=work_package)  # a draft does not count
    with pytest.raises(ValidationError) as refused:
        work_package_move(
            work_package=work_package, target=Stage.DELIVERY, user=None, on=date(2020, 12, 1)
        )
    assert refused.value.messages == [
        "It cannot enter delivery without an approved business case and an approved "
        "tier-2 contract."
    ]
    work_package.refresh_from_db()
    assert work_package.stage == Stage.DESIGN


def test_an_approved_contract_alone_still_leaves_the_business_case_missing(partnership):
    work_package = WorkPackageFactory(partnership=partnership)
    _decide(ContractFactory(work_package=work_package), "approved")
    with pytest.raises(ValidationError) as refused:
        work_package_move(
            work_package=work_package, target=Stage.DELIVERY, user=None, on=date(2020, 12, 1)
        )
    assert refused.value.messages == ["It cannot enter delivery without an approved business case."]


def test_with_a_business_case_and_a_contract_approved_the_package_enters_delivery(
    partnership, monkeypatch
):
    work_package = WorkPackageFactory(partnership=partnership)
    _decide(ContractFactory(work_package=work_package), "approved")
    # Business cases arrive with issue 6; stand in for an approved one.
    monkeypatch.setattr(WorkPackage, "has_approved_business_case", lambda self: True)
    work_package_move(
        work_package=work_package, target=Stage.DELIVERY, user=None, on=date(2020, 12, 1)
    )
    work_package.refresh_from_db()
    assert work_package.stage == Stage.DELIVERY
    assert work_package.events.filter(kind="stage").get().date == date(2020, 12, 1)


def test_without_business_cases_no_package_has_an_approved_one(partnership):
    assert WorkPackageFactory(partnership=partnership).has_approved_business_case() is False


def test_a_contract_cannot_end_before_it_starts(partnership):
    contract = ContractFactory(
        work_package=WorkPackageFactory(partnership=partnership), start_date=date(2020, 12, 1)
    )
    _decide(contract, "approved")
    contract.refresh_from_db()
    contract_move(contract=contract, target=Status.LIVE, user=None, on=date(2020, 12, 1))
    with pytest.raises(ValidationError, match="cannot end before it starts"):
        contract_move(contract=contract, target=Status.ENDED, user=None, on=date(2020, 11, 1))
    contract.refresh_from_db()
    assert contract.status == Status.LIVE


def test_a_draft_contract_cannot_go_live_by_hand(partnership):
    contract = ContractFactory(work_package=WorkPackageFactory(partnership=partnership))
    with pytest.raises(ValidationError, match="board decision"):
        contract_move(contract=contract, target=Status.LIVE, user=None, on=date(2020, 12, 1))


def test_a_work_package_cannot_link_another_partnerships_brief(partnership, other_partnership):
    foreign = WorkPackageFactory(partnership=other_partnership).brief
    work_package = WorkPackageFactory.build(
        partnership=partnership, brief=foreign, priority_area=None
    )
    with pytest.raises(ValidationError) as refused:
        work_package.full_clean()
    assert "brief" in refused.value.message_dict
