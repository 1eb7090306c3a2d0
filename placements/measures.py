"""The board's measures: querysets that aggregate in the database, handed to the pure
functions in `calculations`. A fixed number of queries, whatever the number of episodes."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Max, Min, Q

from cip.models import Partnership
from placements import calculations, codes
from placements.calculations import Category
from placements.models import Child, Episode, PlacementSettings
from placements.services import settings_for


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


def _trend(episodes, years: list[int], population: int | None):
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
    return [
        (
            f"31 March {year}",
            counts[f"y{year}"],
            calculations.rate_per_10000(counts[f"y{year}"], population),
        )
        for year in years
    ]


def for_year(partnership: Partnership, *, first: date, last: date, years=None) -> Measures:
    """Counts as at `last` (31 March), spend over first..last, stability for that year."""
    settings = settings_for(partnership)
    measures = Measures(day=last, first=first, last=last, settings=settings)
    population = settings.under_18_population
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
    measures.looked_after = snapshot["children"]
    measures.rate = calculations.rate_per_10000(snapshot["children"], population)
    measures.comparators = [
        Comparator("Statistical neighbours", settings.statistical_neighbours_rate),
        Comparator("Region", settings.region_rate),
        Comparator("England", settings.england_rate),
    ]
    measures.in_county = snapshot["inside"]
    measures.out_of_county = snapshot["outside"]
    measures.location_unknown = snapshot["unknown"]
    measures.residential = snapshot["residential"]
    measures.residential_external = snapshot["residential_external"]
    measures.residential_in_county = snapshot["residential_inside"]
    measures.cip_placements = snapshot["cip"]

    by_category = dict.fromkeys(Category, 0)
    for place, provider, count in (
        looked_after.values_list("place", "place_provider").annotate(n=Count("pk")).order_by()
    ):
        by_category[calculations.category(place, provider)] += count
    total = sum(by_category.values())
    measures.mix = [(c, n, calculations.share(n, total)) for c, n in by_category.items()]

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
    measures.spend = calculations.summarise_spend(lines)

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
    measures.stability = calculations.stability(spans, year_end=last, births=births)
    if years:
        measures.trend = _trend(episodes, years, population)
    return measures
