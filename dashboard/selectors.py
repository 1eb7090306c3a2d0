"""The board's dashboard as plain data: one function, `dashboard_figures`, that the dashboard
page and the board pack PDF (reports/) both render.

Every figure is read through the apps' own readers (funding.figures, workpackages.figures,
briefs.figures, board.figures, placements.measures) and pure calculations, so it is the same
number the page behind it shows; this module only shapes them and adds the links. The
database does the counting, so the number of queries is fixed whatever the number of rows.

Every figure is as at the chosen date. Dated records (contract years, awards, placement episodes,
the timelines of briefs and work packages, actions raised at meetings, risks raised and
closed, bids' stages, agenda items and decisions, all read from their history where they
keep no dates of their own) are read as they stood; each figure carries its own `as_at`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.http import urlencode

from board import calculations as board_calculations
from board import figures as board_figures
from briefs import figures as brief_figures
from briefs.models import DesignBrief
from cip import calculations as contract_calculations
from cip.models import Partnership
from cip.money import format_money_short
from cip.periods import financial_year_bounds, month_ends
from forecast import figures as forecast_figures
from funding import calculations as funding_calculations
from funding import figures as funding_figures
from placements import calculations as placement_calculations
from placements import codes as placement_codes
from placements import measures as placement_measures
from placements.models import Episode
from workpackages import evidence as case_evidence
from workpackages import figures as case_figures
from workpackages.models import WorkPackage

ZERO = Decimal(0)
RESIDENTIAL_CATEGORIES = (
    placement_calculations.Category.RESIDENTIAL_IN_HOUSE,
    placement_calculations.Category.RESIDENTIAL_EXTERNAL,
)
# How many rows of a list (overdue actions, decisions awaiting) the dashboard shows.
LIST_LIMIT = 5


# --- the plain data ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    """A count (or amount) with the page that lists the records behind it."""

    label: str
    value: int | Decimal
    url: str


@dataclass
class ContractFigures:
    as_at: date
    url: str
    has_agreement: bool
    position: contract_calculations.ContractPosition


@dataclass
class FundingFigures:
    as_at: date  # secured figures
    pipeline_as_at: date  # the bids' stages as they stood at the end of the as-at date
    financial_year: str
    secured: Decimal
    awards: int
    headline: funding_calculations.HeadlineCheck
    secured_in_year: Decimal
    secured_by_year: list[tuple[str, Decimal]]
    weighted_pipeline: Decimal
    pipeline_requested: Decimal
    open_bids: int
    totals_url: str
    pipeline_url: str


@dataclass
class DeliveryFigures:
    as_at: date
    stages: list[str]  # stage labels, the rows of the grid
    rags: list[str]  # RAG labels, the columns of the grid
    grid: list[tuple[Link, list[Link]]]  # per stage: its total, then one cell per RAG
    rag_totals: list[Link]
    work_packages: Link
    briefs: list[Link]
    briefs_total: Link


@dataclass
class CaseFigures:
    as_at: date  # cases approved, and savings realised in periods ended, by this date
    approved: int
    projected_annual: Decimal
    list_url: str
    cases: list[case_figures.CaseFigures]
    years: list[str]  # the savings line's periods
    projected_cumulative: list[Decimal]
    realised_cumulative: list[Decimal]
    # Each approved case with a CIP home: its savings and occupancy from the placement log
    # beside its projection (workpackages.evidence.against_cases).
    log: list[case_evidence.AgainstCase] = field(default_factory=list)


@dataclass
class PlacementFigures:
    as_at: date  # counts at this date
    first: date  # spend from this date to `as_at`
    financial_year: str
    measures_url: str
    episodes_url: str
    matches_measures_page: bool  # True when as_at is the year's 31 March
    looked_after: int
    rate: Decimal | None
    comparators: list[tuple[str, Decimal | None]]
    population_set: bool
    trend: list[tuple[date, int]]
    in_county: int
    out_of_county: int
    location_unknown: int
    in_county_share: Decimal | None
    residential: int
    residential_external: int
    residential_spend: Decimal
    spend_total: Decimal
    average_weekly: list[tuple[str, Decimal]]
    uncosted_days: int
    stability: placement_calculations.Stability | None
    cip_placements: int
    cip_days: int
    cip_spend: Decimal
    cost_avoided: Decimal | None


@dataclass(frozen=True)
class AwaitingDecision:
    title: str
    meeting: str
    meeting_date: date
    url: str


@dataclass(frozen=True)
class OverdueAction:
    description: str
    owner: str
    due: date


@dataclass
class GovernanceFigures:
    as_at: date  # decisions awaiting: as at the chosen date
    actions_as_at: date
    risks_as_at: date
    heat_map: list[list[board_calculations.HeatCell]]
    amber_from: int
    red_from: int
    open_risks: int
    red_risks: int
    risks_url: str
    open_actions: int
    overdue_actions: int
    oldest_overdue: list[OverdueAction]
    actions_url: str
    overdue_url: str
    awaiting: int
    awaiting_items: list[AwaitingDecision]
    meetings_url: str


@dataclass
class DashboardFigures:
    partnership: str
    as_at: date
    financial_year: str
    contract: ContractFigures
    funding: FundingFigures
    delivery: DeliveryFigures
    cases: CaseFigures
    placements: PlacementFigures
    governance: GovernanceFigures
    forecast: forecast_figures.ForecastFigures | None = None  # the latest ready by as_at


# --- the sections -----------------------------------------------------------------------------


def _url(name: str, partnership: Partnership, **query) -> str:
    url = reverse(name, kwargs={"slug": partnership.slug})
    return f"{url}?{urlencode(query)}" if query else url


def _terms(partnership: Partnership) -> dict:
    """The agreement's terms and the board's RAG bands: one query."""
    row = (
        Partnership.objects.filter(pk=partnership.pk)
        .values(
            "agreement__commencement_date",
            "agreement__maximum_term_years",
            "agreement__renewal_period_months",
            "agreement__termination_notice_months",
            "board_settings__amber_from",
            "board_settings__red_from",
        )
        .first()
    )
    return row or {}


def _contract(partnership: Partnership, terms: dict, as_at: date) -> ContractFigures:
    commencement = terms.get("agreement__commencement_date")
    return ContractFigures(
        as_at=as_at,
        url=partnership.get_absolute_url(),
        has_agreement=commencement is not None,
        position=contract_calculations.contract_position(
            commencement=commencement,
            term_years=terms.get("agreement__maximum_term_years"),
            period_months=terms.get("agreement__renewal_period_months"),
            notice_months=terms.get("agreement__termination_notice_months"),
            years=partnership.contract_years.values_list(
                "number", "start_date", "end_date", "status"
            ),
            as_at=as_at,
        ),
    )


def _funding(partnership: Partnership, as_at: date, year: str) -> FundingFigures:
    """From funding's reader: awards decided by the date; the pipeline as it stood then."""
    f = funding_figures.figures(partnership, as_at=as_at)
    totals = f.totals
    return FundingFigures(
        as_at=as_at,
        pipeline_as_at=as_at,
        financial_year=year,
        secured=totals.secured,
        awards=totals.won,
        headline=f.headline,
        secured_in_year=f.secured_in(year),
        secured_by_year=totals.secured_by_year,
        weighted_pipeline=totals.weighted_pipeline,
        pipeline_requested=totals.pipeline_requested,
        open_bids=totals.open_bids,
        totals_url=_url("funding:totals", partnership, as_at=as_at.isoformat()),
        pipeline_url=_url("funding:pipeline", partnership),
    )


