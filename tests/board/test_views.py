from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from board import services
from board.models import (
    Action,
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
    DecisionFactory,
    MeetingFactory,
    RiskFactory,
    SecondmentFactory,
)
from tests.cip.factories import AgreementFactory, ContractYearFactory, OrganisationFactory


def url(name, partnership, **kwargs):
    return reverse(f"board:{name}", kwargs={"slug": partnership.slug, **kwargs})


@pytest.fixture
def meeting(partnership):
    return MeetingFactory(partnership=partnership, date=date(2020, 10, 13))


@pytest.fixture
def item(meeting):
    return AgendaItemFactory(meeting=meeting, position=1, title="Continuation into Year 3")


def test_a_board_member_adds_a_meeting_and_an_agenda_item(as_chair, partnership):
    response = as_chair.post(
        url("meeting-create", partnership),
        {"title": "CIP Board", "date": "2019-01-08", "place": "County Hall", "status": "scheduled"},
    )
    meeting = partnership.board_meetings.get()
    assert response.status_code == 302 and response.url == meeting.get_absolute_url()
    response = as_chair.post(
        url("item-create", partnership, pk=meeting.pk),
        {"position": "1", "title": "Residential Design Brief", "purpose": "decision"},
    )
    assert response.status_code == 302
    page = as_chair.get(meeting.get_absolute_url()).content.decode()
    assert "1. Residential Design Brief" in page


def test_two_items_cannot_share_a_place_on_the_agenda(as_board, partnership, item):
    response = as_board.post(
        url("item-create", partnership, pk=item.meeting.pk),
        {"position": "1", "title": "Another", "purpose": "noting"},
    )
    assert response.status_code == 200
    assert "Another item already has this place on the agenda" in response.content.decode()
    assert item.meeting.items.count() == 1


