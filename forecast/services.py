"""Writes: keyword-only, atomic, validated, kept in the history."""

from django.db import transaction

from cip.services import save_versioned
from forecast.models import Forecast
from forecast.tasks import run_forecast


@transaction.atomic
def forecast_request(*, forecast: Forecast, user) -> Forecast:
    """Save a new forecast (its settings are the history's first version) and queue its run."""
    forecast.requested_by = user
    save_versioned(instance=forecast, expected_version=None, user=user)
    result = run_forecast.enqueue(forecast.pk)
    forecast.task_id = str(result.id)  # a version of its own: the history shows the task queued
    return save_versioned(instance=forecast, expected_version=forecast.version, user=user)
