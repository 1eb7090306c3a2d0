"""Business case pages, through the real forms: edits move the figures, bad input is named,
frozen versions refuse changes, lists keep their query counts."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cip.money import format_money
from devkit.demo import business_cases as business_case_demo
from tests.workpackages.factories import WorkPackageFactory
from tests.workpackages.factories_business_cases import (
    BusinessCaseFactory,
    CapitalLineFactory,
    RealisedSavingFactory,
    StatedFigureFactory,
    property_2,
)
from workpackages import figures
from workpackages.business_cases.forms import BusinessCaseForm
from workpackages.business_cases.models import BusinessCase, RealisedSaving

pytestmark = pytest.mark.django_db
Status = BusinessCase.Status


def _url(name, partnership, **kwargs):
    return reverse(
        f"workpackages:business-case-{name}", kwargs={"slug": partnership.slug, **kwargs}
    )


def _form_data(case, partnership, **changes) -> dict:
    """What the edit form posts when the user changes only `changes`."""
    form = BusinessCaseForm(instance=case, partnership=partnership)
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        data[name] = "" if value is None else str(value)
    return {**data, **{k: str(v) for k, v in changes.items()}}


def _section(html: str, element_id: str) -> str:
    """The table or summary list with this id."""
    start = html.index(f'id="{element_id}"')
    tag = html[html.rindex("<", 0, start) + 1 : start].split()[0]
    return html[start : html.index(f"</{tag}>", start)]


def _demo_property(partnership, number: int) -> BusinessCase:
    titles = {
        1: "Property 1: residential care for under-16s",
        2: "Property 2: residential care for 16 and over",
        3: "Property 3: family residential centre",
        4: "Property 4: assessment residential unit",
    }
    for title in titles.values():
        WorkPackageFactory(partnership=partnership, title=title)
    business_case_demo.load(partnership)
    return BusinessCase.objects.get(work_package__title=titles[number])


def test_a_commissioner_edits_property_2s_occupancy_and_sees_payback_npv_and_switching_move(
    partnership, as_commissioner
):
    approved = _demo_property(partnership, 2)
    page = as_commissioner.get(approved.get_absolute_url()).content.decode()
    assert "2 years 4 months" in _section(page, "computed-figures")
    before_npsv = _section(page, "computed-figures").split('id="npsv">')[1][:20]
    before_switching = _section(page, "switching-values")

    # Approved, so frozen: editing starts version 2 as a draft copy.
    response = as_commissioner.get(_url("edit", partnership, pk=approved.pk))
    assert "is frozen" in response.content.decode()
    response = as_commissioner.post(_url("revise", partnership, pk=approved.pk))
    draft = BusinessCase.objects.get(work_package=approved.work_package, number=2)
    assert response.url == _url("edit", partnership, pk=draft.pk)
    assert draft.status == Status.DRAFT and draft.capital_lines.count() == 3

    response = as_commissioner.post(
        _url("edit", partnership, pk=draft.pk),
        _form_data(draft, partnership, occupancy_pct="50"),
    )
    assert response.status_code == 302, response.content.decode()
    page = as_commissioner.get(draft.get_absolute_url()).content.decode()
    figures = _section(page, "computed-figures")
    # £136,188 x 50/75 = £90,792 of placements + £52,000: £142,792 a year.
    assert "£142,792" in figures
    assert "3 years 1 month" in figures  # £437k / £142,792
    assert figures.split('id="npsv">')[1][:20] != before_npsv
    assert _section(page, "switching-values") != before_switching
    approved.refresh_from_db()
    assert approved.occupancy_pct == Decimal(75)  # the approved version did not change


def test_occupancy_above_100_is_refused_and_named(partnership, as_commissioner):
    case = property_2(work_package=WorkPackageFactory(partnership=partnership))
    response = as_commissioner.post(
        _url("edit", partnership, pk=case.pk), _form_data(case, partnership, occupancy_pct="101")
    )
    assert response.status_code == 200
    assert "Occupancy must be 100% or less" in response.content.decode()
    case.refresh_from_db()
    assert case.occupancy_pct == Decimal(75)


def test_an_appraisal_period_of_0_is_refused_and_named(partnership, as_commissioner):
    case = property_2(work_package=WorkPackageFactory(partnership=partnership))
    response = as_commissioner.post(
        _url("edit", partnership, pk=case.pk), _form_data(case, partnership, appraisal_years="0")
    )
    assert "Appraisal period must be at least 1 year" in response.content.decode()


def test_negative_capital_is_refused_and_named(partnership, as_commissioner):
    case = property_2(work_package=WorkPackageFactory(partnership=partnership))
    response = as_commissioner.post(
        _url("capital-line-create", partnership, pk=case.pk),
        {"kind": "works", "description": "Sprinklers", "amount": "-55000"},
    )
    assert response.status_code == 200
    assert "Amount cannot be negative" in response.content.decode()
    assert case.capital_lines.count() == 3


def test_words_in_a_money_field_are_refused_naming_the_field(partnership, as_commissioner):
    case = property_2(work_package=WorkPackageFactory(partnership=partnership))
    response = as_commissioner.post(
        _url("edit", partnership, pk=case.pk),
        _form_data(case, partnership, weekly_saving="lots"),
    )
    assert "Weekly saving per person: Enter an amount in pounds" in response.content.decode()


def test_no_saving_shows_no_payback_never_an_error(partnership, as_board):
    case = BusinessCaseFactory(
        work_package=WorkPackageFactory(partnership=partnership), placements=0, retained_value=0
    )
    CapitalLineFactory(business_case=case, amount=Decimal(1100000))
    response = as_board.get(case.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "No payback" in _section(page, "computed-figures")
    assert "Infinity" not in page and "NaN" not in page
    assert not re.search(r"\binf\b", page, re.IGNORECASE)


def test_property_3_shows_the_stated_net_investment_beside_the_computed_one(
    partnership, as_officer
):
    case = _demo_property(partnership, 3)
    page = as_officer.get(case.get_absolute_url()).content.decode()
    row = _section(page, "stated-figures").split("Net investment")[1].split("</tr>")[0]
    assert "£369,000" in row and "£269,022.65" in row and "Differs" in row
    assert "stated figure differs" in page


def test_property_4_shows_no_payback_beside_within_five_years(partnership, as_officer):
    case = _demo_property(partnership, 4)
    page = as_officer.get(case.get_absolute_url()).content.decode()
    row = _section(page, "stated-figures").split("Payback on the gross")[1].split("</tr>")[0]
    assert "within five years" in row and "No payback" in row and "No payback computed" in row


def test_a_frozen_case_refuses_new_capital_lines(partnership, as_commissioner):
    case = property_2(work_package=WorkPackageFactory(partnership=partnership))
    case.status = Status.APPROVED
    case.save()
    response = as_commissioner.post(
        _url("capital-line-create", partnership, pk=case.pk),
        {"kind": "works", "description": "More works", "amount": "1000"},
    )
    assert "is frozen" in response.content.decode()
    assert case.capital_lines.count() == 3


def test_a_frozen_case_refuses_to_change_or_remove_its_lines_but_not_its_savings(
    partnership, as_commissioner
):
    case = property_2(work_package=WorkPackageFactory(partnership=partnership))
    line = case.capital_lines.order_by("pk").first()
    saving = RealisedSavingFactory(work_package=case.work_package, financial_year=2022)
    case.status = Status.APPROVED
    case.save()
    edited = as_commissioner.post(
        _url("capital-line-edit", partnership, pk=line.pk),
        {"kind": line.kind, "description": "Changed", "amount": "1", "version": line.version},
    )
    assert edited.status_code == 200 and "is frozen" in edited.text
    removed = as_commissioner.post(_url("capital-line-delete", partnership, pk=line.pk))
    assert removed.status_code == 200 and "is frozen" in removed.text
    line.refresh_from_db()
    assert line.description != "Changed" and case.capital_lines.count() == 3
    # A saving belongs to the work package: recorded against an approved case, it still moves.
    response = as_commissioner.post(
        _url("saving-edit", partnership, pk=saving.pk),
        {
            "financial_year": "2022",
            "quarter": "",
            "amount": "41000",
            "evidence": "Ledger",
            "version": saving.version,
        },
    )
    assert response.status_code == 302 and response.url == case.get_absolute_url()
    saving.refresh_from_db()
    assert saving.amount == Decimal("41000")
    assert as_commissioner.post(_url("saving-delete", partnership, pk=saving.pk)).status_code == 302
    assert not RealisedSaving.objects.filter(pk=saving.pk).exists()


def test_submitting_a_draft_puts_it_before_the_board_and_stops_edits(partnership, as_commissioner):
    case = property_2(work_package=WorkPackageFactory(partnership=partnership))
    response = as_commissioner.post(
        _url("move", partnership, pk=case.pk), {"version": case.version}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.SUBMITTED and case.submitted_on is not None
    assert (
        "is frozen" in as_commissioner.get(_url("edit", partnership, pk=case.pk)).content.decode()
    )


def test_a_case_starts_from_the_list_for_a_chosen_work_package(partnership, as_commissioner):
    work_package = WorkPackageFactory(partnership=partnership)
    blank = BusinessCaseForm(partnership=partnership)
    data = {
        name: "" if blank[name].value() is None else blank[name].value() for name in blank.fields
    }
    data.pop("payback_target_net", None)
    data.update({"work_package": work_package.pk, "title": "Property 5", "version": ""})
    response = as_commissioner.post(_url("create", partnership), data)
    assert response.status_code == 302, response.content.decode()
    case = work_package.business_cases.get()
    assert (case.number, case.status, case.title) == (1, Status.DRAFT, "Property 5")
    # A second open version of the same work package is refused, with the reason.
    response = as_commissioner.post(_url("create", partnership), {**data, "title": "Again"})
    assert "is still draft: finish it before starting another version" in (
        response.content.decode()
    )
    assert work_package.business_cases.count() == 1


def test_a_year_is_recorded_whole_or_by_quarters_not_both(partnership, as_commissioner):
    case = property_2(work_package=WorkPackageFactory(partnership=partnership))
    RealisedSavingFactory(work_package=case.work_package, financial_year=2022)
    response = as_commissioner.post(
        _url("saving-create", partnership, pk=case.pk),
        {"financial_year": "2022", "quarter": "1", "amount": "40000", "evidence": "Ledger"},
    )
    assert "already recorded as a whole year" in response.content.decode()
    assert RealisedSaving.objects.count() == 1


def test_realised_savings_show_cumulative_against_projected_with_a_chart(partnership, as_board):
    case = property_2(work_package=WorkPackageFactory(partnership=partnership))
    RealisedSavingFactory(work_package=case.work_package, financial_year=2021, amount=188188)
    RealisedSavingFactory(work_package=case.work_package, financial_year=2022, amount=150000)
    page = as_board.get(case.get_absolute_url()).content.decode()
    realisation = _section(page, "realisation")
    # As at today: the plan counts £188,188 a year from 1 April 2021 for every quarter ended
    # (30 June, 30 September, 31 December, 31 March), recorded or not.
    today = timezone.localdate()
    quarters = sum(
        1
        for year in range(2021, today.year + 1)
        for end in (date(year, 6, 30), date(year, 9, 30), date(year, 12, 31), date(year + 1, 3, 31))
        if end <= today
    )
    projected = Decimal(188188) * quarters / 4
    assert "£338,188" in realisation  # realised in the two years recorded
    assert format_money(projected.quantize(Decimal("0.01"))) in realisation
    # £338,188 of the £437k investment by 31 March 2023; the rest at £188,188 a year was due
    # by September 2023, which has passed without a saving recorded.
    assert f"Not paid back by {today:%-d %B %Y}" in realisation
    assert "Forecast" not in realisation
    assert "Cumulative savings of" in page and "<svg" in page


def test_realisation_against_the_plan_is_green_amber_or_red(partnership, as_board):
    case = property_2(work_package=WorkPackageFactory(partnership=partnership))
    case_figures = figures.for_case(case, as_at=date(2023, 3, 31))
    assert case_figures.projected == Decimal(376376)  # two years ended
    RealisedSavingFactory(work_package=case.work_package, financial_year=2021, amount=188188)
    RealisedSavingFactory(work_package=case.work_package, financial_year=2022, amount=150000)
    at_2023 = figures.for_case(case, as_at=date(2023, 3, 31))
    assert at_2023.realised == Decimal(338188)
    assert at_2023.realisation == "amber"  # 89.9% of plan: amber from 75%, green from 95%
    # A day earlier the 2022/23 saving is not yet realised: its year has not ended.
    assert figures.for_case(case, as_at=date(2023, 3, 30)).realised == Decimal(188188)
    assert str(at_2023.payback_position) == "Forecast September 2023"


@pytest.mark.parametrize("rows", [2, 12])
def test_the_list_keeps_its_query_count(partnership, as_officer, django_assert_num_queries, rows):
    for _ in range(rows):
        case = property_2(work_package=WorkPackageFactory(partnership=partnership, brief=None))
        StatedFigureFactory(business_case=case)
    # The same count with 2 or 12 cases: lines are prefetched, figures computed in Python.
    with django_assert_num_queries(8):
        response = as_officer.get(_url("list", partnership))
    assert response.status_code == 200
    assert response.content.decode().count("2 years 4 months") == rows


@pytest.mark.parametrize("savings", [1, 8])
def test_the_case_page_keeps_its_query_count(
    partnership, as_officer, django_assert_num_queries, savings
):
    case = property_2(work_package=WorkPackageFactory(partnership=partnership, brief=None))
    for year in range(savings):
        RealisedSavingFactory(work_package=case.work_package, financial_year=2021 + year)
        StatedFigureFactory(business_case=case, source=f"Paper {year}")
    # The same count with 1 or 8 realised savings and stated figures (one more reads the
    # work package's CIP homes, for the savings from the placement log).
    with django_assert_num_queries(11):
        assert as_officer.get(case.get_absolute_url()).status_code == 200


def test_the_list_exports_plain_figures(partnership, as_officer):
    property_2(work_package=WorkPackageFactory(partnership=partnership, brief=None))
    response = as_officer.get(_url("list", partnership) + "?_export=csv")
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    text = text.decode()
    assert "437000.00" in text and "<a" not in text and "2.32" in text
