"""Measure the SSDA903 import (time and peak memory) and the measures page's queries.

Writes a synthetic return of N episodes to a temporary directory, imports it into a throwaway
partnership, times the import, then times the measures for the latest year. Run it against a
scratch database: `DATABASE_URL=... manage.py benchmark_ssda903 --episodes 100000`.
"""

import random
import resource
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from cip.models import Organisation, Partnership
from placements import codes, measures
from placements.importers import EPISODE_COLUMNS, import_ssda903


def write_return(folder: Path, episodes: int, seed: int = 903) -> tuple[Path, Path]:
    """A plausible return: children with 1 to 4 touching episodes each."""
    rng = random.Random(seed)  # noqa: S311 - synthetic data
    header, eps = folder / "header.csv", folder / "episodes.csv"
    with header.open("w", newline="") as h, eps.open("w", newline="") as e:
        h.write("CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\r\n")
        e.write(",".join(EPISODE_COLUMNS) + "\r\n")
        written, child = 0, 0
        while written < episodes:
            child += 1
            h.write(
                f"{child},{rng.choice('12')},{rng.randint(1, 28):02d}/"
                f"{rng.randint(1, 12):02d}/{rng.randint(2004, 2017)},WBRI,,,\r\n"
            )
            start = date(2018, 4, 1) + timedelta(days=rng.randint(0, 1400))
            count = min(rng.randint(1, 4), episodes - written)
            for index in range(count):
                end = start + timedelta(days=rng.randint(20, 300)) if index < count - 1 else None
                dec, rec = (f"{end:%d/%m/%Y}", "X1") if end else ("", "")
                place = rng.choice(["U4", "U6", "K2", "U1", "H5"])
                e.write(
                    f"{child},{start:%d/%m/%Y},{'S' if index == 0 else 'P'},C2,N1,{place},"
                    f"{'PR1' if place != 'K2' else 'PR4'},{dec},{rec},"
                    f"{'CARPL' if end else ''},LE11 3,LE16 7,\r\n"
                )
                written += 1
                start = end or start
    return header, eps


class Command(BaseCommand):
    help = "Time the SSDA903 import and the measures on synthetic data (rolled back)."

    def add_arguments(self, parser):
        parser.add_argument("--episodes", type=int, default=100_000)
        parser.add_argument("--keep", action="store_true", help="Keep the rows (no rollback)")

    def handle(self, *args, **options):
        with tempfile.TemporaryDirectory() as folder:
            header, episodes = write_return(Path(folder), options["episodes"])
            size = episodes.stat().st_size / 1048576
            self.stdout.write(f"{options['episodes']:,} episodes, {size:.1f} MB")
            before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            with transaction.atomic():
                council, _ = Organisation.all_objects.get_or_create(
                    identifier="GB-BENCH-1", defaults={"name": "Bench council", "kind": "council"}
                )
                partner, _ = Organisation.all_objects.get_or_create(
                    identifier="GB-BENCH-2", defaults={"name": "Bench partner", "kind": "charity"}
                )
                partnership = Partnership.objects.create(
                    name="Benchmark",
                    slug=f"benchmark-{time.time_ns()}",
                    council=council,
                    partner=partner,
                )
                started, cpu = time.perf_counter(), time.process_time()
                with header.open("rb") as h, episodes.open("rb") as e:
                    result = import_ssda903(
                        partnership=partnership,
                        header=h,
                        episodes=e,
                        max_bytes=1024 * 1048576,
                    )
                if connection.vendor == "postgresql":
                    # The foreign keys' checks, deferred to the commit, run now as it would.
                    with connection.cursor() as cursor:
                        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                took, cpu = time.perf_counter() - started, time.process_time() - cpu
                peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
                self.stdout.write(
                    f"import: {took:.1f} s ({cpu:.1f} s of CPU in this process), "
                    f"{result.episodes_created:,} episodes, "
                    f"peak memory {peak:.0f} MB (before {before:.0f} MB)"
                )
                if connection.vendor == "postgresql":
                    # As autovacuum would have done by the time anyone opens the page.
                    with connection.cursor() as cursor:
                        cursor.execute("ANALYZE placements_episode, placements_child")
                year = codes.collection_year(date(2022, 3, 31))
                first, last = codes.collection_year_bounds(year)
                started = time.perf_counter()
                with CaptureQueriesContext(connection) as queries:
                    measures.for_year(partnership, first=first, last=last, years=[2019, 2020])
                took = time.perf_counter() - started
                self.stdout.write(f"measures: {took * 1000:.0f} ms, {len(queries)} queries")
                if not options["keep"]:
                    transaction.set_rollback(True)
