"""Date arithmetic for the collaboration agreement: pure functions over plain values."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from cip.periods import add_months, add_years

_DAY = timedelta(days=1)


@dataclass(frozen=True)
class ContinuationOutlook:
    """When the board must next decide whether the partnership continues."""

    next_year_number: int
    next_year_starts: date
    notice_deadline: date
    days_to_decision: int
    days_to_notice: int

    @property
    def overdue(self) -> bool:
        return self.days_to_decision < 0

    @property
    def notice_passed(self) -> bool:
        return self.days_to_notice < 0


def continuation_outlook(
    *,
    last_year_number: int,
    last_year_end: date,
    agreement_ends: date,
    notice_months: int,
    today: date,
) -> ContinuationOutlook | None:
    """The next continuation decision after the latest recorded contract year.

    The decision must be made before the next year starts; either party's termination
    notice must be given `notice_months` before that. None once the maximum term is reached.
    """
    next_start = last_year_end + timedelta(days=1)
    if next_start >= agreement_ends:
        return None
    notice_deadline = add_months(next_start, -notice_months)
    return ContinuationOutlook(
        next_year_number=last_year_number + 1,
        next_year_starts=next_start,
        notice_deadline=notice_deadline,
        days_to_decision=(next_start - today).days,
        days_to_notice=(notice_deadline - today).days,
    )


# A contract year's status, as ContractYear.Status stores it.
CONTINUED, ENDED = "continued", "ended"


def next_continuation(
    *,
    commencement: date,
    term_years: int,
    period_months: int | None,
    notice_months: int,
    last_continued: tuple[int, date] | None,
    first_ended: int | None,
    today: date,
) -> ContinuationOutlook | None:
    """The next continuation decision: into the year after the latest year the board has
    continued, as (number, end date). Year 1 runs from commencement and needs none, so with no
    year continued the decision is into year 2. None once the maximum term is reached, or
    when the board has decided not to continue into that year (`first_ended`, the lowest
    year recorded as ended).

    The partnership page, the dashboard (and so the board pack) and every page's continuation
    banner all read it, so they name the same decision."""
    number, end = last_continued or (1, add_months(commencement, period_months or 12) - _DAY)
    if first_ended is not None and first_ended <= number + 1:
        return None
    return continuation_outlook(
        last_year_number=number,
        last_year_end=end,
        agreement_ends=add_years(commencement, term_years),
        notice_months=notice_months,
        today=today,
    )


@dataclass(frozen=True)
class ContractPosition:
    """Where the partnership stands in its agreement on a date: the contract year the date
    falls in, and the next continuation decision."""

    year: int | None
    starts: date | None
    ends: date | None
    # False when no year is recorded for the date and the agreement's rhythm says which it is.
    recorded: bool
    outlook: ContinuationOutlook | None
    # The year the board decided not to continue into, when it did: no decision follows.
    not_continued: int | None = None


def contract_position(
    *,
    commencement: date | None,
    term_years: int | None,
    period_months: int | None,
    notice_months: int | None,
    years: Iterable[tuple[int, date, date, str]],
    as_at: date,
) -> ContractPosition:
    """The contract year containing `as_at` and the next continuation decision.

    `years` are the recorded contract years as (number, start, end, status). A recorded year
    that contains the date is the current year. Otherwise, within the agreement's term, the
    year is worked out from the commencement date and the renewal period, and marked as not
    recorded. With no agreement (`commencement` None) only a recorded year can say, and no
    decision follows.

    The next decision follows the latest year the board has continued (`next_continuation`),
    not the year the calendar has reached: a year that has begun with no continuation behind
    it shows as an overdue decision, not as a quiet continuation.
    """
    years = sorted(years)
    current = next(((n, s, e) for n, s, e, _ in years if s <= as_at <= e), None)
    is_recorded = current is not None
    if commencement is None:
        number, starts, ends = current or (None, None, None)
        return ContractPosition(number, starts, ends, recorded=is_recorded, outlook=None)
    period = period_months or 12
    if current is None and commencement <= as_at < add_years(commencement, term_years):
        elapsed = (as_at.year - commencement.year) * 12 + as_at.month - commencement.month
        if as_at.day < commencement.day:
            elapsed -= 1
        number = elapsed // period + 1
        starts = add_months(commencement, (number - 1) * period)
        current = (number, starts, add_months(commencement, number * period) - _DAY)
    continued = [(n, e) for n, _, e, status in years if status == CONTINUED]
    first_ended = next((n for n, _, _, status in years if status == ENDED), None)
    outlook = next_continuation(
        commencement=commencement,
        term_years=term_years,
        period_months=period,
        notice_months=notice_months,
        last_continued=continued[-1] if continued else None,
        first_ended=first_ended,
        today=as_at,
    )
    number, starts, ends = current or (None, None, None)
    return ContractPosition(
        year=number,
        starts=starts,
        ends=ends,
        recorded=is_recorded,
        outlook=outlook,
        not_continued=first_ended if outlook is None and first_ended is not None else None,
    )


def _long(day: date) -> str:
    return f"{day:%-d %B %Y}"


def contract_year_problems(
    *,
    number: int,
    start: date,
    end: date,
    previous: tuple[date, date] | None,
    following: tuple[date, date] | None,
    commencement: date | None,
    agreement_ends: date | None,
    adding: bool = True,
) -> dict[str, str]:
    """What is wrong with contract year `number` running from `start` to `end`, by field.

    Contract years run one after another with no gap and no overlap: year 1 from the
    agreement's commencement, each later year from the day after the year before it
    (`previous`, its start and end; None when not recorded) to the day before the one after
    it (`following`), and none past the agreement's maximum term (`agreement_ends`, the first
    day after it). A year is added only after the one before it; a year recorded before that
    rule (`adding` False) is checked against the neighbours it has."""
    problems: dict[str, str] = {}
    if adding and number > 1 and previous is None:
        problems["number"] = (
            f"Year {number - 1} is not recorded: contract years run one after another, "
            f"so Year {number - 1} comes first"
        )
    if number == 1 and commencement is not None and start != commencement:
        problems["start_date"] = (
            f"Year 1 starts on the agreement's commencement date, {_long(commencement)}"
        )
    if previous is not None and start != previous[1] + _DAY:
        problems["start_date"] = (
            f"Year {number} must start on {_long(previous[1] + _DAY)}, the day after "
            f"Year {number - 1} ends: contract years have no gap or overlap between them"
        )
    if following is not None and end != following[0] - _DAY:
        problems["end_date"] = (
            f"Year {number} must end on {_long(following[0] - _DAY)}, the day before "
            f"Year {number + 1} starts: contract years have no gap or overlap between them"
        )
    elif agreement_ends is not None and end >= agreement_ends:
        problems["end_date"] = (
            f"A contract year must end by {_long(agreement_ends - _DAY)}, "
            "the last day of the agreement's maximum term"
        )
    return problems


def next_year_span(
    *, previous_end: date, period_months: int | None, agreement_ends: date
) -> tuple[date, date] | None:
    """The dates of the contract year after one ending `previous_end`: from the next day for
    the renewal period, cut short at the end of the maximum term. None past the term."""
    start = previous_end + _DAY
    if start >= agreement_ends:
        return None
    end = min(add_months(start, period_months or 12) - _DAY, agreement_ends - _DAY)
    return start, end
