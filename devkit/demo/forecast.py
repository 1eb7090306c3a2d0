"""A demand forecast from the demo's placement log: two years of reference window to the end
of its data, three years ahead, with the scenario the board weighed when it approved the
properties: Properties 1 to 4 open, 9 children move from external residential homes to the
in-house ones, and entries into residential care fall by a tenth. Run in-line, as the demo's
papers are, so its page opens at once."""

from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model

from forecast import figures
from forecast.models import Forecast
from forecast.services import forecast_request
from forecast.tasks import run_forecast

NAME = "Demand to March 2025"
SCENARIO = "Properties 1 to 4 open"


def load(partnership) -> None:
    from forecast.models import ForecastAdjustment

    forecast = Forecast.objects.filter(partnership=partnership, name=NAME).first()
    if forecast is not None and not (
        figures.is_current(forecast) and forecast.scenario_name == SCENARIO
    ):
        forecast.delete()  # made by an earlier demo: made again with today's scenario
        forecast = None
    if forecast is None:
        user = get_user_model().objects.filter(username="commissioner").first()
        forecast = forecast_request(
            forecast=Forecast(
                partnership=partnership,
                name=NAME,
                window_start=date(2020, 4, 1),
                window_end=date(2022, 3, 31),
                horizon_years=3,
                scenario_name=SCENARIO,
            ),
            user=user,
            adjustments=[
                ForecastAdjustment(
                    kind="move",
                    children=9,
                    from_category="residential",
                    from_route="external",
                    to_category="residential",
                    to_route="in_house",
                ),
                ForecastAdjustment(
                    kind="rate",
                    from_category="entry",
                    to_category="residential",
                    percent=Decimal("-10"),
                ),
            ],
        )
    if not forecast.is_finished:
        run_forecast.call(forecast.pk)
