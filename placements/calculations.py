"""The placement measures as pure arithmetic over plain values (dates, Decimals, tuples).

An SSDA903 episode runs from DECOM up to DEC: the day an episode ceases is the day the next
one starts, so an episode covers the days [start, end) and is open on `day` when
start <= day < end (an open episode has no end). Periods are inclusive of both dates.
"""

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from itertools import pairwise

PENNY = Decimal("0.01")
TENTH = Decimal("0.1")


class Category(StrEnum):
    FOSTERING_IN_HOUSE = "fostering_in_house", "Fostering: in-house"
    FOSTERING_IFA = "fostering_ifa", "Fostering: independent agency (IFA)"
    FOSTERING_FAMILY = "fostering_family", "Fostering: family and friends"
    RESIDENTIAL_IN_HOUSE = "residential_in_house", "Residential: in-house"
    RESIDENTIAL_EXTERNAL = "residential_external", "Residential: external"
    SUPPORTED = "supported", "Supported accommodation"
    OTHER = "other", "Other"

    def __new__(cls, value, label):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member


FAMILY_FOSTERING = frozenset({"U1", "U2", "U3"})
OTHER_FOSTERING = frozenset({"U4", "U5", "U6"})
RESIDENTIAL = frozenset({"K1", "K2", "R1"})
SUPPORTED = frozenset({"H5", "K3", "P2"})
# DfE: episodes under an agreed series of short breaks are left out of the looked-after counts.
SHORT_BREAKS = frozenset({"V3", "V4"})
ADULT_AGE = 18  # a child is looked after until the 18th birthday
# A new episode whose reason is a change of legal status only is not a new placement.
LEGAL_STATUS_ONLY = "L"


def category(place: str, provider: str) -> Category:
    """The board's placement category from the SSDA903 PLACE and PLACE_PROVIDER codes."""
    own = provider == "PR1"
    if place in FAMILY_FOSTERING:
        return Category.FOSTERING_FAMILY
    if place in OTHER_FOSTERING:
        return Category.FOSTERING_IN_HOUSE if own else Category.FOSTERING_IFA
    if place in RESIDENTIAL:
        return Category.RESIDENTIAL_IN_HOUSE if own else Category.RESIDENTIAL_EXTERNAL
    if place in SUPPORTED:
        return Category.SUPPORTED
    return Category.OTHER


def postcode_district(postcode: str) -> str:
    """The outward code ('LE11') of a full or partial postcode ('LE11 3AB', 'LE11 3', 'LE113AB')."""
    text = " ".join(postcode.upper().split())
    if not text:
        return ""
    if " " in text:
        return text.split(" ", 1)[0]
    return text[:-3] if len(text) > 4 else text


PARTIAL_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]?( [0-9])?$")
_FULL_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][0-9A-Z]?) ?([0-9])[A-Z]{2}$")


def postcode_sector(postcode: str) -> str:
    """A full postcode cut to its sector ('LE11 3AB' -> 'LE11 3'), so that no address-level
    postcode is kept; a partial postcode is only tidied."""
    text = " ".join(postcode.upper().split())
    full = _FULL_POSTCODE.match(text)
    return f"{full.group(1)} {full.group(2)}" if full else text


def parse_districts(text: str) -> frozenset[str]:
    """Districts typed as 'LE1, LE2 LE3' (commas, spaces or new lines between them)."""
    return frozenset(part for part in text.upper().replace(",", " ").split() if part)


def in_county(pl_post: str, districts: Iterable[str]) -> bool | None:
    """True when the placement postcode lies in one of the districts; None when unknown:
    no postcode, or no districts set for the county (then nothing is out of county)."""
    district = postcode_district(pl_post or "")
    districts = set(districts)
    if not district or not districts:
        return None
    return district in districts


def price_per_quality(price: Decimal | None, quality: Decimal | None) -> Decimal | None:
    """The 2012 regional frameworks' ranking figure: price divided by quality score."""
    if price is None or not quality:
        return None
    return (price / quality).quantize(PENNY, ROUND_HALF_UP)


def rate_per_10000(children: int, population: int | None) -> Decimal | None:
    if not population:
        return None
    return (Decimal(children) * 10000 / Decimal(population)).quantize(TENTH, ROUND_HALF_UP)


