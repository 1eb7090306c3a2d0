"""One test per write path of business cases: versions, their lifecycle, their lines."""

import pytest
from django.urls import reverse

from tests.history.writes import assert_written, entries, post_form, writes
from tests.workpackages.factories import WorkPackageFactory
from tests.workpackages.factories_business_cases import (
    BusinessCaseFactory,
    CapitalLineFactory,
    CostLineFactory,
    RealisedSavingFactory,
    StatedFigureFactory,
    property_2,
)
from workpackages.business_cases.models import (
    AnnualCostLine,
    BusinessCase,
    CapitalLine,
    RealisedSaving,
    StatedFigure,
)

pytestmark = pytest.mark.django_db
SERVICES = "workpackages.business_cases.services"


def _url(name, partnership, **kwargs):
    return reverse(f"workpackages:{name}", kwargs={"slug": partnership.slug, **kwargs})


@pytest.fixture
def case(partnership):
    return BusinessCaseFactory(work_package=WorkPackageFactory(partnership=partnership))


@writes("workpackages:business-case-create", f"{SERVICES}.business_case_create")
def test_starting_a_business_case(as_commissioner, commissioner, partnership):
    work_package = WorkPackageFactory(partnership=partnership)
    post_form(
        as_commissioner,
        _url("business-case-create", partnership),
        work_package=str(work_package.pk),
        title="Property 2",
    )
    case = BusinessCase.objects.get(work_package=work_package)
    assert_written(case, "+", commissioner)
    assert_written(work_package.events.get(), "+", commissioner)


@writes("workpackages:business-case-edit")
def test_editing_a_business_case(as_commissioner, commissioner, partnership, case):
    post_form(
        as_commissioner,
        _url("business-case-edit", partnership, pk=case.pk),
        strategic_case="Keep children close to home",
    )
    assert_written(case, "~", commissioner, {"strategic_case"})


@writes("workpackages:business-case-move", f"{SERVICES}.business_case_move")
def test_submitting_a_business_case(as_commissioner, commissioner, partnership):
    case = property_2(work_package=WorkPackageFactory(partnership=partnership))
    post_form(as_commissioner, _url("business-case-move", partnership, pk=case.pk))
    assert_written(case, "~", commissioner, {"status", "submitted_on"})
    assert_written(case.work_package.events.get(), "+", commissioner)


@writes("workpackages:business-case-revise", f"{SERVICES}.business_case_revise")
def test_revising_an_approved_business_case(as_commissioner, commissioner, partnership):
    approved = property_2(
        work_package=WorkPackageFactory(partnership=partnership), status="approved"
    )
    StatedFigureFactory(business_case=approved)
    url = _url("business-case-revise", partnership, pk=approved.pk)
    assert as_commissioner.post(url).status_code == 302
    draft = BusinessCase.objects.get(work_package=approved.work_package, number=2)
    assert_written(draft, "+", commissioner)
    copies = [*draft.capital_lines.all(), *draft.cost_lines.all(), *draft.stated_figures.all()]
    assert len(copies) == 5
    for copy in copies:
        assert_written(copy, "+", commissioner)


@writes("workpackages:business-case-capital-line-create")
def test_adding_a_capital_line(as_commissioner, commissioner, partnership, case):
    post_form(
        as_commissioner,
        _url("business-case-capital-line-create", partnership, pk=case.pk),
        kind="purchase",
        description="Purchase of the property",
        amount="385,000",
    )
    assert_written(CapitalLine.objects.get(business_case=case), "+", commissioner)


@writes("workpackages:business-case-capital-line-edit")
def test_editing_a_capital_line(as_commissioner, commissioner, partnership, case):
    line = CapitalLineFactory(business_case=case)
    post_form(
        as_commissioner,
        _url("business-case-capital-line-edit", partnership, pk=line.pk),
        amount="390000",
    )
    assert_written(line, "~", commissioner, {"amount"})