_NO_RAG = "Not set"


def _delivery(partnership: Partnership, as_at: date) -> DeliveryFigures:
    """Work packages by stage and RAG, and briefs by status, as at the date: the two apps'
    readers, one query each."""
    list_name = "workpackages:work-package-list"
    counts = case_figures.stage_rag_counts(partnership, as_at=as_at)
    rags = [*WorkPackage.Rag.choices, ("", _NO_RAG)]
    grid = []
    for stage, stage_label in WorkPackage.Stage.choices:
        cells = [
            Link(
                f"{stage_label}, {rag_label}",
                counts.get((stage, rag), 0),
                # The list cannot filter for "no RAG status", so that cell links nowhere.
                _url(list_name, partnership, stage=stage, rag=rag) if rag else "",
            )
            for rag, rag_label in rags
        ]
        total = sum(n for (s, _), n in counts.items() if s == stage)
        grid.append((Link(stage_label, total, _url(list_name, partnership, stage=stage)), cells))
    rag_totals = [
        Link(
            rag_label,
            sum(n for (_, r), n in counts.items() if r == rag),
            _url(list_name, partnership, rag=rag) if rag else "",
        )
        for rag, rag_label in rags
    ]
    brief_counts = brief_figures.status_counts(partnership, as_at=as_at)
    briefs = [
        Link(
            label, brief_counts.get(value, 0), _url("briefs:brief-list", partnership, status=value)
        )
        for value, label in DesignBrief.Status.choices
    ]
    return DeliveryFigures(
        as_at=as_at,
        stages=[label for _, label in WorkPackage.Stage.choices],
        rags=[label for _, label in rags],
        grid=grid,
        rag_totals=rag_totals,
        work_packages=Link("Work packages", sum(counts.values()), _url(list_name, partnership)),
        briefs=briefs,
        briefs_total=Link(
            "Design briefs", sum(brief_counts.values()), _url("briefs:brief-list", partnership)
        ),
    )


