"""The Word copy of a report (issue 19): opened with python-docx, as Word would open it, its
headings, numbered paragraphs and tables match the PDF's."""

import io
import re

import pytest
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn

from reports import documents, pdf, services
from tests.reports import pdftools
from tests.reports.factories import report_with_sections
from tests.reports.test_pdf import SCRUTINY_ORDER

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _url(report) -> str:
    return reverse("reports:report-word", kwargs={"slug": report.partnership.slug, "pk": report.pk})


def _flat(text: str) -> str:
    return " ".join(text.split())


def _list_formats(document) -> dict[str, tuple[str, str, str]]:
    """numId -> (format, text, start) of its level 0, read from the file's numbering.xml."""
    numbering = document.part.numbering_part.element
    abstracts = {
        a.get(qn("w:abstractNumId")): a.find(qn("w:lvl"))
        for a in numbering.findall(qn("w:abstractNum"))
    }
    formats = {}
    for num in numbering.findall(qn("w:num")):
        level = abstracts[num.find(qn("w:abstractNumId")).get(qn("w:val"))]
        formats[num.get(qn("w:numId"))] = (
            level.find(qn("w:numFmt")).get(qn("w:val")),
            level.find(qn("w:lvlText")).get(qn("w:val")),
            level.find(qn("w:start")).get(qn("w:val")),
        )
    return formats


def _numbered(document) -> list[tuple[int, str]]:
    """(number Word shows, text) of each paragraph in a Word list, counted as Word counts."""
    formats = _list_formats(document)
    counters: dict[str, int] = {}
    result = []
    for paragraph in document.paragraphs:
        num_pr = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        if num_pr is None:
            continue
        num_id = num_pr.find(qn("w:numId")).get(qn("w:val"))
        kind, text, start = formats[num_id]
        assert (kind, text, start) == ("decimal", "%1.", "1")
        counters[num_id] = counters.get(num_id, int(start) - 1) + 1
        result.append((counters[num_id], paragraph.text))
    assert len(counters) == 1  # one list through the whole report, as the PDF numbers it
    return result


def _headings(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]


def test_the_word_copy_has_the_pdfs_headings_and_numbered_paragraphs(scrutiny, as_officer):
    response = as_officer.get(_url(scrutiny))
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert response["Content-Disposition"].endswith('.docx"')
    word = Document(io.BytesIO(response.content))
    pdf_text = pdftools.text(pdf.render_pdf(documents.build_document(scrutiny)))
    flat = _flat(pdf_text)

    headings = _headings(word)
    # the title, then every heading of the template and each appendix (not the director's line)
    expected = [SCRUTINY_ORDER[2], *SCRUTINY_ORDER[4:]]
    assert [h for h in headings if h in expected] == expected
    positions = [flat.index(_flat(heading)) for heading in headings]
    assert positions == sorted(positions)

    numbered = _numbered(word)
    pdf_numbers = [int(n) for n in re.findall(r"^\s{0,4}(\d{1,3})\.\s{2,}\S", pdf_text, re.M)]
    assert [n for n, _ in numbered] == pdf_numbers == list(range(1, 20))
    for number, text in numbered:
        first_words = " ".join(text.split()[:5])
        assert re.search(rf"(^|\s){number}\.\s+{re.escape(first_words)}", flat), number
        assert not re.match(r"\s*\d+\.", text)  # the number is Word's, not typed


def test_the_word_copy_carries_the_appendix_tables_and_the_draft_marking(
    partnership, as_officer, officer
):
    from tests.funding.factories import AwardFactory

    AwardFactory(partnership=partnership, title="Family Group Conferencing")
    AwardFactory(
        partnership=partnership,
        title="Holiday Activities and Food",
        amount_requested=798000,
        amount_awarded=798000,
    )
    report = report_with_sections(partnership, include_placements=False)
    word = Document(io.BytesIO(as_officer.get(_url(report)).content))
    rows = [[cell.text for cell in row.cells] for table in word.tables for row in table.rows]
    assert ["Bid", "Funder", "Lead applicant", "Decided", "Awarded"] in rows
    assert ["Total secured", "", "", "", "£1,032,600"] in rows
    assert ["Holiday Activities and Food", "£798k"] in rows  # the chart, as its numbers
    assert [p.text for p in word.sections[0].header.paragraphs] == ["DRAFT"]

    services.report_finalise(report=report, expected_version=report.version, user=officer)
    final = as_officer.get(_url(report))
    assert final["Content-Disposition"].endswith('-final.docx"')
    word = Document(io.BytesIO(final.content))
    assert "DRAFT" not in " ".join(p.text for p in word.sections[0].header.paragraphs)
    assert "Appendix 2 - Funding awards" in _headings(word)


@pytest.mark.parametrize("who", ["as_board"])
def test_a_board_member_cannot_download_the_word_copy(scrutiny, who, request):
    assert request.getfixturevalue(who).get(_url(scrutiny)).status_code == 403
