"""One test per write path of board governance, each decision kind included (a decision
moves another record: both are in the history, by the member who recorded it)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from board import services
from board.models import (
    Action,
    AgendaItem,
    Attendee,
    BoardSettings,
    Decision,
    Meeting,
    Risk,
    Secondment,
)
from cip.models import ContractYear
from tests.board.factories import (
    ActionFactory,
    AgendaItemFactory,
    AttendeeFactory,
    DecisionFactory,
    MeetingFactory,
    RiskFactory,
    SecondmentFactory,
)
from tests.briefs.factories import BriefFactory
from tests.cip.factories import (
    AgreementFactory,
    ContractYearFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.history.writes import assert_written, post_form, writes
from tests.workpackages.factories import ContractFactory, WorkPackageFactory
from tests.workpackages.factories_business_cases import BusinessCaseFactory

pytestmark = pytest.mark.django_db
CASES = "workpackages.business_cases.services"


def _url(name, partnership, **kwargs):
    return reverse(name, kwargs={"slug": partnership.slug, **kwargs})


@pytest.fixture
def meeting(partnership):
    return MeetingFactory(partnership=partnership)


@writes("board:meeting-create")
def test_adding_a_meeting(as_chair, chair, partnership):
    post_form(
        as_chair,
        _url("board:meeting-create", partnership),
        date="2019-02-12",
        place="County Hall",
        status="scheduled",
    )
    assert_written(Meeting.objects.get(partnership=partnership), "+", chair)


@writes("board:meeting-edit")
def test_editing_a_meeting(as_chair, chair, partnership, meeting):
    post_form(as_chair, _url("board:meeting-edit", partnership, pk=meeting.pk), place="Online")
    assert_written(meeting, "~", chair, {"place"})


@writes("board:meeting-sign-off", "board.services.meeting_sign_off")
def test_signing_off_the_minutes(as_chair, chair, partnership, meeting):
    post_form(as_chair, _url("board:meeting-sign-off", partnership, pk=meeting.pk))
    assert_written(meeting, "~", chair, {"status", "signed_off_on", "signed_off_by"})


@writes("board:attendee-create")
def test_adding_an_attendee(as_chair, chair, partnership, meeting):
    post_form(
        as_chair,
        _url("board:attendee-create", partnership, pk=meeting.pk),
        user=str(chair.pk),
        role="Chair",
    )
    assert_written(Attendee.objects.get(meeting=meeting), "+", chair)


@writes("board:attendee-remove")
def test_removing_an_attendee(as_chair, chair, partnership, meeting):
    attendee = AttendeeFactory(meeting=meeting, user=UserFactory(), guest_name="")
    post_form(as_chair, _url("board:attendee-remove", partnership, pk=attendee.pk))
    assert_written(attendee, "-", chair)


@writes("board:item-create")
def test_adding_an_agenda_item(as_chair, chair, partnership, meeting):
    post_form(
        as_chair,
        _url("board:item-create", partnership, pk=meeting.pk),
        title="Residential design brief",
        purpose="decision",
    )
    assert_written(AgendaItem.objects.get(meeting=meeting), "+", chair)


@writes("board:item-edit")
def test_minuting_an_agenda_item(as_chair, chair, partnership, meeting):
    item = AgendaItemFactory(meeting=meeting)
    post_form(as_chair, _url("board:item-edit", partnership, pk=item.pk), minutes="Agreed.")
    assert_written(item, "~", chair, {"minutes"})


def _decide(client, partnership, item, choice, **extra):
    post_form(
        client,
        _url("board:decision-create", partnership, pk=item.pk),
        choice=choice,
        outcome="approved",
        resolution="The board agreed.",
        **extra,
    )
    return Decision.objects.get(item=item)


@writes("board:decision-create", "board.services.decision_record", "decision:other")
def test_recording_a_decision_of_no_record(as_chair, chair, partnership, meeting):
    item = AgendaItemFactory(meeting=meeting)
    decision = _decide(as_chair, partnership, item, "other:")
    assert_written(decision, "+", chair)


@writes("decision:continuation", "board.services.continuation_apply")
def test_a_continuation_decision_continues_the_year(as_chair, chair, partnership, meeting):
    AgreementFactory(partnership=partnership)
    ContractYearFactory(partnership=partnership, number=1)
    year = ContractYearFactory(
        partnership=partnership,
        number=2,
        start_date=date(2019, 12, 1),
        end_date=date(2020, 11, 30),
        status=ContractYear.Status.PENDING,
    )
    decision = _decide(
        as_chair, partnership, AgendaItemFactory(meeting=meeting), "continuation:year-2"
    )
    assert_written(decision, "+", chair)
    assert_written(year, "~", chair, {"status"})


@writes("board.services.contract_year_next")
def test_a_continuation_decision_adds_the_year_it_continues(as_chair, chair, partnership, meeting):
    AgreementFactory(partnership=partnership)
    ContractYearFactory(partnership=partnership, number=1)
    _decide(as_chair, partnership, AgendaItemFactory(meeting=meeting), "continuation:year-2")
    year = partnership.contract_years.get(number=2)
    history = list(year.history.order_by("history_id").values_list("history_type", flat=True))
    assert history == ["+", "~"]  # added pending, then continued
    assert set(year.history.values_list("history_user", flat=True)) == {chair.pk}


@writes("decision:secondment_extend", "board.services.secondment_extend_apply")
def test_an_extension_decision_moves_the_secondments_end(as_chair, chair, partnership, meeting):
    secondment = SecondmentFactory(partnership=partnership)
    decision = _decide(
        as_chair,
        partnership,
        AgendaItemFactory(meeting=meeting),
        f"secondment_extend:{secondment.pk}",
        new_end_date="2021-11-30",
    )
    assert_written(decision, "+", chair)
    assert_written(secondment, "~", chair, {"end_date"})


@writes("decision:brief_agree", "briefs.services.brief_agree")
def test_an_agreeing_decision_agrees_the_brief(as_chair, chair, partnership, meeting):
    brief = BriefFactory(partnership=partnership)
    decision = _decide(
        as_chair, partnership, AgendaItemFactory(meeting=meeting), f"brief_agree:{brief.pk}"
    )
    assert_written(brief, "~", chair, {"status", "agreed_by"})
    assert_written(brief.events.get(decision=decision), "+", chair)


@writes("decision:contract_approve", "workpackages.services.contract_approve")
def test_an_approving_decision_approves_the_contract(as_chair, chair, partnership, meeting):
    contract = ContractFactory(work_package=WorkPackageFactory(partnership=partnership))
    decision = _decide(
        as_chair,
        partnership,
        AgendaItemFactory(meeting=meeting),
        f"contract_approve:{contract.pk}",
    )
    assert_written(contract, "~", chair, {"status", "approved_by"})
    assert_written(contract.work_package.events.get(decision=decision), "+", chair)


@writes("decision:business_case_approve", f"{CASES}.business_case_approve")
def test_an_approving_decision_approves_the_business_case(as_chair, chair, partnership, meeting):
    case = BusinessCaseFactory(
        work_package=WorkPackageFactory(partnership=partnership), status="submitted"
    )
    decision = _decide(
        as_chair,
        partnership,
        AgendaItemFactory(meeting=meeting),
        f"business_case_approve:{case.pk}",
    )
    assert_written(case, "~", chair, {"status", "approved_by", "decided_on"})
    assert_written(case.work_package.events.get(decision=decision), "+", chair)


@writes("board:decision-edit")
def test_rewording_a_decision(as_chair, chair, partnership, meeting):
    decision = DecisionFactory(item=AgendaItemFactory(meeting=meeting))
    post_form(
        as_chair,
        _url("board:decision-edit", partnership, pk=decision.pk),
        resolution="The board agreed its terms of reference, as amended.",
    )
    assert_written(decision, "~", chair, {"resolution"})


@writes("board.services.decision_update")
def test_rewording_a_decision_through_the_service(chair, partnership, meeting):
    decision = DecisionFactory(item=AgendaItemFactory(meeting=meeting))
    services.decision_update(
        decision=decision, resolution="Reworded.", expected_version=1, user=chair
    )
    assert_written(decision, "~", chair, {"resolution"})


@writes("board:decision-correct")
def test_correcting_a_decision(as_chair, chair, partnership, meeting):
    original = DecisionFactory(item=AgendaItemFactory(meeting=meeting))
    item = AgendaItemFactory(meeting=meeting)
    post_form(
        as_chair,
        _url("board:decision-correct", partnership, pk=original.pk),
        item=str(item.pk),
        choice="other:",
        outcome="approved",
        resolution="Corrected.",
    )
    assert_written(Decision.objects.get(corrects=original), "+", chair)


@writes("board:action-create")
def test_adding_an_action(as_commissioner, commissioner, partnership):
    post_form(
        as_commissioner,
        _url("board:action-create", partnership),
        description="Circulate the terms of reference",
        owner="Board secretary",
        due_date="2019-02-12",
        status="open",
    )
    assert_written(Action.objects.get(partnership=partnership), "+", commissioner)


@writes("board:action-edit")
def test_editing_an_action(as_chair, chair, partnership):
    action = ActionFactory(partnership=partnership)
    post_form(as_chair, _url("board:action-edit", partnership, pk=action.pk), status="done")
    assert_written(action, "~", chair, {"status"})


@writes("board:risk-create")
def test_adding_a_risk(as_commissioner, commissioner, partnership):
    post_form(
        as_commissioner,
        _url("board:risk-create", partnership),
        title="Provider market",
        owner="Director",
        likelihood="3",
        impact="4",
        status="open",
        last_reviewed="2019-01-08",
    )
    assert_written(Risk.objects.get(partnership=partnership), "+", commissioner)


@writes("board:risk-edit")
def test_rescoring_a_risk(as_chair, chair, partnership):
    risk = RiskFactory(partnership=partnership)
    post_form(as_chair, _url("board:risk-edit", partnership, pk=risk.pk), likelihood="2")
    assert_written(risk, "~", chair, {"likelihood", "score"})


@writes("board:secondment-create")
def test_adding_a_secondment(as_admin, administrator, partnership):
    organisation = OrganisationFactory()
    post_form(
        as_admin,
        _url("board:secondment-create", partnership),
        person="A practitioner",
        home_organisation=str(organisation.pk),
        role="Design lead",
        start_date="2018-12-01",
        end_date="2020-11-30",
    )
    assert_written(Secondment.objects.get(partnership=partnership), "+", administrator)


@writes("board:secondment-edit")
def test_editing_a_secondment(as_admin, administrator, partnership):
    secondment = SecondmentFactory(partnership=partnership)
    post_form(
        as_admin, _url("board:secondment-edit", partnership, pk=secondment.pk), role="Adviser"
    )
    assert_written(secondment, "~", administrator, {"role"})


@writes("board:settings-edit")
def test_setting_the_rag_bands(as_admin, administrator, partnership):
    url = _url("board:settings-edit", partnership)
    post_form(as_admin, url, warning_days="21")
    settings = BoardSettings.objects.get(partnership=partnership)
    assert_written(settings, "+", administrator)
    post_form(as_admin, url, warning_days="28")
    assert_written(settings, "~", administrator, {"warning_days"})


def test_a_decision_the_record_refuses_leaves_no_history(as_chair, partnership, meeting):
    secondment = SecondmentFactory(partnership=partnership)
    item = AgendaItemFactory(meeting=meeting)
    before = Secondment.history.count(), Decision.history.count()
    response = as_chair.post(
        _url("board:decision-create", partnership, pk=item.pk),
        {
            "choice": f"secondment_extend:{secondment.pk}",
            "outcome": "approved",
            "resolution": "Extended.",
            "new_end_date": "2019-01-01",  # before its current end: refused
        },
    )
    assert response.status_code == 200
    assert (Secondment.history.count(), Decision.history.count()) == before


def test_a_decision_keeps_the_votes_in_the_history(as_chair, chair, partnership, meeting):
    voter = MembershipFactory(partnership=partnership).user
    AttendeeFactory(meeting=meeting, user=voter, guest_name="")
    item = AgendaItemFactory(meeting=meeting)
    decision = _decide(as_chair, partnership, item, "other:", **{f"vote_{voter.pk}": "abstain"})
    vote = decision.votes.get()
    assert_written(vote, "+", chair)


@writes("board:declaration-create", "board.services.declaration_record")
def test_declaring_an_interest(as_board, board_member, partnership, meeting):
    item = AgendaItemFactory(meeting=meeting)
    post_form(
        as_board,
        _url("board:declaration-create", partnership, pk=item.pk),
        user=str(board_member.pk),
        interest="Trustee of the provider.",
        prejudicial="on",
    )
    assert_written(item.declarations.get(), "+", board_member)


@writes("dashboard:add-to-agenda", "board.services.agenda_item_offer")
def test_offering_a_business_case_for_the_next_agenda(as_commissioner, commissioner, partnership):
    case = BusinessCaseFactory(work_package=WorkPackageFactory(partnership=partnership))
    meeting = MeetingFactory(
        partnership=partnership,
        date=date.today() + timedelta(days=14),
        status=Meeting.Status.SCHEDULED,
    )
    as_commissioner.post(
        reverse("dashboard:add-to-agenda", kwargs={"slug": partnership.slug, "pk": case.pk})
    )
    assert_written(AgendaItem.objects.get(meeting=meeting), "+", commissioner)
