"""Writes: keyword-only, atomic, validated, kept in the history."""

from django.db import transaction

from cip.services import save_versioned
from forecast.models import Forecast, ForecastAdjustment, ForecastUnitCost
from forecast.tasks import run_forecast


@transaction.atomic
def forecast_request(
    *,
    forecast: Forecast,
    user,
    adjustments: list[ForecastAdjustment] = (),
    unit_costs: list[ForecastUnitCost] = (),
) -> Forecast:
    """Save a new forecast with its scenario's adjustments and its entered unit costs (each the
    history's first version of its row, by `user`) and queue its run."""
    forecast.requested_by = user
    save_versioned(instance=forecast, expected_version=None, user=user)
    for position, adjustment in enumerate(adjustments, start=1):
        adjustment.forecast, adjustment.position = forecast, position
        save_versioned(instance=adjustment, expected_version=None, user=user)
    for cost in unit_costs:
        cost.forecast = forecast
        save_versioned(instance=cost, expected_version=None, user=user)
    result = run_forecast.enqueue(forecast.pk)
    forecast.task_id = str(result.id)  # a version of its own: the history shows the task queued
    return save_versioned(instance=forecast, expected_version=forecast.version, user=user)
