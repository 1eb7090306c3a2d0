from datetime import date

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from board.models import Decision, Meeting
from cip.models import ContractYear, Partnership
from devkit.demo import partnership as demo
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db


def _board_counts():
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_app_config("cip").get_models()
    }


@pytest.fixture
def leicestershire():
    call_command("load_demo")
    partnership = Partnership.objects.get(slug="leicestershire-cip")
    # Until load_demo runs it after the briefs loader, the brief decisions come on request.
    demo.load_brief_decisions(partnership)
    return partnership


def test_the_demo_tells_the_boards_story_from_the_seeds(leicestershire):
    # the board met monthly from december 2018
    dates = list(leicestershire.board_meetings.order_by("date").values_list("date", flat=True))
    assert dates[0] == date(2018, 12, 11)
    # monthly to the end of the demonstration's data, march 2022: 40 months
    assert len(dates) == 40
    assert len({(d.year, d.month) for d in dates}) == 40
    latest = leicestershire.board_meetings.order_by("-date").first()
    assert latest.status == Meeting.Status.HELD
    assert leicestershire.board_meetings.filter(status=Meeting.Status.SIGNED_OFF).count() == 39
    # the board agreed the residential brief and briefs two and three
    agreed = leicestershire.board_decisions.filter(kind=Decision.Kind.BRIEF_AGREE)
    labels = sorted(agreed.values_list("record_label", flat=True))
    assert len(labels) == 3
    assert "Residential Design Brief" in labels[0]
    assert agreed.filter(meeting__date=date(2019, 5, 14)).count() == 2
    # the board continued into year three
    decision = leicestershire.board_decisions.get(
        kind=Decision.Kind.CONTINUATION, record_label="Year 3"
    )
    assert decision.outcome == Decision.Outcome.APPROVED
    assert decision.record.status == ContractYear.Status.CONTINUED
    # the secondments were extended to 30 november 2021
    assert set(leicestershire.secondments.values_list("end_date", flat=True)) == {
        date(2021, 11, 30)
    }
    # the cabinet reports award risk is mitigated by the regional framework
    risk = leicestershire.board_risks.get(title="Failing to award to a suitable provider")
    assert "East Midlands Regional Children's Framework" in risk.mitigation
    scores = list(risk.history.order_by("history_date").values_list("score", flat=True))
    assert scores[0] == 12 and scores[-1] == 4
    # raised with the Cabinet report of 6 July 2018, closed at its review of 11 December 2018
    assert (risk.raised_on, risk.closed_on) == (date(2018, 7, 6), date(2018, 12, 11))
    covid = leicestershire.board_risks.get(title="Covid-19 delays delivery of funded programmes")
    assert (covid.raised_on, covid.closed_on) == (date(2020, 4, 14), None)
    # a risk the board retired is archived, out of the register, its history kept
    retired = leicestershire.board_risks(manager="all_objects").get(archived_at__isnull=False)
    assert retired.status == "closed"
    assert (retired.raised_on, retired.closed_on) == (date(2018, 12, 11), date(2019, 1, 8))
    assert retired.history.order_by("-history_id").first().history_change_reason == "Archived"
    assert not leicestershire.board_risks.filter(pk=retired.pk).exists()
    # a board member follows the path from the meeting to the decision to the year it moved
    board = signed_in(get_user_model().objects.get(username="board"))
    meeting = leicestershire.board_meetings.get(date=date(2020, 10, 13))
    page = board.get(meeting.get_absolute_url()).content.decode()
    assert f'href="{decision.get_absolute_url()}"' in page
    page = board.get(decision.get_absolute_url()).content.decode()
    assert "Year 3</a> (now continued)" in page
    brief_decision = agreed.get(meeting__date=date(2019, 1, 8))
    page = board.get(brief_decision.get_absolute_url()).content.decode()
    assert f'href="{brief_decision.record.get_absolute_url()}"' in page


def test_a_second_load_changes_nothing(leicestershire):
    first = _board_counts()
    call_command("load_demo")
    demo.load_brief_decisions(leicestershire)
    assert _board_counts() == first


def test_the_chair_records_the_continuation_into_the_next_year(leicestershire):
    # The demo was continued into Year 4 (from 1 December 2021) by the board in July 2021;
    # Year 5 is not recorded, and the board decides it through the real forms.
    year_4 = leicestershire.contract_years.get(number=4)
    assert (year_4.start_date, year_4.end_date) == (date(2021, 12, 1), date(2022, 11, 30))
    assert not leicestershire.contract_years.filter(number=5).exists()
    board = signed_in(get_user_model().objects.get(username="chair"))
    meeting = leicestershire.board_meetings.exclude(status=Meeting.Status.SIGNED_OFF).get()
    response = board.post(
        reverse("board:item-create", kwargs={"slug": leicestershire.slug, "pk": meeting.pk}),
        {"position": "99", "title": "Continuation into Year 5", "purpose": "decision"},
    )
    assert response.status_code == 302
    item = meeting.items.get(position=99)
    url = reverse("board:decision-create", kwargs={"slug": leicestershire.slug, "pk": item.pk})
    form = board.get(url).content.decode()
    # Year 4 ends on 30 November 2022, so year 5 starts the next day.
    assert '<option value="continuation:year-5">Year 5, from 1 December 2022</option>' in form
    assert "continuation:year-4" not in form
    response = board.post(
        url,
        {
            "choice": "continuation:year-5",
            "outcome": "approved",
            "resolution": "The board approved the continuation into Year 5.",
        },
    )
    assert response.status_code == 302
    year = leicestershire.contract_years.get(number=5)
    assert (year.start_date, year.end_date) == (date(2022, 12, 1), date(2023, 11, 30))
    assert year.status == ContractYear.Status.CONTINUED
    decision = leicestershire.board_decisions.get(
        kind=Decision.Kind.CONTINUATION, record_id=year.pk
    )
    assert response.url == decision.get_absolute_url()
    # added pending by the decision, then continued by it: both in the year's history
    assert [(h.history_type, h.status) for h in year.history.order_by("history_id")] == [
        ("+", "pending"),
        ("~", "continued"),
    ]
    # the partnership page now names the decision into year 6
    page = board.get(leicestershire.get_absolute_url()).content.decode()
    assert "Into year 6, starting 1 December 2023" in page
    # and the form offers year 6 next
    form = board.get(url).content.decode()
    assert '<option value="continuation:year-6">Year 6, from 1 December 2023</option>' in form


def test_the_demos_decisions_are_referenced_in_date_order_within_each_year(leicestershire):
    decisions = leicestershire.board_decisions.filter(
        meeting__status=Meeting.Status.SIGNED_OFF
    ).order_by("meeting__date", "item__position", "number")
    assert decisions.count() >= 9
    counters = {}
    for decision in decisions.select_related("meeting"):
        year = decision.meeting.date.year
        counters[year] = counters.get(year, 0) + 1
        assert decision.reference == f"CIP-{year}-{counters[year]:02d}"
    assert counters[2019] >= 4
