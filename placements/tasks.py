"""SSDA903 returns imported by the background worker (django-tasks, as the PDFs are; run
`python manage.py db_worker`).

The upload view keeps the two files on a `Return` and queues `run_import`; the worker runs
the DfE's rules (placements.dfe) and then the import, in one transaction of its own, so no
web request ever holds it. Progress (rows read, problems found) must be readable while that
transaction is open: on PostgreSQL it is written to the `Return` row over a second connection
of its own (autocommit); on SQLite, whose writer holds the whole database, to a small file
beside it that the progress page reads. Progress is written with `update()`: the history of
a return records its upload and its outcome, not every tick.
"""

import csv
import io
import json
import logging
import re
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone
from django_tasks import task

from cip.services import save_versioned
from placements import codes, dfe
from placements.importers import ImportRefused, import_ssda903
from placements.models import Return

log = logging.getLogger("placements.tasks")

PROGRESS_EVERY_SECONDS = 1.0
_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def progress_file(return_id: int) -> Path:
    return Path(tempfile.gettempdir()) / "cip-returns" / f"{return_id}.json"


def read_progress(record: Return) -> tuple[int, int]:
    """Rows read and problems found so far: the row's figures, or while an import runs on
    SQLite, the figures its worker last wrote to the progress file."""
    rows, found = record.rows_read, record.problems_found
    if record.status == Return.Status.RUNNING:
        try:
            data = json.loads(progress_file(record.pk).read_text())
            rows, found = max(rows, int(data["rows"])), max(found, int(data["problems"]))
        except (OSError, ValueError, KeyError, TypeError):
            pass
    return rows, found


def last_progress(record: Return):
    """When the worker last wrote progress to the file an import on SQLite uses, or None."""
    if record.status != Return.Status.RUNNING:
        return None
    try:
        moment = progress_file(record.pk).stat().st_mtime
    except OSError:
        return None
    return datetime.fromtimestamp(moment, tz=UTC)


class _Reporter:
    """Writes rows read and problems found where the progress page can read them while the
    import's transaction is still open, at most once a second."""

    def __init__(self, return_id: int):
        self.return_id, self.last, self.raw = return_id, 0.0, None
        self.rows = 0
        if connection.vendor == "postgresql":
            self.raw = connection.get_new_connection(connection.get_connection_params())
            self.raw.autocommit = True
        else:
            progress_file(return_id).parent.mkdir(parents=True, exist_ok=True)

    def __call__(self, rows: int, problems: int, *, now: bool = False) -> None:
        self.rows = rows
        moment = time.monotonic()
        if not now and moment - self.last < PROGRESS_EVERY_SECONDS:
            return
        self.last = moment
        if self.raw is not None:
            with self.raw.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {Return._meta.db_table} SET rows_read = %s, "  # noqa: S608
                    "problems_found = %s, progress_at = %s WHERE id = %s",
                    [rows, problems, timezone.now(), self.return_id],
                )
        else:
            path = progress_file(self.return_id)
            path.with_suffix(".tmp").write_text(json.dumps({"rows": rows, "problems": problems}))
            path.with_suffix(".tmp").replace(path)

    def close(self) -> None:
        if self.raw is not None:
            self.raw.close()
        progress_file(self.return_id).unlink(missing_ok=True)


def latest_year(episodes: bytes) -> int:
    """The collection year of the latest DECOM or DEC in an episodes file (the year the
    return is for), or this year's when it has none that reads as a date."""
    latest = None
    text = io.StringIO(episodes.decode("utf-8-sig", errors="replace"), newline="")
    reader = csv.reader(text)
    try:
        columns = [c.strip().upper() for c in next(reader, [])]
        wanted = [columns.index(c) for c in ("DECOM", "DEC") if c in columns]
        for record in reader:
            for i in wanted:
                found = _DATE.fullmatch(record[i].strip()) if i < len(record) else None
                if found:
                    day, month, year = map(int, found.groups())
                    try:
                        when = date(year, month, day)
                    except ValueError:
                        continue
                    if when <= date.today() and (latest is None or when > latest):
                        latest = when
    except csv.Error:
        pass
    return codes.collection_year(latest or date.today())


