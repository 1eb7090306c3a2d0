"""The worker's shared shape (cip.work), through the tasks that use it: a job is picked up,
skipped once finished, marked running, then ready or failed with a message and the exception
in the log; a snapshot is rendered once, and a failure is kept for a retry."""

import hashlib
import logging

import pytest

from forecast import engine
from forecast.models import Forecast
from forecast.tasks import run_forecast
from reports import pdf
from reports.models import Export, FinalVersion, Report
from reports.tasks import render_final, run_export
from tests.forecast.factories import ForecastFactory
from tests.reports.factories import ReportFactory

pytestmark = pytest.mark.django_db


def test_a_forecast_that_fails_says_so_and_logs_why(partnership, monkeypatch, caplog):
    forecast = ForecastFactory(partnership=partnership)
    seen = []

    def broken(job, progress):
        seen.append(Forecast.objects.get(pk=job.pk).status)  # marked running first
        progress(30, "Counting")
        raise ZeroDivisionError("no episodes")

    monkeypatch.setattr(engine, "compute", broken)
    with caplog.at_level(logging.ERROR, logger="forecast.tasks"):
        assert run_forecast.call(forecast.pk) == "failed"
    forecast.refresh_from_db()
    assert seen == [Forecast.Status.RUNNING]
    assert forecast.status == Forecast.Status.FAILED and forecast.progress == 100
    assert forecast.step == (
        "The forecast could not be made (ZeroDivisionError). Try again, or ask an "
        "administrator to look at the log."
    )
    assert forecast.finished_at is not None
    [record] = [r for r in caplog.records if r.name == "forecast.tasks"]
    assert record.getMessage() == f"forecast {forecast.pk} failed" and record.exc_info
    # Finished (even by failing), it is not run again; a missing one is nothing to do.
    assert run_forecast.call(forecast.pk) == "nothing to do"
    assert run_forecast.call(forecast.pk + 1000) == "nothing to do"


def test_a_finished_export_is_not_run_again(partnership):
    report = ReportFactory(partnership=partnership)
    export = Export.objects.create(
        partnership=partnership, report=report, status=Export.Status.READY, progress=100
    )
    assert run_export.call(export.pk) == "nothing to do"
    assert Export.objects.get(pk=export.pk).step == ""


def test_a_final_pdf_that_fails_keeps_why_and_is_made_once_on_a_retry(
    partnership, monkeypatch, caplog
):
    report = ReportFactory(partnership=partnership, status=Report.Status.FINAL)
    final = FinalVersion.objects.create(
        report=report, snapshot={"title": report.title}, snapshot_sha256="0" * 64
    )

    def broken(snapshot):
        raise RuntimeError("no fonts")

    monkeypatch.setattr(pdf, "render_pdf", broken)
    with caplog.at_level(logging.ERROR, logger="reports.tasks"):
        assert render_final.call(final.pk) == "failed"
    final.refresh_from_db()
    assert final.failed == "RuntimeError" and final.pdf_sha256 == ""
    assert [r.getMessage() for r in caplog.records if r.name == "reports.tasks"] == [
        f"final version {final.pk} failed to render"
    ]

    monkeypatch.setattr(
        pdf, "render_pdf", lambda snapshot: b"%PDF-1.7 " + snapshot["title"].encode()
    )
    assert render_final.call(final.pk) == "ready"
    final.refresh_from_db()
    expected = b"%PDF-1.7 " + report.title.encode()
    assert bytes(final.pdf) == expected and final.failed == ""
    assert final.pdf_sha256 == hashlib.sha256(expected).hexdigest()
    assert render_final.call(final.pk) == "nothing to do"
