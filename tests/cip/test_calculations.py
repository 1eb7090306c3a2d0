from datetime import date

from cip.calculations import add_months, add_years, continuation_outlook


def test_adding_months_clamps_to_the_end_of_a_shorter_month():
    assert add_months(date(2021, 1, 31), 1) == date(2021, 2, 28)
    assert add_months(date(2020, 12, 1), -3) == date(2020, 9, 1)
    assert add_years(date(2018, 12, 1), 10) == date(2028, 12, 1)


def test_the_next_continuation_decision_follows_the_latest_contract_year():
    outlook = continuation_outlook(
        last_year_number=3,
        last_year_end=date(2021, 11, 30),
        agreement_ends=date(2028, 12, 1),
        notice_months=3,
        today=date(2021, 10, 2),
    )
    assert outlook.next_year_number == 4
    assert outlook.next_year_starts == date(2021, 12, 1)
    assert outlook.notice_deadline == date(2021, 9, 1)
    assert outlook.days_to_decision == 60
    assert outlook.days_to_notice == -31
    assert not outlook.overdue


def test_a_decision_past_its_date_is_overdue():
    outlook = continuation_outlook(
        last_year_number=3,
        last_year_end=date(2021, 11, 30),
        agreement_ends=date(2028, 12, 1),
        notice_months=3,
        today=date(2022, 1, 1),
    )
    assert outlook.overdue
    assert outlook.days_to_decision == -31


def test_there_is_no_continuation_after_the_maximum_term():
    outlook = continuation_outlook(
        last_year_number=10,
        last_year_end=date(2028, 11, 30),
        agreement_ends=date(2028, 12, 1),
        notice_months=3,
        today=date(2028, 1, 1),
    )
    assert outlook is None