def share(part: int | Decimal, whole: int | Decimal) -> Decimal | None:
    """A percentage to one decimal place; None when there is nothing to divide."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(TENTH, ROUND_HALF_UP)


def days_in_period(start: date, end: date | None, first: date, last: date) -> int:
    """Days of the episode [start, end) that fall within the period first..last inclusive."""
    stop = min(end, last + timedelta(days=1)) if end else last + timedelta(days=1)
    return max(0, (stop - max(start, first)).days)


def spend(days: int, weekly_cost: Decimal) -> Decimal:
    """Days × weekly cost ÷ 7, unrounded (round totals, not parts)."""
    return Decimal(days) * weekly_cost / 7


@dataclass(frozen=True)
class CostLine:
    """A share of a period: its category, days in the period and cost. Either one episode
    (its weekly cost) or several alike, summed in the database (`day_cost`: the total of
    days × weekly cost, so the spend is day_cost ÷ 7); a line without either is uncosted."""

    category: Category
    days: int
    weekly_cost: Decimal | None
    route: str = ""
    cip: bool = False
    # Like-for-like comparison group for cost avoided, e.g. placement type and age band.
    group: str = ""
    day_cost: Decimal | None = None

    @property
    def costed(self) -> bool:
        return self.weekly_cost is not None or self.day_cost is not None

    @property
    def amount(self) -> Decimal:
        if self.day_cost is not None:
            return self.day_cost / 7
        return spend(self.days, self.weekly_cost)

    def avoided(self, average: Decimal) -> Decimal:
        """What the line would have cost at `average` a week, less what it cost."""
        if self.day_cost is not None:
            return spend(self.days, average) - self.amount
        return spend(self.days, average - self.weekly_cost)


@dataclass
class SpendSummary:
    total: Decimal = Decimal(0)
    by_category: dict[Category, Decimal] = field(default_factory=dict)
    average_weekly: dict[Category, Decimal] = field(default_factory=dict)
    uncosted_days: int = 0
    off_framework_share: Decimal | None = None
    cip_days: int = 0
    cip_spend: Decimal = Decimal(0)
    cost_avoided: Decimal | None = None


def summarise_spend(lines: Iterable[CostLine]) -> SpendSummary:
    """Spend by category, the day-weighted average weekly cost of each (outside the CIP's own
    provision), the share of bought spend that was off-framework (spot), and the cost the
    CIP's provision avoided: its days × (the average weekly cost of other placements in the
    same comparison group − its own weekly cost) ÷ 7."""
    money: dict[Category, Decimal] = defaultdict(Decimal)
    external_money: dict[Category, Decimal] = defaultdict(Decimal)
    external_days: dict[Category, int] = defaultdict(int)
    group_money: dict[str, Decimal] = defaultdict(Decimal)
    group_days: dict[str, int] = defaultdict(int)
    routes: dict[str, Decimal] = defaultdict(Decimal)
    cip: list[CostLine] = []
    uncosted = 0
    for line in lines:
        if line.days <= 0:
            continue
        if not line.costed:
            uncosted += line.days
            continue
        amount = line.amount
        money[line.category] += amount
        routes[line.route] += amount
        if line.cip:
            cip.append(line)
            continue
        external_money[line.category] += amount
        external_days[line.category] += line.days
        group_money[line.group] += amount
        group_days[line.group] += line.days
    summary = SpendSummary(uncosted_days=uncosted)
    summary.by_category = {c: money[c].quantize(PENNY, ROUND_HALF_UP) for c in Category}
    summary.total = sum(summary.by_category.values(), Decimal(0))
    summary.average_weekly = {
        c: (external_money[c] * 7 / external_days[c]).quantize(PENNY, ROUND_HALF_UP)
        for c in Category
        if external_days[c]
    }
    summary.off_framework_share = share(routes["spot"], routes["spot"] + routes["framework"])
    if cip:
        summary.cip_days = sum(x.days for x in cip)
        summary.cip_spend = sum((x.amount for x in cip), Decimal(0)).quantize(PENNY, ROUND_HALF_UP)
        avoided = Decimal(0)
        for x in cip:
            if group_days[x.group]:
                average = group_money[x.group] * 7 / group_days[x.group]
                avoided += x.avoided(average)
        summary.cost_avoided = avoided.quantize(PENNY, ROUND_HALF_UP)
    return summary


# --- DfE stability indicators -------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """One episode of one child, for the stability measures."""

    child: int
    start: date
    end: date | None
    rne: str
    ls: str = ""


@dataclass(frozen=True)
class Stability:
    looked_after: int
    three_plus_placements: int
    two_year_cohort: int
    two_year_three_plus: int
    long_term_cohort: int
    long_term_stable: int

    @property
    def three_plus_share(self) -> Decimal | None:
        return share(self.three_plus_placements, self.looked_after)

    @property
    def two_year_share(self) -> Decimal | None:
        return share(self.two_year_three_plus, self.two_year_cohort)

    @property
    def long_term_share(self) -> Decimal | None:
        return share(self.long_term_stable, self.long_term_cohort)


def subtract_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def subtract_months(day: date, months: int) -> date:
    """The same day `months` earlier, or the last day of that month when it is shorter."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    following = date(year + (month == 12), month % 12 + 1, 1)
    return min(
        day.replace(year=year, month=month, day=1) + timedelta(days=day.day - 1),
        following - timedelta(days=1),
    )


def is_open(span: Span, day: date) -> bool:
    return span.start <= day and (span.end is None or span.end > day)


def placements_between(spans: list[Span], first: date, last: date) -> int:
    """Placements a child had in first..last: the first episode overlapping the window counts
    as one, and each later one counts unless it began for a change of legal status only."""
    count = 0
    for span in spans:
        if days_in_period(span.start, span.end, first, last) <= 0:
            continue
        if count == 0 or span.rne != LEGAL_STATUS_ONLY:
            count += 1
    return count


