"""The shape every worker task shares (django-tasks; `python manage.py db_worker` runs them).

Two kinds of job, each a row the task finds by its key and writes with `QuerySet.update()` on
purpose: the row's history records who asked for the work and when, not each tick of its
progress or the bytes it made.

- `run_with_progress`: a job with `status` (its model's `Status` has RUNNING, READY and
  FAILED), `progress`, `step`, `finished_at` and `is_finished` (a forecast, a PDF export).
  It is picked up, skipped if already finished, marked running, run, then marked ready with
  what the work returned, or failed with a message for the person waiting and the
  exception in the log.
- `render_once`: a frozen `snapshot` rendered to a file once (`pdf`, `pdf_sha256`, `failed`):
  skipped once rendered; a failure keeps the exception's name in `failed` for a retry.

The kernel imports no app: each task passes its model and its own steps.
"""

import logging
from collections.abc import Callable
from typing import Any, Protocol

from django.db import models
from django.utils import timezone


class Progress(Protocol):
    def __call__(self, progress: int, step: str, **fields: Any) -> None: ...


def progress_of(model: type[models.Model], pk: int) -> Progress:
    """A writer of the job's progress (percent, step shown to the person, other fields)."""

    def write(progress: int, step: str, **fields: Any) -> None:
        model._default_manager.filter(pk=pk).update(progress=progress, step=step, **fields)

    return write


def run_with_progress(
    model: type[models.Model],
    pk: int,
    *,
    start: tuple[int, str],
    work: Callable[[Any, Progress], tuple[str, dict]],
    failed: str,
    log: logging.Logger,
    label: str,
    related: tuple[str, ...] = (),
) -> str:
    """Run `work(record, progress)` on the job `pk` of `model`; it returns (the step to show
    when ready, the fields to write with it).

    `start` is the (percent, step) the job is marked running with; `failed` is the message
    shown when the work raises, with `{error}` for the exception's class name; `label`
    names the job in the log ("export 12 failed"). Returns "nothing to do", "failed" or
    "ready"."""
    record = model._default_manager.select_related(*related).filter(pk=pk).first()
    if record is None or record.is_finished:
        return "nothing to do"
    progress = progress_of(model, pk)
    try:
        progress(*start, status=model.Status.RUNNING)
        step, fields = work(record, progress)
    except Exception as error:
        log.exception("%s %s failed", label, pk)
        progress(
            100,
            failed.format(error=type(error).__name__),
            status=model.Status.FAILED,
            finished_at=timezone.now(),
        )
        return "failed"
    progress(100, step, status=model.Status.READY, finished_at=timezone.now(), **fields)
    return "ready"


def render_once(
    model: type[models.Model],
    pk: int,
    *,
    render: Callable[[dict], bytes],
    fingerprint: Callable[[bytes], str],
    log: logging.Logger,
    label: str,
) -> str:
    """Render the row's `snapshot` with `render` and keep the bytes and their `fingerprint`,
    once: a row already rendered is left alone, and of two workers only the first writes.
    Returns "nothing to do", "failed" or "ready"."""
    record = model._default_manager.filter(pk=pk).only("pk", "snapshot", "pdf_sha256").first()
    if record is None or record.pdf_sha256:
        return "nothing to do"
    try:
        data = render(record.snapshot)
    except Exception as error:
        log.exception("%s %s failed to render", label, pk)
        model._default_manager.filter(pk=pk).update(failed=type(error).__name__)
        return "failed"
    model._default_manager.filter(pk=pk, pdf_sha256="").update(
        pdf=data, pdf_sha256=fingerprint(data), failed=""
    )
    return "ready"
