"""The forecast's reader: a saved forecast's figures as plain frozen data, and the latest one
ready by a date (for the dashboard). Money is Decimal."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone

from forecast.calculations import CATEGORIES, CATEGORY_LABELS
from forecast.models import Forecast


@dataclass(frozen=True)
class Run:
    total: float
    cost: Decimal
    children: tuple[tuple[str, float], ...]  # (category label, children at the year's end)


@dataclass(frozen=True)
class Year:
    year: int
    ending: date
    baseline: Run
    low: Run
    high: Run
    scenario: Run | None


@dataclass(frozen=True)
class ForecastFigures:
    pk: int
    name: str
    url: str
    window_start: date
    window_end: date
    horizon_years: int
    scenario_name: str
    finished_on: date | None
    episodes: int
    starting_total: float
    starting: tuple[tuple[str, float], ...]
    weekly_costs: tuple[tuple[str, Decimal, str], ...]  # label, weekly cost, where from
    years: tuple[Year, ...]

    @property
    def last(self) -> Year:
        return self.years[-1]

    @property
    def first(self) -> Year:
        return self.years[0]


def _run(data: dict | None) -> Run | None:
    if data is None:
        return None
    return Run(
        total=data["total"],
        cost=Decimal(data["cost"]),
        children=tuple((CATEGORY_LABELS[c], data["children"][c]) for c in CATEGORIES),
    )


def read(forecast: Forecast) -> ForecastFigures | None:
    """A ready forecast's figures; None while it runs or when it failed."""
    results = forecast.results
    if forecast.status != Forecast.Status.READY or not results:
        return None
    return ForecastFigures(
        pk=forecast.pk,
        name=forecast.name,
        url=forecast.get_absolute_url(),
        window_start=forecast.window_start,
        window_end=forecast.window_end,
        horizon_years=forecast.horizon_years,
        scenario_name=forecast.scenario_name if "scenario" in results["years"][0] else "",
        finished_on=timezone.localdate(forecast.finished_at) if forecast.finished_at else None,
        episodes=results["episodes"],
        starting_total=results["starting_total"],
        starting=tuple((CATEGORY_LABELS[c], results["starting"][c]) for c in CATEGORIES),
        weekly_costs=tuple(
            (CATEGORY_LABELS[c], Decimal(results["weekly_costs"][c]), results["cost_sources"][c])
            for c in CATEGORIES
        ),
        years=tuple(
            Year(
                year=y["year"],
                ending=date.fromisoformat(y["ending"]),
                baseline=_run(y["baseline"]),
                low=_run(y["low"]),
                high=_run(y["high"]),
                scenario=_run(y.get("scenario")),
            )
            for y in results["years"]
        ),
    )


def latest(partnership, *, as_at: date) -> ForecastFigures | None:
    """The forecast most recently made from the log as it stood by `as_at`: the latest ready
    one whose reference window ended by then."""
    forecast = (
        partnership.forecasts.select_related("partnership")
        .filter(status=Forecast.Status.READY, window_end__lte=as_at)
        .order_by("-finished_at", "-pk")
        .first()
    )
    return read(forecast) if forecast is not None else None
