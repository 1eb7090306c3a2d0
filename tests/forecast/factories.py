from datetime import date

import factory
from django.utils import timezone

from forecast import engine
from forecast.models import Forecast, ForecastAdjustment
from tests.cip.factories import PartnershipFactory


class ForecastFactory(factory.django.DjangoModelFactory):
    """A forecast as the form saves it, still waiting for the worker."""

    class Meta:
        model = Forecast
        skip_postgeneration_save = True

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Forecast {n}")
    window_start = date(2022, 4, 1)
    window_end = date(2024, 3, 31)
    horizon_years = 2

    @factory.post_generation
    def adjustments(obj, create, extracted, **kwargs):
        """`adjustments=[move(9, "residential", "fostering"), ...]`: the scenario's rows."""
        for position, values in enumerate(extracted or [], start=1):
            ForecastAdjustment.objects.create(forecast=obj, position=position, **values)


def move(children: int, source: str, target: str, source_route="", target_route="") -> dict:
    return {
        "kind": "move",
        "children": children,
        "from_category": source,
        "from_route": source_route,
        "to_category": target,
        "to_route": target_route,
    }


def rate(source: str, target: str, percent) -> dict:
    return {"kind": "rate", "from_category": source, "to_category": target, "percent": percent}


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
            adjustments=[move(9, "residential", "fostering")],
        )
    )