def _business_cases(partnership: Partnership, as_at: date) -> CaseFigures:
    """The approved cases as at the date, from the work packages' reader."""
    cases = case_figures.approved_cases(partnership, as_at=as_at)
    line = case_figures.savings_line(cases, as_at=as_at)
    return CaseFigures(
        as_at=as_at,
        approved=len(cases),
        projected_annual=sum((c.annual_saving for c in cases), ZERO),
        list_url=_url("workpackages:business-case-list", partnership, status="approved"),
        cases=cases,
        years=line.years,
        projected_cumulative=line.projected,
        realised_cumulative=line.realised,
        log=case_evidence.against_cases(partnership, cases, as_at=as_at),
    )


def _monthly_trend(partnership: Partnership, last: date, stamp: tuple) -> list[tuple[date, int]]:
    """Children looked after at each month end, in one query: the same rule as
    Episode.objects.looked_after_on (open on the day, short breaks left out). Cached on the
    placement data's stamp, as the measures are."""
    days = month_ends(last)

    def count() -> list[tuple[date, int]]:
        # Only episodes open on one of the days can count: the rest are left to the index.
        counts = (
            Episode.objects.filter(partnership=partnership)
            .overlapping(days[0], days[-1])
            .aggregate(
                **{
                    f"d{index}": Count(
                        "child",
                        distinct=True,
                        filter=(Q(dec__isnull=True) | Q(dec__gt=day))
                        & Q(decom__lte=day)
                        & ~Q(ls__in=placement_calculations.SHORT_BREAKS),
                    )
                    for index, day in enumerate(days)
                }
            )
        )
        return [(day, counts[f"d{index}"]) for index, day in enumerate(days)]

    return placement_measures.cached(partnership, f"monthly_trend:{last}", count, stamp=stamp)


def _placements(partnership: Partnership, as_at: date, year: str) -> PlacementFigures:
    first, year_end = financial_year_bounds(year)
    last = min(year_end, as_at)
    if last < first:  # a financial year after the as-at date: nothing has happened yet
        last = first
    # One stamp of the placement data for both cached parts (placements.measures.cached).
    stamp = placement_measures.data_stamp(partnership)
    m = placement_measures.for_year(partnership, first=first, last=last, stamp=stamp)
    spend = m.spend
    collection_year = placement_codes.collection_year(first)
    return PlacementFigures(
        as_at=last,
        first=first,
        financial_year=year,
        measures_url=_url("placements:measures", partnership, year=collection_year),
        episodes_url=_url("placements:episode-list", partnership),
        matches_measures_page=last == year_end,
        looked_after=m.looked_after,
        rate=m.rate,
        comparators=[(c.name, c.rate) for c in m.comparators],
        population_set=bool(m.settings.under_18_population),
        trend=_monthly_trend(partnership, last, stamp),
        in_county=m.in_county,
        out_of_county=m.out_of_county,
        location_unknown=m.location_unknown,
        in_county_share=m.in_county_share,
        residential=m.residential,
        residential_external=m.residential_external,
        residential_spend=sum(
            (spend.by_category.get(c, ZERO) for c in RESIDENTIAL_CATEGORIES), ZERO
        ),
        spend_total=spend.total,
        average_weekly=[
            (c.label, spend.average_weekly[c])
            for c in placement_calculations.Category
            if c in spend.average_weekly
        ],
        uncosted_days=spend.uncosted_days,
        stability=m.stability,
        cip_placements=m.cip_placements,
        cip_days=spend.cip_days,
        cip_spend=spend.cip_spend,
        cost_avoided=spend.cost_avoided,
    )


