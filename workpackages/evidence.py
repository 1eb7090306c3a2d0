"""Realised savings from the placement log, as at a date: the one reader the case page (and
later the work package page and the dashboard) call for "what did the CIP homes save".

For each child placed in one of a work package's CIP homes (an episode whose provider or Ofsted
URN is the home's), counted from the later of the placement's start and the home's opening date
to the day before it ended (or to the as-at date, inclusive, if it is still open):

    saving = days placed × (counterfactual weekly cost − actual weekly cost) ÷ 7

in Decimal, unrounded until shown. The counterfactual is the business case's own assumption
(`BusinessCase.counterfactual_weekly_cost`). Beside each financial year stands the like-for-like
external price: the median and interquartile range of the weekly costs of the external episodes
of the same placement category and age band open that year, with their count, or "too few to
compare" below MIN_COMPARABLE.

Occupancy, per CIP home and per period (month and financial year), is

    bed-days used ÷ (places × days open)

where a home is open from its opening date (a home opening mid-month counts only its open days;
a period before it opened is not counted), and its bed-days are the days its children were
placed in it, costed or not. It stands against the case's occupancy assumption (`occupancy_pct`).

Savings entered by hand (RealisedSaving) are not read here: the case page shows them apart.
Three queries whatever the number of children: the homes, their episodes, the external ones.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from cip import periods
from cip.money import format_money_short
from placements import calculations as placement_calculations
from placements.calculations import Category
from placements.models import Episode
from workpackages.models import Home

ZERO = Decimal(0)
ONE_DAY = timedelta(days=1)
MIN_COMPARABLE = 5  # fewer external placements than this: "too few to compare"
SIXTEEN = 16

# A CIP home's placements compare with the external placements of their kind.
EXTERNAL_OF = {
    Category.RESIDENTIAL_IN_HOUSE: Category.RESIDENTIAL_EXTERNAL,
    Category.RESIDENTIAL_EXTERNAL: Category.RESIDENTIAL_EXTERNAL,
    Category.FOSTERING_IN_HOUSE: Category.FOSTERING_IFA,
    Category.FOSTERING_IFA: Category.FOSTERING_IFA,
}


def age_band(birth: tuple[int, int], day: date) -> str:
    """The business cases' two bands: Property 1 is for under 16s, Property 2 for 16 and over."""
    return "Under 16" if placement_calculations.age_on(birth, day) < SIXTEEN else "16 and over"


@dataclass(frozen=True)
class Stay:
    """One child's placement in a CIP home within one period."""

    child_ref: str
    home: str
    first: date  # the first day counted
    last: date  # the last day counted
    days: int
    weekly_cost: Decimal | None
    counterfactual: Decimal

    @property
    def costed(self) -> bool:
        return self.weekly_cost is not None

    @property
    def saving_weeks7(self) -> Decimal:
        """The saving × 7 (whole pence × days): summed before the one division, so a total
        is not off by the rounding of its parts."""
        if self.weekly_cost is None:
            return ZERO
        return Decimal(self.days) * (self.counterfactual - self.weekly_cost)

    @property
    def saving(self) -> Decimal:
        return self.saving_weeks7 / 7


@dataclass(frozen=True)
class Comparison:
    """The like-for-like external weekly price in a financial year."""

    category: str
    band: str
    count: int
    median: Decimal | None
    lower_quartile: Decimal | None
    upper_quartile: Decimal | None

    @property
    def enough(self) -> bool:
        return self.count >= MIN_COMPARABLE

    def __str__(self) -> str:
        if not self.enough:
            return f"Too few to compare ({self.count} external placements)"
        return (
            f"Median £{self.median:,.2f} a week (interquartile range £{self.lower_quartile:,.2f} "
            f"to £{self.upper_quartile:,.2f}), {self.count} external placements"
        )


def percent(used: int, capacity: int) -> Decimal | None:
    """Bed-days used as a percentage of capacity, unrounded; None when there was no capacity."""
    if not capacity:
        return None
    return Decimal(used) * 100 / Decimal(capacity)


@dataclass(frozen=True)
class HomeOccupancy:
    """One CIP home's occupancy within one period."""

    home: str
    places: int
    days_open: int  # the days of the period the home was open
    bed_days: int  # the days its children were placed in it

    @property
    def capacity(self) -> int:
        return self.places * self.days_open

    @property
    def pct(self) -> Decimal | None:
        return percent(self.bed_days, self.capacity)


