"""Periods, once: months, the UK public sector's financial year (1 April to 31 March) and the
SSDA903 collection year (the same span, named by the year it ends). Pure functions over
`date` and `int`; every app reads its periods here.
"""

import calendar
from datetime import date, timedelta

_DAY = timedelta(days=1)


# --- months ----------------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier), clamped to the end of a shorter month."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def month_ends(last: date, count: int = 12) -> list[date]:
    """The last day of each of `count` months ending with `last`'s month; the final point is
    `last` itself, so a line ends on the date the other figures are as at."""
    days = [month_end(add_months(last.replace(day=1), -back)) for back in range(count - 1, 0, -1)]
    return [*days, last]


def month_label(day: date) -> str:
    """'May 2022'."""
    return f"{day:%B %Y}"


def day_label(day: date) -> str:
    """'9 March 2021'."""
    return f"{day:%-d %B %Y}"


# --- financial years -------------------------------------------------------------------------


def financial_year_start(day: date) -> int:
    """The calendar year in which the financial year containing `day` began."""
    return day.year if day.month >= 4 else day.year - 1


def financial_year_label(start_year: int) -> str:
    """'2020/21' for the year that starts on 1 April 2020."""
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def financial_year(day: date) -> str:
    """The financial year containing `day`, as councils write it: '2019/20'."""
    return financial_year_label(financial_year_start(day))


def financial_year_bounds(label: str) -> tuple[date, date]:
    """1 April and 31 March of a financial year written '2020/21'. ValueError if malformed."""
    start_text, _, end_text = label.partition("/")
    start = int(start_text)
    if len(start_text) != 4 or len(end_text) != 2 or int(end_text) != (start + 1) % 100:
        raise ValueError(f"Not a financial year: {label!r}")
    return date(start, 4, 1), date(start + 1, 3, 31)


def financial_years_between(first: date, last: date) -> list[str]:
    """Labels of every financial year from the one containing `first` to the one of `last`."""
    return [
        financial_year_label(year)
        for year in range(financial_year_start(first), financial_year_start(last) + 1)
    ]


def financial_year_end(start_year: int) -> date:
    return date(start_year + 1, 3, 31)


def quarter_end(start_year: int, quarter: int | None) -> date:
    """The last day of a financial year (31 March) or of its quarter (Q1 ends 30 June)."""
    ends = {1: date(start_year, 6, 30), 2: date(start_year, 9, 30), 3: date(start_year, 12, 31)}
    return ends.get(quarter, financial_year_end(start_year))


# --- SSDA903 collection years ----------------------------------------------------------------


def collection_year(day: date) -> int:
    """The SSDA903 collection year (named by the year it ends) that contains `day`."""
    return financial_year_start(day) + 1


def collection_year_bounds(year: int) -> tuple[date, date]:
    return date(year - 1, 4, 1), date(year, 3, 31)


def collection_year_label(year: int) -> str:
    return financial_year_label(year - 1)
