"""The demand model on logs small enough to work out by hand."""

from datetime import date

import pytest

from forecast import calculations
from forecast.calculations import Adjustment, Episode

START, END = date(2023, 1, 1), date(2023, 4, 10)  # 100 days, 99 days long


def child(n, decom, dec=None, place="U4", born=(2019, 1)):
    return Episode(n, decom, dec, place, *born)


def test_an_exit_rate_is_the_days_moves_over_the_population_the_day_before_averaged():
    # Four children fostered since 2022 (aged 3 to 4: band 1 to 4); one leaves on 20 January.
    log = [child(i, date(2022, 6, 1)) for i in range(3)] + [
        child(3, date(2022, 6, 1), date(2023, 1, 20))
    ]
    rates = calculations.estimate(log, START, END)
    days = 100  # 1 January to 10 April inclusive
    assert rates.moves == {((1, "fostering"), None): pytest.approx((1 / 4) / days)}
    assert rates.population == {(1, "fostering"): 3}
    assert rates.entries == {}

    # A day on: each of the three leaves at that rate and ages out of the band at 1/1460.
    after = calculations.project(rates, 1)[0]
    stay = 3 * (1 - (1 / 4) / days - 1 / 1460)
    assert after[(1, "fostering")] == pytest.approx(stay)
    assert after[(2, "fostering")] == pytest.approx(3 / 1460)


def test_entries_a_day_are_the_windows_first_episodes_over_its_length_in_days():
    # Two children enter residential care in the window; a third moves there from fostering
    # on the day its fostering ends, which is a move, not an entry.
    log = [
        child(1, date(2023, 2, 1), place="K2", born=(2010, 1)),
        child(2, date(2023, 3, 1), place="K2", born=(2010, 1)),
        child(3, date(2022, 1, 1), date(2023, 3, 5), place="U4", born=(2010, 1)),
        child(3, date(2023, 3, 5), place="K2", born=(2010, 1)),
    ]
    rates = calculations.estimate(log, START, END)
    # Born January 2010, all three are 13 (band 10 to 15, the fourth).
    assert rates.entries == {(3, "residential"): pytest.approx(2 / 99)}
    assert rates.move_counts == {((3, "fostering"), (3, "residential")): 1}


def test_moving_children_between_categories_moves_them_on_the_first_day():
    log = [child(i, date(2022, 6, 1), place="K2", born=(2010, 1)) for i in range(20)]
    rates = calculations.estimate(log, START, END)
    move = Adjustment("move", "residential", "fostering", children=9)
    baseline = calculations.by_category(calculations.project(rates, 1)[0])
    scenario = calculations.by_category(calculations.project(rates, 1, [move])[0])
    assert baseline["residential"] == pytest.approx(20)
    assert scenario["residential"] == pytest.approx(11)
    assert scenario["fostering"] == pytest.approx(9)


def test_a_rate_change_scales_that_rate_only():
    log = [child(i, date(2022, 6, 1)) for i in range(3)] + [
        child(3, date(2022, 6, 1), date(2023, 1, 20))
    ]
    rates = calculations.estimate(log, START, END)
    halve = Adjustment("rate", "fostering", "exit", percent=-50)
    after = calculations.project(rates, 1, [halve])[0]
    assert after[(1, "fostering")] == pytest.approx(3 * (1 - (1 / 8) / 100 - 1 / 1460))


def test_the_range_brackets_the_baseline():
    log = [child(i, date(2022, 6, 1)) for i in range(30)] + [
        child(100 + i, date(2023, 1, 1 + i), date(2023, 2, 1 + i)) for i in range(10)
    ]
    rates = calculations.estimate(log, START, END)
    total = {
        bound: sum(calculations.project(rates, 365, bound=bound)[-1].values())
        for bound in ("low", "mid", "high")
    }
    assert total["low"] < total["mid"] < total["high"]


def test_the_window_must_end_after_it_starts():
    with pytest.raises(ValueError, match="must end after"):
        calculations.estimate([], END, START)