def _governance(partnership: Partnership, terms: dict, as_at: date) -> GovernanceFigures:
    """Actions, risks and decisions awaiting, as at the date."""
    amber_from = terms.get("board_settings__amber_from") or board_calculations.DEFAULT_AMBER_FROM
    red_from = terms.get("board_settings__red_from") or board_calculations.DEFAULT_RED_FROM
    counts = board_figures.open_risk_cells(partnership, as_at=as_at)
    heat_map = board_calculations.heat_map(counts, amber_from=amber_from, red_from=red_from)
    red = sum(cell.count for row in heat_map for cell in row if cell.rag == board_calculations.RED)
    open_actions, overdue = board_figures.action_counts(partnership, as_at=as_at)
    oldest = [
        OverdueAction(description=str(a["description"])[:120], owner=a["owner"], due=a["due_date"])
        for a in board_figures.overdue_actions(partnership, as_at=as_at, limit=LIST_LIMIT)
    ]
    awaiting, rows = board_figures.awaiting_decisions(partnership, as_at=as_at, limit=LIST_LIMIT)
    items = [
        AwaitingDecision(
            title=row["title"],
            meeting=row["meeting__title"],
            meeting_date=row["meeting__date"],
            url=reverse(
                "board:meeting-detail", kwargs={"slug": partnership.slug, "pk": row["meeting_id"]}
            ),
        )
        for row in rows
    ]
    return GovernanceFigures(
        as_at=as_at,
        actions_as_at=as_at,
        risks_as_at=as_at,
        heat_map=heat_map,
        amber_from=amber_from,
        red_from=red_from,
        open_risks=sum(counts.values()),
        red_risks=red,
        risks_url=_url("board:risk-list", partnership),
        open_actions=open_actions,
        overdue_actions=overdue,
        oldest_overdue=oldest,
        actions_url=_url("board:action-list", partnership),
        overdue_url=_url("board:action-list", partnership, overdue="yes"),
        awaiting=awaiting,
        awaiting_items=items,
        meetings_url=_url("board:meeting-list", partnership),
    )


def dashboard_figures(
    partnership: Partnership, *, as_at: date, financial_year: str
) -> DashboardFigures:
    """Every figure of the board's dashboard, as plain data (dates, ints, Decimals, strings,
    URLs). `financial_year` is written as councils write it: '2020/21'."""
    financial_year_bounds(financial_year)  # refuse a malformed year before any query
    terms = _terms(partnership)
    return DashboardFigures(
        partnership=partnership.name,
        as_at=as_at,
        financial_year=financial_year,
        contract=_contract(partnership, terms, as_at),
        funding=_funding(partnership, as_at, financial_year),
        delivery=_delivery(partnership, as_at),
        cases=_business_cases(partnership, as_at),
        placements=_placements(partnership, as_at, financial_year),
        governance=_governance(partnership, terms, as_at),
        forecast=forecast_figures.latest(partnership, as_at=as_at),
    )


def _day(day: date) -> str:
    return f"{day:%-d %B %Y}"


def percent_text(value: Decimal | None) -> str:
    """40.3%: one decimal place, halves up (as the pages' floatformat writes it)."""
    if value is None:
        return "Not known"
    return f"{value.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"


def log_row(item: case_evidence.AgainstCase) -> tuple[str, str, str]:
    """One approved case's savings and occupancy from the placement log against its case."""
    e = item.evidence
    assumed = f"{e.assumption.normalize():f}%" if e.assumption is not None else "none"
    return (
        f"{item.title}: from the placement log",
        f"{format_money_short(item.realised)} realised against "
        f"{format_money_short(item.projected)} projected; occupancy "
        f"{percent_text(e.occupancy_pct)} against {assumed} assumed",
        _day(e.as_at),
    )


