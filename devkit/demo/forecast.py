"""A demand forecast from the demo's placement log: two years of reference window to the end
of its data, three years ahead, with the scenario the board weighed when it approved the
properties (children moving from residential homes to family-based care). Run in-line, as
the demo's papers are, so its page opens at once."""

from datetime import date

from django.contrib.auth import get_user_model

from forecast.models import Forecast
from forecast.tasks import run_forecast


def load(partnership) -> None:
    forecast, _ = Forecast.objects.get_or_create(
        partnership=partnership,
        name="Demand to March 2025",
        defaults={
            "window_start": date(2020, 4, 1),
            "window_end": date(2022, 3, 31),
            "horizon_years": 3,
            "scenario_name": "Properties open: 6 children move from residential to fostering",
            "move_children": 6,
            "move_from": "residential",
            "move_to": "fostering",
            "requested_by": get_user_model().objects.filter(username="commissioner").first(),
        },
    )
    if not forecast.is_finished:
        run_forecast.call(forecast.pk)
