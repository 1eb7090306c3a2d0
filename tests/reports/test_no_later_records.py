"""A paper never shows records dated after it: for each kind of report, as at its meeting on
9 March 2021, an award decided and a case approved later are absent from the PDF's text,
and those of before are present where the kind carries them."""

from datetime import date
from decimal import Decimal

import pytest

from reports import documents, pdf
from reports.models import Report
from tests.board.factories import MeetingFactory
from tests.dashboard.factories import approved_case
from tests.funding.factories import AwardFactory
from tests.reports import pdftools
from tests.reports.factories import report_with_sections
from tests.workpackages.factories import WorkPackageFactory

pytestmark = pytest.mark.django_db

MEETING = date(2021, 3, 9)


def _records(partnership):
    AwardFactory(
        partnership=partnership,
        title="Early award",
        decided_on=date(2020, 5, 1),
        amount_awarded=Decimal(250000),
    )
    AwardFactory(
        partnership=partnership,
        title="Award of 2027",
        decided_on=date(2027, 5, 1),
        amount_awarded=Decimal(900000),
    )
    early = WorkPackageFactory(partnership=partnership, title="Property 1")
    approved_case(
        early, purchase=Decimal(431000), do_nothing=Decimal(182000), new_model=Decimal(100000)
    )  # decided 1 March 2019
    late = WorkPackageFactory(partnership=partnership, title="Property 9")
    approved_case(
        late,
        purchase=Decimal(500000),
        do_nothing=Decimal(200000),
        new_model=Decimal(100000),
        start_year=2025,
    )  # decided 1 March 2025


@pytest.mark.parametrize("kind", [Report.Kind.CABINET, Report.Kind.SCRUTINY])
def test_a_committee_report_shows_only_what_was_decided_by_its_meeting(partnership, kind):
    _records(partnership)
    report = report_with_sections(
        partnership,
        kind=kind,
        meeting_date=MEETING,
        include_business_cases=True,
        include_funding=True,
    )
    text = " ".join(pdftools.text(pdf.render_pdf(documents.build_document(report))).split())

    assert "Early award" in text and "Property 1" in text
    assert "Award of 2027" not in text
    assert "Property 9" not in text
    assert "£900,000" not in text and "£1,150,000" not in text  # nor in a total
    assert "Total secured £250,000" in text


def test_a_board_pack_shows_only_what_was_decided_by_its_meeting(partnership):
    _records(partnership)
    meeting = MeetingFactory(partnership=partnership, date=MEETING)
    pack = report_with_sections(
        partnership,
        kind=Report.Kind.BOARD_PACK,
        meeting=meeting,
        meeting_date=MEETING,
        committee="CIP Board",
    )
    text = " ".join(pdftools.text(pdf.render_pdf(documents.build_document(pack))).split())

    assert "Property 9" not in text and "Award of 2027" not in text
    assert "£1.2m" not in text and "£1,150,000" not in text  # the late award in no total
    assert "£250k" in text  # the early award is the secured total
