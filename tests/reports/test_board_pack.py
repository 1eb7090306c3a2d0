"""The board pack carries the dashboard's charts and a summary page for each business case on
its agenda, with the case's figures as at the meeting (issue 19)."""

import io
import re
from datetime import date
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from docx import Document

from reports import documents, pdf
from reports.models import Report
from tests.reports import pdftools
from tests.reports.factories import report_with_sections
from workpackages.business_cases.models import BusinessCase

MEETING = date(2022, 6, 14)


def _pack_with_a_case(partnership):
    from tests.board.factories import AgendaItemFactory, MeetingFactory
    from tests.funding.factories import AwardFactory
    from tests.workpackages.factories import WorkPackageFactory
    from tests.workpackages.factories_business_cases import RealisedSavingFactory, property_2

    AwardFactory(partnership=partnership, title="Family Group Conferencing")
    package = WorkPackageFactory(partnership=partnership, title="Property 2")
    case = property_2(
        work_package=package,
        title="Residential care for over-16s",
        status=BusinessCase.Status.APPROVED,
        decided_on=date(2021, 3, 2),
        start_year=2021,
    )
    # 2021/22 ended on 31 March 2022, before the meeting; 2022/23's saving is after it
    RealisedSavingFactory(work_package=package, financial_year=2021, amount=Decimal(150000))
    RealisedSavingFactory(work_package=package, financial_year=2022, amount=Decimal(999999))
    meeting = MeetingFactory(partnership=partnership, date=MEETING)
    AgendaItemFactory(meeting=meeting, position=1, title="Minutes", purpose="information")
    AgendaItemFactory(
        meeting=meeting,
        position=2,
        title="Property 2: a year on",
        paper_type=ContentType.objects.get_for_model(BusinessCase),
        paper_id=case.pk,
    )
    return report_with_sections(
        partnership,
        kind=Report.Kind.BOARD_PACK,
        meeting=meeting,
        meeting_date=MEETING,
        committee="CIP Board",
    )


def test_the_pack_has_the_dashboards_charts_and_a_page_for_the_case_on_its_agenda(
    partnership, as_officer
):
    pack = _pack_with_a_case(partnership)
    data = pdf.render_pdf(documents.build_document(pack))
    pages = pdftools.text(data).split("\f")
    flat = " ".join(" ".join(pages).split())

    # the dashboard's charts, drawn: the funding chart's caption, its axis and its numbers
    assert "Funding secured by financial year of award" in flat
    assert "Savings of approved business cases, cumulative to 14 June 2022" in flat
    assert re.search(r"Financial year Secured .*2019/20 £235k", flat)  # the chart's table

    # the case's page: its own page, headed by its agenda item
    title = "Item 2: business case summary, Residential care for over-16s"
    (case_page,) = [page for page in pages if title in " ".join(page.split())]
    text = " ".join(case_page.split())
    # by hand: £385,000 + £12,000 + £40,000 of capital; 3 places x £1,164 x 52 weeks x 75%
    # = £136,188 plus £52,000 of avoided travel a year; 2021/22's saving only (2022/23 has not
    # ended by 14 June 2022), against the plan's year of £188,188
    assert "Investment (gross, as the payback target is set) £437,000" in text
    assert "Annual net saving £188,188" in text
    assert "Savings projected to 14 June 2022 £188,188" in text
    assert "Savings realised to 14 June 2022 £150,000" in text
    assert "£999,999" not in text and "£1,149,999" not in text
    assert "Realised against projected Amber" in text  # 150,000 / 188,188 = 80%
    assert "Payback 2 years 4 months (gross)" in text  # 437,000 / 188,188 a year
    assert "Payback position at 14 June 2022 Forecast" in text
    assert "Net present social value (NPSV) £" in text
    assert "Benefit-cost ratio (BCR)" in text
    assert "Approved on 2 March 2021" in text

    # and the Word copy carries the same page
    word = Document(
        io.BytesIO(
            as_officer.get(
                reverse("reports:report-word", kwargs={"slug": partnership.slug, "pk": pack.pk})
            ).content
        )
    )
    assert title in [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    rows = [[c.text for c in row.cells] for table in word.tables for row in table.rows]
    assert ["Savings realised to 14 June 2022", "£150,000"] in rows
