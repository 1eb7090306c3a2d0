"""One test per write path of the demand forecast: asking for a forecast (its settings, its
scenario's adjustments and its entered unit costs, each a first version by its author, then
its queued task, a version of the forecast)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from forecast.models import Forecast
from tests.history.writes import assert_written, entries, post_form, writes

pytestmark = pytest.mark.django_db


@writes("forecast:create", "forecast.services.forecast_request")
def test_asking_for_a_forecast_writes_it_its_adjustments_and_costs_and_its_queued_task(
    as_commissioner, commissioner, partnership
):
    post_form(
        as_commissioner,
        reverse("forecast:create", kwargs={"slug": partnership.slug}),
        name="Baseline",
        window_start="2023-04-01",
        window_end="2024-03-31",
        horizon_years="3",
        scenario_name="Properties 1 to 4 open",
        adjustment_1_kind="move",
        adjustment_1_from="residential:external",
        adjustment_1_to="residential:in_house",
        adjustment_1_children="9",
        adjustment_2_kind="rate",
        adjustment_2_from="entry",
        adjustment_2_to="residential",
        adjustment_2_percent="-10",
        cost_fostering_in_house="650",
    )
    forecast = Forecast.objects.get(partnership=partnership)
    first = forecast.history.earliest("history_id")
    assert (first.history_type, first.history_user, first.scenario_name) == (
        "+",
        commissioner,
        "Properties 1 to 4 open",
    )
    move, rate = forecast.adjustments.order_by("position")
    (entry,) = entries(move)
    assert (entry.history_type, entry.history_user, entry.kind, entry.children) == (
        "+",
        commissioner,
        "move",
        9,
    )
    assert (entry.from_route, entry.to_route) == ("external", "in_house")
    (entry,) = entries(rate)
    assert (entry.history_type, entry.history_user, entry.percent) == (
        "+",
        commissioner,
        Decimal("-10"),
    )
    (cost,) = forecast.unit_costs.all()
    (entry,) = entries(cost)
    assert (entry.history_type, entry.history_user, entry.weekly_cost) == (
        "+",
        commissioner,
        Decimal("650"),
    )
    assert_written(forecast, "~", commissioner, {"task_id"})
