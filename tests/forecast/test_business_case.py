"""A business case takes a saved forecast as its do-nothing cost and demand evidence."""

from decimal import Decimal

import pytest
from django.urls import reverse

from cip.money import format_money
from tests.forecast.factories import ForecastFactory, move, ready
from tests.placements.factories import EpisodeFactory
from tests.workpackages.factories import WorkPackageFactory
from tests.workpackages.factories_business_cases import BusinessCaseFactory
from tests.workpackages.test_business_cases_views import _form_data

pytestmark = pytest.mark.django_db


def _edit(partnership, case):
    return reverse(
        "workpackages:business-case-edit", kwargs={"slug": partnership.slug, "pk": case.pk}
    )


def test_a_case_takes_a_forecast_and_its_page_names_it_and_its_scenario(
    as_commissioner, partnership
):
    EpisodeFactory(child__partnership=partnership, place="K2", weekly_cost=Decimal("5000"))
    forecast = ready(
        ForecastFactory(
            partnership=partnership,
            name="Residential demand 2024",
            scenario_name="Properties 1 to 4 open",
            adjustments=[move(1, "residential", "fostering")],
        )
    )
    case = BusinessCaseFactory(work_package=WorkPackageFactory(partnership=partnership))
    response = as_commissioner.post(
        _edit(partnership, case), _form_data(case, partnership, demand_forecast=forecast.pk)
    )
    assert response.status_code == 302, response.context["form"].errors
    case.refresh_from_db()
    assert case.demand_forecast == forecast
    latest = case.history.order_by("-history_id").first()
    assert latest.demand_forecast_id == forecast.pk and latest.history_user.username

    html = as_commissioner.get(case.get_absolute_url()).content.decode()
    assert "Residential demand 2024" in html
    assert (
        "with its scenario Properties 1 to 4 open (1 child moves from residential to fostering "
        "on the first day)" in html
    )
    first_year = Decimal(forecast.results["years"][0]["baseline"]["cost"])
    assert first_year > 0
    assert format_money(first_year) in html


def test_another_partnerships_or_an_unfinished_forecast_cannot_be_chosen(
    as_commissioner, partnership, other_partnership
):
    theirs = ready(ForecastFactory(partnership=other_partnership))
    waiting = ForecastFactory(partnership=partnership)
    case = BusinessCaseFactory(work_package=WorkPackageFactory(partnership=partnership))
    for forecast in (theirs, waiting):
        response = as_commissioner.post(
            _edit(partnership, case), _form_data(case, partnership, demand_forecast=forecast.pk)
        )
        assert response.status_code == 200
        assert "demand_forecast" in response.context["form"].errors
    case.refresh_from_db()
    assert case.demand_forecast is None


def test_the_dashboard_shows_the_latest_forecast_ready_by_its_date_with_the_range(
    as_board, partnership
):
    for n in range(6):
        EpisodeFactory(
            child__partnership=partnership, child__birth_year=2012, weekly_cost=Decimal("900")
        )
        EpisodeFactory(child__partnership=partnership, decom=f"2023-0{n + 1}-10", dec=None)
    ready(ForecastFactory(partnership=partnership, name="Older"))
    forecast = ready(ForecastFactory(partnership=partnership, name="Newest"))
    url = reverse("dashboard:dashboard", kwargs={"slug": partnership.slug})
    html = as_board.get(url).content.decode()
    section = html[html.index('id="figure-forecast"') :][:1500]
    assert "Newest" in section and "Older" not in section
    last = forecast.results["years"][-1]
    low, high = round(last["low"]["total"]), round(last["high"]["total"])
    assert low < round(last["baseline"]["total"]) < high
    assert f"range {low} to {high}" in section
