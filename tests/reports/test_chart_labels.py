"""Chart labels are shown whole: a long one wraps in its column, never cut short or pushed
off the page (issue 19: "Family Group Conferencing f…")."""

from decimal import Decimal

from cip.charts import HBAR_LABEL_WIDTH, horizontal_bar_chart
from reports import documents, pdf
from tests.reports import pdftools
from tests.reports.factories import report_with_sections

LONG = "Family Group Conferencing for Northamptonshire"
LONGER = (
    "Advanced LifeSkills programme in six Leicestershire secondary schools, with an "
    "evaluation partner"
)
A4_LEFT_MARGIN = 25 / 25.4 * 72  # pdf.css: 25 mm, in points


def test_a_long_label_is_wrapped_whole_and_its_row_grows_to_hold_it():
    chart = horizontal_bar_chart(
        "Funding awarded by bid", [("Short", 1), (LONG, 2), (LONGER, 3), ("Last", 4)]
    )
    short, long, longer, last = chart.bars
    assert [line for _, line in short.label_lines] == ["Short"]
    assert " ".join(line for _, line in long.label_lines) == LONG
    assert " ".join(line for _, line in longer.label_lines) == LONGER
    assert len(long.label_lines) == 2 and len(longer.label_lines) >= 3
    # the rows do not overlap: each label's lines lie between the bars above and below it
    assert short.label_lines[0][0] < long.label_lines[0][0]
    assert long.label_lines[-1][0] < longer.label_lines[0][0]
    assert longer.label_lines[-1][0] < last.label_lines[0][0]
    assert last.y + last.height <= chart.baseline
    assert chart.left == HBAR_LABEL_WIDTH


def test_the_funding_chart_in_the_pdf_shows_each_bid_title_whole_inside_the_page(partnership):
    from tests.funding.factories import AwardFactory

    AwardFactory(partnership=partnership, title=LONG)
    AwardFactory(partnership=partnership, title=LONGER, amount_requested=Decimal(486165))
    report = report_with_sections(
        partnership, include_placements=False, include_business_cases=False
    )
    data = pdf.render_pdf(documents.build_document(report))
    text = pdftools.raw_text(data)
    assert "…" not in text
    chart_part = text[text.index("Total secured") :]  # the chart follows the table
    lines = [line.strip() for line in chart_part.splitlines()]
    assert " ".join(lines).count(LONG) >= 1
    assert "Family Group Conferencing f…" not in text
    words = pdftools.words(data)
    page_width = 210 / 25.4 * 72
    assert all(x0 >= A4_LEFT_MARGIN - 1 and x1 <= page_width for x0, _, x1, _, _ in words)
