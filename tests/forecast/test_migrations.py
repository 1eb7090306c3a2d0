"""Migrations 0002-0004: a forecast's flat rate change, move and category costs become rows."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.cip.factories import PartnershipFactory

BEFORE = [("forecast", "0001_initial")]
AFTER = [("forecast", "0004_remove_flat_scenario_and_cost_fields")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_flat_fields_move_into_adjustment_and_cost_rows():
    partnership = PartnershipFactory()
    old = _migrate(BEFORE)
    Forecast = old.get_model("forecast", "Forecast")
    made = Forecast.objects.create(
        partnership_id=partnership.pk,
        name="Before",
        window_start=date(2022, 4, 1),
        window_end=date(2024, 3, 31),
        horizon_years=3,
        scenario_name="Both",
        rate_from="entry",
        rate_to="residential",
        rate_percent=Decimal("-20.0"),
        move_children=6,
        move_from="residential",
        move_to="fostering",
        cost_residential=Decimal("5000.00"),
    )
    plain = Forecast.objects.create(
        partnership_id=partnership.pk,
        name="Baseline",
        window_start=date(2022, 4, 1),
        window_end=date(2024, 3, 31),
    )
    new = _migrate(AFTER)
    Adjustment = new.get_model("forecast", "ForecastAdjustment")
    rows = list(
        Adjustment.objects.filter(forecast_id=made.pk)
        .order_by("position")
        .values_list(
            "position", "kind", "from_category", "to_category", "percent", "children", "to_route"
        )
    )
    assert rows == [
        (1, "rate", "entry", "residential", Decimal("-20.0"), None, ""),
        (2, "move", "residential", "fostering", None, 6, ""),
    ]
    UnitCost = new.get_model("forecast", "ForecastUnitCost")
    costs = set(UnitCost.objects.values_list("forecast_id", "category", "route", "weekly_cost"))
    # An entered category cost applies to both routes.
    assert costs == {
        (made.pk, "residential", "in_house", Decimal("5000.00")),
        (made.pk, "residential", "external", Decimal("5000.00")),
    }
    assert not Adjustment.objects.filter(forecast_id=plain.pk).exists()
    history = new.get_model("forecast", "HistoricalForecastAdjustment")
    assert history.objects.filter(forecast_id=made.pk, history_type="+").count() == 2