@dataclass(frozen=True)
class Period:
    label: str
    first: date
    last: date  # the period's last day counted: its end, or the as-at date
    stays: tuple[Stay, ...]
    comparisons: tuple[Comparison, ...] = ()
    occupancy: tuple[HomeOccupancy, ...] = ()  # the homes open in the period

    @property
    def bed_days(self) -> int:
        return sum(o.bed_days for o in self.occupancy)

    @property
    def capacity(self) -> int:
        return sum(o.capacity for o in self.occupancy)

    @property
    def occupancy_pct(self) -> Decimal | None:
        """All the homes together: their bed-days over their capacity."""
        return percent(self.bed_days, self.capacity)

    @property
    def saving(self) -> Decimal:
        return sum((s.saving_weeks7 for s in self.stays), ZERO) / 7

    @property
    def days(self) -> int:
        return sum(s.days for s in self.stays)

    @property
    def children(self) -> int:
        return len({s.child_ref for s in self.stays})

    @property
    def uncosted(self) -> int:
        """Stays with no weekly cost in the log: their days are not counted as saving."""
        return sum(1 for s in self.stays if not s.costed)


@dataclass(frozen=True)
class Evidence:
    """A work package's realised savings from the log as at `as_at`."""

    as_at: date
    counterfactual: Decimal
    homes: tuple[Home, ...]
    months: tuple[Period, ...]
    years: tuple[Period, ...]
    assumption: Decimal | None = None  # the case's occupancy assumption, in per cent

    @property
    def bed_days(self) -> int:
        return sum(y.bed_days for y in self.years)

    @property
    def capacity(self) -> int:
        return sum(y.capacity for y in self.years)

    @property
    def occupancy_pct(self) -> Decimal | None:
        """Occupancy of all the homes from their opening to the as-at date."""
        return percent(self.bed_days, self.capacity)

    @property
    def occupancy_below_assumption(self) -> bool:
        pct = self.occupancy_pct
        return pct is not None and self.assumption is not None and pct < self.assumption

    @property
    def total(self) -> Decimal:
        return sum((s.saving_weeks7 for y in self.years for s in y.stays), ZERO) / 7

    @property
    def days(self) -> int:
        return sum(y.days for y in self.years)

    @property
    def children(self) -> int:
        return len({s.child_ref for y in self.years for s in y.stays})


def _quartiles(values: list[Decimal]) -> tuple[Decimal, Decimal, Decimal]:
    """Lower quartile, median and upper quartile, interpolating between the sorted values
    (the "inclusive" method: Excel's QUARTILE.INC)."""
    ordered = sorted(values)
    last = len(ordered) - 1

    def at(fraction: Decimal) -> Decimal:
        position = fraction * last
        below = int(position)
        above = min(below + 1, last)
        return ordered[below] + (ordered[above] - ordered[below]) * (position - below)

    return at(Decimal("0.25")), at(Decimal("0.5")), at(Decimal("0.75"))


def _days(start: date, end: date | None, first: date, last: date) -> tuple[date, date, int]:
    """The first and last day of [start, end) within first..last, and how many days."""
    counted = placement_calculations.days_in_period(start, end, first, last)
    begin = max(start, first)
    return begin, begin + timedelta(days=counted - 1), counted


def _month_bounds(first: date, as_at: date) -> list[tuple[str, date, date]]:
    out = []
    day = first.replace(day=1)
    while day <= as_at:
        out.append((periods.month_label(day), day, min(periods.month_end(day), as_at)))
        day = periods.add_months(day, 1)
    return out


def _year_bounds(first: date, as_at: date) -> list[tuple[str, date, date]]:
    out = []
    for year in range(periods.financial_year_start(first), periods.financial_year_start(as_at) + 1):
        out.append(
            (
                periods.financial_year_label(year),
                date(year, 4, 1),
                min(periods.financial_year_end(year), as_at),
            )
        )
    return out


def for_work_package(
    work_package,
    *,
    counterfactual: Decimal,
    as_at: date,
    assumption: Decimal | None = None,
    homes=None,
) -> Evidence:
    """The realised savings and occupancy of `work_package`'s CIP homes from the placement log,
    as at `as_at`, against a counterfactual weekly cost per placement and an occupancy
    assumption in per cent (the business case's). `homes`, when given, are the work package's
    homes already read (they are not read again)."""
    if homes is None:
        homes = Home.objects.filter(work_package=work_package)
    homes = tuple(
        sorted((h for h in homes if h.opened_on <= as_at), key=lambda h: (h.opened_on, h.pk))
    )
    if not homes:
        return Evidence(as_at, counterfactual, homes, (), (), assumption)
    placed = _placed(homes, _episodes(work_package.partnership_id, homes, as_at))
    return _assemble(work_package, homes, placed, counterfactual, as_at, assumption)


