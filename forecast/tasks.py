"""The forecast in the worker (django-tasks, database backend; `manage.py db_worker`).

Progress and results are written with `QuerySet.update()` on purpose (cip.work), as
reports/tasks.py does: the history records who asked for the forecast and with what
settings, not each tick."""

import logging

from django_tasks import task

from cip.work import run_with_progress
from forecast import engine
from forecast.models import Forecast

log = logging.getLogger("forecast.tasks")


def _compute(forecast: Forecast, progress) -> tuple[str, dict]:
    results = engine.compute(forecast, progress=progress)
    return f"Ready: {results['episodes']:,} episodes in {results['seconds']} s", {
        "results": results
    }


@task()
def run_forecast(forecast_id: int) -> str:
    return run_with_progress(
        Forecast,
        forecast_id,
        related=("partnership",),
        start=(5, "Starting"),
        work=_compute,
        failed="The forecast could not be made ({error}). Try again, or ask an administrator "
        "to look at the log.",
        log=log,
        label="forecast",
    )
