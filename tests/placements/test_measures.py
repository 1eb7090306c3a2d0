"""The measures the database works out (spend summed by group, the stability indicators in one
windowed query) are the figures the pure functions in calculations give, episode by episode."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import transaction

from cip.models import Partnership
from devkit import synthetic
from placements import calculations, measures
from placements.models import Child, Episode
from tests.placements.factories import ChildFactory, EpisodeFactory
from tests.workpackages.factories import WorkPackageFactory

pytestmark = pytest.mark.django_db

YEAR_ENDS = [date(2017, 3, 31), date(2020, 3, 31), date(2024, 9, 30), date(2026, 3, 31)]


def _reference_stability(partnership, year_end: date) -> calculations.Stability:
    spans = [
        calculations.Span(*row)
        for row in Episode.objects.filter(partnership=partnership, decom__lte=year_end)
        .order_by("pk")
        .values_list("child_id", "decom", "dec", "rne", "ls")
    ]
    births = {
        pk: (year, month)
        for pk, year, month in Child.objects.filter(partnership=partnership).values_list(
            "pk", "birth_year", "birth_month"
        )
    }
    return calculations.stability(spans, year_end=year_end, births=births)


def _reference_spend(partnership, first: date, last: date) -> calculations.SpendSummary:
    """Spend as the measures worked it out before: one CostLine per episode."""
    rows = (
        Episode.objects.filter(partnership=partnership)
        .overlapping(first, last)
        .values_list(
            "decom",
            "dec",
            "weekly_cost",
            "place",
            "place_provider",
            "purchase_route",
            "work_package_id",
            "child__birth_year",
            "child__birth_month",
        )
    )
    lines = [
        calculations.CostLine(
            category=calculations.category(place, provider),
            days=calculations.days_in_period(start, end, first, last),
            weekly_cost=cost,
            route=route,
            cip=package is not None,
            group=f"{place}:"
            + ("16+" if calculations.age_on((year, month), start) >= 16 else "under 16"),
        )
        for start, end, cost, place, provider, route, package, year, month in rows
    ]
    return calculations.summarise_spend(lines)


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        summary = synthetic.generate(seed=5, episodes=2500, partnerships=1)
        yield Partnership.objects.get(slug=summary.largest)
        transaction.set_rollback(True)


@pytest.mark.parametrize("year_end", YEAR_ENDS)
def test_stability_from_the_database_matches_the_reference_on_a_generated_log(generated, year_end):
    found = measures._stability(generated, year_end)
    assert found == _reference_stability(generated, year_end)
    assert found.looked_after > 100


@pytest.mark.parametrize("year_end", YEAR_ENDS)
def test_spend_summed_in_the_database_matches_the_sum_of_each_episode(generated, year_end):
    first = calculations.subtract_years(year_end, 1) + timedelta(days=1)
    lines = measures._cost_lines(Episode.objects.filter(partnership=generated), first, year_end)
    found = calculations.summarise_spend(lines)
    expected = _reference_spend(generated, first, year_end)
    assert found == expected
    assert found.total > 0 and found.uncosted_days > 0
    assert len(lines) < 400  # a few hundred groups, not an episode each


def test_stability_edge_cases_match_the_reference(partnership):
    """Changes of legal status only (RNE L) at the start of a window and part-way through a
    placement, an episode that ends the day it starts, a short break open at the year end, a
    gap in care, and a child over 16."""
    end = date(2021, 3, 31)
    day = date
    plans = [
        # a long placement with a legal-status change just inside the year
        [(day(2017, 5, 1), day(2020, 4, 1), "S"), (day(2020, 4, 1), None, "L")],
        # three moves in the year, the first of them legal status only
        [
            (day(2019, 1, 1), day(2020, 4, 2), "S"),
            (day(2020, 4, 2), day(2020, 6, 1), "L"),
            (day(2020, 6, 1), day(2020, 6, 1), "P"),
            (day(2020, 6, 1) + timedelta(days=1), day(2020, 9, 1), "P"),
            (day(2020, 9, 1), None, "P"),
        ],
        # left care and came back: the period of care starts again
        [(day(2016, 1, 1), day(2018, 1, 1), "S"), (day(2018, 3, 1), None, "S")],
        # in care since 2015, one move long ago
        [(day(2015, 6, 1), day(2016, 6, 1), "S"), (day(2016, 6, 1), None, "P")],
    ]
    for number, plan in enumerate(plans):
        child = ChildFactory(partnership=partnership, birth_year=2004 + number * 3, birth_month=9)
        for start, stop, rne in plan:
            EpisodeFactory(child=child, decom=start, dec=stop, rne=rne)
    short = ChildFactory(partnership=partnership)
    EpisodeFactory(child=short, decom=day(2021, 3, 20), dec=None, ls="V3")
    for year_end in (end, day(2020, 3, 31), day(2022, 3, 31)):
        found = measures._stability(partnership, year_end)
        assert found == _reference_stability(partnership, year_end)
    assert measures._stability(partnership, end).long_term_stable > 0


def test_spend_matches_for_a_cip_placement_and_uncosted_days(partnership):
    package = WorkPackageFactory(partnership=partnership)
    child = ChildFactory(partnership=partnership, birth_year=2004, birth_month=4)
    EpisodeFactory(
        child=child,
        decom=date(2020, 1, 1),
        dec=date(2020, 5, 1),
        place="K2",
        place_provider="PR4",
        weekly_cost=Decimal("5117.13"),
    )
    EpisodeFactory(
        child=child,
        decom=date(2020, 5, 1),
        dec=None,
        place="K2",
        place_provider="PR5",
        weekly_cost=Decimal("3953.33"),
        work_package=package,
    )
    other = ChildFactory(partnership=partnership, birth_year=2005, birth_month=1)
    EpisodeFactory(
        child=other,
        decom=date(2020, 3, 1),
        place="K2",
        place_provider="PR4",
        weekly_cost=Decimal("4999.99"),
    )
    EpisodeFactory(
        child=ChildFactory(partnership=partnership), decom=date(2020, 2, 1), weekly_cost=None
    )
    first, last = date(2020, 4, 1), date(2021, 3, 31)
    lines = measures._cost_lines(Episode.objects.filter(partnership=partnership), first, last)
    found = calculations.summarise_spend(lines)
    assert found == _reference_spend(partnership, first, last)
    assert found.cost_avoided is not None and found.uncosted_days == 365


def test_stability_leaves_out_a_young_person_of_18_in_the_database_and_the_reference(
    partnership,
):
    year_end = date(2019, 3, 31)
    # Born March 2001: 18 at 31 March 2019 (by the 1st of the month). Born April 2001: 17.
    for month in (3, 4):
        child = ChildFactory(partnership=partnership, birth_year=2001, birth_month=month)
        EpisodeFactory(child=child, decom=date(2016, 5, 1), dec=date(2018, 6, 1), rec="X1")
        EpisodeFactory(child=child, decom=date(2018, 6, 1), rne="P")
    found = measures._stability(partnership, year_end)
    assert found == _reference_stability(partnership, year_end)
    assert found.looked_after == 1
    assert found.two_year_cohort == 1  # in care since May 2016, before 31 March 2017