def _episodes(partnership_id, homes, as_at: date) -> list:
    """The episodes in any of `homes` (by provider or URN) open after the first opened. One
    query."""
    providers = [h.provider_id for h in homes if h.provider_id]
    urns = [h.urn for h in homes if h.urn]
    return list(
        Episode.objects.filter(partnership_id=partnership_id)
        .filter(Q(provider_id__in=providers) | Q(urn__in=urns))
        .overlapping(min(h.opened_on for h in homes), as_at)
        .select_related("child")
        .only(
            "decom",
            "dec",
            "place",
            "place_provider",
            "urn",
            "provider_id",
            "weekly_cost",
            "child__reference",
            "child__birth_year",
            "child__birth_month",
        )
        .order_by("decom", "pk")
    )


def _placed(homes, episodes) -> list:
    """(episode, home, counted from) for the episodes in one of `homes`."""
    by_provider = {h.provider_id: h for h in homes if h.provider_id}
    by_urn = {h.urn: h for h in homes if h.urn}
    placed = []
    for episode in episodes:
        home = by_provider.get(episode.provider_id) or by_urn.get(episode.urn)
        if home is not None:
            placed.append((episode, home, max(episode.decom, home.opened_on)))
    return placed


def _assemble(
    work_package, homes, placed, counterfactual, as_at, assumption, *, compare: bool = True
) -> Evidence:
    opened = min(h.opened_on for h in homes)

    def stays(first: date, last: date) -> tuple[Stay, ...]:
        out = []
        for episode, home, start in placed:
            begin, end, days = _days(start, episode.dec, first, last)
            if days:
                out.append(
                    Stay(
                        child_ref=episode.child.short_reference,
                        home=home.name,
                        first=begin,
                        last=end,
                        days=days,
                        weekly_cost=episode.weekly_cost,
                        counterfactual=counterfactual,
                    )
                )
        return tuple(out)

    def occupancy(first: date, last: date) -> tuple[HomeOccupancy, ...]:
        out = []
        for home in homes:
            days_open = placement_calculations.days_in_period(home.opened_on, None, first, last)
            if not days_open:
                continue
            bed_days = sum(
                _days(start, episode.dec, first, last)[2]
                for episode, placed_in, start in placed
                if placed_in is home
            )
            out.append(HomeOccupancy(home.name, home.places, days_open, bed_days))
        return tuple(out)

    months = tuple(
        Period(label, f, last, stays(f, last), (), occupancy(f, last))
        for label, f, last in _month_bounds(opened, as_at)
    )
    years_bounds = _year_bounds(opened, as_at)
    comparisons = (
        _comparisons(work_package, placed, years_bounds, {e.pk for e, _h, _s in placed})
        if compare
        else {}
    )
    years = tuple(
        Period(label, f, last, stays(f, last), comparisons.get(label, ()), occupancy(f, last))
        for label, f, last in years_bounds
    )
    return Evidence(as_at, counterfactual, homes, months, years, assumption)


def _comparisons(work_package, placed, years_bounds, cip_pks) -> dict[str, tuple[Comparison, ...]]:
    """For each financial year, the external price of each (category, age band) the CIP
    homes' children were placed in that year. One query."""
    wanted: dict[str, set[tuple[Category, str]]] = {}
    for label, first, last in years_bounds:
        for episode, _home, start in placed:
            if placement_calculations.days_in_period(start, episode.dec, first, last):
                external = EXTERNAL_OF.get(episode.category, episode.category)
                birth = (episode.child.birth_year, episode.child.birth_month)
                wanted.setdefault(label, set()).add((external, age_band(birth, max(start, first))))
    if not wanted:
        return {}
    first_day, last_day = years_bounds[0][1], years_bounds[-1][2]
    rows = (
        Episode.objects.filter(
            partnership_id=work_package.partnership_id, weekly_cost__isnull=False
        )
        .exclude(place_provider="PR1")
        .exclude(pk__in=cip_pks)
        .overlapping(first_day, last_day)
        .values_list(
            "decom",
            "dec",
            "place",
            "place_provider",
            "weekly_cost",
            "child__birth_year",
            "child__birth_month",
        )
    )
    costs: dict[tuple[str, Category, str], list[Decimal]] = {}
    for decom, dec, place, provider, cost, birth_year, birth_month in rows:
        category = placement_calculations.category(place, provider)
        for label, first, last in years_bounds:
            if placement_calculations.days_in_period(decom, dec, first, last):
                band = age_band((birth_year, birth_month), max(decom, first))
                if (category, band) in wanted.get(label, ()):
                    costs.setdefault((label, category, band), []).append(cost)
    out: dict[str, tuple[Comparison, ...]] = {}
    for label, groups in wanted.items():
        found = []
        for category, band in sorted(groups):
            values = costs.get((label, category, band), [])
            if len(values) >= MIN_COMPARABLE:
                lower, median, upper = _quartiles(values)
            else:
                lower = median = upper = None
            found.append(Comparison(category.label, band, len(values), median, lower, upper))
        out[label] = tuple(found)
    return out


