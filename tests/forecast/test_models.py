"""The adjustment and unit-cost rows refuse what the form would: in clean(), and in the
database for writes that skip it."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from forecast.models import ForecastAdjustment, ForecastUnitCost
from tests.forecast.factories import ForecastFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "values",
    [
        {"kind": "move", "from_category": "residential", "to_category": "fostering"},  # how many?
        {
            "kind": "move",
            "from_category": "residential",
            "to_category": "residential",
            "from_route": "external",
            "to_route": "external",
            "children": 3,
        },
        {
            "kind": "move",
            "from_category": "residential",
            "to_category": "residential",
            "to_route": "in_house",
            "children": 3,
        },
        {"kind": "move", "from_category": "entry", "to_category": "fostering", "children": 3},
        {"kind": "rate", "from_category": "entry", "to_category": "exit", "percent": 5},
        {"kind": "rate", "from_category": "fostering", "to_category": "exit"},  # no percentage
        {
            "kind": "rate",
            "from_category": "fostering",
            "from_route": "in_house",
            "to_category": "exit",
            "percent": 5,
        },
    ],
)
def test_an_impossible_adjustment_is_refused_by_clean_and_by_the_database(values):
    forecast = ForecastFactory()
    row = ForecastAdjustment(forecast=forecast, position=1, **values)
    with pytest.raises(ValidationError):
        row.clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()


def test_a_negative_or_repeated_unit_cost_is_refused_by_the_database():
    forecast = ForecastFactory()
    values = {"forecast": forecast, "category": "fostering", "route": "in_house"}
    with pytest.raises(IntegrityError), transaction.atomic():
        ForecastUnitCost.objects.create(weekly_cost=Decimal("-1"), **values)
    ForecastUnitCost.objects.create(weekly_cost=Decimal("600"), **values)
    with pytest.raises(IntegrityError), transaction.atomic():
        ForecastUnitCost.objects.create(weekly_cost=Decimal("700"), **values)
