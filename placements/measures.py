"""The board's measures: querysets that aggregate in the database, handed to the pure
functions in `calculations`. A fixed number of queries, whatever the number of episodes.

Reading every episode of the year costs time that grows with the log (a third of a second at
12,500 episodes), and the dashboard and the measures page are the pages the board opens most,
so the figures are cached on a stamp of the data (`cached`): a write to any episode or child
of the partnership, by any path, makes the next request compute them afresh.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Min, Q, Subquery, Sum, Value

from cip.models import Partnership
from placements import calculations, codes
from placements.calculations import Category
from placements.models import Child, Episode, PlacementSettings
from placements.services import settings_for

T = TypeVar("T")


@dataclass(frozen=True)
class Comparator:
    name: str
    rate: Decimal | None


@dataclass
class Measures:
    day: date
    first: date
    last: date
    settings: PlacementSettings
    looked_after: int = 0
    rate: Decimal | None = None
    comparators: list[Comparator] = field(default_factory=list)
    trend: list[tuple[str, int, Decimal | None]] = field(default_factory=list)
    mix: list[tuple[Category, int, Decimal | None]] = field(default_factory=list)
    in_county: int = 0
    out_of_county: int = 0
    location_unknown: int = 0
    residential: int = 0
    residential_external: int = 0
    residential_in_county: int = 0
    cip_placements: int = 0
    spend: calculations.SpendSummary | None = None
    stability: calculations.Stability | None = None

    @property
    def in_county_share(self) -> Decimal | None:
        return calculations.share(self.in_county, self.in_county + self.out_of_county)

    @property
    def residential_in_county_share(self) -> Decimal | None:
        return calculations.share(self.residential_in_county, self.residential)

    @property
    def residential_external_share(self) -> Decimal | None:
        return calculations.share(self.residential_external, self.looked_after)


def _comparison_group(place: str, birth: tuple[int, int], start: date) -> str:
    """Like for like when costing the CIP's provision: the same placement type, and 16+ apart
    from younger children (the Scrutiny report's 16+ cohort costs far more)."""
    return f"{place}:{'16+' if calculations.age_on(birth, start) >= 16 else 'under 16'}"


def years_with_data(partnership: Partnership) -> list[int]:
    """Collection years from the first episode's start to the latest start or end."""
    span = Episode.objects.filter(partnership=partnership).aggregate(
        first=Min("decom"), last_start=Max("decom"), last_end=Max("dec")
    )
    if span["first"] is None:
        return []
    # Up to the year of the latest recorded start or end: a live log reaches this year, and a
    # return imported for past years is shown as at its own last year.
    latest = max(d for d in (span["last_start"], span["last_end"]) if d is not None)
    return list(range(codes.collection_year(span["first"]), codes.collection_year(latest) + 1))


def _trend(episodes, years: list[int]) -> list[tuple[int, int]]:
    """Children looked after at each 31 March, in one query."""
    counts = episodes.aggregate(
        **{
            f"y{year}": Count(
                "child",
                distinct=True,
                filter=(Q(dec__isnull=True) | Q(dec__gt=date(year, 3, 31)))
                & Q(decom__lte=date(year, 3, 31))
                & ~Q(ls__in=calculations.SHORT_BREAKS),
            )
            for year in years
        }
    )
    return [(year, counts[f"y{year}"]) for year in years]


@dataclass(frozen=True)
class _Figures:
    """What for_year reads from the episodes and children: nothing from the settings, so it
    can be cached on the data's stamp alone."""

    snapshot: dict
    by_category: dict
    spend: calculations.SpendSummary
    stability: calculations.Stability
    trend: list[tuple[int, int]]


def data_stamp(partnership: Partnership) -> tuple:
    """A summary of the partnership's episodes and children that every write changes.

    Per table: the number of rows (a delete), the highest id (an insert) and the sum of
    versions (every save adds one to a version, imports and bulk updates included), read from
    the committed rows exactly; and the latest history id of the table, which no later write
    can repeat, so a transaction that wrote and was rolled back cannot leave behind an entry
    that later data would match. One query.
    """
    tables = [
        model.objects.filter(partnership=partnership)
        .order_by()
        .values("partnership")
        .annotate(
            kind=Value(index),
            n=Count("pk"),
            top=Max("pk"),
            versions=Sum("version"),
            latest=Subquery(
                model.history.model.objects.order_by("-history_id").values("history_id")[:1]
            ),
        )
        .values_list("kind", "n", "top", "versions", "latest")
        for index, model in enumerate((Episode, Child))
    ]
    return tuple(sorted(tables[0].union(tables[1], all=True)))


def cached(
    partnership: Partnership, name: str, compute: Callable[[], T], *, stamp: tuple | None = None
) -> T:
    """`compute()`, reused while the partnership's placement data is unchanged.

    The key holds the data's stamp (read now, or given by a caller that computes several
    figures in one request), so a write makes every earlier entry unreachable: no entry is
    ever stale, and a per-process cache is as correct as a shared one (see CACHES). Figures
    that depend on the placement settings too must not be cached here.
    """
    seconds = settings.PLACEMENT_MEASURES_CACHE_SECONDS
    if not seconds:
        return compute()
    if stamp is None:
        stamp = data_stamp(partnership)
    digest = hashlib.sha256(repr((name, stamp)).encode()).hexdigest()
    key = f"placements:{partnership.pk}:{digest}"
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, seconds)
    return found


