"""The board's measures: querysets that aggregate in the database, handed to the pure
functions in `calculations`. A fixed number of queries, whatever the number of episodes.

Those queries read every episode of the year (at 12,500 episodes the dashboard's take a few
hundred milliseconds of database time), and the dashboard and the measures page are what the
board opens most, so the figures are cached on a stamp of the data (`cached`): a write to
any episode or child of the partnership, by any path, makes the next request compute them
afresh.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import TypeVar

from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connection
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    Max,
    Min,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import (
    Cast,
    Coalesce,
    ExtractMonth,
    ExtractYear,
    Greatest,
    Least,
    Round,
)

from cip.models import Partnership
from placements import calculations, codes
from placements.calculations import Category
from placements.models import BORN, Child, Episode, PlacementSettings, settings_for

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
    # Children 18 or over at the year end with an episode still open: not looked after.
    aged_18_or_over: int = 0
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
    """Children looked after at each 31 March (under 18 then), in one query."""
    # Only episodes open on one of the days can count: the rest are left to the index.
    counts = (
        episodes.overlapping(date(min(years), 3, 31), date(max(years), 3, 31))
        .alias(born=BORN)
        .aggregate(
            **{
                f"y{year}": Count(
                    "child",
                    distinct=True,
                    filter=(Q(dec__isnull=True) | Q(dec__gt=date(year, 3, 31)))
                    & Q(decom__lte=date(year, 3, 31))
                    & ~Q(ls__in=calculations.SHORT_BREAKS)
                    & Q(born__gt=calculations.adult_born_by(date(year, 3, 31))),
                )
                for year in years
            }
        )
    )
    return [(year, counts[f"y{year}"]) for year in years]


class DaysBetween(Func):
    """Whole days from `start` to `end` (two dates), in either database."""

    output_field = IntegerField()

    def __init__(self, end, start):
        super().__init__(end, start)

    def as_sql(self, compiler, connection, **extra):
        end, end_params = compiler.compile(self.source_expressions[0])
        start, start_params = compiler.compile(self.source_expressions[1])
        return f"({end} - {start})", [*end_params, *start_params]

    def as_sqlite(self, compiler, connection, **extra):
        end, end_params = compiler.compile(self.source_expressions[0])
        start, start_params = compiler.compile(self.source_expressions[1])
        return f"CAST(julianday({end}) - julianday({start}) AS INTEGER)", [
            *end_params,
            *start_params,
        ]


def _cost_lines(episodes, first: date, last: date) -> list[calculations.CostLine]:
    """The spend of first..last as one CostLine per group of alike episodes, summed in the
    database: days in the period, and days × weekly cost in pence (whole numbers, so the sum
    is exact in SQLite too), grouped by what summarise_spend tells apart (type, provider,
    route, CIP provision, 16+ at the start, costed or not). A few hundred rows, whatever the
    number of episodes.

    The comparison group for the cost the CIP's provision avoided is like for like: the same
    placement type, and 16+ apart from younger children (the Scrutiny report's 16+ cohort
    costs far more). 16+ at the start is (start year − birth year) × 12 + (start month −
    birth month) ≥ 192 months, which is `calculations.age_on(birth, start) >= 16`."""
    after = last + timedelta(days=1)
    days = DaysBetween(
        Least(Coalesce("dec", Value(after)), Value(after)), Greatest("decom", Value(first))
    )
    pence = Cast(Round(F("weekly_cost") * 100), BigIntegerField())
    months_old = (ExtractYear("decom") - F("child__birth_year")) * 12 + (
        ExtractMonth("decom") - F("child__birth_month")
    )
    rows = (
        episodes.overlapping(first, last)
        # The same partnership's children (as they always are): lets the database read only
        # those rather than every child of every partnership.
        .filter(child__partnership_id=F("partnership_id"))
        .alias(months_old=months_old)
        .annotate(
            older=_flag(Q(months_old__gte=16 * 12)),
            cip=_flag(Q(work_package__isnull=False)),
            costed=_flag(Q(weekly_cost__isnull=False)),
        )
        .values("place", "place_provider", "purchase_route", "older", "cip", "costed")
        .annotate(
            days=Sum(days),
            pence_days=Sum(ExpressionWrapper(days * pence, output_field=BigIntegerField())),
        )
        .order_by()
    )
    return [
        calculations.CostLine(
            category=calculations.category(row["place"], row["place_provider"]),
            days=row["days"] or 0,
            weekly_cost=None,
            route=row["purchase_route"],
            cip=row["cip"],
            group=f"{row['place']}:{'16+' if row['older'] else 'under 16'}",
            day_cost=Decimal(row["pence_days"]) / 100 if row["costed"] else None,
        )
        for row in rows
    ]


# The DfE stability indicators (calculations.stability, the reference) in one query, so that
# the episodes of every child looked after are not read into Python. Over each looked-after
# child's episodes in the indicators' window, in start order: a period of care continues while
# an episode starts the day the one before ended; a placement continues while, besides, the
# new episode is a change of legal status only (RNE L). The episode open at the year end is a
# child's last, so its period of care began at the latest episode that began one (likewise its
# placement). An episode counts as a placement in a window when it has days in it, unless it
# is RNE L and not the first there: the others, plus one when the first is RNE L.
_STABILITY_SQL = """
WITH current AS (
    SELECT DISTINCT e.child_id FROM {episode} e JOIN {child} a ON a.id = e.child_id
    WHERE e.partnership_id = %(partnership)s AND e.decom <= %(end)s
      AND (e.dec IS NULL OR e.dec > %(end)s) AND e.ls NOT IN ({short_breaks})
      AND a.birth_year * 12 + a.birth_month > %(adult_born)s
), ordered AS (
    SELECT e.child_id, e.decom, e.rne,
        CASE WHEN LAG(e.dec) OVER w = e.decom THEN 0 ELSE 1 END AS new_period,
        CASE WHEN LAG(e.dec) OVER w = e.decom AND e.rne = %(status_only)s THEN 0 ELSE 1 END
            AS new_placement,
        CASE WHEN e.dec IS NULL OR (e.dec > %(year_start)s AND e.dec > e.decom) THEN 1 ELSE 0 END
            AS in_year,
        CASE WHEN e.dec IS NULL OR (e.dec > %(two_start)s AND e.dec > e.decom) THEN 1 ELSE 0 END
            AS in_two_years
    FROM {episode} e JOIN current c ON c.child_id = e.child_id
    WHERE e.partnership_id = %(partnership)s AND e.decom <= %(end)s
      AND (e.dec IS NULL OR e.dec >= %(window)s)
    WINDOW w AS (PARTITION BY e.child_id ORDER BY e.decom)
), children AS (
    SELECT child_id,
        SUM(CASE WHEN in_year = 1 AND rne <> %(status_only)s THEN 1 ELSE 0 END) AS year_moves,
        MIN(CASE WHEN in_year = 1 THEN decom END) AS year_first,
        MIN(CASE WHEN in_year = 1 AND rne <> %(status_only)s THEN decom END) AS year_first_move,
        SUM(CASE WHEN in_two_years = 1 AND rne <> %(status_only)s THEN 1 ELSE 0 END)
            AS two_year_moves,
        MIN(CASE WHEN in_two_years = 1 THEN decom END) AS two_year_first,
        MIN(CASE WHEN in_two_years = 1 AND rne <> %(status_only)s THEN decom END)
            AS two_year_first_move,
        MAX(CASE WHEN new_period = 1 THEN decom END) AS care_began,
        MAX(CASE WHEN new_placement = 1 THEN decom END) AS placement_began
    FROM ordered GROUP BY child_id
), counted AS (
    SELECT child_id, care_began, placement_began,
        year_moves + CASE WHEN year_first IS NOT NULL
            AND (year_first_move IS NULL OR year_first < year_first_move) THEN 1 ELSE 0 END
            AS in_year,
        two_year_moves + CASE WHEN two_year_first IS NOT NULL
            AND (two_year_first_move IS NULL OR two_year_first < two_year_first_move)
            THEN 1 ELSE 0 END AS in_two_years
    FROM children
)
SELECT COUNT(*),
    SUM(CASE WHEN c.in_year >= 3 THEN 1 ELSE 0 END),
    SUM(CASE WHEN c.care_began <= %(two_years_ago)s THEN 1 ELSE 0 END),
    SUM(CASE WHEN c.care_began <= %(two_years_ago)s AND c.in_two_years >= 3 THEN 1 ELSE 0 END),
    SUM(CASE WHEN %(months)s - (k.birth_year * 12 + k.birth_month) < 192
        AND c.care_began <= %(thirty_months_ago)s THEN 1 ELSE 0 END),
    SUM(CASE WHEN %(months)s - (k.birth_year * 12 + k.birth_month) < 192
        AND c.care_began <= %(thirty_months_ago)s AND c.placement_began <= %(two_years_ago)s
        THEN 1 ELSE 0 END)
