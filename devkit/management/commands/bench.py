"""`make bench`: the hot paths at scale against their physical floor, in one table.

    manage.py bench --episodes 1000000 [--partnerships 4] [--runs 5] [--explain]

Needs PostgreSQL (the floor of the import is COPY): `make bench` runs it on a throwaway
server. Generates the synthetic data first (`generate_data`, in its own process) unless the
seed is already in the database. See devkit/bench.py for what is timed against what.
"""

import os
import platform
import random
import statistics
import subprocess
import sys
import time
import warnings
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client, override_settings

from cip.models import Membership, Partnership
from devkit import bench, synthetic
from devkit import synthetic_placements as placement_data
from placements import codes
from placements.importers import export_episodes


class Command(BaseCommand):
    help = "Time the dashboard, placement log, import, exports and a report PDF at scale."

    def add_arguments(self, parser):
        parser.add_argument("--episodes", type=int, default=1_000_000)
        parser.add_argument("--partnerships", type=int, default=4)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--runs", type=int, default=5, help="Timings per page (median)")
        parser.add_argument("--import-episodes", type=int, default=100_000)
        parser.add_argument("--import-runs", type=int, default=3)
        parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the pages")
        parser.add_argument(
            "--only",
            default="pages,import,dfe,exports,report,forecast",
            help="Some of: pages, import, dfe (the DfE's rules over the import's files, with "
            "import), exports, report, forecast (comma-separated)",
        )

    def handle(self, *args, **options):
        # WhiteNoise warns that collectstatic has not run: the benchmark serves no static file.
        warnings.filterwarnings("ignore", message="No directory at")
        if connection.vendor != "postgresql":
            raise CommandError("The benchmark needs PostgreSQL: run it with `make bench`.")
        # The test client's host name. (Not setup_test_environment(): its instrumented
        # template rendering would be timed with the pages.)
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        self.options = options
        started = datetime.now(UTC)
        load = os.getloadavg()[0]
        generated = self.generate()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # as autovacuum would have by the time of use
        partnership = Partnership.objects.get(slug=synthetic.slug_for(options["seed"], 1))
        episodes = partnership.episodes.count()
        children = partnership.children.count()
        only = self.only = set(options["only"].split(","))
        self.dfe = None
        results = self.pages(partnership) if "pages" in only else []
        self.import_memory = None
        if "import" in only:
            results += self.imports(partnership)
        exports = self.exports(partnership) if "exports" in only else []
        if "report" in only:
            results.append(bench.report_pdf(options["runs"])[0])
        if "forecast" in only:
            results.append(self.forecast(partnership))
        self.print_table(
            started=started,
            load=(load, os.getloadavg()[0]),
            generated=generated,
            partnership=partnership,
            episodes=episodes,
            children=children,
            results=results,
            exports=exports,
        )

    # --- the steps ---------------------------------------------------------------------------

    def say(self, message: str) -> None:
        self.stderr.write(message)  # progress on stderr, the table alone on stdout

    def generate(self) -> str:
        o = self.options
        if Partnership.objects.filter(slug=synthetic.slug_for(o["seed"], 1)).exists():
            return f"seed {o['seed']} already in the database (not generated again)"
        self.say(f"Generating {o['episodes']:,} episodes (seed {o['seed']})...")
        started = time.perf_counter()
        subprocess.run(  # noqa: S603 - this project's own manage.py, fixed arguments
            [
                sys.executable,
                str(Path(settings.BASE_DIR) / "manage.py"),
                "generate_data",
                f"--seed={o['seed']}",
                f"--episodes={o['episodes']}",
                f"--partnerships={o['partnerships']}",
            ],
            check=True,
        )
        took = time.perf_counter() - started
        return f"generated in {took:.0f} s ({o['episodes'] / took:,.0f} episodes a second)"

    def client(self, partnership) -> Client:
        user, _ = get_user_model().objects.get_or_create(username="bench")
        Membership.objects.get_or_create(
            user=user, partnership=partnership, defaults={"role": Membership.Role.COMMISSIONER}
        )
        client = Client()
        client.force_login(user)
        return client

    def pages(self, partnership):
        client = self.client(partnership)
        log = f"/p/{partnership.slug}/placements/"
        dashboard, measures = f"/p/{partnership.slug}/dashboard/", f"{log}measures/"
        computed = (
            ("Dashboard", dashboard, 1.5),
            ("Placement log, first page", log, 2.0),
            ("Placement log, filtered page", f"{log}?group=residential&location=out", 2.0),
            ("Placement measures", measures, None),
        )
        # Each page's own queries first, against their SQL: the placement figures computed on
        # every request. Then what the board sees after the first view, while the placement
        # data is unchanged (placements.measures.cached): the data stamp and the rest.
        with override_settings(PLACEMENT_MEASURES_CACHE_SECONDS=0):
            results = [self.page(client, *row) for row in computed]
        for name, url in (("Dashboard", dashboard), ("Placement measures", measures)):
            results.append(self.page(client, f"{name}, figures cached", url, None))
        return results

    def page(self, client, name: str, url: str, target: float | None) -> bench.Result:
        self.say(f"Timing {name}...")
        result = bench.page(client, name, url, runs=self.options["runs"], target=target)
        if self.options["explain"]:
            for line in bench.explain(bench.capture(lambda: client.get(url))):
                self.say(f"  {line}")
        return result

    def imports(self, partnership) -> list[bench.Result]:
        o = self.options
        folder = bench.workdir()
        header, table = folder / "header.csv", folder / "episodes.csv"
        rng = random.Random(f"{o['seed']}:import")  # noqa: S311 - synthetic data
        register = placement_data.providers(
            rng, council="Bench", episodes=o["import_episodes"], number=1
        )
        for row in register.rows:
            row["id"] = None
        log = placement_data.Log(
            seed=f"{o['seed']}-import",
            number=1,
            partnership={"id": partnership.pk},
            districts=sorted(partnership.placement_settings.districts),
            register=register,
            homes=[],
        )
        placement_data.write_return(log, rng, o["import_episodes"], header, table)
        megabytes = (header.stat().st_size + table.stat().st_size) / 1048576
        self.say(f"Timing the SSDA903 import of {o['import_episodes']:,} episodes...")
        runs, copies = [], []
        for _ in range(o["import_runs"]):  # interleaved, as bench.paired does
            runs.append(bench.forked(lambda: bench.import_once(partnership.pk, header, table)))
            copies.append(bench.copy_once(header, table))
        self.import_memory = max(r["peak"] for r in runs), runs[0]["rss_before"]
        if "dfe" in self.only:
            self.say("Running the DfE's rules over the same files...")
            self.dfe = bench.forked(lambda: bench.dfe_rules_once(header, table))
        for path in (header, table):
            path.unlink()
        folder.rmdir()
        return [
            bench.Result(
                f"SSDA903 import, {o['import_episodes']:,} episodes ({megabytes:.1f} MB)",
                [r["import"] for r in runs],
                copies,
                3.0,
                f"{runs[0]['episodes']:,} episodes and their children written with their history "
                f"rows; the files read, checked and written (together) in "
                f"{statistics.median(r['streaming'] for r in runs):.1f} s, then "
                f"{statistics.median(r['finishing'] for r in runs):.1f} s to finish",
            )
        ]

    def forecast(self, partnership) -> bench.Result:
        """The demand forecast of the largest partnership, in a forked process (the worker's
        own work), against its target of 60 s (issue 18)."""
        self.say("Timing the demand forecast...")
        runs = [
            bench.forked(lambda: bench.forecast_once(partnership.pk, placement_data.DATA_END))
            for _ in range(min(self.options["runs"], 3))
        ]
        seconds = [r["seconds"] for r in runs]
        met = statistics.median(seconds) <= bench.FORECAST_TARGET_SECONDS
        return bench.Result(
            f"Demand forecast, 5 years with a scenario ({runs[0]['episodes']:,} episodes)",
            seconds,
            note=f"{'met' if met else 'NOT MET'}: target ≤ {bench.FORECAST_TARGET_SECONDS} s; "
            f"peak {max(r['peak'] for r in runs):.0f} MB",
        )

    def exports(self, partnership) -> list[tuple[str, float, float, float]]:
        """(what, seconds, peak MB, MB before) for each export, each in a forked process."""
        year = codes.collection_year(placement_data.DATA_END)

        def ssda903() -> dict:
            lines = sum(1 for _ in export_episodes(partnership, year))
            return {"rows": lines - 1}

        def table(query: str):
            def run() -> dict:
                client = self.client(partnership)
                response = client.get(f"/p/{partnership.slug}/placements/?{query}_export=csv")
                content = b"".join(response) if response.streaming else response.content
                return {"rows": content.count(b"\n") - 1}

            return run

        found = []
        for name, function in (
            (f"SSDA903 episodes export, {codes.collection_year_label(year)}", ssda903),
            (
                "Placement log CSV, residential out of county",
                table("group=residential&location=out&"),
            ),
        ):
            self.say(f"Timing {name}...")
            result = bench.forked(function)
            found.append(
                (
                    f"{name} ({result['rows']:,} rows)",
                    result["seconds"],
                    result["peak"],
                    result["rss_before"],
                )
            )
        return found

    # --- the table ---------------------------------------------------------------------------

    def print_table(
        self, *, started, load, generated, partnership, episodes, children, results, exports
    ):
        o = self.options
        write = self.stdout.write
        cpu = next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            platform.processor(),
        )
        memory = int(Path("/proc/meminfo").read_text().split()[1]) / 1048576
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            (version,) = cursor.fetchone()
        write(f"Benchmark of {started:%-d %B %Y %H:%M} UTC")
        write(
            f"Machine: {os.cpu_count()} CPUs ({cpu}), {memory:.0f} GB RAM; PostgreSQL "
            f"{version}; load average {load[0]:.1f} at the start, {load[1]:.1f} at the end"
        )
        write(
            f"Data: seed {o['seed']}, {o['episodes']:,} episodes in {o['partnerships']} "
            f"partnerships, {generated}; pages measured on {partnership.slug} "
            f"({episodes:,} episodes, {children:,} children)"
        )
        write(
            f"Command: manage.py bench --episodes {o['episodes']} --runs {o['runs']} "
            f"--import-episodes {o['import_episodes']} --import-runs {o['import_runs']}"
        )
        write("")
        write("| measure | app (median) | floor (median) | ratio | target | | what |")
        write("|---|---:|---:|---:|---:|---|---|")
        for r in results:
            ratio = f"{r.ratio:.2f}×" if r.ratio is not None else ""
            target = f"≤ {r.target}×" if r.target else ""
            floor = _seconds(r.floor_median) if r.floor_median is not None else ""
            write(
                f"| {r.name} | {_seconds(r.app_median)} | {floor} | {ratio} | {target} | "
                f"{r.verdict} | {r.note} |"
            )
        write("")
        write("| peak memory (RSS) | time | peak | process before |")
        write("|---|---:|---:|---:|")
        if self.import_memory:
            peak, before = self.import_memory
            write(
                f"| SSDA903 import, {o['import_episodes']:,} episodes | | {peak:.0f} MB | "
                f"{before:.0f} MB |"
            )
        if self.dfe:
            d = self.dfe
            what = d["not_run"] or f"{d['ruleset']}, {d['findings']:,} failing rows"
            write(
                f"| The DfE's rules over the same files ({what}) | {_seconds(d['dfe_seconds'])} "
                f"| {d['dfe_peak']:.0f} MB | (own process) |"
            )
        for name, seconds, peak, before in exports:
            write(f"| {name} | {_seconds(seconds)} | {peak:.0f} MB | {before:.0f} MB |")
        write("")
        for name, value in bench.sizes():
            write(f"- {name}: {value}")


def _seconds(value: float) -> str:
    return f"{value * 1000:,.0f} ms" if value < 10 else f"{value:,.1f} s"
