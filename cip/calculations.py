"""Date arithmetic for the collaboration agreement: pure functions over plain values."""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier), clamped to the end of a shorter month."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)


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
