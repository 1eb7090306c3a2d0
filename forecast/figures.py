"""The forecast's reader: a saved forecast's figures as plain frozen data, and the latest one
ready by a date (for the dashboard). Money is Decimal."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone

from forecast.calculations import CATEGORIES, CATEGORY_LABELS, ROUTE_LABELS, ROUTES
from forecast.engine import RESULTS_FORMAT, key
from forecast.models import Forecast


@dataclass(frozen=True)
class Line:
    """Children at the year's end and the year's cost, of a category or of one of its routes."""

    label: str
    children: float
    cost: Decimal


@dataclass(frozen=True)
class Category:
    label: str
    children: float
    cost: Decimal
    routes: tuple[Line, ...]  # in-house, then external


@dataclass(frozen=True)
class Run:
    total: float
    cost: Decimal
    children: tuple[tuple[str, float], ...]  # (category label, children at the year's end)
    categories: tuple[Category, ...] = ()


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
    scenario_description: str  # the adjustments in words, "" without a scenario
    finished_on: date | None
    episodes: int
    starting_total: float
    starting: tuple[tuple[str, float], ...]
    starting_routes: tuple[tuple[str, tuple[tuple[str, float], ...]], ...]  # by category
    # category label, route label, weekly cost, where from
    weekly_costs: tuple[tuple[str, str, Decimal, str], ...]
    years: tuple[Year, ...]

    @property
    def last(self) -> Year:
        return self.years[-1]

    @property
    def first(self) -> Year:
        return self.years[0]

    def by_category(self, year: Year | None = None) -> list[dict]:
        """The year's (by default the last's) lines by category, each followed by its routes':
        label, whether a route's line, children now, the baseline's and the scenario's Line."""
        year = year or self.last
        now = dict(self.starting)
        now_routes = dict(self.starting_routes)
        rows = []
        for i, category in enumerate(year.baseline.categories):
            other = year.scenario.categories[i] if year.scenario else None
            rows.append(
                {
                    "label": category.label,
                    "route": False,
                    "now": now[category.label],
                    "baseline": category,
                    "scenario": other,
                }
            )
            routes_now = dict(now_routes[category.label])
            for j, line in enumerate(category.routes):
                rows.append(
                    {
                        "label": f"{category.label}, {line.label.lower()}",
                        "route": True,
                        "now": routes_now[line.label],
                        "baseline": line,
                        "scenario": other.routes[j] if other else None,
                    }
                )
        return rows


def _run(data: dict | None) -> Run | None:
    if data is None:
        return None
    return Run(
        total=data["total"],
        cost=Decimal(data["cost"]),
        children=tuple((CATEGORY_LABELS[c], data["children"][c]) for c in CATEGORIES),
        categories=tuple(
            Category(
                label=CATEGORY_LABELS[c],
                children=data["children"][c],
                cost=Decimal(data["costs"][c]),
                routes=tuple(
                    Line(
                        ROUTE_LABELS[r],
                        data["routes"][key(c, r)]["children"],
                        Decimal(data["routes"][key(c, r)]["cost"]),
                    )
                    for r in ROUTES
                ),
            )
            for c in CATEGORIES
        ),
    )


def describe(adjustments) -> str:
    """The adjustments in words: "9 children move from ...; entries into residential −10%"."""
    text = "; ".join(adjustments)
    return text[:1].upper() + text[1:]


def is_current(forecast: Forecast) -> bool:
    """Whether its stored results are in the shape this reader reads (else: run it again)."""
    results = forecast.results
    return isinstance(results, dict) and results.get("format") == RESULTS_FORMAT


def read(forecast: Forecast) -> ForecastFigures | None:
    """A ready forecast's figures; None while it runs, when it failed, or when its results were
    stored in an older shape (it needs making again)."""
    results = forecast.results
    if forecast.status != Forecast.Status.READY or not is_current(forecast):
        return None
    has_scenario = "scenario" in results["years"][0]
    return ForecastFigures(
        pk=forecast.pk,
        name=forecast.name,
        url=forecast.get_absolute_url(),
        window_start=forecast.window_start,
        window_end=forecast.window_end,
        horizon_years=forecast.horizon_years,
        scenario_name=forecast.scenario_name if has_scenario else "",
        scenario_description=describe(results["scenario"]) if has_scenario else "",
        finished_on=timezone.localdate(forecast.finished_at) if forecast.finished_at else None,
        episodes=results["episodes"],
        starting_total=results["starting_total"],
        starting=tuple((CATEGORY_LABELS[c], results["starting"][c]) for c in CATEGORIES),
        starting_routes=tuple(
            (
                CATEGORY_LABELS[c],
                tuple((ROUTE_LABELS[r], results["starting_routes"][key(c, r)]) for r in ROUTES),
            )
            for c in CATEGORIES
        ),
        weekly_costs=tuple(
            (
                CATEGORY_LABELS[c],
                ROUTE_LABELS[r],
                Decimal(results["weekly_costs"][key(c, r)]),
                results["cost_sources"][key(c, r)],
            )
            for c in CATEGORIES
            for r in ROUTES
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
    one whose reference window ended by then (and whose results this reader reads)."""
    forecast = (
        partnership.forecasts.select_related("partnership")
        .filter(status=Forecast.Status.READY, window_end__lte=as_at)
        .filter(results__format=RESULTS_FORMAT)  # not one stored in an older shape
        .order_by("-finished_at", "-pk")
        .first()
    )
    return read(forecast) if forecast is not None else None
