"""The business cases' figures, as at a date: the one reader that the case page, the
dashboard, report prefills and appendices and the board pack all call.

As at a date means: a case counts once the board approved it at a meeting held by then;
a realised saving counts once its period (a financial year or a quarter) has ended by then;
the plan's savings are counted over the same ended periods; and a payback date is "paid back
in", "not paid back by" or "forecast", never a forecast that is already past.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    Subquery,
)
from django.urls import reverse

from cip.periods import (
    day_label,
    financial_year_label,
    financial_year_start,
    month_label,
    quarter_end,
)
from workpackages import calculations
from workpackages.business_cases.models import BusinessCase, RealisedSaving
from workpackages.models import WorkPackageEvent

ZERO = Decimal(0)
QUARTERS = (1, 2, 3, 4)


@dataclass(frozen=True)
class PaybackPosition:
    on: date | None  # when the savings covered (or are forecast to cover) the investment
    reached: bool
    as_at: date

    def __str__(self) -> str:
        if self.on is None:
            return "No payback"
        if self.reached:
            return f"Paid back in {month_label(self.on)}"
        if self.on <= self.as_at:
            return f"Not paid back by {day_label(self.as_at)}"
        return f"Forecast {month_label(self.on)}"


@dataclass(frozen=True)
class Realised:
    financial_year: int
    quarter: int | None
    amount: Decimal

    @property
    def period_end(self) -> date:
        return quarter_end(self.financial_year, self.quarter)


@dataclass(frozen=True)
class CaseFigures:
    """One business case's figures as at `as_at`."""

    pk: int
    title: str
    work_package: str
    url: str
    as_at: date
    start_year: int
    approved_on: date | None
    summary: calculations.Summary
    realised_periods: tuple[Realised, ...]  # periods ended by as_at, in order

    @property
    def basis(self) -> str:
        """Which investment the board's payback target is on: 'gross' or 'net' (Property 3's
        is net of the retained asset)."""
        return "net" if self.summary.payback_target_net else "gross"

    @property
    def investment(self) -> Decimal:
        s = self.summary
        return s.net_investment if self.basis == "net" else s.gross_investment

    @property
    def annual_saving(self) -> Decimal:
        return self.summary.annual_net_saving

    @property
    def payback(self) -> calculations.Payback | None:
        return self.summary.target_payback

    @property
    def payback_text(self) -> str:
        """'5 years 3 months (gross)': the one way every surface writes a case's payback."""
        if self.payback is None:
            return "No payback"
        basis = "net of the retained asset" if self.basis == "net" else "gross"
        return f"{self.payback} ({basis})"

    @property
    def realised(self) -> Decimal:
        return sum((p.amount for p in self.realised_periods), ZERO)

    @property
    def projected(self) -> Decimal:
        """The plan's savings over the periods ended by as_at: a year's saving for each
        financial year ended, a quarter's for each quarter ended in the current one."""
        return planned_to(self.annual_saving, self.start_year, self.as_at)

    @property
    def realisation(self) -> str:
        return calculations.realisation_rag(self.realised, self.projected)

    @property
    def payback_position(self) -> PaybackPosition:
        when = calculations.payback_date(
            investment=self.investment,
            annual_saving=self.annual_saving,
            start=quarter_end(self.start_year - 1, None) + timedelta(days=1),
            realised=[(p.period_end, p.amount) for p in self.realised_periods],
        )
        if when is None:
            return PaybackPosition(on=None, reached=False, as_at=self.as_at)
        return PaybackPosition(on=when.on, reached=when.reached, as_at=self.as_at)

    def realised_by_year(self) -> dict[int, Decimal]:
        out: dict[int, Decimal] = {}
        for period in self.realised_periods:
            out[period.financial_year] = out.get(period.financial_year, ZERO) + period.amount
        return out


def planned_to(annual_saving: Decimal, start_year: int, as_at: date) -> Decimal:
    quarters = 0
    for year in range(start_year, financial_year_start(as_at) + 1):
        quarters += sum(1 for q in QUARTERS if quarter_end(year, q) <= as_at)
    return annual_saving * quarters / 4


def _ended(rows, as_at: date) -> tuple[Realised, ...]:
    periods = [Realised(r.financial_year, r.quarter, r.amount) for r in rows]
    return tuple(
        sorted(
            (p for p in periods if p.period_end <= as_at),
            key=lambda p: (p.financial_year, p.quarter or 5),
        )
    )


