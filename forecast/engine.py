"""Runs a saved forecast over its partnership's placement log: one pass over the episodes
(ordered by child and start), four projections (baseline, its low and high range, the
scenario), and the yearly numbers and costs as plain JSON for the page, the dashboard and a
business case. Money is Decimal, carried as strings."""

import statistics
import time
from datetime import timedelta
from decimal import Decimal

from forecast import calculations
from forecast.calculations import CATEGORIES, Adjustment, Episode

PENNY = Decimal("0.01")


def load_episodes(partnership, window_end):
    """The partnership's episodes in child and start order, and the weekly costs of those open
    on the window's last day, by category (for the log's median unit costs)."""
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
        )
        .iterator(chunk_size=20000)
    )
    episodes, costs = [], {c: [] for c in CATEGORIES}
    for child, decom, dec, place, year, month, weekly in rows:
        episodes.append(Episode(child, decom, dec, place, year, month))
        if weekly is not None and decom <= window_end and (dec is None or dec > window_end):
            costs[calculations.category(place)].append(weekly)
    return episodes, costs


def unit_costs(forecast, logged: dict) -> tuple[dict, dict]:
    """Weekly cost per category: the one entered, else the log's median; and where it is from."""
    weekly, source = {}, {}
    for cat, entered in forecast.entered_costs.items():
        if entered is not None:
            weekly[cat], source[cat] = entered, "entered"
        elif logged[cat]:
            weekly[cat] = statistics.median(logged[cat]).quantize(PENNY)
            source[cat] = f"median of {len(logged[cat])} placements in the log"
        else:
            weekly[cat], source[cat] = Decimal("0"), "no costed placement in the log"
    return weekly, source


def adjustments(forecast) -> list[Adjustment]:
    found = []
    if forecast.rate_from and forecast.rate_to and forecast.rate_percent is not None:
        found.append(
            Adjustment(
                "rate", forecast.rate_from, forecast.rate_to, percent=float(forecast.rate_percent)
            )
        )
    if forecast.move_children and forecast.move_from and forecast.move_to:
        found.append(
            Adjustment(
                "move", forecast.move_from, forecast.move_to, children=forecast.move_children
            )
        )
    return found


def _yearly(days: list[dict], years: int, weekly: dict) -> list[dict]:
    """Each year's population at its end by category, and its cost (children x days x the
    weekly cost / 7)."""
    out = []
    for year in range(years):
        chunk = days[year * 365 : (year + 1) * 365]
        child_days = dict.fromkeys(CATEGORIES, 0.0)
        for population in chunk:
            for (_band, cat, *_route), n in population.items():
                child_days[cat] += n
        cost = sum(
            (Decimal(repr(round(child_days[c], 6))) * weekly[c] / 7 for c in CATEGORIES),
            Decimal("0"),
        ).quantize(PENNY)
        end = calculations.by_category(chunk[-1])
        out.append(
            {
                "children": {c: round(end[c], 1) for c in CATEGORIES},
                "total": round(sum(end.values()), 1),
                "cost": str(cost),
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
    start = calculations.by_category(rates.population)
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
        "episodes": len(episodes),
        "starting": {c: round(start[c], 1) for c in CATEGORIES},
        "starting_total": round(sum(start.values()), 1),
        "entries": sum(rates.entry_counts.values()),
        "exits": sum(n for (_s, to), n in rates.move_counts.items() if to is None),
        "weekly_costs": {c: str(weekly[c]) for c in CATEGORIES},
        "cost_sources": source,
        "years": years,
        "seconds": round(time.perf_counter() - started, 2),
    }