def for_case(case, *, as_at: date, homes=None) -> Evidence:
    """A business case's realised savings and occupancy from the log, against its
    counterfactual and its occupancy assumption."""
    return for_work_package(
        case.work_package,
        counterfactual=case.counterfactual_weekly_cost,
        as_at=as_at,
        assumption=case.occupancy_pct,
        homes=homes,
    )


@dataclass(frozen=True)
class AgainstCase:
    """An approved case's realised savings and occupancy from the log beside its projection,
    as at a date: what the dashboard and the board pack show for each case with a CIP home.

    The projection is the case's placement saving a year (placements × weekly saving × 52 ×
    occupancy), or its annual net saving where it has none (Property 3), over the days since
    its first home opened (× days ÷ 365)."""

    figures: object  # workpackages.figures.CaseFigures
    evidence: Evidence

    @property
    def title(self) -> str:
        return self.figures.title

    @property
    def url(self) -> str:
        return self.figures.url

    @property
    def days_open(self) -> int:
        return (self.evidence.as_at - min(h.opened_on for h in self.evidence.homes)).days + 1

    @property
    def projected_annual(self) -> Decimal:
        summary = self.figures.summary
        return summary.placement_saving or summary.annual_net_saving

    @property
    def projected(self) -> Decimal:
        return self.projected_annual * self.days_open / 365

    @property
    def realised(self) -> Decimal:
        return self.evidence.total

    @property
    def realised_annual(self) -> Decimal:
        """The realised saving at a year's rate: realised × 365 ÷ days open."""
        return self.realised * 365 / self.days_open

    @property
    def crossings(self) -> tuple["Crossing", ...]:
        """The case's Green Book switching values (NPSV falls to zero) that the realised
        figures have fallen past: occupancy below the occupancy switching value; the realised
        saving a year below the placement saving a year at the weekly-saving switching value
        (the placement saving is in proportion to the weekly saving)."""
        switching = {s.variable: s for s in self.figures.summary.npv_switching}
        out = []
        occupancy, switch = self.evidence.occupancy_pct, switching.get("occupancy")
        crossed = switch is not None and switch.switch is not None
        if occupancy is not None and crossed and occupancy < switch.switch:
            out.append(Crossing("occupancy", occupancy, switch.switch))
        weekly = switching.get("weekly_saving")
        placement = self.figures.summary.placement_saving
        if weekly is not None and weekly.switch is not None and weekly.base and placement:
            at_switch = placement * weekly.switch / weekly.base
            if self.realised_annual < at_switch:
                out.append(Crossing("annual saving", self.realised_annual, at_switch))
        return tuple(out)


@dataclass(frozen=True)
class Crossing:
    """A realised figure past its switching value: 'occupancy' (per cent) or 'annual saving'
    (pounds a year)."""

    figure: str
    realised: Decimal
    switching_value: Decimal

    def __str__(self) -> str:
        if self.figure == "occupancy":
            return (
                f"occupancy of {_pct1(self.realised)} is below its switching value of "
                f"{_pct1(self.switching_value)}"
            )
        return (
            f"realised saving of {format_money_short(self.realised)} a year is below its "
            f"switching value of {format_money_short(self.switching_value)} a year"
        )


def _pct1(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"


def against_cases(partnership, cases, *, as_at: date) -> list[AgainstCase]:
    """For each of `cases` (workpackages.figures.CaseFigures, such as the approved ones) whose
    work package has a CIP home open by `as_at`: its log evidence beside its projection. Three
    queries whatever the number of cases and children: the cases' assumptions, their homes,
    the homes' episodes (no external prices)."""
    from workpackages.business_cases.models import BusinessCase

    if not cases:
        return []
    rows = {
        c.pk: c
        for c in BusinessCase.objects.filter(pk__in=[c.pk for c in cases]).only(
            "pk", "work_package_id", "counterfactual_weekly_cost", "occupancy_pct"
        )
    }
    homes_of: dict[int, list[Home]] = {}
    for home in Home.objects.filter(
        work_package_id__in={r.work_package_id for r in rows.values()}, opened_on__lte=as_at
    ).order_by("opened_on", "pk"):
        homes_of.setdefault(home.work_package_id, []).append(home)
    if not homes_of:
        return []
    all_homes = [h for homes in homes_of.values() for h in homes]
    episodes = _episodes(partnership.pk, all_homes, as_at)
    out = []
    for figures in cases:
        row = rows.get(figures.pk)
        homes = tuple(homes_of.get(row.work_package_id, ())) if row else ()
        if not homes:
            continue
        out.append(
            AgainstCase(
                figures,
                _assemble(
                    None,  # the work package is only read for the external prices
                    homes,
                    _placed(homes, episodes),
                    row.counterfactual_weekly_cost,
                    as_at,
                    row.occupancy_pct,
                    compare=False,
                ),
            )
        )
    return out
