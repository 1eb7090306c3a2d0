"""A forecast made through the form, run by the worker, read on its page."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cip.money import format_money
from forecast.models import Forecast
from tests.forecast.factories import ForecastFactory
from tests.placements.factories import ChildFactory, EpisodeFactory
from tests.reports.conftest import run_worker

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Baseline 2024",
    "window_start": "2023-04-01",
    "window_end": "2024-03-31",
    "horizon_years": "2",
    "version": "1",
}


def _form(**changes):
    data = dict(FORM)
    for key, value in changes.items():
        data[key] = value
    return data


def test_a_forecast_is_queued_shown_waiting_then_ready_with_its_numbers_and_costs(
    as_commissioner, partnership
):
    # Ten children aged 1 to 4, fostered at £700 a week since 2022: no entries, moves or
    # exits in the window, so a year on all ten are still fostered, costing about
    # 10 x 365 days x £100.
    for _ in range(10):
        EpisodeFactory(
            child=ChildFactory(partnership=partnership, birth_year=2021, birth_month=6),
            decom=date(2022, 9, 1),
            weekly_cost=Decimal("700"),
        )
    url = reverse("forecast:create", kwargs={"slug": partnership.slug})
    response = as_commissioner.post(url, _form())
    assert response.status_code == 302, response.content.decode()[:3000]
    forecast = partnership.forecasts.get()
    assert response["Location"] == forecast.get_absolute_url()
    assert forecast.history.count() == 2  # saved, then its task queued

    waiting = as_commissioner.get(forecast.get_absolute_url())
    assert waiting["Refresh"] == "3"
    assert "Waiting to start" in waiting.content.decode()

    run_worker()
    page = as_commissioner.get(forecast.get_absolute_url())
    assert "Refresh" not in page
    html = page.content.decode()
    assert "Ready" in html
    assert "Median of 10 placements in the log" in html
    forecast.refresh_from_db()
    first = forecast.results["years"][0]["baseline"]
    assert first["children"]["fostering"] == pytest.approx(10, abs=0.05)
    # Within £5 of 10 x 365 x £100: the chain of ageing through four bands takes a few
    # thousandths of a child past 16 and out of care within the year.
    cost = Decimal(first["cost"])
    assert abs(cost - Decimal("365000")) < 5
    assert format_money(cost) in html


def test_a_scenario_shows_beside_the_baseline(as_commissioner, partnership):
    for _ in range(12):
        EpisodeFactory(
            child=ChildFactory(partnership=partnership, birth_year=2010, birth_month=6),
            decom=date(2022, 9, 1),
            place="K2",
            weekly_cost=Decimal("7000"),
        )
    EpisodeFactory(
        child=ChildFactory(partnership=partnership, birth_year=2010, birth_month=6),
        decom=date(2022, 9, 1),
        weekly_cost=Decimal("700"),
    )
    data = _form(
        scenario_name="Properties 1 to 4 open",
        move_children="9",
        move_from="residential",
        move_to="fostering",
    )
    response = as_commissioner.post(
        reverse("forecast:create", kwargs={"slug": partnership.slug}), data
    )
    assert response.status_code == 302
    run_worker()
    forecast = partnership.forecasts.get()
    html = as_commissioner.get(forecast.get_absolute_url()).content.decode()
    assert "Properties 1 to 4 open" in html
    year = forecast.results["years"][0]
    # 9 of the 12 move to fostering: 3 x £1,000 + 10 x £100 a day, against 12 x £1,000 +
    # £100, within half a per cent (children aged 13 who age past 16 begin to leave care).
    assert float(year["scenario"]["cost"]) == pytest.approx(365 * 4000, rel=0.005)
    assert float(year["baseline"]["cost"]) == pytest.approx(365 * 12100, rel=0.005)
    assert "Scenario cost" in html


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"window_end": "2023-01-01"}, "window_end", "must end after it starts"),
        ({"horizon_years": "6"}, "horizon_years", "less than or equal to 5"),
        ({"rate_from": "fostering"}, "rate_percent", "choose where the moves are from"),
        (
            {"move_children": "9", "move_from": "residential", "move_to": "residential"},
            "move_to",
            "different category",
        ),
        ({"move_children": "9", "move_from": "residential"}, "move_children", "how many"),
        (
            {"move_children": "9", "move_from": "residential", "move_to": "fostering"},
            "scenario_name",
            "Name the scenario",
        ),
    ],
)
def test_bad_settings_are_refused_naming_the_field(
    as_commissioner, partnership, changes, field, message
):
    response = as_commissioner.post(
        reverse("forecast:create", kwargs={"slug": partnership.slug}),
        _form(**changes),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors, form.errors
    assert message in " ".join(form.errors[field])
    assert not Forecast.objects.exists()


def test_the_waiting_page_says_when_no_worker_has_started_it(as_board, partnership):
    forecast = ForecastFactory(partnership=partnership)
    Forecast.objects.filter(pk=forecast.pk).update(created_at=timezone.now() - timedelta(minutes=2))
    html = as_board.get(forecast.get_absolute_url()).content.decode()
    assert "No background worker has started this forecast" in html


def test_the_list_shows_the_partnerships_forecasts_only(as_board, partnership, other_partnership):
    ForecastFactory(partnership=partnership, name="Ours")
    ForecastFactory(partnership=other_partnership, name="Theirs")
    html = as_board.get(reverse("forecast:list", kwargs={"slug": partnership.slug})).content
    assert b"Ours" in html
    assert b"Theirs" not in html
    assert b"Make a demand forecast" not in html  # a board member cannot make one
