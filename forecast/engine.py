"""Runs a saved forecast over its partnership's placement log: one pass over the episodes
(ordered by child and start), four projections (baseline, its low and high range, the
scenario), and the yearly numbers and costs as plain JSON for the page, the dashboard and a
business case. Money is Decimal, carried as strings."""

import statistics
import time
from datetime import timedelta
from decimal import Decimal

from forecast import calculations
from forecast.calculations import CATEGORIES, ROUTES, Adjustment, Episode

PENNY = Decimal("0.01")
# The shape of Forecast.results: 2 has routes and several adjustments; a forecast stored in
# an older shape reads as needing a re-run (forecast/figures.py).
RESULTS_FORMAT = 2


def load_episodes(partnership, window_end):
    """The partnership's episodes in child and start order (with their purchase route: in-house
    or external), and the weekly costs of those open on the window's last day, by category and
    route (for the log's median unit costs)."""
    from placements.models import Episode as LoggedEpisode

    rows = (
        LoggedEpisode.objects.filter(partnership=partnership)
        .order_by("child_id", "decom")
        .values_list(
            "child_id",
            "decom",
            "dec",
            "place",
            "child__birth_year",
            "child__birth_month",
            "weekly_cost",
            "purchase_route",
        )
        .iterator(chunk_size=20000)
    )
    episodes, costs = [], {(c, r): [] for c in CATEGORIES for r in ROUTES}
    for child, decom, dec, place, year, month, weekly, purchase in rows:
        way = calculations.route(purchase)
        episodes.append(Episode(child, decom, dec, place, year, month, way))
        if weekly is not None and decom <= window_end and (dec is None or dec > window_end):
            costs[(calculations.category(place), way)].append(weekly)
    return episodes, costs


def key(cat: str, way: str) -> str:
    """A (category, route) pair as a key of the stored results."""
    return f"{cat}:{way}"


def unit_costs(forecast, logged: dict) -> tuple[dict, dict]:
    """Weekly cost per (category, route): the one entered, else the log's median at the
    window's end; and where it is from."""
    entered = {(row.category, row.route): row.weekly_cost for row in forecast.unit_costs.all()}
    weekly, source = {}, {}
    for pair, found in logged.items():
        if pair in entered:
            weekly[pair], source[pair] = entered[pair], "entered"
        elif found:
            weekly[pair] = statistics.median(found).quantize(PENNY)
            source[pair] = (
                f"median of {len(found)} placement{'s' if len(found) != 1 else ''} in the log"
            )
        else:
            weekly[pair], source[pair] = Decimal("0"), "no costed placement in the log"
    return weekly, source


def adjustments(forecast) -> list[Adjustment]:
    return [row.as_calculation() for row in forecast.adjustments.order_by("position")]


def _yearly(days: list[dict], years: int, weekly: dict) -> list[dict]:
    """Each year's population at its end by category and route, and its cost (children x days
    x the weekly cost / 7, to the penny by category and route, summed)."""
    out = []
    for year in range(years):
        chunk = days[year * 365 : (year + 1) * 365]
        child_days = dict.fromkeys(weekly, 0.0)
        for population in chunk:
            for (_band, cat, way), n in population.items():
                child_days[(cat, way)] += n
        cost = {
            pair: (Decimal(repr(round(child_days[pair], 6))) * weekly[pair] / 7).quantize(PENNY)
            for pair in weekly
        }
        end = calculations.by_route(chunk[-1])
        by_cat = {c: sum(end[(c, r)] for r in ROUTES) for c in CATEGORIES}
        cat_cost = {c: sum(cost[(c, r)] for r in ROUTES) for c in CATEGORIES}
        out.append(
            {
                "children": {c: round(by_cat[c], 1) for c in CATEGORIES},
                "costs": {c: str(cat_cost[c]) for c in CATEGORIES},
                "routes": {
                    key(*pair): {"children": round(end[pair], 1), "cost": str(cost[pair])}
                    for pair in weekly
                },
                "total": round(sum(by_cat.values()), 1),
                "cost": str(sum(cat_cost.values(), Decimal("0"))),
            }
        )
    return out


def compute(forecast, progress=lambda percent, step: None) -> dict:
    started = time.perf_counter()
    progress(10, "Reading the placement log")
    episodes, logged_costs = load_episodes(forecast.partnership, forecast.window_end)
    progress(40, "Estimating the rates over the reference window")
    rates = calculations.estimate(episodes, forecast.window_start, forecast.window_end)
    weekly, source = unit_costs(forecast, logged_costs)
    days = forecast.horizon_years * 365
    progress(60, "Projecting")
    runs = {
        "baseline": calculations.project(rates, days),
        "low": calculations.project(rates, days, bound="low"),
        "high": calculations.project(rates, days, bound="high"),
    }
    scenario = adjustments(forecast)
    if scenario:
        runs["scenario"] = calculations.project(rates, days, scenario)
    progress(90, "Costing")
    yearly = {name: _yearly(run, forecast.horizon_years, weekly) for name, run in runs.items()}
    start = calculations.by_route({state: float(n) for state, n in rates.population_routes.items()})
    years = []
    for i in range(forecast.horizon_years):
        years.append(
            {
                "year": i + 1,
                "ending": str(forecast.window_end + timedelta(days=365 * (i + 1))),
                **{name: values[i] for name, values in yearly.items()},
            }
        )
    return {
        "format": RESULTS_FORMAT,
        "episodes": len(episodes),
        "starting": {c: round(sum(start[(c, r)] for r in ROUTES), 1) for c in CATEGORIES},
        "starting_routes": {key(*pair): round(n, 1) for pair, n in start.items()},
        "starting_total": round(sum(start.values()), 1),
        "entries": sum(rates.entry_counts.values()),
        "exits": sum(n for (_s, to), n in rates.move_counts.items() if to is None),
        "route_shares": {c: rates.route_shares(c) for c in CATEGORIES},
        "weekly_costs": {key(*pair): str(weekly[pair]) for pair in weekly},
        "cost_sources": {key(*pair): source[pair] for pair in weekly},
        "scenario": [adjustment.describe() for adjustment in scenario],
        "years": years,
        "seconds": round(time.perf_counter() - started, 2),
    }
