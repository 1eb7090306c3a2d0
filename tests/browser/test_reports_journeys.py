"""Reports in Chromium: an officer makes a PDF of the demo's Scrutiny report draft, downloads
it and reads it. PDFs are made by the background worker (`manage.py db_worker`), which the
test runs once over the queue between the clicks, as tests/reports does."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import finish, summary_value
from tests.reports import pdftools
from tests.reports.conftest import run_worker
from tests.reports.test_pdf import SCRUTINY_ORDER

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_exports_the_scrutiny_report_and_reads_the_pdf(demo, sign_in_as, url):
    page = sign_in_as("officer")
    page.goto(url("reports:report-list", slug=demo.slug))
    page.get_by_role("link", name="Children's Innovation Partnership (CIP)").click()
    page.get_by_role("button", name="Make a PDF of this draft").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("PDF of the report")
    expect(summary_value(page, "Status")).to_have_text("Waiting to start")
    run_worker()  # what db_worker does beside the web processes
    page.get_by_role("link", name="Check again").click()
    expect(summary_value(page, "Status")).to_have_text("Ready")
    finish(page, "report-export-ready")

    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"^Download .+\.pdf$")).click()
    data = Path(download.value.path()).read_bytes()
    assert data.startswith(b"%PDF-")

    text = pdftools.text(data)
    flat = " ".join(text.split())  # the title block wraps its lines
    positions = [flat.index(heading) for heading in SCRUTINY_ORDER]
    assert positions == sorted(positions), "the template's headings are out of order"
    numbers = [int(n) for n in re.findall(r"^\s{0,4}(\d{1,3})\.\s{2,}\S", text, re.M)]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 19
    assert re.search(r"^\s*1\.\s+The purpose of this report is to provide an update", text, re.M)
    for figure in ["£431k", "£437k", "£188k", "£869k", "£798,000", "£486,165"]:
        assert figure in flat
    count = pdftools.pages(data)
    assert re.findall(rf"Page (\d+) of {count}\b", text) == [str(n) for n in range(1, count + 1)]


def test_an_officer_downloads_the_word_copy_from_the_report_page(demo, sign_in_as, url):
    import io

    from docx import Document

    page = sign_in_as("officer")
    page.goto(url("reports:report-list", slug=demo.slug))
    page.get_by_role("link", name="Children's Innovation Partnership (CIP)").click()
    finish(page, "report-detail-word-link")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"^Download a Word copy")).click()
    assert download.value.suggested_filename.endswith(".docx")
    word = Document(io.BytesIO(Path(download.value.path()).read_bytes()))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    # the title and every heading of the template and appendix, in the PDF's order (the
    # placement appendix's title goes on to name its year)
    expected = [SCRUTINY_ORDER[2], *SCRUTINY_ORDER[4:]]
    found = [next(i for i, h in enumerate(headings) if h.startswith(e)) for e in expected]
    assert found == sorted(found)
    assert [p.text for p in word.sections[0].header.paragraphs] == ["DRAFT"]
