from datetime import date

import factory
from django.utils import timezone

from forecast import engine
from forecast.models import Forecast
from tests.cip.factories import PartnershipFactory


class ForecastFactory(factory.django.DjangoModelFactory):
    """A forecast as the form saves it, still waiting for the worker."""

    class Meta:
        model = Forecast

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Forecast {n}")
    window_start = date(2022, 4, 1)
    window_end = date(2024, 3, 31)
    horizon_years = 2


def ready(forecast: Forecast) -> Forecast:
    """Run the forecast here, as the worker would, and keep its results."""
    forecast.results = engine.compute(forecast)
    forecast.status = Forecast.Status.READY
    forecast.progress = 100
    forecast.finished_at = timezone.now()
    Forecast.objects.filter(pk=forecast.pk).update(
        results=forecast.results,
        status=forecast.status,
        progress=100,
        finished_at=forecast.finished_at,
    )
    return forecast


def populate(partnership) -> None:
    """One ready forecast with a scenario, for the permission matrix."""
    ready(
        ForecastFactory(
            partnership=partnership,
            scenario_name="Properties 1 to 4 open",
            move_children=9,
            move_from="residential",
            move_to="fostering",
        )
    )
