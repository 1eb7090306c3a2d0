import csv
import io
from datetime import date

import pytest
from django.urls import reverse

from board.services import decision_record
from briefs.models import BriefEvent, DesignBrief, PriorityArea
from tests.board.factories import AgendaItemFactory, MeetingFactory
from tests.briefs.factories import BriefFactory, MemberFactory, PriorityAreaFactory, TaskFactory

pytestmark = pytest.mark.django_db


def _url(name, partnership, **kwargs):
    return reverse(f"briefs:{name}", kwargs={"slug": partnership.slug, **kwargs})


def _briefs(partnership, count):
    area = PriorityAreaFactory(partnership=partnership)
    for _ in range(count):
        brief = BriefFactory(partnership=partnership, priority_area=area)
        TaskFactory(brief=brief)
        MemberFactory(brief=brief)


@pytest.mark.parametrize("rows", [3, 40])
def test_the_brief_list_asks_the_same_number_of_queries_however_many_rows(
    as_board, partnership, django_assert_num_queries, rows
):
    _briefs(partnership, rows)
    # session, user, membership+partnership, filter's priority areas, count, page of rows
    with django_assert_num_queries(6):
        response = as_board.get(_url("brief-list", partnership))
    assert response.status_code == 200


def test_the_brief_list_filters_by_status_and_shows_counts(as_board, partnership):
    BriefFactory(partnership=partnership, title="Residential Design Brief")
    agreed = BriefFactory(partnership=partnership, title="Second brief")
    DesignBrief.objects.filter(pk=agreed.pk).update(status="agreed")
    response = as_board.get(_url("brief-list", partnership), {"status": "agreed"})
    assert "Second brief" in response.text
    assert "Residential Design Brief" not in response.text


