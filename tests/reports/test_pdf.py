import re
import socket
from datetime import date

import pytest

from cip import pdf as cip_pdf
from reports import documents, pdf
from reports.models import Report
from tests.reports import pdftools
from tests.reports.factories import report_with_sections

SCRUTINY_ORDER = [
    "CHILDREN AND FAMILY SERVICES OVERVIEW AND SCRUTINY COMMITTEE",
    "9 MARCH 2021",
    "CHILDREN'S INNOVATION PARTNERSHIP (CIP)",
    "REPORT OF THE DIRECTOR OF CHILDREN AND FAMILY SERVICES",
    "Purpose of the Report",
    "Policy Framework and Previous Decisions",
    "Circulation under the Local Issues Alert Procedure",
    "Officers to Contact",
    "Background",
    "Equality and Human Rights Implications",
    "Background Papers",
    "List of Appendices",
    "Appendix 1 - Detailed Descriptions of the Projects",
    "Appendix 2 - Business case summaries",
    "Appendix 3 - Funding awards",
    "Appendix 4 - Placement measures",
    "Appendix 5 - Risk register",
]


def _numbers(text: str) -> list[int]:
    """The paragraph numbers: a number and a full stop at the start of a line."""
    return [int(n) for n in re.findall(r"^\s{0,4}(\d{1,3})\.\s{2,}\S", text, re.M)]


@pytest.fixture
def scrutiny_pdf(scrutiny):
    return pdf.render_pdf(documents.build_document(scrutiny))


def test_the_scrutiny_report_pdf_has_the_template_headings_in_order(scrutiny_pdf):
    text = " ".join(pdftools.text(scrutiny_pdf).split())  # the title block wraps its lines
    positions = [text.index(heading) for heading in SCRUTINY_ORDER]
    assert positions == sorted(positions)


def test_its_paragraphs_are_numbered_1_to_19_without_a_gap(scrutiny_pdf):
    assert _numbers(pdftools.text(scrutiny_pdf)) == list(range(1, 20))


def test_it_carries_the_property_costs_savings_paybacks_and_bid_amounts(scrutiny_pdf):
    text = " ".join(pdftools.text(scrutiny_pdf).split())
    for figure in ["£431k", "£82k", "payback of five years", "£437k", "£188k", "within 2.5 years"]:
        assert figure in text
    for figure in ["£869k", "£247k", "£1.1m", "£798,000", "£234,600", "£514,212", "£486,165"]:
        assert figure in text


def test_every_page_says_page_x_of_y_and_the_count_is_the_pdfs(scrutiny_pdf):
    count = pdftools.pages(scrutiny_pdf)
    text = pdftools.text(scrutiny_pdf)
    assert count >= 4
    assert [int(n) for n in re.findall(rf"Page (\d+) of {count}\b", text)] == list(
        range(1, count + 1)
    )


def test_pages_after_the_first_carry_the_committee_and_date_as_a_running_header(scrutiny_pdf):
    pages = pdftools.text(scrutiny_pdf).split("\f")
    header = "CHILDREN AND FAMILY SERVICES OVERVIEW AND SCRUTINY COMMITTEE – 9 MARCH 2021"
    assert header not in pages[0]
    assert all(header in page for page in pages[1:] if page.strip())


def test_its_fonts_are_embedded_and_it_is_tagged(scrutiny_pdf):
    fonts = pdftools.fonts(scrutiny_pdf)
    assert fonts
    assert {emb for _, emb in fonts} == {"yes"}
    assert re.search(r"^Tagged:\s+yes", pdftools.info(scrutiny_pdf), re.M)


def test_the_funding_appendix_has_its_table_total_and_chart(partnership):
    from tests.funding.factories import AwardFactory

    AwardFactory(partnership=partnership, title="Family Group Conferencing")
    AwardFactory(
        partnership=partnership,
        title="Holiday Activities and Food",
        amount_requested=798000,
        amount_awarded=798000,
    )
    report = report_with_sections(partnership, include_placements=False)
    text = pdftools.text(pdf.render_pdf(documents.build_document(report)))
    assert re.search(r"Total secured\s+£1,032,600", text)
    assert "Funding awarded by bid" in text  # the chart's caption, under its SVG


def test_the_cabinet_report_runs_from_paragraph_1_to_45_in_parts_a_and_b(cabinet):
    data = pdf.render_pdf(documents.build_document(cabinet))
    text = pdftools.text(data)
    assert _numbers(text) == list(range(1, 46))
    assert text.index("PART A") < text.index("Purpose of the Report")
    assert text.index("Officers to Contact") < text.index("PART B") < text.index("Background")
    assert text.index("Conclusion") < text.index("Consultation")


def test_a_long_table_repeats_its_header_on_every_page(partnership):
    from tests.board.factories import RiskFactory

    for n in range(70):
        RiskFactory(partnership=partnership, title=f"Risk number {n}")
    report = report_with_sections(
        partnership,
        meeting_date=date.today(),  # the register as it stands: the risks were opened today
        include_risks=True,
        include_funding=False,
        include_placements=False,
        include_business_cases=False,
    )
    data = pdf.render_pdf(documents.build_document(report))
    pages = [page for page in pdftools.text(data).split("\f") if "Risk number" in page]
    assert len(pages) >= 2
    assert all("Likelihood" in page and "Mitigation" in page for page in pages)


