"""The benchmark suite behind `make bench`: each hot path against its physical floor.

    manage.py bench --episodes 1000000     (on PostgreSQL; `make bench` starts a throwaway one)

Pages are timed through Django's test client (middleware, sign-in, queries, templates), and
their floor is the same SQL statements, captured from the page and run again on a bare
cursor (fetching every row): the ratio is what the ORM, Python and the templates add to what
the database must do anyway. The SSDA903 import is timed against PostgreSQL COPY of the same
two files into bare tables; a report PDF against a bare WeasyPrint render of its HTML. Each
import and export runs in a forked process whose peak resident memory is read from the
kernel (VmHWM, reset at the start). Every figure is the median of `runs` timings.
"""

import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.db import connection, connections, transaction

KB = 1024


@dataclass
class Result:
    name: str
    app: list[float]
    floor: list[float] | None = None
    target: float | None = None
    note: str = ""

    @property
    def app_median(self) -> float:
        return statistics.median(self.app)

    @property
    def floor_median(self) -> float | None:
        return statistics.median(self.floor) if self.floor else None

    @property
    def ratio(self) -> float | None:
        floor = self.floor_median
        return self.app_median / floor if floor else None

    @property
    def verdict(self) -> str:
        if self.target is None or self.ratio is None:
            return ""
        return "met" if self.ratio <= self.target else "NOT MET"


def timed(function: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return times


def paired(app: Callable[[], object], floor: Callable[[], object], runs: int):
    """Time both `runs` times, interleaved (app then floor, then floor then app, ...), so
    that a change in the machine's load weighs on both alike: (app times, floor times)."""
    app_times, floor_times = [], []
    for run in range(runs):
        order = [(app, app_times), (floor, floor_times)]
        for function, times in order if run % 2 == 0 else reversed(order):
            times.extend(timed(function, 1))
    return app_times, floor_times


# --- pages ----------------------------------------------------------------------------------


@dataclass
class Statement:
    sql: str
    params: object
    many: bool


def capture(function: Callable[[], object]) -> list[Statement]:
    """Every statement `function` sends to the database, with its parameters."""
    found: list[Statement] = []

    def wrapper(execute, sql, params, many, context):
        found.append(Statement(sql, params, many))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        function()
    return found


def replay(statements: list[Statement]) -> int:
    """Run the statements on the driver's own cursor, fetching every row; returns the rows."""
    connection.ensure_connection()
    rows = 0
    with connection.connection.cursor() as cursor:
        for statement in statements:
            if statement.many:
                cursor.executemany(statement.sql, statement.params)
            else:
                cursor.execute(statement.sql, statement.params)
            if cursor.description:
                rows += len(cursor.fetchall())
    return rows


def page(client, name: str, url: str, *, runs: int, target: float | None) -> Result:
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    statements = capture(lambda: client.get(url))
    rows = replay(statements)
    app, floor = paired(lambda: client.get(url), lambda: replay(statements), runs)
    return Result(name, app, floor, target, f"{len(statements)} queries, {rows:,} rows")


def explain(statements: list[Statement]) -> list[str]:
    """EXPLAIN (ANALYZE) of each statement that reads a placements table: the plan's first
    line, the indexes it uses and its execution time, one line each."""
    lines = []
    with connection.cursor() as cursor:
        for statement in statements:
            if statement.many or not statement.sql.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            if "placements_" not in statement.sql:
                continue
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + statement.sql, statement.params)
            plan = cursor.fetchone()[0][0]
            indexes = sorted(set(_indexes(plan["Plan"])))
            top = plan["Plan"]["Node Type"]
            lines.append(
                f"{plan['Execution Time']:8.1f} ms  {top}; "
                f"{', '.join(indexes) or 'no index'}  <- {statement.sql[:140]}"
            )
    return lines


def _indexes(node: dict):
    if "Index Name" in node:
        yield f"{node['Node Type']} on {node['Index Name']}"
    elif node.get("Node Type") == "Seq Scan":
        yield f"Seq Scan on {node['Relation Name']}"
    for child in node.get("Plans", []):
        yield from _indexes(child)


# --- forked runs (peak memory) --------------------------------------------------------------