def test_an_item_can_concern_a_registered_paper(as_board, partnership, item):
    year = ContractYearFactory(
        partnership=partnership, number=3, start_date=date(2020, 12, 1), end_date=date(2021, 11, 30)
    )
    response = as_board.post(
        url("item-edit", partnership, pk=item.pk),
        {
            "position": "1",
            "title": item.title,
            "purpose": "decision",
            "paper_choice": f"cip.ContractYear:{year.pk}",
            "minutes": "Discussed.",
            "version": item.version,
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.paper == year


def test_an_item_cannot_concern_another_partnerships_paper(
    as_board, partnership, other_partnership, item
):
    theirs = ContractYearFactory(partnership=other_partnership)
    response = as_board.post(
        url("item-edit", partnership, pk=item.pk),
        {
            "position": "1",
            "title": item.title,
            "purpose": "decision",
            "paper_choice": f"cip.ContractYear:{theirs.pk}",
            "version": item.version,
        },
    )
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.paper_id is None


def test_recording_a_decision_moves_the_record_and_shows_the_path(as_chair, partnership, item):
    AgreementFactory(partnership=partnership)  # commences 1 December 2018
    for number in (1, 2):
        ContractYearFactory(
            partnership=partnership,
            number=number,
            start_date=date(2017 + number, 12, 1),
            end_date=date(2018 + number, 11, 30),
        )
    year = ContractYearFactory(
        partnership=partnership,
        number=3,
        start_date=date(2020, 12, 1),
        end_date=date(2021, 11, 30),
        status=ContractYear.Status.PENDING,
    )
    # The recorded year 3 is the next one: the decision continues it rather than adding one.
    response = as_chair.post(
        url("decision-create", partnership, pk=item.pk),
        {
            "choice": "continuation:year-3",
            "outcome": "approved",
            "resolution": "Continue into Year 3.",
        },
    )
    decision = partnership.board_decisions.get()
    assert response.status_code == 302 and response.url == decision.get_absolute_url()
    year.refresh_from_db()
    assert year.status == ContractYear.Status.CONTINUED
    meeting_page = as_chair.get(item.meeting.get_absolute_url()).content.decode()
    assert f'href="{decision.get_absolute_url()}"' in meeting_page
    decision_page = as_chair.get(decision.get_absolute_url()).content.decode()
    assert "Year 3</a> (now continued)" in decision_page
    assert f'href="{partnership.get_absolute_url()}"' in decision_page
    assert partnership.contract_years.count() == 3


def test_a_continuation_is_offered_only_into_the_next_year(as_chair, partnership, item):
    AgreementFactory(partnership=partnership)  # commences 1 December 2018
    form = as_chair.get(url("decision-create", partnership, pk=item.pk)).content.decode()
    # Nothing recorded: year 1 runs from commencement, so the decision is into year 2.
    assert '<option value="continuation:year-2">Year 2, from 1 December 2019</option>' in form
    assert "continuation:year-3" not in form
    response = as_chair.post(
        url("decision-create", partnership, pk=item.pk),
        {"choice": "continuation:year-3", "outcome": "approved", "resolution": "Continue."},
    )
    assert response.status_code == 200
    assert "Choose a record of this partnership from the list" in response.content.decode()
    assert not partnership.contract_years.exists()
    response = as_chair.post(
        url("decision-create", partnership, pk=item.pk),
        {"choice": "continuation:year-2", "outcome": "deferred", "resolution": "Deferred."},
    )
    assert response.status_code == 302
    # year 1 (from commencement, needing no decision) and year 2, contiguous and pending
    assert list(
        partnership.contract_years.values_list("number", "start_date", "end_date", "status")
    ) == [
        (1, date(2018, 12, 1), date(2019, 11, 30), "continued"),
        (2, date(2019, 12, 1), date(2020, 11, 30), "pending"),
    ]


def test_a_decision_on_another_partnerships_record_is_refused(
    as_chair, partnership, other_partnership, item
):
    theirs = ContractYearFactory(partnership=other_partnership, status=ContractYear.Status.PENDING)
    response = as_chair.post(
        url("decision-create", partnership, pk=item.pk),
        {"choice": f"continuation:{theirs.pk}", "outcome": "approved", "resolution": "Continue."},
    )
    assert response.status_code == 200
    assert "Choose a record of this partnership from the list" in response.content.decode()
    theirs.refresh_from_db()
    assert theirs.status == ContractYear.Status.PENDING
    assert Decision.objects.count() == 0


def test_an_extension_with_an_earlier_end_shows_the_error_on_the_date(as_chair, partnership, item):
    secondment = SecondmentFactory(partnership=partnership, end_date=date(2020, 11, 30))
    response = as_chair.post(
        url("decision-create", partnership, pk=item.pk),
        {
            "choice": f"secondment_extend:{secondment.pk}",
            "outcome": "approved",
            "resolution": "Extend.",
            "new_end_date": "2020-01-01",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "The new end date must be after the current end, 30 November 2020" in page
    assert 'href="#id_new_end_date"' in page
    assert Decision.objects.count() == 0


def test_signing_off_freezes_the_meeting_and_its_decisions(as_chair, partnership, item):
    decision = DecisionFactory(item=item)
    Meeting.objects.filter(pk=item.meeting.pk).update(status=Meeting.Status.HELD)
    response = as_chair.post(
        url("meeting-sign-off", partnership, pk=item.meeting.pk), {"version": item.meeting.version}
    )
    assert response.status_code == 302
    item.meeting.refresh_from_db()
    assert item.meeting.is_signed_off and item.meeting.signed_off_on == timezone.localdate()

    response = as_chair.post(
        url("decision-edit", partnership, pk=decision.pk),
        {"resolution": "Rewritten.", "version": decision.version},
        follow=True,
    )
    assert "can no longer be changed" in response.content.decode()
    decision.refresh_from_db()
    assert decision.resolution == "The board agreed the terms of reference."
    response = as_chair.post(
        url("item-edit", partnership, pk=item.pk),
        {"position": "1", "title": "Changed", "purpose": "noting", "version": item.version},
    )
    item.refresh_from_db()
    assert item.title == "Continuation into Year 3"
    response = as_chair.post(
        url("decision-create", partnership, pk=item.pk),
        {"choice": "other:", "outcome": "approved", "resolution": "Late."},
    )
    assert Decision.objects.count() == 1


def test_a_correction_is_a_new_decision_on_an_open_meeting(as_chair, partnership, item):
    old = DecisionFactory(item=item, resolution="Agreed with the wrong date.")
    services.meeting_sign_off(
        meeting=item.meeting, expected_version=item.meeting.version, user=None
    )
    later = AgendaItemFactory(
        meeting=MeetingFactory(partnership=partnership, date=date(2020, 11, 10)), position=1
    )
    response = as_chair.post(
        url("decision-correct", partnership, pk=old.pk),
        {
            "item": later.pk,
            "choice": "other:",
            "outcome": "approved",
            "resolution": "Agreed, with the right date.",
        },
    )
    correction = partnership.board_decisions.exclude(pk=old.pk).get()
    assert response.status_code == 302
    assert correction.corrects == old and correction.meeting == later.meeting
    page = as_chair.get(old.get_absolute_url()).content.decode()
    assert f"Decision {correction.reference}" in page


def test_a_guest_attendee_needs_a_name_and_a_member_is_listed_by_name(
    as_board, partnership, meeting, board_member
):
    response = as_board.post(
        url("attendee-create", partnership, pk=meeting.pk), {"attendance": "present"}
    )
    assert "Choose a member, or enter a guest" in response.content.decode()
    org = OrganisationFactory(name="University of Bedfordshire")
    as_board.post(
        url("attendee-create", partnership, pk=meeting.pk),
        {"guest_name": "Evaluation lead", "organisation": org.pk, "attendance": "present"},
    )
    as_board.post(
        url("attendee-create", partnership, pk=meeting.pk),
        {"user": board_member.pk, "attendance": "apologies"},
    )
    assert Attendee.objects.filter(meeting=meeting).count() == 2
    page = as_board.get(url("meeting-pack", partnership, pk=meeting.pk)).content.decode()
    assert "Evaluation lead (University of Bedfordshire)" in page


def test_a_member_of_another_partnership_cannot_attend(as_board, partnership, meeting, outsider):
    response = as_board.post(
        url("attendee-create", partnership, pk=meeting.pk),
        {"user": outsider.pk, "attendance": "present"},
    )
    assert response.status_code == 200
    assert not Attendee.objects.exists()


def test_the_agenda_pack_shows_previous_minutes_open_actions_and_decisions_sought(
    as_officer, partnership, item
):
    previous = MeetingFactory(partnership=partnership, date=date(2020, 9, 8))
    AgendaItemFactory(
        meeting=previous, position=1, title="Property 1", minutes="Property 1 business case noted."
    )
    ActionFactory(
        partnership=partnership, description="Report grant income", due_date=date(2020, 1, 1)
    )
    ActionFactory(partnership=partnership, description="Closed action", status=Action.Status.DONE)
    page = as_officer.get(url("meeting-pack", partnership, pk=item.meeting.pk)).content.decode()
    assert "Property 1 business case noted." in page
    assert "Report grant income" in page and "Overdue" in page
    assert "Closed action" not in page
    assert "Item 1: Continuation into Year 3" in page


def test_the_action_log_marks_overdue_actions(as_officer, partnership):
    ActionFactory(
        partnership=partnership,
        description="Late one",
        due_date=timezone.localdate() - timedelta(days=1),
    )
    ActionFactory(
        partnership=partnership,
        description="Due later",
        due_date=timezone.localdate() + timedelta(days=5),
    )
    page = as_officer.get(url("action-list", partnership)).content.decode()
    assert page.count("cip-row-overdue") == 1
    assert page.count("govuk-tag--red") == 1
    only = as_officer.get(url("action-list", partnership) + "?overdue=yes").content.decode()
    assert "Late one" in only and "Due later" not in only


def test_a_likelihood_outside_one_to_five_is_refused(as_board, partnership):
    response = as_board.post(
        url("risk-create", partnership),
        {
            "title": "Market sufficiency",
            "owner": "Head of Service",
            "likelihood": "7",
            "impact": "4",
            "status": "open",
            "last_reviewed": "2020-12-08",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose a likelihood from 1 to 5" in page and 'href="#id_likelihood_0"' in page
    assert not Risk.objects.exists()


def test_rescoring_a_risk_adds_to_its_score_history(as_board, partnership):
    as_board.post(
        url("risk-create", partnership),
        {
            "title": "Failing to award to a suitable provider",
            "owner": "Director",
            "likelihood": "3",
            "impact": "4",
            "status": "open",
            "raised_on": "2018-07-06",
            "last_reviewed": "2018-07-06",
        },
    )
    risk = Risk.objects.get()
    assert risk.score == 12
    as_board.post(
        url("risk-edit", partnership, pk=risk.pk),
        {
            "title": risk.title,
            "owner": "Director",
            "likelihood": "1",
            "impact": "4",
            "status": "closed",
            "raised_on": "2018-07-06",
            "closed_on": "2018-12-11",
            "last_reviewed": "2018-12-11",
            "version": risk.version,
        },
    )
    risk.refresh_from_db()
    assert risk.score == 4
    assert (risk.raised_on, risk.closed_on) == (date(2018, 7, 6), date(2018, 12, 11))
    page = as_board.get(risk.get_absolute_url()).content.decode()
    assert page.count('govuk-table__cell govuk-table__cell--numeric">12<') == 1
    # 3 x 4 = 12, then 1 x 4 = 4: impact 4 twice and score 4 once
    assert page.count('govuk-table__cell govuk-table__cell--numeric">4<') == 3


def _risk_fields(**changes) -> dict:
    fields = {
        "title": "Market sufficiency",
        "owner": "Head of Service",
        "likelihood": "4",
        "impact": "4",
        "status": "open",
        "raised_on": "2020-12-08",
        "last_reviewed": "2020-12-08",
    }
    return fields | changes


def test_a_risk_raised_in_the_future_is_refused_naming_the_field(as_board, partnership):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = as_board.post(
        url("risk-create", partnership), _risk_fields(raised_on=tomorrow.isoformat())
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "The date the risk was raised cannot be in the future" in page
    assert 'href="#id_raised_on"' in page
    assert not Risk.objects.exists()


def test_a_risk_closed_before_it_was_raised_is_refused_naming_the_field(as_board, partnership):
    response = as_board.post(
        url("risk-create", partnership),
        _risk_fields(status="closed", raised_on="2020-12-08", closed_on="2020-12-07"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "The date the risk was closed cannot be before it was raised" in page
    assert 'href="#id_closed_on"' in page
    assert not Risk.objects.exists()


def test_a_risk_closed_in_the_future_is_refused_naming_the_field(as_board, partnership):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = as_board.post(
        url("risk-create", partnership),
        _risk_fields(status="closed", closed_on=tomorrow.isoformat()),
    )
    page = response.content.decode()
    assert "The date the risk was closed cannot be in the future" in page
    assert 'href="#id_closed_on"' in page
    assert not Risk.objects.exists()


def test_closing_a_risk_without_a_date_closes_it_today_and_reopening_clears_it(
    as_board, partnership
):
    as_board.post(url("risk-create", partnership), _risk_fields())
    risk = Risk.objects.get()
    assert (risk.raised_on, risk.closed_on) == (date(2020, 12, 8), None)
    as_board.post(
        url("risk-edit", partnership, pk=risk.pk),
        _risk_fields(status="closed", version=risk.version),
    )
    risk.refresh_from_db()
    assert risk.closed_on == timezone.localdate()
    as_board.post(
        url("risk-edit", partnership, pk=risk.pk),
        _risk_fields(status="open", closed_on="2021-01-05", version=risk.version),
    )
    risk.refresh_from_db()
    assert risk.status == "open" and risk.closed_on is None


def test_the_heat_map_counts_open_risks_in_their_cells(as_officer, partnership):
    RiskFactory(partnership=partnership, likelihood=4, impact=4)
    RiskFactory(partnership=partnership, likelihood=4, impact=4)
    RiskFactory(partnership=partnership, likelihood=4, impact=4, status=Risk.Status.CLOSED)
    page = as_officer.get(url("risk-list", partnership)).content.decode()
    assert '<strong>2</strong> risks<span class="cip-heat__score">Score 16, red</span>' in page


def test_the_bands_are_configurable_per_partnership(as_admin, as_officer, partnership):
    RiskFactory(partnership=partnership, likelihood=3, impact=4)  # 12
    response = as_admin.post(
        url("settings-edit", partnership),
        {"amber_from": "4", "red_from": "12", "warning_days": "90", "quorum_members": "0"},
    )
    assert response.status_code == 302
    assert BoardSettings.objects.get(partnership=partnership).red_from == 12
    page = as_officer.get(url("risk-list", partnership)).content.decode()
    assert 'govuk-tag--red">Red' in page


def test_bands_out_of_order_are_refused(as_admin, partnership):
    response = as_admin.post(
        url("settings-edit", partnership),
        {"amber_from": "15", "red_from": "10", "warning_days": "90", "quorum_members": "0"},
    )
    assert response.status_code == 200
    assert "The amber score must be at least 2 and below the red score" in response.content.decode()
    assert not BoardSettings.objects.exists()


def test_a_secondment_cannot_end_before_it_starts(as_admin, partnership):
    org = OrganisationFactory()
    response = as_admin.post(
        url("secondment-create", partnership),
        {
            "person": "Sam Carter",
            "home_organisation": org.pk,
            "role": "Lead",
            "start_date": "2019-01-01",
            "end_date": "2018-12-01",
        },
    )
    page = response.content.decode()
    assert (
        "The end date must not come before the start date" in page and 'href="#id_end_date"' in page
    )
    assert not Secondment.objects.exists()


def test_the_secondment_page_lists_the_decision_that_extended_it(as_officer, partnership, item):
    secondment = SecondmentFactory(partnership=partnership)
    decision = services.decision_record(
        meeting=item.meeting,
        item=item,
        kind="secondment_extend",
        outcome="approved",
        resolution="Extend.",
        record=secondment,
        user=None,
        new_end_date=date(2021, 11, 30),
    )
    page = as_officer.get(secondment.get_absolute_url()).content.decode()
    assert f"Decision {decision.reference}" in page and "30 November 2021" in page


def test_the_decision_log_filters_and_exports(as_officer, partnership, item):
    DecisionFactory(item=item, resolution="Agree the Residential Design Brief")
    DecisionFactory(item=item, resolution='=HYPERLINK("x")', outcome=Decision.Outcome.DEFERRED)
    page = as_officer.get(url("decision-list", partnership) + "?outcome=deferred").content.decode()
    assert "Residential" not in page and "HYPERLINK" in page
    export = as_officer.get(url("decision-list", partnership) + "?_export=csv")
    text = export.content.decode()
    assert export.status_code == 200
    assert "Agree the Residential Design Brief" in text and "'=HYPERLINK" in text
    assert "<a" not in text


def test_a_board_member_may_not_export_the_log(as_board, partnership):
    assert as_board.get(url("decision-list", partnership) + "?_export=csv").status_code == 403


def _banner_setup(partnership, *, warning_days):
    AgreementFactory(
        partnership=partnership, commencement_date=date(2018, 12, 1), award_date=date(2018, 11, 1)
    )
    BoardSettings.objects.create(partnership=partnership, warning_days=warning_days)
    today = timezone.localdate()
    # The latest continued year ends 100 days from now: notice is due about 8 days from now.
    end = today + timedelta(days=100)
    ContractYearFactory(
        partnership=partnership, number=1, start_date=end - timedelta(days=364), end_date=end
    )


def test_every_member_sees_the_continuation_banner_inside_the_window(as_officer, partnership):
    _banner_setup(partnership, warning_days=30)
    page = as_officer.get(url("risk-list", partnership)).content.decode()
    assert "Termination notice for Year 2 must be given by" in page


def test_no_banner_before_the_window(as_officer, partnership):
    _banner_setup(partnership, warning_days=1)
    page = as_officer.get(url("risk-list", partnership)).content.decode()
    assert "Termination notice" not in page


def test_the_decision_log_exports_to_a_spreadsheet(as_officer, partnership, item):
    DecisionFactory(item=item, resolution="Agree the Residential Design Brief")
    response = as_officer.get(url("decision-list", partnership) + "?_export=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.content[:2] == b"PK"


def test_a_commissioner_reads_the_board_but_cannot_record_a_meeting(
    as_commissioner, partnership, meeting
):
    assert as_commissioner.get(meeting.get_absolute_url()).status_code == 200
    response = as_commissioner.post(
        url("meeting-create", partnership),
        {"title": "CIP Board", "date": "2019-02-12", "status": "scheduled"},
    )
    assert response.status_code == 403
    assert partnership.board_meetings.count() == 1


def test_a_first_agreement_posted_with_blank_dates_is_refused_by_name(as_admin, partnership):
    """The form's new agreement is not the partnership's until it is saved: the page's
    banner, which reads the partnership's agreement, once took the unsaved one with its
    blank dates and answered 500."""
    response = as_admin.post(
        reverse("cip:agreement-edit", kwargs={"slug": partnership.slug}), {"title": "CIP"}
    )
    assert response.status_code == 200
    assert "Enter the commencement date" in response.content.decode()


def test_a_business_case_decision_with_a_new_end_date_is_refused_on_the_date(
    as_chair, partnership, item
):
    from tests.workpackages.factories import WorkPackageFactory
    from tests.workpackages.factories_business_cases import BusinessCaseFactory
    from workpackages.business_cases.models import BusinessCase

    case = BusinessCaseFactory(
        work_package=WorkPackageFactory(partnership=partnership),
        status=BusinessCase.Status.SUBMITTED,
    )
    response = as_chair.post(
        url("decision-create", partnership, pk=item.pk),
        {
            "choice": f"business_case_approve:{case.pk}",
            "outcome": "approved",
            "resolution": "Approved.",
            "new_end_date": "2022-03-31",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'href="#id_new_end_date"' in page
    assert "Only a decision to extend a secondment has a new end date" in page
    case.refresh_from_db()
    assert case.status == BusinessCase.Status.SUBMITTED
    assert not Decision.objects.exists()
    # without the date, the same decision is recorded
    response = as_chair.post(
        url("decision-create", partnership, pk=item.pk),
        {"choice": f"business_case_approve:{case.pk}", "outcome": "approved", "resolution": "Ok."},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == BusinessCase.Status.APPROVED


def test_a_decision_needs_the_quorum_of_the_board_settings(
    as_admin, as_chair, board_member, partnership, item
):
    from cip.models import Membership
    from tests.cip.factories import MembershipFactory

    partner_member = MembershipFactory(partnership=partnership, role=Membership.Role.BOARD_MEMBER)
    # The administrator sets the quorum and says which organisation each member is from.
    response = as_admin.post(
        url("settings-edit", partnership),
        {
            "amber_from": "5",
            "red_from": "15",
            "warning_days": "60",
            "quorum_members": "2",
            "quorum_each_side": "on",
        },
    )
    assert response.status_code == 302
    for membership, side in (
        (board_member.memberships.get(), "council"),
        (partner_member, "partner"),
    ):
        edit = reverse(
            "cip:membership-edit", kwargs={"slug": partnership.slug, "pk": membership.pk}
        )
        assert f'value="{side}"' in as_admin.get(edit).content.decode()
        response = as_admin.post(edit, {"role": "board", "side": side, "version": "1"})
        assert response.status_code == 302
    meeting = item.meeting
    as_chair.post(
        url("attendee-create", partnership, pk=meeting.pk),
        {"user": board_member.pk, "attendance": "present"},
    )
    as_chair.post(
        url("attendee-create", partnership, pk=meeting.pk),
        {"user": partner_member.user.pk, "attendance": "apologies"},
    )
    decide = {"choice": "other:", "outcome": "approved", "resolution": "Agreed."}
    response = as_chair.post(url("decision-create", partnership, pk=item.pk), decide)
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        "The meeting is not quorate: 1 member of the partnership recorded as present, and the "
        "quorum is 2; no member from the partner recorded as present." in page
    )
    assert not Decision.objects.exists()
    # The partner's member came after all: the same decision is now recorded.
    attendee = meeting.attendees.get(user=partner_member.user)
    as_chair.post(url("attendee-remove", partnership, pk=attendee.pk))
    as_chair.post(
        url("attendee-create", partnership, pk=meeting.pk),
        {"user": partner_member.user.pk, "attendance": "present"},
    )
    response = as_chair.post(url("decision-create", partnership, pk=item.pk), decide)
    assert response.status_code == 302
    assert Decision.objects.count() == 1


def test_only_the_chair_adds_meetings_and_records_decisions(as_board, as_chair, partnership, item):
    meeting_page = url("meeting-detail", partnership, pk=item.meeting.pk)
    assert "Record a decision" not in as_board.get(meeting_page).content.decode()
    assert "Record a decision" in as_chair.get(meeting_page).content.decode()
    assert "Add a meeting" not in as_board.get(url("meeting-list", partnership)).content.decode()
    assert "Add a meeting" in as_chair.get(url("meeting-list", partnership)).content.decode()
    decide = {"choice": "other:", "outcome": "approved", "resolution": "Agreed."}
    response = as_board.post(url("decision-create", partnership, pk=item.pk), decide)
    assert response.status_code == 403
    assert not Decision.objects.exists()
    assert as_chair.post(url("decision-create", partnership, pk=item.pk), decide).status_code == 302


def test_signed_off_decisions_take_references_in_date_order_within_the_year(as_chair, partnership):
    march = MeetingFactory(partnership=partnership, date=date(2021, 3, 9), status="held")
    january = MeetingFactory(partnership=partnership, date=date(2021, 1, 12), status="held")
    next_year = MeetingFactory(partnership=partnership, date=date(2022, 1, 11), status="held")
    decide = {"choice": "other:", "outcome": "approved", "resolution": "Agreed."}
    # typed in the wrong order: March's two items first, then January's
    for meeting, positions in ((march, (2, 1)), (january, (1,)), (next_year, (1,))):
        for position in positions:
            item = AgendaItemFactory(meeting=meeting, position=position)
            response = as_chair.post(url("decision-create", partnership, pk=item.pk), decide)
            assert response.status_code == 302
    assert "Decision D1" in as_chair.get(march.get_absolute_url()).content.decode()

    def sign_off(meeting):
        meeting.refresh_from_db()
        return as_chair.post(
            url("meeting-sign-off", partnership, pk=meeting.pk), {"version": meeting.version}
        )

    response = sign_off(march)
    assert response.status_code == 200
    assert "Sign off the minutes of CIP Board, 12 January 2021 first" in response.content.decode()
    for meeting in (january, march, next_year):
        assert sign_off(meeting).status_code == 302

    def references(meeting):
        return list(
            meeting.decisions.order_by("item__position").values_list("stable_reference", flat=True)
        )

    assert references(january) == ["CIP-2021-01"]
    assert references(march) == ["CIP-2021-02", "CIP-2021-03"]
    assert references(next_year) == ["CIP-2022-01"]
    page = as_chair.get(march.get_absolute_url()).content.decode()
    assert "Decision CIP-2021-02</a>" in page and "Decision CIP-2021-03</a>" in page


def test_the_chair_records_each_present_members_vote(as_chair, partnership, item):
    from tests.cip.factories import MembershipFactory

    members = [
        MembershipFactory(partnership=partnership, user__first_name=name, user__last_name="Voter")
        for name in ("Ann", "Ben", "Cat", "Dee")
    ]
    meeting = item.meeting
    for membership, attendance in zip(
        members, ("present", "present", "present", "apologies"), strict=True
    ):
        as_chair.post(
            url("attendee-create", partnership, pk=meeting.pk),
            {"user": membership.user.pk, "attendance": attendance},
        )
    ann, ben, cat, dee = (m.user for m in members)
    form = as_chair.get(url("decision-create", partnership, pk=item.pk)).content.decode()
    assert "Vote of Ann Voter" in form and "Vote of Cat Voter" in form
    assert "Vote of Dee Voter" not in form  # sent apologies
    response = as_chair.post(
        url("decision-create", partnership, pk=item.pk),
        {
            "choice": "other:",
            "outcome": "approved",
            "resolution": "Agreed.",
            f"vote_{ann.pk}": "for",
            f"vote_{ben.pk}": "against",
            f"vote_{cat.pk}": "not_voting",
            f"vote_{dee.pk}": "for",  # not a field: ignored
        },
    )
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert dict(decision.votes.values_list("user", "choice")) == {
        ann.pk: "for",
        ben.pk: "against",
        cat.pk: "not_voting",
    }
    page = as_chair.get(decision.get_absolute_url()).content.decode()
    assert 'Ben Voter</td><td class="govuk-table__cell">Against' in page
    assert "Not voting (prejudicial interest)" in page


def test_a_member_with_a_prejudicial_interest_is_recorded_as_not_voting(
    as_board, as_chair, board_member, partnership, item
):
    from tests.cip.factories import MembershipFactory

    other = MembershipFactory(partnership=partnership, user__first_name="Olive").user
    meeting = item.meeting
    for user in (board_member, other):
        as_chair.post(
            url("attendee-create", partnership, pk=meeting.pk),
            {"user": user.pk, "attendance": "present"},
        )
    # A board member declares their own interest through the item's form.
    response = as_board.post(
        url("declaration-create", partnership, pk=item.pk),
        {"user": board_member.pk, "interest": "Trustee of the provider.", "prejudicial": "on"},
    )
    assert response.status_code == 302
    page = as_board.get(meeting.get_absolute_url()).content.decode()
    assert "Trustee of the provider. (prejudicial: takes no part in the vote)" in page
    decide = url("decision-create", partnership, pk=item.pk)
    form = as_chair.get(decide).content.decode()
    assert "Declared a prejudicial interest in this item: recorded as not voting" in form
    base = {"choice": "other:", "outcome": "approved", "resolution": "Agreed."}
    # A vote for them is refused on their vote...
    response = as_chair.post(decide, {**base, f"vote_{board_member.pk}": "for"})
    assert response.status_code == 200
    page = response.content.decode()
    assert f'href="#id_vote_{board_member.pk}_0"' in page
    assert "This member declared a prejudicial interest in the item, so does not vote" in page
    assert not Decision.objects.exists()
    # ...and when the others vote, they are recorded as not voting.
    response = as_chair.post(decide, {**base, f"vote_{other.pk}": "for"})
    assert response.status_code == 302
    votes = dict(Decision.objects.get().votes.values_list("user", "choice"))
    assert votes == {other.pk: "for", board_member.pk: "not_voting"}
