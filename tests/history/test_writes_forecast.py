"""One test per write path of the demand forecast: asking for a forecast (its settings, then
its queued task, each a version)."""

import pytest
from django.urls import reverse

from forecast.models import Forecast
from tests.history.writes import assert_written, post_form, writes

pytestmark = pytest.mark.django_db


@writes("forecast:create", "forecast.services.forecast_request")
def test_asking_for_a_forecast_writes_it_and_its_queued_task(
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
        move_children="9",
        move_from="residential",
        move_to="fostering",
    )
    forecast = Forecast.objects.get(partnership=partnership)
    first = forecast.history.earliest("history_id")
    assert (first.history_type, first.history_user, first.move_children) == (
        "+",
        commissioner,
        9,
    )
    assert_written(forecast, "~", commissioner, {"task_id"})