def _status(field: str) -> float:
    """A memory figure of this process from /proc/self/status, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / KB
    return 0.0


def forked(function: Callable[[], dict]) -> dict:
    """Run `function` in a child process with a fresh database connection; returns its dict
    with `seconds`, `rss_before` and `peak` (MB: the high-water mark, reset at the start)."""
    connections.close_all()  # the child must not share the parent's socket
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        code = 1
        try:
            os.close(read)
            Path("/proc/self/clear_refs").write_text("5")  # reset VmHWM to the current RSS
            result = {"rss_before": _status("VmRSS")}
            started = time.perf_counter()
            result |= function()
            result["seconds"] = time.perf_counter() - started
            result["peak"] = _status("VmHWM")
            os.write(write, json.dumps(result).encode())
            code = 0
        except BaseException as error:  # report it to the parent, whatever it was
            os.write(write, json.dumps({"error": repr(error)}).encode())
        finally:
            os._exit(code)
    os.close(write)
    chunks = []
    while chunk := os.read(read, 65536):
        chunks.append(chunk)
    os.close(read)
    os.waitpid(pid, 0)
    result = json.loads(b"".join(chunks) or b'{"error": "no answer"}')
    if "error" in result:
        raise RuntimeError(f"The forked run failed: {result['error']}")
    return result


# --- the demand forecast ------------------------------------------------------------------------


FORECAST_TARGET_SECONDS = 60


def forecast_once(partnership_id: int, window_end) -> dict:
    """A five-year forecast with a scenario, as the worker makes it: the log read, the rates
    estimated over the two years to `window_end`, four projections costed (forecast.engine)."""
    from datetime import timedelta

    from django.db import transaction

    from forecast import engine
    from forecast.models import Forecast, ForecastAdjustment

    # Saved, as the worker reads its adjustments from the database, and rolled back.
    with transaction.atomic():
        forecast = Forecast.objects.create(
            partnership_id=partnership_id,
            name="Bench",
            window_start=window_end - timedelta(days=730),
            window_end=window_end,
            horizon_years=5,
            scenario_name="Properties 1 to 4 open",
        )
        ForecastAdjustment.objects.create(
            forecast=forecast,
            position=1,
            kind="move",
            children=9,
            from_category="residential",
            from_route="external",
            to_category="residential",
            to_route="in_house",
        )
        ForecastAdjustment.objects.create(
            forecast=forecast,
            position=2,
            kind="rate",
            from_category="entry",
            to_category="residential",
            percent=-10,
        )
        results = engine.compute(forecast)
        transaction.set_rollback(True)
    return {"episodes": results["episodes"]}


# --- the SSDA903 import against COPY ----------------------------------------------------------


def import_once(partnership_id: int, header: Path, episodes: Path) -> dict:
    from cip.models import Partnership
    from placements.importers import import_ssda903

    partnership = Partnership.objects.get(pk=partnership_id)
    saving: list[float] = []

    def progress(stage: str, done: int, total: int) -> None:
        if stage == "saving" and not saving:
            saving.append(time.perf_counter())  # the files are read, checked and written

    with transaction.atomic():
        started = time.perf_counter()
        with header.open("rb") as h, episodes.open("rb") as e:
            result = import_ssda903(
                partnership=partnership,
                header=h,
                episodes=e,
                max_bytes=1024 * 1048576,
                progress=progress,
            )
        # Foreign keys are checked at commit (Django makes them DEFERRABLE INITIALLY
        # DEFERRED): run those checks now, as the commit would, before rolling back.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        ended = time.perf_counter()
        transaction.set_rollback(True)
    return {
        "import": ended - started,
        "streaming": saving[0] - started,
        # Updates, the planner's statistics and the foreign-key checks left for the commit.
        "finishing": ended - saving[0],
        "episodes": result.episodes_created,
    }


def dfe_rules_once(header: Path, episodes: Path) -> dict:
    """The DfE's rules over the files as the worker runs them (placements.dfe.run, a
    subprocess in the validator's environment): seconds, and the subprocess's peak RSS in MB
    (run inside `forked`, so that the only child whose peak is read is the validator)."""
    import resource

    from placements import dfe, tasks

    year = tasks.latest_year(episodes.read_bytes())
    started = time.perf_counter()
    outcome = dfe.run(header, episodes, year)
    return {
        "dfe_seconds": time.perf_counter() - started,
        "dfe_peak": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "findings": outcome.total,
        "ruleset": outcome.ruleset,
        "not_run": outcome.not_run,
    }


BARE_HEADER = "child text, sex text, dob date, ethnic text, upn text, mother text, mc_dob date"
BARE_EPISODES = (
    "child text, decom date, rne text, ls text, cin text, place text, place_provider text, "
    "dec date, rec text, reason_place_change text, home_post text, pl_post text, urn text"
)


def copy_once(header: Path, episodes: Path) -> float:
    """COPY both files into bare tables (no index, no constraint, no history), rolled back."""
    connection.ensure_connection()
    with transaction.atomic():
        started = time.perf_counter()
        with connection.cursor() as cursor:
            raw = cursor.cursor
            raw.execute("SET LOCAL datestyle = 'ISO, DMY'")
            for name, columns, path in (
                ("bench_header", BARE_HEADER, header),
                ("bench_episodes", BARE_EPISODES, episodes),
            ):
                raw.execute(f"CREATE TABLE {name} ({columns})")
                sql = f"COPY {name} FROM STDIN (FORMAT csv, HEADER true)"
                with path.open("rb") as source, raw.copy(sql) as copy:
                    while data := source.read(1 << 20):
                        copy.write(data)
        took = time.perf_counter() - started
        transaction.set_rollback(True)
    return took


# --- report PDF (formerly scripts/bench_reports.py) --------------------------------------------

PARAGRAPH = (
    "The design team analysed the residential data to understand why young people were placed "
    "out of the county, why placements broke down and what makes a placement succeed. It "
    "looked at themes of need against the market, local sufficiency, gaps in provision and "
    "creative answers to them, with the partner's and the council's experts side by side, and "
    "reported its findings and recommendations to the CIP Board for decision."
)


def report_pdf(runs: int) -> tuple[Result, int]:
    """The demo Scrutiny report grown to about 20 pages, through the app (build_document,
    render_html, write_pdf with the static-only fetcher, PDF/UA) against a bare WeasyPrint
    render of the same final HTML. Loads the demo partnership (idempotent) for its records;
    the added sections are rolled back."""
    import io
    import logging

    from django.core.management import call_command
    from weasyprint import HTML

    from cip import pdf as cip_pdf
    from cip.models import Partnership
    from devkit.demo import reports as demo
    from reports import documents, pdf, services

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    call_command("load_demo", stdout=io.StringIO())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as autovacuum would have by the time anyone prints it
    with transaction.atomic():
        partnership = Partnership.objects.get(slug="leicestershire-cip")
        demo.load(partnership)
        report = partnership.reports.get(kind="scrutiny")
        for n in range(1, 9):
            services.section_add(
                report=report,
                heading=f"Work package {n}",
                text="\n\n".join(PARAGRAPH for _ in range(7)),
                user=None,
            )

        def app() -> bytes:
            return pdf.write_pdf(pdf.render_html(documents.build_document(report)))

        html = pdf.render_html(documents.build_document(report))

        def bare() -> bytes:
            return HTML(string=html).write_pdf(pdf_variant=cip_pdf.PDF_VARIANT)

        pages = _pages(app())
        bare()  # warm fonts and caches for both alike
        result = Result("Report PDF", *paired(app, bare, runs), 1.3)
        transaction.set_rollback(True)
    result.note = f"{pages} pages"
    return result, pages


def _pages(data: bytes) -> int:
    """Pages of a PDF, as poppler's pdfinfo counts them."""
    import subprocess

    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        info = subprocess.run(  # noqa: S603 - poppler's pdfinfo on our own temporary file
            ["/usr/bin/pdfinfo", handle.name], capture_output=True, text=True, check=True
        ).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def sizes() -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_size_pretty(pg_database_size(current_database())),"
            " pg_size_pretty(pg_table_size('placements_episode')),"
            " pg_size_pretty(pg_indexes_size('placements_episode')),"
            " pg_size_pretty(pg_total_relation_size('placements_historicalepisode')),"
            " (SELECT count(*) FROM placements_episode), (SELECT count(*) FROM placements_child)"
        )
        database, table, indexes, history, episodes, children = cursor.fetchone()
    return [
        ("Database", database),
        ("Episodes", f"{episodes:,} rows: table {table}, indexes {indexes}"),
        ("Episode history", history),
        ("Children", f"{children:,}"),
    ]


def workdir() -> Path:
    return Path(tempfile.mkdtemp(prefix="cip-bench-"))
