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
    # Logged without a purchase route, they are external.
    assert after[(1, "fostering", "external")] == pytest.approx(stay)
    assert after[(2, "fostering", "external")] == pytest.approx(3 / 1460)
    assert after[(1, "fostering", "in_house")] == 0


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
    assert after[(1, "fostering", "external")] == pytest.approx(3 * (1 - (1 / 8) / 100 - 1 / 1460))


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


def test_routes_share_a_categorys_rates_and_its_inflows_as_in_the_window():
    # Residential care for children aged 13 (band 10 to 15): 6 in-house and 14 external since
    # 2022; in the window one enters in-house and three external, and one moves in-house from
    # fostering (an inflow too, not an entry).
    def home(n, decom, way, dec=None, place="K2"):
        return Episode(n, decom, dec, place, 2010, 1, way)

    log = [home(i, date(2022, 6, 1), "in_house") for i in range(6)]
    log += [home(10 + i, date(2022, 6, 1), "external") for i in range(14)]
    log += [home(30, date(2023, 2, 1), "in_house")]
    log += [home(31 + i, date(2023, 3, 1 + i), "external") for i in range(3)]
    log += [
        home(40, date(2022, 1, 1), "external", dec=date(2023, 3, 5), place="U4"),
        home(40, date(2023, 3, 5), "in_house"),
    ]
    rates = calculations.estimate(sorted(log, key=lambda e: (e.child, e.decom)), START, END)
    assert rates.population_routes == {
        (3, "residential", "in_house"): 8,
        (3, "residential", "external"): 17,
    }
    # Inflows into residential: 2 in-house (an entry and the move), 3 external.
    assert rates.route_shares("residential") == {"in_house": 2 / 5, "external": 3 / 5}

    entries = 4 / 99  # four entries over the window's 99 days
    ageing = 1 / (6 * 365)  # out of the 10 to 15 band
    baseline = calculations.project(rates, 1)[0]
    assert baseline[(3, "residential", "in_house")] == pytest.approx(
        8 * (1 - ageing) + entries * 2 / 5
    )
    assert baseline[(3, "residential", "external")] == pytest.approx(
        17 * (1 - ageing) + entries * 3 / 5
    )
    assert baseline[(4, "residential", "in_house")] == pytest.approx(8 * ageing)  # keeps route

    # Properties open: 9 children move from external to in-house residential, and entries into
    # residential fall by a tenth (for both routes).
    scenario = [
        Adjustment(
            "move",
            "residential",
            "residential",
            children=9,
            from_route="external",
            to_route="in_house",
        ),
        Adjustment("rate", "entry", "residential", percent=-10),
    ]
    after = calculations.project(rates, 1, scenario)[0]
    assert after[(3, "residential", "in_house")] == pytest.approx(
        17 * (1 - ageing) + entries * 0.9 * 2 / 5
    )
    assert after[(3, "residential", "external")] == pytest.approx(
        8 * (1 - ageing) + entries * 0.9 * 3 / 5
    )
    # By category (bands summed, so ageing moves no one out): the 25 and the entries.
    assert calculations.by_category(after)["residential"] == pytest.approx(25 + entries * 0.9)
    assert calculations.by_route(after)[("residential", "in_house")] == pytest.approx(
        17 + entries * 0.9 * 2 / 5
    )
    assert [a.describe() for a in scenario] == [
        "9 children move from external residential to in-house residential on the first day",
        "entries into residential \u221210%",
    ]


def test_a_move_to_a_category_without_a_route_follows_its_inflows():
    # Ten fostered externally; in the window one child enters fostering in-house, three
    # externally: moved children go a quarter in-house.
    log = [child(i, date(2022, 6, 1), place="K2", born=(2010, 1)) for i in range(10)]
    log += [
        Episode(20, date(2023, 2, 1), None, "U4", 2010, 1, "in_house"),
        *[Episode(21 + i, date(2023, 2, 2 + i), None, "U4", 2010, 1, "external") for i in range(3)],
    ]
    rates = calculations.estimate(log, START, END)
    move = Adjustment("move", "residential", "fostering", children=8)
    moved = calculations.project(rates, 1, [move])[0]
    baseline = calculations.project(rates, 1)[0]
    gained = {
        way: moved[(3, "fostering", way)] - baseline[(3, "fostering", way)]
        for way in ("in_house", "external")
    }
    ageing = 1 / (6 * 365)
    assert gained["in_house"] == pytest.approx(8 * (1 - ageing) / 4)
    assert gained["external"] == pytest.approx(8 * (1 - ageing) * 3 / 4)


def test_summed_over_routes_the_projection_is_the_model_without_routes():
    # The same log twice: once with routes drawn at random, once all external (one route, so
    # the model by category alone); by category they agree to rounding, day by day.
    import random

    from tests.forecast.test_agreement import synthetic_log

    rng = random.Random(7)
    plain = synthetic_log(400, seed=3)
    routed = [
        Episode(*astuple_of(e)[:6], "in_house" if rng.random() < 0.4 else "external") for e in plain
    ]
    start, end = date(2019, 4, 1), date(2021, 3, 31)
    fewer = [Adjustment("rate", "entry", "residential", percent=-10)]
    for adjustments in ((), fewer):
        one = calculations.project(calculations.estimate(plain, start, end), 400, adjustments)
        two = calculations.project(calculations.estimate(routed, start, end), 400, adjustments)
        for day in (0, 99, 399):
            expected = calculations.by_category(one[day])
            got = calculations.by_category(two[day])
            assert got == pytest.approx(expected, rel=1e-9, abs=1e-9)


def astuple_of(episode: Episode) -> tuple:
    return (
        episode.child,
        episode.decom,
        episode.dec,
        episode.place,
        episode.birth_year,
        episode.birth_month,
    )