def for_year(
    partnership: Partnership, *, first: date, last: date, years=None, stamp: tuple | None = None
) -> Measures:
    """Counts as at `last` (31 March), spend over first..last, stability for that year.
    `stamp`: the data's stamp, when the caller has read it already (see `cached`)."""
    placement_settings = settings_for(partnership)
    measures = Measures(day=last, first=first, last=last, settings=placement_settings)
    population = placement_settings.under_18_population
    years = list(years or [])
    figures = cached(
        partnership,
        f"for_year:{first}:{last}:{years}",
        lambda: _figures(partnership, first=first, last=last, years=years),
        stamp=stamp,
    )
    snapshot = figures.snapshot
    measures.looked_after = snapshot["children"]
    measures.rate = calculations.rate_per_10000(snapshot["children"], population)
    measures.comparators = [
        Comparator("Statistical neighbours", placement_settings.statistical_neighbours_rate),
        Comparator("Region", placement_settings.region_rate),
        Comparator("England", placement_settings.england_rate),
    ]
    measures.in_county = snapshot["inside"]
    measures.out_of_county = snapshot["outside"]
    measures.location_unknown = snapshot["unknown"]
    measures.residential = snapshot["residential"]
    measures.residential_external = snapshot["residential_external"]
    measures.residential_in_county = snapshot["residential_inside"]
    measures.cip_placements = snapshot["cip"]
    total = sum(figures.by_category.values())
    measures.mix = [(c, n, calculations.share(n, total)) for c, n in figures.by_category.items()]
    measures.spend = figures.spend
    measures.stability = figures.stability
    measures.trend = [
        (f"31 March {year}", count, calculations.rate_per_10000(count, population))
        for year, count in figures.trend
    ]
    return measures


def _figures(partnership: Partnership, *, first: date, last: date, years: list[int]) -> _Figures:
    episodes = Episode.objects.filter(partnership=partnership)
    looked_after = episodes.looked_after_on(last)

    residential = Q(place__in=calculations.RESIDENTIAL)
    snapshot = looked_after.aggregate(
        children=Count("child", distinct=True),
        inside=Count("pk", filter=Q(in_county=True)),
        outside=Count("pk", filter=Q(in_county=False)),
        unknown=Count("pk", filter=Q(in_county__isnull=True)),
        residential=Count("pk", filter=residential),
        residential_external=Count("pk", filter=residential & ~Q(place_provider="PR1")),
        residential_inside=Count("pk", filter=residential & Q(in_county=True)),
        cip=Count("pk", filter=Q(work_package__isnull=False)),
    )

    by_category = dict.fromkeys(Category, 0)
    for place, provider, count in (
        looked_after.values_list("place", "place_provider").annotate(n=Count("pk")).order_by()
    ):
        by_category[calculations.category(place, provider)] += count

    lines = (
        calculations.CostLine(
            category=calculations.category(place, provider),
            days=calculations.days_in_period(start, end, first, last),
            weekly_cost=cost,
            route=route,
            cip=package is not None,
            group=_comparison_group(place, (born_year, born_month), start),
        )
        for start, end, cost, place, provider, route, package, born_year, born_month in (
            episodes.overlapping(first, last)
            .values_list(
                "decom",
                "dec",
                "weekly_cost",
                "place",
                "place_provider",
                "purchase_route",
                "work_package_id",
                "child__birth_year",
                "child__birth_month",
            )
            .iterator(chunk_size=5000)
        )
    )
    spend = calculations.summarise_spend(lines)

    current_children = looked_after.values("child_id")
    spans = (
        calculations.Span(child, start, end, rne, ls)
        for child, start, end, rne, ls in episodes.filter(
            child_id__in=current_children, decom__lte=last
        )
        .values_list("child_id", "decom", "dec", "rne", "ls")
        .iterator(chunk_size=5000)
    )
    births = {
        pk: (year, month)
        for pk, year, month in Child.objects.filter(pk__in=current_children).values_list(
            "pk", "birth_year", "birth_month"
        )
    }
    stability = calculations.stability(spans, year_end=last, births=births)
    return _Figures(
        snapshot=snapshot,
        by_category=by_category,
        spend=spend,
        stability=stability,
        trend=_trend(episodes, years) if years else [],
    )
