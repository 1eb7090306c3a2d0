"""A draft says DRAFT on every page; a final version's PDF says it nowhere (issue 19)."""

from datetime import date

import pytest
from django.urls import reverse

from cip import pdf as cip_pdf
from reports import documents, pdf, services
from reports.models import Export, FinalVersion, Report
from tests.reports import pdftools
from tests.reports.conftest import run_worker
from tests.reports.factories import report_with_sections


def _pages(data: bytes) -> list[str]:
    return [page for page in pdftools.text(data).split("\f") if page.strip()]


def _marked(page: str) -> bool:
    """DRAFT at the top of the page (beside the running header after the first page)."""
    return page.strip().splitlines()[0].split()[-1] == "DRAFT"


@pytest.fixture
def report(partnership):
    from tests.board.factories import RiskFactory

    for n in range(40):  # enough rows for the register to run over several pages
        RiskFactory(partnership=partnership, title=f"Risk number {n}")
    return report_with_sections(
        partnership,
        meeting_date=date.today(),
        include_risks=True,
        include_placements=False,
        include_funding=False,
    )


def _url(name: str, record) -> str:
    partnership = getattr(record, "partnership", None) or record.report.partnership
    return reverse(f"reports:{name}", kwargs={"slug": partnership.slug, "pk": record.pk})


def test_a_drafts_pdf_says_draft_on_every_page_and_the_final_says_it_nowhere(report, as_officer):
    as_officer.post(_url("report-export", report))
    run_worker()
    export = Export.objects.get(report=report)
    draft = as_officer.get(_url("export-download", export)).content
    pages = _pages(draft)
    assert len(pages) >= 3
    assert all(_marked(page) for page in pages)  # top right, every page

    as_officer.post(_url("report-finalise", report), {"version": report.version})
    run_worker()
    final = FinalVersion.objects.get(report=report)
    final_pdf = as_officer.get(_url("final-pdf", final)).content
    assert len(_pages(final_pdf)) == len(pages)
    assert "DRAFT" not in pdftools.text(final_pdf)
    assert "draft-watermark" not in pdf.render_html(final.snapshot)
    # the same report, now final, exported again: still no marking
    as_officer.post(_url("report-export", report))
    run_worker()
    again = Export.objects.filter(report=report).order_by("-pk").first()
    assert "DRAFT" not in pdftools.text(bytes(again.data))


def test_the_diagonal_watermark_is_drawn_from_the_apps_static_files_only_on_drafts(report):
    fetcher = cip_pdf.StaticOnlyFetcher()
    pdf.write_pdf(pdf.render_html(documents.build_document(report)), fetcher=fetcher)
    assert fetcher.served == [cip_pdf.BASE_URL + "static/reports/draft-watermark.svg"]
    assert fetcher.refused == []
    fetcher = cip_pdf.StaticOnlyFetcher()
    pdf.write_pdf(pdf.render_html(documents.build_document(report, draft=False)), fetcher=fetcher)
    assert fetcher.served == []


def test_a_board_pack_is_marked_draft_until_it_is_final(partnership, officer):
    from tests.board.factories import MeetingFactory

    meeting = MeetingFactory(partnership=partnership, date=date(2021, 2, 9))
    pack = report_with_sections(
        partnership, kind=Report.Kind.BOARD_PACK, meeting=meeting, committee="CIP Board"
    )
    pages = _pages(pdf.render_pdf(documents.build_document(pack)))
    assert pages and all(_marked(page) for page in pages)
    final = services.report_finalise(report=pack, expected_version=pack.version, user=officer)
    assert "DRAFT" not in pdftools.text(pdf.render_pdf(final.snapshot))
