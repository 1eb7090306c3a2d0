"""Factories for business cases, and `populate` for the permission matrix (the lead adds it to
tests/routes.py populate_all, after tests.workpackages.factories.populate)."""

from decimal import Decimal

import factory

from tests.workpackages.factories import WorkPackageFactory
from workpackages.business_cases.models import (
    AnnualCostLine,
    BusinessCase,
    CapitalLine,
    RealisedSaving,
    StatedFigure,
)


class BusinessCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BusinessCase

    work_package = factory.SubFactory(WorkPackageFactory)
    number = 1
    title = factory.Sequence(lambda n: f"Business case {n}")
    placements = 3
    weekly_saving = Decimal("1164")
    occupancy_pct = Decimal("75")
    retained_value = Decimal("385000")
    payback_target_years = Decimal("2.5")


class CapitalLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CapitalLine

    business_case = factory.SubFactory(BusinessCaseFactory)
    kind = CapitalLine.Kind.PURCHASE
    description = "Purchase of the property"
    amount = Decimal("385000")


class CostLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnualCostLine

    business_case = factory.SubFactory(BusinessCaseFactory)
    side = AnnualCostLine.Side.DO_NOTHING
    description = "Avoided travel time and expenses"
    amount = Decimal("52000")


class StatedFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatedFigure

    business_case = factory.SubFactory(BusinessCaseFactory)
    figure = StatedFigure.Figure.CAPITAL_TOTAL
    value = Decimal("437000")
    wording = "£437k"
    source = "Scrutiny report, 9 March 2021"


class RealisedSavingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RealisedSaving

    work_package = factory.SubFactory(WorkPackageFactory)
    financial_year = factory.Sequence(lambda n: 2021 + n % 50)
    amount = Decimal("150000")
    evidence = "Finance ledger"


def property_2(work_package=None, **kwargs) -> BusinessCase:
    """Property 2 of the Scrutiny report, as a draft: £437k, £188k a year, 75% occupancy."""
    case = BusinessCaseFactory(**({"work_package": work_package} if work_package else {}), **kwargs)
    CapitalLineFactory(business_case=case, amount=Decimal("385000"))
    CapitalLineFactory(
        business_case=case, kind=CapitalLine.Kind.FEES, description="Fees", amount=Decimal(12000)
    )
    CapitalLineFactory(
        business_case=case,
        kind=CapitalLine.Kind.WORKS,
        description="Fire works",
        amount=Decimal(40000),
    )
    CostLineFactory(business_case=case)
    return case


def populate(partnership) -> None:
    """One of each business-case record, for the permission matrix: a draft case, so that its
    edit pages answer 200 to the right role."""
    work_package = WorkPackageFactory(partnership=partnership)
    case = property_2(work_package=work_package)
    StatedFigureFactory(business_case=case)
    RealisedSavingFactory(work_package=work_package)