def _share(value: Decimal | None) -> str:
    return "Not known" if value is None else f"{value}%"


def _days(days: int) -> str:
    if days == 0:
        return "today"
    return f"in {days:,} days" if days > 0 else f"{-days:,} days ago"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def headline_rows(figures: DashboardFigures) -> list[tuple[str, str, str]]:
    """The dashboard's figures as (figure, value, as at) text rows, in the page's order: for a
    board pack's table (reports/) or any other plain rendering."""
    c, fu, d, cs, p, g = (
        figures.contract,
        figures.funding,
        figures.delivery,
        figures.cases,
        figures.placements,
        figures.governance,
    )
    position, outlook = c.position, c.position.outlook
    year = f"Year {position.year}" if position.year else "None"
    if position.year and not position.recorded:
        year += " (not recorded; from the agreement's yearly renewal)"
    rows = [("Current contract year", year, _day(c.as_at))]
    if outlook:
        rows += [
            (
                f"Next continuation decision (into year {outlook.next_year_number})",
                f"{_days(outlook.days_to_decision)}, {_day(outlook.next_year_starts)}"
                + (": overdue" if outlook.overdue else ""),
                _day(c.as_at),
            ),
            (
                "Termination notice date",
                f"{_days(outlook.days_to_notice)}, {_day(outlook.notice_deadline)}",
                _day(c.as_at),
            ),
        ]
    rows += [
        (
            "Funding secured to date",
            f"{format_money_short(fu.secured)} from {_count(fu.awards, 'award')} "
            f"({fu.headline.percent_of_stated}% of the board's “almost "
            f"{format_money_short(fu.headline.stated)}”)",
            _day(fu.as_at),
        ),
        (
            f"Funding secured in {fu.financial_year}",
            format_money_short(fu.secured_in_year),
            _day(fu.as_at),
        ),
        (
            "Weighted bid pipeline",
            f"{format_money_short(fu.weighted_pipeline)} from {_count(fu.open_bids, 'open bid')}",
            _day(fu.pipeline_as_at),
        ),
        (
            "Projected annual savings of approved business cases",
            f"{format_money_short(cs.projected_annual)} from {_count(cs.approved, 'case')}",
            _day(cs.as_at),
        ),
    ]
    if cs.years:
        rows.append(
            (
                "Savings realised",
                f"{format_money_short(cs.realised_cumulative[-1])} against "
                f"{format_money_short(cs.projected_cumulative[-1])} projected",
                _day(cs.as_at),
            )
        )
    rows += [log_row(item) for item in cs.log]
    rows += [
        (
            "Work packages",
            f"{d.work_packages.value}: "
            + ", ".join(f"{link.value} {link.label.lower()}" for link in d.rag_totals),
            _day(d.as_at),
        ),
        (
            "Design briefs",
            f"{d.briefs_total.value}: "
            + ", ".join(f"{link.value} {link.label.lower()}" for link in d.briefs if link.value),
            _day(d.as_at),
        ),
        (
            "Children looked after",
            f"{p.looked_after}, {p.rate if p.rate is not None else 'rate not known'} per 10,000 ("
            + "; ".join(f"{name} {rate}" for name, rate in p.comparators if rate is not None)
            + ")",
            _day(p.as_at),
        ),
        ("Placed in county", _share(p.in_county_share), _day(p.as_at)),
        (
            "Residential placements",
            f"{p.residential} ({p.residential_external} external); spend "
            f"{format_money_short(p.residential_spend)} since {_day(p.first)}",
            _day(p.as_at),
        ),
        (
            "Three or more placements in the year",
            _share(p.stability.three_plus_share if p.stability else None),
            _day(p.as_at),
        ),
        (
            "Placements in CIP provision",
            f"{p.cip_placements}; spend {format_money_short(p.cip_spend)} since {_day(p.first)}",
            _day(p.as_at),
        ),
        ("Open risks", f"{g.open_risks}, of which {g.red_risks} red", _day(g.risks_as_at)),
        (
            "Overdue actions",
            f"{g.overdue_actions} of {g.open_actions} open",
            _day(g.actions_as_at),
        ),
        ("Decisions awaiting the board", str(g.awaiting), _day(g.as_at)),
    ]
    return rows