# --- the URL fetcher --------------------------------------------------------------------------


@pytest.fixture
def listener():
    """A loopback port that records whether anything connected to it."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.setblocking(False)
    yield server
    server.close()


def _connected(server) -> bool:
    try:
        connection, _ = server.accept()
    except BlockingIOError:
        return False
    connection.close()
    return True


def _injection(port: int) -> str:
    return (
        f'<img src="http://127.0.0.1:{port}/x">'
        '<link rel="attachment" href="file:///etc/passwd">'
        f'<link rel="stylesheet" href="http://127.0.0.1:{port}/s.css">'
    )


def test_html_typed_into_a_narrative_is_printed_as_text_and_fetches_nothing(partnership, listener):
    port = listener.getsockname()[1]
    report = report_with_sections(partnership, include_placements=False)
    section = report.sections.get(key="purpose")
    section.text = "The purpose.\n\n" + _injection(port)
    section.save()
    data = pdf.render_pdf(documents.build_document(report))
    text = pdftools.text(data)
    assert f"127.0.0.1:{port}/x" in text  # shown as the characters typed
    assert not _connected(listener)
    assert "0 embedded files" in pdftools.attachments(data)
    assert "root:" not in text


def test_even_raw_html_reaching_weasyprint_fetches_nothing_and_embeds_no_file(
    partnership, listener
):
    port = listener.getsockname()[1]
    report = report_with_sections(partnership, include_placements=False)
    html = pdf.render_html(documents.build_document(report))
    html = html.replace("</body>", _injection(port) + "</body>")
    fetcher = cip_pdf.StaticOnlyFetcher()
    data = pdf.write_pdf(html, fetcher=fetcher)
    assert sorted(fetcher.refused) == sorted(
        [f"http://127.0.0.1:{port}/x", "file:///etc/passwd", f"http://127.0.0.1:{port}/s.css"]
    )
    assert not _connected(listener)
    assert "0 embedded files" in pdftools.attachments(data)


def test_the_fetcher_serves_the_apps_static_files_and_data_urls_only():
    fetcher = cip_pdf.StaticOnlyFetcher()
    css = fetcher.fetch(cip_pdf.BASE_URL + "static/cip/cip.css").read()
    assert b".cip-report__section" in css
    assert fetcher.fetch("data:text/plain;base64,aGVsbG8=").read() == b"hello"
    for url in [
        "file:///etc/passwd",
        "http://127.0.0.1:9/x",
        cip_pdf.BASE_URL + "static/../cip/settings.py",
        cip_pdf.BASE_URL + "cip/settings.py",
        "https://example.org/static/cip/cip.css",
        cip_pdf.BASE_URL + "static/no-such-file.css",
    ]:
        with pytest.raises(cip_pdf.RefusedURL):
            fetcher.fetch(url)


def test_a_board_pack_carries_the_agenda_minutes_actions_dashboard_and_papers(partnership):
    from tests.board.factories import ActionFactory, AgendaItemFactory, MeetingFactory

    earlier = MeetingFactory(partnership=partnership, date=date(2021, 1, 12))
    AgendaItemFactory(meeting=earlier, position=1, title="Residential model", minutes="Agreed.")
    meeting = MeetingFactory(partnership=partnership, date=date(2021, 2, 9))
    AgendaItemFactory(
        meeting=meeting, position=1, title="Continuation into Year 3", purpose="decision"
    )
    ActionFactory(partnership=partnership, meeting=earlier, description="Extend the secondments")
    pack = report_with_sections(
        partnership, kind=Report.Kind.BOARD_PACK, meeting=meeting, committee="CIP Board"
    )
    text = pdftools.text(pdf.render_pdf(documents.build_document(pack)))
    order = [
        "Agenda",
        "Decisions sought",
        "Minutes of the previous meeting",
        "Open actions",
        "Dashboard",
        "Papers",
    ]
    positions = [text.index(heading) for heading in order]
    assert positions == sorted(positions)
    assert "Continuation into Year 3" in text
    assert "Residential model" in text and "Agreed." in text
    assert "Extend the secondments" in text
    assert "Funding secured to date" in text  # the dashboard's own figures


def test_a_report_on_the_agenda_goes_into_the_board_pack_whole(partnership, scrutiny):
    from django.contrib.contenttypes.models import ContentType

    from tests.board.factories import AgendaItemFactory, MeetingFactory

    meeting = MeetingFactory(partnership=partnership, date=date(2021, 3, 2))
    AgendaItemFactory(
        meeting=meeting,
        position=1,
        title="Scrutiny report",
        paper_type=ContentType.objects.get_for_model(Report),
        paper_id=scrutiny.pk,
    )
    pack = report_with_sections(
        partnership, kind=Report.Kind.BOARD_PACK, meeting=meeting, committee="CIP Board"
    )
    text = " ".join(pdftools.text(pdf.render_pdf(documents.build_document(pack))).split())
    assert "Item 1: Children's Innovation Partnership (CIP)" in text
    assert "£431k, comprising up to £365k for the purchase of the property" in text
