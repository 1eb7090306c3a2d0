"""Periods, once (cip.periods): months, financial years and SSDA903 collection years."""

from datetime import date

import pytest

from cip.periods import (
    add_months,
    add_years,
    collection_year,
    collection_year_bounds,
    collection_year_label,
    financial_year,
    financial_year_bounds,
    financial_years_between,
    month_ends,
    quarter_end,
)

financial_year_label = financial_year  # the day's year, as the tests below were written


def test_months_and_years_are_added_clamped_to_a_shorter_month():
    assert add_months(date(2021, 1, 31), 1) == date(2021, 2, 28)
    assert add_months(date(2020, 12, 1), -3) == date(2020, 9, 1)
    assert add_months(date(2021, 11, 30), 3) == date(2022, 2, 28)
    assert add_years(date(2018, 12, 1), 10) == date(2028, 12, 1)
    assert add_years(date(2020, 2, 29), 1) == date(2021, 2, 28)


def test_quarters_end_in_june_september_december_and_march():
    assert [quarter_end(2021, q) for q in (1, 2, 3, 4, None)] == [
        date(2021, 6, 30),
        date(2021, 9, 30),
        date(2021, 12, 31),
        date(2022, 3, 31),
        date(2022, 3, 31),
    ]


def test_a_collection_year_is_named_by_the_year_it_ends():
    assert collection_year(date(2024, 4, 1)) == 2025
    assert collection_year(date(2025, 3, 31)) == 2025
    assert collection_year_bounds(2020) == (date(2019, 4, 1), date(2020, 3, 31))
    assert collection_year_label(2020) == "2019/20"
    assert collection_year_label(2000) == "1999/00"


def test_a_financial_year_runs_from_1_april_to_31_march():
    assert financial_year_bounds("2020/21") == (date(2020, 4, 1), date(2021, 3, 31))
    assert financial_year_bounds("1999/00") == (date(1999, 4, 1), date(2000, 3, 31))
    assert financial_year_label(date(2021, 3, 31)) == "2020/21"
    assert financial_year_label(date(2021, 4, 1)) == "2021/22"


@pytest.mark.parametrize("label", ["2020/22", "2020", "20/21", "2020-21", "abcd/ef", ""])
def test_a_malformed_financial_year_is_refused(label):
    with pytest.raises(ValueError):
        financial_year_bounds(label)


def test_financial_years_between_two_days_include_both_ends():
    assert financial_years_between(date(2019, 3, 31), date(2020, 4, 1)) == [
        "2018/19",
        "2019/20",
        "2020/21",
    ]


def test_month_ends_lead_up_to_the_as_at_day_itself():
    days = month_ends(date(2021, 3, 15), count=4)
    assert days == [date(2020, 12, 31), date(2021, 1, 31), date(2021, 2, 28), date(2021, 3, 15)]
    assert month_ends(date(2020, 3, 31), count=2) == [date(2020, 2, 29), date(2020, 3, 31)]
