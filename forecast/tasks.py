"""The forecast in the worker (django-tasks, database backend; `manage.py db_worker`).

Progress and results are written with `QuerySet.update()` on purpose, as reports/tasks.py
does: the history records who asked for the forecast and with what settings, not each tick."""

import logging

from django.utils import timezone
from django_tasks import task

from forecast import engine
from forecast.models import Forecast

log = logging.getLogger("forecast.tasks")


def _progress(forecast_id: int, progress: int, step: str, **fields) -> None:
    Forecast.objects.filter(pk=forecast_id).update(progress=progress, step=step, **fields)


@task()
def run_forecast(forecast_id: int) -> str:
    forecast = Forecast.objects.select_related("partnership").filter(pk=forecast_id).first()
    if forecast is None or forecast.is_finished:
        return "nothing to do"
    _progress(forecast_id, 5, "Starting", status=Forecast.Status.RUNNING)
    try:
        results = engine.compute(
            forecast, progress=lambda percent, step: _progress(forecast_id, percent, step)
        )
    except Exception as error:
        log.exception("forecast %s failed", forecast_id)
        _progress(
            forecast_id,
            100,
            f"The forecast could not be made ({type(error).__name__}). Try again, or ask an "
            "administrator to look at the log.",
            status=Forecast.Status.FAILED,
            finished_at=timezone.now(),
        )
        return "failed"
    _progress(
        forecast_id,
        100,
        f"Ready: {results['episodes']:,} episodes in {results['seconds']} s",
        status=Forecast.Status.READY,
        results=results,
        finished_at=timezone.now(),
    )
    return "ready"
