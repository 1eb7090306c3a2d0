"""A forecast made through the form, run by the worker, read on its page."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cip.money import format_money
from forecast import figures
from forecast.models import Forecast
from tests.forecast.factories import ForecastFactory, move, rate, ready
from tests.placements.factories import ChildFactory, EpisodeFactory
from tests.reports.conftest import run_worker

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Baseline 2024",
    "window_start": "2023-04-01",
    "window_end": "2024-03-31",
    "horizon_years": "2",
    "version": "1",
}


def _form(**changes):
    data = dict(FORM)
    for key, value in changes.items():
        data[key] = value
    return data


def test_a_forecast_is_queued_shown_waiting_then_ready_with_its_numbers_and_costs(
    as_commissioner, partnership
):
    # Ten children aged 1 to 4, fostered at £700 a week since 2022: no entries, moves or
    # exits in the window, so a year on all ten are still fostered, costing about
    # 10 x 365 days x £100.
    for _ in range(10):
        EpisodeFactory(
            child=ChildFactory(partnership=partnership, birth_year=2021, birth_month=6),
            decom=date(2022, 9, 1),
            weekly_cost=Decimal("700"),
        )
    url = reverse("forecast:create", kwargs={"slug": partnership.slug})
    response = as_commissioner.post(url, _form())
    assert response.status_code == 302, response.content.decode()[:3000]
    forecast = partnership.forecasts.get()
    assert response["Location"] == forecast.get_absolute_url()
    assert forecast.history.count() == 2  # saved, then its task queued

    waiting = as_commissioner.get(forecast.get_absolute_url())
    assert waiting["Refresh"] == "3"
    assert "Waiting to start" in waiting.content.decode()

    run_worker()
    page = as_commissioner.get(forecast.get_absolute_url())
    assert "Refresh" not in page
    html = page.content.decode()
    assert "Ready" in html
    assert "Median of 10 placements in the log" in html
    forecast.refresh_from_db()
    first = forecast.results["years"][0]["baseline"]
    assert first["children"]["fostering"] == pytest.approx(10, abs=0.05)
    # Within £5 of 10 x 365 x £100: the chain of ageing through four bands takes a few
    # thousandths of a child past 16 and out of care within the year.
    cost = Decimal(first["cost"])
    assert abs(cost - Decimal("365000")) < 5
    assert format_money(cost) in html


def _row(n, kind="", source="", target="", percent="", children=""):
    return {
        f"adjustment_{n}_kind": kind,
        f"adjustment_{n}_from": source,
        f"adjustment_{n}_to": target,
        f"adjustment_{n}_percent": percent,
        f"adjustment_{n}_children": children,
    }


def test_a_scenario_of_two_adjustments_shows_beside_the_baseline_by_category_and_route(
    as_commissioner, partnership
):
    # 12 children aged 12 in external residential care (spot purchases) at £7,000 a week, 2 in
    # in-house homes at £3,500, and one fostered (no route recorded: external) at £700.
    def placed(place, cost, route):
        EpisodeFactory(
            child=ChildFactory(partnership=partnership, birth_year=2010, birth_month=6),
            decom=date(2022, 9, 1),
            place=place,
            weekly_cost=Decimal(cost),
            purchase_route=route,
        )

    for _ in range(12):
        placed("K2", "7000", "spot")
    for _ in range(2):
        placed("K2", "3500", "in_house")
    placed("U4", "700", "")
    data = _form(
        scenario_name="Properties 1 to 4 open",
        **_row(1, "move", "residential:external", "residential:in_house", children="9"),
        **_row(2),  # left empty: ignored
        **_row(3, "rate", "entry", "residential", percent="-10"),
        **_row(4),
        **_row(5),
        cost_residential_in_house="£4,200",  # entered: replaces the log's £3,500
    )
    response = as_commissioner.post(
        reverse("forecast:create", kwargs={"slug": partnership.slug}), data
    )
    assert response.status_code == 302, response.context["form"].errors
    forecast = partnership.forecasts.get()
    rows = [
        (a.position, a.kind, a.from_category, a.from_route, a.to_category, a.to_route)
        for a in forecast.adjustments.all()
    ]
    assert rows == [
        (1, "move", "residential", "external", "residential", "in_house"),
        (2, "rate", "entry", "", "residential", ""),
    ]
    assert forecast.adjustments.get(position=2).percent == Decimal("-10")
    (cost,) = forecast.unit_costs.all()
    assert (cost.category, cost.route, cost.weekly_cost) == (
        "residential",
        "in_house",
        Decimal("4200"),
    )
    run_worker()
    forecast.refresh_from_db()
    html = as_commissioner.get(forecast.get_absolute_url()).content.decode()
    assert (
        "Scenario Properties 1 to 4 open: 9 children move from external residential to in-house "
        "residential on the first day; entries into residential \u221210%." in html
    )
    year = forecast.results["years"][0]
    # No entries in the log, so the tenth fewer changes nothing: 3 external and 11 in-house,
    # against 12 and 2; fostering stays. A day's cost: £1,000 external, £600 in-house.
    # Children within 0.15 and costs within half a per cent: those aged 13 who age past 16
    # begin to leave care.
    base, scenario = year["baseline"]["routes"], year["scenario"]["routes"]
    assert base["residential:external"]["children"] == pytest.approx(12, abs=0.15)
    assert scenario["residential:external"]["children"] == pytest.approx(3, abs=0.15)
    assert scenario["residential:in_house"]["children"] == pytest.approx(11, abs=0.15)
    assert float(year["baseline"]["cost"]) == pytest.approx(365 * (12000 + 1200 + 100), rel=0.005)
    assert float(year["scenario"]["cost"]) == pytest.approx(365 * (3000 + 6600 + 100), rel=0.005)
    assert float(scenario["residential:in_house"]["cost"]) == pytest.approx(365 * 6600, rel=0.005)
    # The page: the by-category table (the last year) has the in-house residential line, the
    # baseline's then the scenario's children and cost; the unit costs say where they came from.
    last = forecast.results["years"][-1]
    line = re.search(r"Residential, in-house</th>(.*?)</tr>", html, re.S).group(1)
    cells = [" ".join(c.split()) for c in re.findall(r"<td[^>]*>(.*?)</td>", line, re.S)]
    assert cells == [
        "2",
        f"{last['baseline']['routes']['residential:in_house']['children']:.0f}",
        format_money(Decimal(last["baseline"]["routes"]["residential:in_house"]["cost"])),
        f"{last['scenario']['routes']['residential:in_house']['children']:.0f}",
        format_money(Decimal(last["scenario"]["routes"]["residential:in_house"]["cost"])),
    ]
    assert "Median of 12 placements in the log" in html
    assert "Entered" in html
    assert "No costed placement in the log" in html  # e.g. supported, in-house
    assert "Residential, in-house" in html


def test_an_old_forecasts_results_read_as_needing_a_new_run(as_board, partnership):
    forecast = ForecastFactory(partnership=partnership)
    old = {"episodes": 3, "starting": {}, "years": [{"year": 1, "baseline": {}}]}
    Forecast.objects.filter(pk=forecast.pk).update(
        status=Forecast.Status.READY, results=old, finished_at=timezone.now()
    )
    response = as_board.get(forecast.get_absolute_url())
    assert response.status_code == 200
    assert "made by an earlier version of the forecast" in response.content.decode()
    # The dashboard's reader passes over it to the latest one it can read.
    assert figures.latest(partnership, as_at=date(2026, 1, 1)) is None
    current = ready(ForecastFactory(partnership=partnership, name="Current"))
    Forecast.objects.filter(pk=forecast.pk).update(finished_at=timezone.now())  # later
    assert figures.latest(partnership, as_at=date(2026, 1, 1)).pk == current.pk


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"window_end": "2023-01-01"}, "window_end", "must end after it starts"),
        ({"horizon_years": "6"}, "horizon_years", "less than or equal to 5"),
        (
            _row(2, "rate", "fostering", "exit"),
            "adjustment_2_percent",
            "Adjustment 2: percentage: give the percentage change",
        ),
        (
            _row(1, "move", "residential", "residential", children="9"),
            "adjustment_1_to",
            "Adjustment 1: to: children must move to a different category",
        ),
        (
            _row(3, "move", "residential:in_house", "residential:in_house", children="9"),
            "adjustment_3_to",
            "Adjustment 3: to: children must move to a different category",
        ),
        (
            _row(4, "move", "residential", "fostering"),
            "adjustment_4_children",
            "Adjustment 4: children: give how many",
        ),
        (
            _row(2, "rate", "residential:in_house", "exit", percent="5"),
            "adjustment_2_from",
            "Adjustment 2: from: a rate change applies to a category (both routes)",
        ),
        (
            _row(5, "rate", "entry", "exit", percent="5"),
            "adjustment_5_to",
            "Adjustment 5: to: entries go into a placement category",
        ),
        (_row(2, "", "fostering"), "adjustment_2_kind", "Adjustment 2: change: choose whether"),
        (
            _row(2, "move", "fostering", "residential", children="0"),
            "adjustment_2_children",
            "Adjustment 2: children",
        ),
        (
            _row(1, "move", "residential", "fostering", children="9"),
            "scenario_name",
            "Name the scenario",
        ),
        ({"cost_fostering_external": "-5"}, "cost_fostering_external", "cannot be negative"),
        ({"scenario_name": "Named"}, "scenario_name", "Add the scenario's adjustments"),
    ],
)
def test_bad_settings_are_refused_naming_the_row_and_field(
    as_commissioner, partnership, changes, field, message
):
    response = as_commissioner.post(
        reverse("forecast:create", kwargs={"slug": partnership.slug}),
        _form(**changes),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors, form.errors
    assert message in " ".join(form.errors[field])
    html = response.content.decode()
    assert f'href="#id_{field}"' in html  # the error summary links to the field
    assert not Forecast.objects.exists()


def test_the_waiting_page_says_when_no_worker_has_started_it(as_board, partnership):
    forecast = ForecastFactory(partnership=partnership)
    Forecast.objects.filter(pk=forecast.pk).update(created_at=timezone.now() - timedelta(minutes=2))
    html = as_board.get(forecast.get_absolute_url()).content.decode()
    assert "No background worker has started this forecast" in html


def test_the_list_shows_the_partnerships_forecasts_only(as_board, partnership, other_partnership):
    ForecastFactory(partnership=partnership, name="Ours")
    ForecastFactory(partnership=other_partnership, name="Theirs")
    html = as_board.get(reverse("forecast:list", kwargs={"slug": partnership.slug})).content
    assert b"Ours" in html
    assert b"Theirs" not in html
    assert b"Make a demand forecast" not in html  # a board member cannot make one


def test_the_dashboard_names_the_scenario_and_says_it_in_words(as_board, partnership):
    EpisodeFactory(child__partnership=partnership, place="K2", purchase_route="spot")
    ready(
        ForecastFactory(
            partnership=partnership,
            scenario_name="Properties 1 to 4 open",
            adjustments=[
                move(1, "residential", "residential", "external", "in_house"),
                rate("entry", "residential", Decimal("-10")),
            ],
        )
    )
    html = as_board.get(reverse("dashboard:dashboard", kwargs={"slug": partnership.slug}))
    text = " ".join(html.content.decode().split())
    assert (
        "with Properties 1 to 4 open (1 child moves from external residential to in-house "
        "residential on the first day; entries into residential \u221210%)" in text
    )