FROM counted c JOIN {child} k ON k.id = c.child_id
"""


def _stability(partnership: Partnership, year_end: date) -> calculations.Stability:
    """calculations.stability for the year ending `year_end`, worked out by the database (one
    query, one row back); tests hold the two to the same figures."""
    day = connection.ops.adapt_datefield_value
    two_years_ago = calculations.subtract_years(year_end, 2)
    params = {
        "partnership": partnership.pk,
        "end": day(year_end),
        "year_start": day(calculations.subtract_years(year_end, 1) + timedelta(days=1)),
        "two_start": day(two_years_ago + timedelta(days=1)),
        "two_years_ago": day(two_years_ago),
        "thirty_months_ago": day(calculations.subtract_months(year_end, 30)),
        "window": day(calculations.stability_window_start(year_end)),
        "months": year_end.year * 12 + year_end.month,
        "adult_born": calculations.adult_born_by(year_end),
        "status_only": calculations.LEGAL_STATUS_ONLY,
    }
    short_breaks = sorted(calculations.SHORT_BREAKS)
    params |= {f"short_break{n}": code for n, code in enumerate(short_breaks)}
    quote = connection.ops.quote_name
    sql = _STABILITY_SQL.format(
        episode=quote(Episode._meta.db_table),
        child=quote(Child._meta.db_table),
        short_breaks=", ".join(f"%(short_break{n})s" for n in range(len(short_breaks))),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = [value or 0 for value in cursor.fetchone()]
    return calculations.Stability(*row)


def _flag(condition: Q) -> Case:
    return Case(
        When(condition, then=Value(True)), default=Value(False), output_field=BooleanField()
    )


@dataclass(frozen=True)
class _Figures:
    """What for_year reads from the episodes and children, and nothing from the settings, so
    it can be cached on the data's stamp alone."""

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
    seconds = django_settings.PLACEMENT_MEASURES_CACHE_SECONDS
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
    settings = settings_for(partnership)
    measures = Measures(day=last, first=first, last=last, settings=settings)
    population = settings.under_18_population
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
    measures.aged_18_or_over = snapshot["adults"]
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
    # One query for the looked-after figures and for what they leave out: the episodes open
    # at the year end of children 18 or over (no longer looked after, by age alone).
    child = Q(born__gt=calculations.adult_born_by(last))
    snapshot = (
        episodes.open_on(last)
        .exclude(ls__in=calculations.SHORT_BREAKS)
        .alias(born=BORN)
        .aggregate(
            children=Count("child", distinct=True, filter=child),
            inside=Count("pk", filter=child & Q(in_county=True)),
            outside=Count("pk", filter=child & Q(in_county=False)),
            unknown=Count("pk", filter=child & Q(in_county__isnull=True)),
            residential=Count("pk", filter=child & residential),
            residential_external=Count("pk", filter=child & residential & ~Q(place_provider="PR1")),
            residential_inside=Count("pk", filter=child & residential & Q(in_county=True)),
            cip=Count("pk", filter=child & Q(work_package__isnull=False)),
            adults=Count("child", distinct=True, filter=~child),
        )
    )
    by_category = dict.fromkeys(Category, 0)
    for place, provider, count in (
        looked_after.values_list("place", "place_provider").annotate(n=Count("pk")).order_by()
    ):
        by_category[calculations.category(place, provider)] += count
    return _Figures(
        snapshot=snapshot,
        by_category=by_category,
        spend=calculations.summarise_spend(_cost_lines(episodes, first, last)),
        stability=_stability(partnership, last),
        trend=_trend(episodes, years) if years else [],
    )
