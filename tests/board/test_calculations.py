from datetime import date

import pytest

from board import calculations as calc
from cip.calculations import next_continuation


def test_the_score_is_likelihood_times_impact():
    assert calc.risk_score(3, 4) == 12
    assert calc.risk_score(5, 5) == 25


@pytest.mark.parametrize("likelihood, impact", [(0, 3), (6, 1), (3, 0), (2, 6)])
def test_a_score_outside_one_to_five_is_refused(likelihood, impact):
    with pytest.raises(ValueError):
        calc.risk_score(likelihood, impact)


@pytest.mark.parametrize(
    "score, expected",
    [(1, "green"), (4, "green"), (5, "amber"), (12, "amber"), (15, "red"), (25, "red")],
)
def test_the_default_bands_rate_scores(score, expected):
    assert calc.rag(score) == expected


def test_a_partnership_can_move_the_bands():
    assert calc.rag(12, amber_from=6, red_from=12) == "red"
    assert calc.rag(5, amber_from=6, red_from=12) == "green"


def test_the_heat_map_puts_impact_five_at_the_top_and_counts_each_cell():
    grid = calc.heat_map({(1, 5): 2, (5, 1): 1, (4, 4): 3}, amber_from=5, red_from=15)
    assert [row[0].impact for row in grid] == [5, 4, 3, 2, 1]
    assert [cell.likelihood for cell in grid[0]] == [1, 2, 3, 4, 5]
    assert grid[0][0].count == 2 and grid[0][0].score == 5 and grid[0][0].rag == "amber"
    assert grid[4][4].count == 1 and grid[4][4].rag == "amber"
    assert grid[1][3].count == 3 and grid[1][3].rag == "red"
    assert sum(cell.count for row in grid for cell in row) == 6


def test_score_history_keeps_only_the_changes():
    rows = [
        (date(2018, 7, 6), 3, 4),
        (date(2018, 8, 1), 3, 4),  # a change of wording only
        (date(2018, 12, 11), 1, 4),
        (date(2019, 1, 8), 4, 1),  # same score, different parts: still a change
    ]
    assert calc.score_history(rows) == [
        (date(2018, 7, 6), 3, 4, 12),
        (date(2018, 12, 11), 1, 4, 4),
        (date(2019, 1, 8), 4, 1, 4),
    ]


def test_an_open_action_past_its_due_date_is_overdue_and_a_done_one_is_not():
    today = date(2021, 3, 9)
    assert calc.action_overdue(due=date(2021, 3, 8), is_open=True, today=today)
    assert not calc.action_overdue(due=date(2021, 3, 9), is_open=True, today=today)
    assert not calc.action_overdue(due=date(2021, 3, 8), is_open=False, today=today)


def _warning(today, *, warning_days=60, last=(2, date(2020, 11, 30)), first_ended=None):
    return calc.continuation_warning(
        next_continuation(
            commencement=date(2018, 12, 1),
            term_years=10,
            period_months=12,
            notice_months=3,
            last_continued=last,
            first_ended=first_ended,
            today=today,
        ),
        warning_days=warning_days,
    )


def test_the_warning_starts_the_configured_days_before_the_notice_date():
    # Year 3 starts 1 December 2020; three months' notice means by 1 September 2020.
    assert _warning(date(2020, 7, 2)) is None  # 61 days before
    warning = _warning(date(2020, 7, 3))  # 60 days before
    assert warning.next_year_number == 3
    assert warning.notice_deadline == date(2020, 9, 1)
    assert warning.next_year_starts == date(2020, 12, 1)
    assert warning.days_to_notice == 60
    assert not warning.notice_passed


def test_the_warning_stays_after_the_notice_date_until_the_year_is_decided():
    warning = _warning(date(2020, 12, 5))
    assert warning.notice_passed and warning.overdue


def test_a_longer_warning_period_starts_earlier():
    assert _warning(date(2020, 5, 1), warning_days=180) is not None


def test_no_warning_once_the_maximum_term_is_reached():
    assert _warning(date(2028, 10, 1), last=(10, date(2028, 11, 30))) is None


def test_no_warning_once_the_board_decided_not_to_continue():
    assert _warning(date(2020, 10, 1), first_ended=3) is None
    assert _warning(date(2020, 10, 1), first_ended=4) is not None


def test_before_any_year_is_continued_the_warning_is_for_year_two():
    # Year 1 runs from commencement (1 December 2018) with no decision; year 2's notice
    # date is 1 September 2019.
    assert _warning(date(2019, 7, 2), last=None) is None
    warning = _warning(date(2019, 7, 3), last=None)
    assert warning.next_year_number == 2
    assert warning.next_year_starts == date(2019, 12, 1)


def test_board_days_are_the_second_tuesday_of_each_month():
    days = calc.monthly_dates(date(2018, 12, 11), date(2019, 3, 31), weekday=1, week=2)
    assert days == [date(2018, 12, 11), date(2019, 1, 8), date(2019, 2, 12), date(2019, 3, 12)]


def test_a_quorum_counts_the_members_present_and_each_side():
    from board.calculations import quorum_shortfall

    assert quorum_shortfall(present_sides=["council", "partner"], minimum=2, each_side=True) is None
    assert quorum_shortfall(present_sides=["council", ""], minimum=2, each_side=False) is None
    assert quorum_shortfall(present_sides=[], minimum=0, each_side=False) is None
    assert quorum_shortfall(
        present_sides=["council", "council", ""], minimum=3, each_side=True
    ) == (
        "The meeting is not quorate: no member from the partner recorded as present. "
        "Record who attended before recording a decision."
    )
    assert (
        "0 members of the partnership recorded as present, and the quorum is 1; no member "
        "from the council or the partner"
        in quorum_shortfall(present_sides=[], minimum=1, each_side=True)
    )
