from datetime import date

from cip.calculations import continuation_outlook, contract_position


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


def _position(years, as_at):
    return contract_position(
        commencement=date(2018, 12, 1),
        term_years=10,
        period_months=12,
        notice_months=3,
        years=years,
        as_at=as_at,
    )


YEAR_1 = (1, date(2018, 12, 1), date(2019, 11, 30), "continued")
YEAR_2 = (2, date(2019, 12, 1), date(2020, 11, 30), "continued")
YEAR_3 = (3, date(2020, 12, 1), date(2021, 11, 30), "continued")


def test_a_recorded_year_containing_the_date_is_the_current_year():
    position = _position([YEAR_1, YEAR_2, YEAR_3], date(2021, 3, 31))
    assert (position.year, position.starts, position.ends) == (3, YEAR_3[1], YEAR_3[2])
    assert position.recorded
    assert position.outlook.next_year_number == 4
    assert position.outlook.next_year_starts == date(2021, 12, 1)
    assert position.outlook.days_to_decision == 245


def test_a_year_with_no_record_is_worked_out_but_its_continuation_is_overdue():
    position = _position([YEAR_1, YEAR_2, YEAR_3], date(2026, 11, 26))
    assert (position.year, position.starts, position.ends) == (
        8,
        date(2025, 12, 1),
        date(2026, 11, 30),
    )
    assert not position.recorded
    # Nothing says the board continued into year 4: that decision is still the next one.
    assert position.outlook.next_year_number == 4
    assert position.outlook.overdue


def test_with_no_year_recorded_the_first_decision_is_into_year_two():
    position = _position([], date(2019, 6, 1))
    assert position.year == 1 and not position.recorded
    assert position.outlook.next_year_number == 2
    assert position.outlook.next_year_starts == date(2019, 12, 1)
    assert position.outlook.days_to_decision == 183


def test_a_year_recorded_but_not_yet_continued_is_the_decision_to_come():
    pending = (4, date(2021, 12, 1), date(2022, 11, 30), "pending")
    position = _position([YEAR_1, YEAR_2, YEAR_3, pending], date(2021, 10, 2))
    assert position.year == 3
    assert position.outlook.next_year_number == 4
    assert position.outlook.days_to_decision == 60


def test_a_year_continued_in_advance_moves_the_next_decision_on():
    early = (4, date(2021, 12, 1), date(2022, 11, 30), "continued")
    position = _position([YEAR_1, YEAR_2, YEAR_3, early], date(2021, 10, 2))
    assert position.year == 3
    assert position.outlook.next_year_number == 5


def test_a_year_the_board_did_not_continue_into_leaves_no_decision():
    ended = (4, date(2021, 12, 1), date(2022, 11, 30), "ended")
    position = _position([YEAR_1, YEAR_2, YEAR_3, ended], date(2021, 10, 2))
    assert position.outlook is None
    assert position.not_continued == 4


def test_without_an_agreement_only_a_recorded_year_counts():
    def position(as_at):
        return contract_position(
            commencement=None,
            term_years=None,
            period_months=None,
            notice_months=None,
            years=[YEAR_1],
            as_at=as_at,
        )

    inside, after = position(date(2019, 3, 1)), position(date(2020, 3, 1))
    assert inside.year == 1 and inside.recorded and inside.outlook is None
    assert after.year is None and after.outlook is None
