"""Appendix 2 (business case summaries) once printed the same paragraph three times (issue 19).

Why: the appendix gave each approved case a note of its own, read from the case's strategic
case; the demo's three residential properties come from one design brief and share that text
(devkit/demo/business_cases.py, STRATEGIC), so the paragraph came out once per case. The
appendix now carries one note for the whole table and the cases' figures as its rows, from
workpackages.figures; this test keeps a shared text from coming back once per case."""

from datetime import date

from reports import documents, pdf
from tests.reports import pdftools
from tests.reports.factories import report_with_sections
from workpackages.business_cases.models import BusinessCase

SHARED = (
    "The Care Placement Strategy's priority of stability and sufficient placements: fewer "
    "than half of the council's children in residential care are placed inside the county."
)


def test_three_cases_sharing_a_strategic_case_print_it_at_most_once(partnership):
    from tests.workpackages.factories import WorkPackageFactory
    from tests.workpackages.factories_business_cases import property_2

    for n in (1, 2, 3):
        property_2(
            work_package=WorkPackageFactory(partnership=partnership, title=f"Property {n}"),
            title=f"Property {n}: business case",
            status=BusinessCase.Status.APPROVED,
            decided_on=date(2021, 2, 9),
            strategic_case=SHARED,
        )
    report = report_with_sections(
        partnership, include_funding=False, include_placements=False, include_risks=False
    )
    document = documents.build_document(report)
    (appendix,) = document["appendices"]
    assert appendix["title"] == "Appendix 1 - Business case summaries"
    assert len(appendix["notes"]) == 1
    text = " ".join(pdftools.text(pdf.render_pdf(document)).split())
    appendix_text = text[text.index("Appendix 1 - Business case summaries") :]
    assert appendix_text.count("fewer than half of the council's children") <= 1
    for n in (1, 2, 3):
        assert appendix_text.count(f"Property {n} £437k") == 1  # each case's row, once
