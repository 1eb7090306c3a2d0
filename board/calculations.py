"""The board's arithmetic: risk scores and RAG bands, the heat map, overdue actions and the
continuation warning. Pure functions over plain values, tested without a database."""

from dataclasses import dataclass
from datetime import date, timedelta

from cip.calculations import ContinuationOutlook
from cip.periods import add_months

# A common 5 by 5 banding: 1 to 4 green, 5 to 12 amber, 15 to 25 red (13, 14 cannot occur).
DEFAULT_AMBER_FROM = 5
DEFAULT_RED_FROM = 15
DEFAULT_WARNING_DAYS = 60

GREEN, AMBER, RED = "green", "amber", "red"


def risk_score(likelihood: int, impact: int) -> int:
    if not (1 <= likelihood <= 5 and 1 <= impact <= 5):
        raise ValueError("likelihood and impact are each from 1 to 5")
    return likelihood * impact


def rag(
    score: int, *, amber_from: int = DEFAULT_AMBER_FROM, red_from: int = DEFAULT_RED_FROM
) -> str:
    if score >= red_from:
        return RED
    if score >= amber_from:
        return AMBER
    return GREEN


@dataclass(frozen=True)
class HeatCell:
    likelihood: int
    impact: int
    score: int
    rag: str
    count: int


def heat_map(
    counts: dict[tuple[int, int], int], *, amber_from: int, red_from: int
) -> list[list[HeatCell]]:
    """Rows from impact 5 (top) down to 1; columns likelihood 1 to 5, as risk maps are drawn.

    `counts` maps (likelihood, impact) to the number of risks there."""
    return [
        [
            HeatCell(
                likelihood=likelihood,
                impact=impact,
                score=likelihood * impact,
                rag=rag(likelihood * impact, amber_from=amber_from, red_from=red_from),
                count=counts.get((likelihood, impact), 0),
            )
            for likelihood in range(1, 6)
        ]
        for impact in range(5, 0, -1)
    ]


def score_history(rows: list[tuple[date, int, int]]) -> list[tuple[date, int, int, int]]:
    """From (date, likelihood, impact) in time order, the points where the score or its parts
    changed: (date, likelihood, impact, score)."""
    points: list[tuple[date, int, int, int]] = []
    for day, likelihood, impact in rows:
        if points and (points[-1][1], points[-1][2]) == (likelihood, impact):
            continue
        points.append((day, likelihood, impact, likelihood * impact))
    return points


def action_overdue(*, due: date, is_open: bool, today: date) -> bool:
    return is_open and due < today


def continuation_warning(
    outlook: ContinuationOutlook | None, *, warning_days: int
) -> ContinuationOutlook | None:
    """The next continuation decision (cip.calculations.next_continuation) while every member
    should be warned of it: from `warning_days` before its termination-notice date until the
    board decides. None outside that window, or when no decision is to come."""
    if outlook is None or outlook.days_to_notice > warning_days:
        return None
    return outlook


def monthly_dates(first: date, last: date, *, weekday: int = 1, week: int = 2) -> list[date]:
    """The `week`th `weekday` (Monday 0) of each month from `first`'s month to `last`'s: the
    board's regular meeting days."""
    days = []
    month = date(first.year, first.month, 1)
    while month <= last:
        offset = (weekday - month.weekday()) % 7
        day = month + timedelta(days=offset + 7 * (week - 1))
        if first <= day <= last:
            days.append(day)
        month = add_months(month, 1)
    return days


def decision_reference(year: int, number: int) -> str:
    """A decision's stable reference: its number among its year's decisions, CIP-2021-07."""
    return f"CIP-{year}-{number:02d}"


def quorum_shortfall(*, present_sides: list[str], minimum: int, each_side: bool) -> str | None:
    """Why the members present (each as the side of the partnership they come from: "council",
    "partner" or "") are not a quorum of at least `minimum`, with one from each side when
    `each_side`; None when they are."""
    problems = []
    if len(present_sides) < minimum:
        problems.append(
            f"{len(present_sides)} member{'' if len(present_sides) == 1 else 's'} of the "
            f"partnership recorded as present, and the quorum is {minimum}"
        )
    if each_side:
        missing = [
            name
            for side, name in (("council", "the council"), ("partner", "the partner"))
            if side not in present_sides
        ]
        if missing:
            problems.append(f"no member from {' or '.join(missing)} recorded as present")
    if not problems:
        return None
    return (
        "The meeting is not quorate: "
        + "; ".join(problems)
        + ". Record who attended before recording a decision."
    )


def proposal_status(*, deadline: date, carried_on: date | None, as_at: date) -> str:
    """A written procedure as at a date: "carried" from the day a quorum voted for it,
    "lapsed" after its deadline without that, "open" until then."""
    if carried_on is not None and carried_on <= as_at:
        return "carried"
    if as_at > deadline:
        return "lapsed"
    return "open"


# A forward plan gives at least 28 clear days' notice of each decision it lists.
NOTICE_DAYS = 28


def notice_days(*, added_on: date, meeting_date: date) -> int:
    return (meeting_date - added_on).days


def short_notice(*, added_on: date, meeting_date: date) -> bool:
    """True when the entry went on the plan fewer than NOTICE_DAYS days before its meeting."""
    return notice_days(added_on=added_on, meeting_date=meeting_date) < NOTICE_DAYS