def test_an_officer_exports_the_briefs_as_plain_csv(as_officer, partnership):
    BriefFactory(partnership=partnership, number=1, title="=HYPERLINK(1)")
    response = as_officer.get(_url("brief-list", partnership), {"_export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Brief", "Title", "Priority area"]
    assert rows[1][1] == "'=HYPERLINK(1)"
    assert "<a" not in response.content.decode()


def test_a_board_member_cannot_export(as_board, partnership):
    response = as_board.get(_url("brief-list", partnership), {"_export": "csv"})
    assert response.status_code == 403


def test_a_commissioner_drafts_a_brief_through_the_real_form(as_commissioner, partnership):
    area = PriorityAreaFactory(partnership=partnership, name="Stability and sufficient placements")
    response = as_commissioner.post(
        _url("brief-create", partnership),
        {
            "number": "1",
            "title": "Residential Design Brief",
            "priority_area": str(area.pk),
            "purpose": "Why are young people placed out of county?",
            "issue_date": "",
        },
    )
    brief = DesignBrief.objects.get(partnership=partnership)
    assert response.status_code == 302
    assert brief.status == "draft"
    assert brief.events.get().description == "Brief drafted"
    page = as_commissioner.get(response.url)
    assert "Residential Design Brief" in page.text
    assert "Stability and sufficient placements" in page.text


def test_a_duplicate_brief_number_is_named_on_the_form(as_commissioner, partnership):
    BriefFactory(partnership=partnership, number=1)
    response = as_commissioner.post(
        _url("brief-create", partnership), {"number": "1", "title": "Another"}
    )
    assert response.status_code == 200
    assert "already has a brief with this number" in response.text
    assert DesignBrief.objects.filter(partnership=partnership).count() == 1


def test_a_brief_cannot_take_another_partnerships_priority_area(
    as_commissioner, partnership, other_partnership
):
    foreign = PriorityAreaFactory(partnership=other_partnership)
    response = as_commissioner.post(
        _url("brief-create", partnership),
        {"number": "1", "title": "Brief", "priority_area": str(foreign.pk)},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not DesignBrief.objects.filter(partnership=partnership).exists()


def test_the_move_page_refuses_to_agree_a_draft_and_says_why(as_commissioner, partnership):
    brief = BriefFactory(partnership=partnership)
    response = as_commissioner.get(_url("brief-move", partnership, pk=brief.pk))
    assert "agreed only by a board decision" in response.text
    response = as_commissioner.post(
        _url("brief-move", partnership, pk=brief.pk), {"target": "agreed", "on": "2019-06-01"}
    )
    brief.refresh_from_db()
    assert brief.status == "draft"


def test_moving_into_design_without_leads_names_the_missing_side(as_commissioner, partnership):
    brief = BriefFactory(partnership=partnership)
    DesignBrief.objects.filter(pk=brief.pk).update(status="agreed")
    MemberFactory(brief=brief, organisation=partnership.council, is_lead=True)
    response = as_commissioner.post(
        _url("brief-move", partnership, pk=brief.pk),
        {"target": "in_design", "on": "2019-06-01", "version": "1"},
    )
    assert response.status_code == 200
    assert "Name a design team lead from the partner before design starts." in response.text
    MemberFactory(brief=brief, organisation=partnership.partner, is_lead=True)
    response = as_commissioner.post(
        _url("brief-move", partnership, pk=brief.pk),
        {"target": "in_design", "on": "2019-06-01", "version": "1"},
    )
    assert response.status_code == 302
    brief.refresh_from_db()
    assert brief.status == "in_design"


def test_a_second_lead_from_the_same_side_is_refused_on_the_form(as_commissioner, partnership):
    brief = BriefFactory(partnership=partnership)
    MemberFactory(brief=brief, organisation=partnership.council, is_lead=True)
    response = as_commissioner.post(
        _url("member-create", partnership, pk=brief.pk),
        {
            "name": "Second lead",
            "organisation": str(partnership.council.pk),
            "expertise": "Finance",
            "is_lead": "on",
        },
    )
    assert response.status_code == 200
    assert "already has a lead on the team" in response.text


def test_the_detail_page_shows_tasks_in_order_and_the_decision_on_the_timeline(
    as_board, partnership, django_assert_max_num_queries
):
    brief = BriefFactory(partnership=partnership, title="Residential Design Brief")
    TaskFactory(brief=brief, order=2, description="Understand themes of need")
    TaskFactory(brief=brief, order=1, description="Further analysis of residential data")
    meeting = MeetingFactory(partnership=partnership, date=date(2019, 2, 12))
    decision = decision_record(
        meeting=meeting,
        item=AgendaItemFactory(meeting=meeting),
        kind="brief_agree",
        outcome="approved",
        resolution="Agreed.",
        record=brief,
        user=None,
    )
    response = as_board.get(_url("brief-detail", partnership, pk=brief.pk))
    text = response.text
    assert text.index("Further analysis of residential data") < text.index(
        "Understand themes of need"
    )
    assert "Agreed by the board" in text
    assert "12 February 2019" in text
    assert decision.get_absolute_url() in text


@pytest.mark.parametrize("rows", [1, 10])
def test_the_detail_page_asks_a_fixed_number_of_queries(
    as_board, partnership, django_assert_num_queries, rows
):
    brief = BriefFactory(partnership=partnership)
    for n in range(rows):
        TaskFactory(brief=brief, order=n + 1)
        MemberFactory(brief=brief)
        BriefEvent.objects.create(brief=brief, date=date(2019, 1, 1), description=f"Step {n}")
    # session, user, membership, brief, tasks, members, research, documents, events,
    # work packages
    with django_assert_num_queries(10):
        as_board.get(_url("brief-detail", partnership, pk=brief.pk))


def test_an_administrator_configures_priority_areas(as_admin, partnership):
    response = as_admin.post(
        _url("priority-area-create", partnership),
        {"name": "Stability and sufficient placements", "order": "1", "description": ""},
    )
    assert response.status_code == 302
    page = as_admin.get(_url("priority-area-list", partnership))
    assert "Stability and sufficient placements" in page.text
    duplicate = as_admin.post(
        _url("priority-area-create", partnership),
        {"name": "Stability and sufficient placements", "order": "2"},
    )
    assert "already has a priority with this name" in duplicate.text
    assert PriorityArea.objects.filter(partnership=partnership).count() == 1


def test_a_commissioner_cannot_configure_priority_areas(as_commissioner, partnership):
    assert as_commissioner.get(_url("priority-area-list", partnership)).status_code == 403


@pytest.mark.parametrize("rows", [2, 30])
def test_the_priority_area_list_asks_a_fixed_number_of_queries(
    as_admin, partnership, django_assert_num_queries, rows
):
    for _ in range(rows):
        PriorityAreaFactory(partnership=partnership)
    with django_assert_num_queries(5):
        as_admin.get(_url("priority-area-list", partnership))


def test_a_commissioner_removes_a_team_member_after_confirming(as_commissioner, partnership):
    member = MemberFactory(brief=BriefFactory(partnership=partnership), name="Wrong Person")
    url = _url("member-delete", partnership, pk=member.pk)
    assert "Remove the design team member?" in as_commissioner.get(url).text
    response = as_commissioner.post(url)
    assert response.status_code == 302
    assert not type(member).objects.filter(pk=member.pk).exists()
    assert member.history.filter(history_type="-").exists()


def test_another_partnerships_task_cannot_be_removed(
    as_commissioner, partnership, other_partnership
):
    task = TaskFactory(brief=BriefFactory(partnership=other_partnership))
    response = as_commissioner.post(_url("task-delete", partnership, pk=task.pk))
    assert response.status_code == 404
    assert type(task).objects.filter(pk=task.pk).exists()