def _finish(return_id: int, status: str, step: str, **fields) -> None:
    """Clear the files and record the outcome: a version of the return in its history."""
    Return.objects.filter(pk=return_id).update(header_data=None, episodes_data=None)
    record = Return.objects.select_related("uploaded_by").get(pk=return_id)
    for name, value in {
        "status": status,
        "step": step,
        "finished_at": timezone.now(),
        **fields,
    }.items():
        setattr(record, name, value)
    save_versioned(instance=record, expected_version=record.version, user=record.uploaded_by)


@task()
def run_import(return_id: int) -> str:
    """Check a return by the DfE's rules, then import it, all or nothing."""
    record = (
        Return.objects.select_related("partnership", "uploaded_by").filter(pk=return_id).first()
    )
    if record is None or record.is_finished or record.header_data is None:
        return "nothing to do"
    header, episodes = bytes(record.header_data), bytes(record.episodes_data)
    year = latest_year(episodes)
    Return.objects.filter(pk=return_id).update(
        status=Return.Status.RUNNING,
        step="Checking the DfE's rules",
        collection_year=year,
        progress_at=timezone.now(),
    )
    try:
        with tempfile.TemporaryDirectory(prefix="cip-return-") as folder:
            paths = Path(folder) / "header.csv", Path(folder) / "episodes.csv"
            paths[0].write_bytes(header)
            paths[1].write_bytes(episodes)
            outcome = dfe.run(*paths, year)
        blocking = outcome.blocking
        Return.objects.filter(pk=return_id).update(
            step="Reading and importing the files",
            progress_at=timezone.now(),
            dfe_findings=outcome.findings,
            dfe_total=outcome.total,
            dfe_blocking=outcome.blocking,
            dfe_ruleset=outcome.ruleset,
            dfe_not_run=outcome.not_run,
        )
        return _import(record, header, episodes, blocking)
    except Exception as error:
        log.exception("SSDA903 return %s failed", return_id)
        _finish(
            return_id,
            Return.Status.FAILED,
            f"The return could not be imported ({type(error).__name__}). Nothing was "
            "written. Try again, or ask an administrator to look at the log.",
        )
        return "failed"


class _DfeRefused(Exception):
    pass


def _import(record: Return, header: bytes, episodes: bytes, blocking: int) -> str:
    reporter = _Reporter(record.pk)
    refused = None
    try:
        with transaction.atomic():
            try:
                result = import_ssda903(
                    partnership=record.partnership,
                    header=io.BytesIO(header),
                    episodes=io.BytesIO(episodes),
                    user=record.uploaded_by,
                    counts=reporter,
                )
            except ImportRefused as error:
                refused = error
            if refused is None and blocking:
                raise _DfeRefused  # rolls back what was written
    except _DfeRefused:
        pass
    finally:
        reporter.close()
    if refused is not None or blocking:
        total = refused.total if refused else 0
        why = []
        if total:
            why.append(f"{total} problem{'' if total == 1 else 's'} in the files")
        if blocking:
            why.append(f"{blocking} failure{'' if blocking == 1 else 's'} of the DfE's date rules")
        _finish(
            record.pk,
            Return.Status.REFUSED,
            f"Nothing was imported: {' and '.join(why)}.",
            problems=[
                {"file": p.file, "row": p.row, "column": p.column, "message": p.message}
                for p in (refused.problems if refused else [])
            ],
            problems_found=total,
            rows_read=reporter.rows,
        )
        return "refused"
    _finish(
        record.pk,
        Return.Status.IMPORTED,
        "Imported",
        children_created=result.children_created,
        children_updated=result.children_updated,
        episodes_created=result.episodes_created,
        episodes_updated=result.episodes_updated,
        rows_read=reporter.rows,
        problems_found=0,
    )
    return "imported"