def for_case(case: BusinessCase, *, as_at: date, savings=None) -> CaseFigures:
    """One case (capital and cost lines prefetched). Its work package's realised savings are
    read unless given."""
    if savings is None:
        savings = RealisedSaving.objects.filter(work_package_id=case.work_package_id)
    return CaseFigures(
        pk=case.pk,
        title=case.title,
        work_package=case.work_package.title,
        url=reverse(
            "workpackages:business-case-detail",
            kwargs={"slug": case.work_package.partnership.slug, "pk": case.pk},
        ),
        as_at=as_at,
        start_year=case.start_year,
        approved_on=case.decided_on,
        summary=case.summary(),
        realised_periods=_ended(savings, as_at),
    )


def approved_cases(partnership, *, as_at: date) -> list[CaseFigures]:
    """The cases the board had approved by `as_at` (a case decided later is not shown), in
    work-package order. Four queries: the cases, their two kinds of cost line, and their work
    packages' savings."""
    cases = list(
        BusinessCase.objects.filter(
            work_package__partnership=partnership,
            status=BusinessCase.Status.APPROVED,
        )
        .filter(Q(decided_on__isnull=True) | Q(decided_on__lte=as_at))
        .select_related("work_package__partnership")
        .prefetch_related("capital_lines", "cost_lines")
        .order_by("work_package__title", "pk")
    )
    savings: dict[int, list] = {}
    for row in RealisedSaving.objects.filter(
        work_package_id__in=[c.work_package_id for c in cases],
        financial_year__lte=financial_year_start(as_at),
    ).only("work_package_id", "financial_year", "quarter", "amount"):
        savings.setdefault(row.work_package_id, []).append(row)
    return [
        for_case(case, as_at=as_at, savings=savings.get(case.work_package_id, [])) for case in cases
    ]


@dataclass(frozen=True)
class SavingsLine:
    """Cumulative savings of the approved cases by financial year, realised against the plan,
    to the year of the as-at date."""

    years: list[str]
    projected: list[Decimal]
    realised: list[Decimal]


def savings_line(cases: list[CaseFigures], *, as_at: date) -> SavingsLine:
    if not cases:
        return SavingsLine([], [], [])
    last = financial_year_start(as_at)
    by_year: dict[int, Decimal] = {}
    for case in cases:
        for year, amount in case.realised_by_year().items():
            by_year[year] = by_year.get(year, ZERO) + amount
    first = min([*(c.start_year for c in cases), *by_year, last])
    years = list(range(first, last + 1))
    projected = [
        sum(
            (
                planned_to(c.annual_saving, c.start_year, min(as_at, quarter_end(y, None)))
                for c in cases
            ),
            ZERO,
        )
        for y in years
    ]
    return SavingsLine(
        years=[financial_year_label(y) for y in years],
        projected=projected,
        realised=calculations.cumulative([by_year.get(y, ZERO) for y in years]),
    )


def stage_rag_counts(partnership, *, as_at: date) -> dict[tuple[str, str], int]:
    """{(stage, RAG status): number of work packages} as at the date, from their timelines:
    one query. The stage is the one the latest stage step by then moved to; before its first
    step a package was in that step's starting stage, or not yet on record when the step
    opened it. The RAG status is the latest set by then ("" for none). A package with no
    timeline (entered before timelines were kept) counts as it stands."""
    Kind = WorkPackageEvent.Kind
    events = WorkPackageEvent.objects.filter(work_package=OuterRef("pk"))
    stages, rags = events.filter(kind=Kind.STAGE), events.filter(kind=Kind.RAG)
    rows = (
        partnership.work_packages.annotate(
            stage_then=Subquery(
                stages.filter(date__lte=as_at).order_by("-date", "-pk").values("to_value")[:1]
            ),
            stage_before=Subquery(stages.order_by("date", "pk").values("from_value")[:1]),
            staged=Exists(stages),
            rag_then=Subquery(
                rags.filter(date__lte=as_at).order_by("-date", "-pk").values("to_value")[:1]
            ),
            rag_timed=Exists(rags),
            rag_known=ExpressionWrapper(Q(rag_set_on__lte=as_at), BooleanField()),
        )
        .values(
            "stage_then",
            "stage_before",
            "staged",
            "stage",
            "rag_then",
            "rag_timed",
            "rag_known",
            "rag",
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict[tuple[str, str], int] = {}
    for row in rows:
        stage = (row["stage_then"] or row["stage_before"]) if row["staged"] else row["stage"]
        if not stage:
            continue
        known = row["rag_then"] if row["rag_timed"] else row["rag_known"] and row["rag"]
        rag = known or ""
        counts[stage, rag] = counts.get((stage, rag), 0) + row["n"]
    return counts
