"""Report PDF speed: a 20-page report through the app, against a bare WeasyPrint render of the
same final HTML. Prints the median of 5 runs of each and their ratio.

    uv run python scripts/bench_reports.py [--runs 5] [--out /tmp/report.pdf]

It builds a throwaway test database (Django's test-database machinery, so your data is never
touched), loads the demo Scrutiny report, adds own headings until the PDF is about 20 pages,
then times (the demo's records, loaded by load_demo, fill the appendices):
  app:  services.build_document + pdf.render_html + pdf.write_pdf (static-only fetcher, PDF/UA)
  bare: weasyprint.HTML(string=<the same HTML>).write_pdf(pdf_variant="pdf/ua-1")
"""

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cip.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECURE", "false")
os.environ.setdefault("STATIC_MANIFEST", "false")
os.environ.setdefault("DEMO_PASSWORD", "bench-only-password")

PARAGRAPH = (
    "The design team analysed the residential data to understand why young people were placed "
    "out of the county, why placements broke down and what makes a placement succeed. It "
    "looked at themes of need against the market, local sufficiency, gaps in provision and "
    "creative answers to them, with the partner's and the council's experts side by side, and "
    "reported its findings and recommendations to the CIP Board for decision."
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", default="")
    args = parser.parse_args()

    import logging

    import django

    django.setup()
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(args)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(args) -> None:
    import subprocess
    import tempfile

    from django.core.management import call_command
    from weasyprint import HTML

    from cip.models import Partnership
    from cip.reports import demo, pdf, services

    # The whole demo (funding, placements, board, work packages), so the appendices are real.
    call_command("load_demo", stdout=io.StringIO())
    partnership = Partnership.objects.get(slug="leicestershire-cip")
    demo.load(partnership)  # idempotent, whether or not load_demo already lists it
    report = partnership.reports.get(kind="scrutiny")
    for n in range(1, 9):
        services.section_add(
            report=report,
            heading=f"Work package {n}",
            text="\n\n".join(PARAGRAPH for _ in range(7)),
            user=None,
        )

    def app() -> bytes:
        return pdf.write_pdf(pdf.render_html(services.build_document(report)))

    html = pdf.render_html(services.build_document(report))

    def bare() -> bytes:
        return HTML(string=html).write_pdf(pdf_variant=pdf.PDF_VARIANT)

    data = app()
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        info = subprocess.run(  # noqa: S603 - poppler's pdfinfo on our own temporary file
            ["/usr/bin/pdfinfo", handle.name], capture_output=True, text=True, check=True
        ).stdout
    pages = next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:"))
    if args.out:
        Path(args.out).write_bytes(data)

    def timed(function) -> list[float]:
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            function()
            times.append(time.perf_counter() - start)
        return times

    bare()  # warm fonts and caches for both alike
    app_times, bare_times = timed(app), timed(bare)
    app_median, bare_median = statistics.median(app_times), statistics.median(bare_times)
    print(f"pages: {pages}")
    for name, median, times in (("app ", app_median, app_times), ("bare", bare_median, bare_times)):
        runs = ", ".join(f"{t:.2f}" for t in times)
        print(f"{name} median of {args.runs}: {median:.2f} s  ({runs})")
    print(f"ratio app/bare: {app_median / bare_median:.2f}")


if __name__ == "__main__":
    main()