def care_started(spans: list[Span], day: date) -> date:
    """The start of the continuous period of care that is open on `day` (spans sorted)."""
    index = next(i for i, s in enumerate(spans) if is_open(s, day))
    start = spans[index].start
    while index > 0 and spans[index - 1].end == start:
        index -= 1
        start = spans[index].start
    return start


def placement_started(spans: list[Span], day: date) -> date:
    """The start of the placement open on `day`: legal-status-only changes do not end it."""
    index = next(i for i, s in enumerate(spans) if is_open(s, day))
    while (
        index > 0
        and spans[index].rne == LEGAL_STATUS_ONLY
        and spans[index - 1].end == spans[index].start
    ):
        index -= 1
    return spans[index].start


def age_on(birth: tuple[int, int], day: date) -> int:
    """Age in whole years, taking the 1st of the birth month as the birthday (we keep only
    month and year), so a child is never counted younger than they are."""
    year, month = birth
    return day.year - year - (1 if (day.month, 1) < (month, 1) else 0)


def stability_window_start(year_end: date) -> date:
    """The earliest day the stability indicators for `year_end` look at. An episode that ended
    before it changes none of them: it lies outside the year and the two-year window, and a
    period of care or placement reaching back past it already began before both the
    30-month and the 2-year thresholds, whatever came earlier. So the spans handed to
    `stability` may leave such episodes out (the measures' query does, to read fewer rows)."""
    return subtract_months(year_end, 30)


def stability(
    spans: Iterable[Span], *, year_end: date, births: dict[int, tuple[int, int]]
) -> Stability:
    """The DfE placement stability indicators for the year ending `year_end` (31 March).

    1. Children looked after at 31 March with 3 or more placements during the year.
    2. Children looked after at 31 March, continuously for at least 2 years, with 3 or more
       placements in those 2 years.
    3. Long-term stability: children under 16 at 31 March, looked after continuously for at
       least 2.5 years, who had lived in the same placement for at least 2 years.
    Children whose episode at 31 March is a short break (legal status V3/V4) are excluded,
    and so are those 18 or over at 31 March (`births`: {child: (year, month)}).
    """
    by_child: dict[int, list[Span]] = defaultdict(list)
    for span in spans:
        by_child[span.child].append(span)
    year_start = subtract_years(year_end, 1) + timedelta(days=1)
    two_years_ago = subtract_years(year_end, 2)
    thirty_months_ago = subtract_months(year_end, 30)
    counts = dict.fromkeys(("looked", "three", "cohort2", "three2", "cohort_lt", "stable_lt"), 0)
    for child, child_spans in by_child.items():
        child_spans.sort(key=lambda s: s.start)
        current = next((s for s in child_spans if is_open(s, year_end)), None)
        if current is None or current.ls in SHORT_BREAKS:
            continue
        birth = births.get(child)
        if birth and age_on(birth, year_end) >= ADULT_AGE:
            continue  # 18 or over: no longer a child looked after
        counts["looked"] += 1
        if placements_between(child_spans, year_start, year_end) >= 3:
            counts["three"] += 1
        began = care_started(child_spans, year_end)
        if began <= two_years_ago:
            counts["cohort2"] += 1
            window_start = two_years_ago + timedelta(days=1)
            if placements_between(child_spans, window_start, year_end) >= 3:
                counts["three2"] += 1
        if birth and age_on(birth, year_end) < 16 and began <= thirty_months_ago:
            counts["cohort_lt"] += 1
            if placement_started(child_spans, year_end) <= two_years_ago:
                counts["stable_lt"] += 1
    return Stability(
        looked_after=counts["looked"],
        three_plus_placements=counts["three"],
        two_year_cohort=counts["cohort2"],
        two_year_three_plus=counts["three2"],
        long_term_cohort=counts["cohort_lt"],
        long_term_stable=counts["stable_lt"],
    )


def overlapping(spans: Iterable[tuple[date, date | None]]) -> tuple[int, int] | None:
    """The indexes of the first two episodes of one child that overlap, or None.

    Episodes may touch (one ends the day the next starts) but not overlap."""
    ordered = sorted(enumerate(spans), key=lambda pair: pair[1][0])
    for (i, (_, end)), (j, (start, _)) in pairwise(ordered):
        if end is None or end > start:
            return i, j
    return None


def adult_born_by(day: date) -> int:
    """Year × 12 + month of birth at or before which a child is 18 or over on `day` (by
    `age_on`): a child born later (a larger figure) is under 18."""
    return day.year * 12 + day.month - ADULT_AGE * 12


def age_problem(birth: tuple[int, int], start: date) -> str | None:
    """Why a child born in `birth` (year, month) cannot start an episode on `start`: not yet
    born, or 18 or over (by `age_on`, the 1st of the birth month as the birthday); or None."""
    year, month = birth
    if (start.year, start.month) < (year, month):
        return f"The child is not born until {date(year, month, 1):%B %Y}, after this start date"
    age = age_on(birth, start)
    if age >= ADULT_AGE:
        return (
            f"The child (born {date(year, month, 1):%B %Y}) is {age} at this start date; a "
            f"child looked after is 0 to {ADULT_AGE - 1}"
        )
    return None