@writes("workpackages:business-case-capital-line-delete")
def test_removing_a_capital_line(as_commissioner, commissioner, partnership, case):
    line = CapitalLineFactory(business_case=case)
    post_form(as_commissioner, _url("business-case-capital-line-delete", partnership, pk=line.pk))
    assert_written(line, "-", commissioner)


@writes("workpackages:business-case-cost-line-create")
def test_adding_an_annual_cost_line(as_commissioner, commissioner, partnership, case):
    post_form(
        as_commissioner,
        _url("business-case-cost-line-create", partnership, pk=case.pk),
        side="do_nothing",
        description="Travel",
        amount="52000",
    )
    assert_written(AnnualCostLine.objects.get(business_case=case), "+", commissioner)


@writes("workpackages:business-case-cost-line-edit")
def test_editing_an_annual_cost_line(as_commissioner, commissioner, partnership, case):
    line = CostLineFactory(business_case=case)
    post_form(
        as_commissioner,
        _url("business-case-cost-line-edit", partnership, pk=line.pk),
        description="Travel and expenses",
    )
    assert_written(line, "~", commissioner, {"description"})


@writes("workpackages:business-case-cost-line-delete")
def test_removing_an_annual_cost_line(as_commissioner, commissioner, partnership, case):
    line = CostLineFactory(business_case=case)
    post_form(as_commissioner, _url("business-case-cost-line-delete", partnership, pk=line.pk))
    assert_written(line, "-", commissioner)


@writes("workpackages:business-case-stated-figure-create")
def test_adding_a_stated_figure(as_commissioner, commissioner, partnership, case):
    post_form(
        as_commissioner,
        _url("business-case-stated-figure-create", partnership, pk=case.pk),
        figure="capital_total",
        qualifier="exact",
        value="437000",
        wording="£437k",
    )
    assert_written(StatedFigure.objects.get(business_case=case), "+", commissioner)


@writes("workpackages:business-case-stated-figure-edit")
def test_editing_a_stated_figure(as_commissioner, commissioner, partnership, case):
    figure = StatedFigureFactory(business_case=case)
    post_form(
        as_commissioner,
        _url("business-case-stated-figure-edit", partnership, pk=figure.pk),
        qualifier="about",
    )
    assert_written(figure, "~", commissioner, {"qualifier"})


@writes("workpackages:business-case-stated-figure-delete")
def test_removing_a_stated_figure(as_commissioner, commissioner, partnership, case):
    figure = StatedFigureFactory(business_case=case)
    post_form(
        as_commissioner, _url("business-case-stated-figure-delete", partnership, pk=figure.pk)
    )
    assert_written(figure, "-", commissioner)


@writes("workpackages:business-case-saving-create")
def test_recording_a_realised_saving(as_commissioner, commissioner, partnership, case):
    post_form(
        as_commissioner,
        _url("business-case-saving-create", partnership, pk=case.pk),
        financial_year="2021",
        amount="150000",
        evidence="Finance ledger",
    )
    saving = RealisedSaving.objects.get(work_package=case.work_package)
    assert_written(saving, "+", commissioner)


@writes("workpackages:business-case-saving-edit")
def test_editing_a_realised_saving(as_commissioner, commissioner, partnership, case):
    saving = RealisedSavingFactory(work_package=case.work_package)
    post_form(
        as_commissioner,
        _url("business-case-saving-edit", partnership, pk=saving.pk),
        amount="160000",
    )
    assert_written(saving, "~", commissioner, {"amount"})


@writes("workpackages:business-case-saving-delete")
def test_removing_a_realised_saving(as_commissioner, commissioner, partnership, case):
    saving = RealisedSavingFactory(work_package=case.work_package)
    post_form(as_commissioner, _url("business-case-saving-delete", partnership, pk=saving.pk))
    assert_written(saving, "-", commissioner)
    assert entries(saving).count() == 2
