"""Risks on the dashboard and in a board pack are those open on the paper's date, scored as
they stood then: a risk raised later, closed by then or archived by then is not on it, and a
later rescoring does not show.

The register, worked by hand (red from 15, the default bands):
  A  raised 8 January 2019 at 3 x 4 = 12; rescored 1 June 2020 to 5 x 4 = 20; open
  B  raised 1 June 2019 at 2 x 2 = 4; closed 1 March 2020
  C  raised 1 February 2021 at 4 x 4 = 16; open
  D  raised 11 December 2018, first recorded here 1 March 2019 at 1 x 5 = 5; open
  E  raised 8 January 2019 at 3 x 3 = 9; archived 1 September 2020

  1 December 2018: none open
  31 January 2019: A 12, D 5 (as first recorded), E 9        -> 3 open, 0 red
  31 December 2019: A 12, B 4, D 5, E 9                      -> 4 open, 0 red
  1 March 2020: B closed that day                            -> 3 open, 0 red
  31 December 2020: A 20, D 5                                -> 2 open, 1 red
  31 March 2021: A 20, C 16, D 5                             -> 3 open, 2 red
"""

import re
from datetime import date, datetime, time

import pytest
from django.urls import reverse
from django.utils import timezone

from board.models import Risk
from reports import documents, pdf
from reports.models import Report
from tests.board.factories import MeetingFactory, RiskFactory
from tests.reports import pdftools
from tests.reports.factories import report_with_sections

pytestmark = pytest.mark.django_db


def _noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


def _date_last_history(risk: Risk, day: date) -> None:
    latest = risk.history.order_by("-history_id").first()
    type(latest).objects.filter(pk=latest.pk).update(history_date=_noon(day))


def _risk(partnership, title, raised, likelihood, impact, *, recorded=None) -> Risk:
    risk = RiskFactory(
        partnership=partnership,
        title=title,
        raised_on=raised,
        likelihood=likelihood,
        impact=impact,
        last_reviewed=recorded or raised,
    )
    _date_last_history(risk, recorded or raised)
    return risk


@pytest.fixture
def register(partnership):
    a = _risk(partnership, "Risk A", date(2019, 1, 8), 3, 4)
    a.likelihood, a.last_reviewed = 5, date(2020, 6, 1)
    a.save()
    _date_last_history(a, date(2020, 6, 1))
    b = _risk(partnership, "Risk B", date(2019, 6, 1), 2, 2)
    b.status, b.closed_on = Risk.Status.CLOSED, date(2020, 3, 1)
    b.save()
    _date_last_history(b, date(2020, 3, 1))
    _risk(partnership, "Risk C", date(2021, 2, 1), 4, 4)
    _risk(partnership, "Risk D", date(2018, 12, 11), 1, 5, recorded=date(2019, 3, 1))
    e = _risk(partnership, "Risk E", date(2019, 1, 8), 3, 3)
    Risk.all_objects.filter(pk=e.pk).update(archived_at=_noon(date(2020, 9, 1)))


def _dashboard(client, partnership, day: date) -> str:
    url = reverse("dashboard:dashboard", kwargs={"slug": partnership.slug})
    response = client.get(f"{url}?as_at={day:%Y-%m-%d}")
    assert response.status_code == 200
    return response.content.decode()


def _figure(html: str) -> tuple[str, str]:
    found = re.search(r'id="figure-risks">(\d+)</p>\s*<p class="govuk-body-s[^"]*">(\d+) red', html)
    return found.group(1), found.group(2)


def _cells(html: str) -> dict[str, str]:
    """{'Score 12, amber': '1', ...}: the heat map's counted cells."""
    return {
        score: count
        for count, score in re.findall(
            r'<strong>(\d+)</strong> risks?<span class="cip-heat__score">(Score \d+, \w+)</span>',
            html,
        )
    }


@pytest.mark.parametrize(
    ("day", "open_", "red", "cells"),
    [
        (date(2018, 12, 1), "0", "0", {}),
        (
            date(2019, 1, 31),
            "3",
            "0",
            {"Score 12, amber": "1", "Score 5, amber": "1", "Score 9, amber": "1"},
        ),
        (
            date(2019, 12, 31),
            "4",
            "0",
            {
                "Score 12, amber": "1",
                "Score 4, green": "1",
                "Score 5, amber": "1",
                "Score 9, amber": "1",
            },
        ),
        (
            date(2020, 3, 1),
            "3",
            "0",
            {"Score 12, amber": "1", "Score 5, amber": "1", "Score 9, amber": "1"},
        ),
        (date(2020, 12, 31), "2", "1", {"Score 20, red": "1", "Score 5, amber": "1"}),
        (
            date(2021, 3, 31),
            "3",
            "2",
            {"Score 20, red": "1", "Score 16, red": "1", "Score 5, amber": "1"},
        ),
    ],
)
def test_the_dashboard_counts_the_risks_open_on_its_date(
    as_board, partnership, register, day, open_, red, cells
):
    html = _dashboard(as_board, partnership, day)
    assert _figure(html) == (open_, red)
    assert _cells(html) == cells
    assert f"As at {day:%-d %B %Y}. " in html.split('id="figure-risks"')[1].split("</div>")[0]
    assert "(current)" not in html.split('id="figure-risks"')[1].split("</div>")[0]


def _pdf_text(report) -> str:
    return " ".join(pdftools.text(pdf.render_pdf(documents.build_document(report))).split())


def _pack_text(partnership, day: date) -> str:
    meeting = MeetingFactory(partnership=partnership, date=day)
    pack = report_with_sections(
        partnership,
        kind=Report.Kind.BOARD_PACK,
        meeting=meeting,
        meeting_date=day,
        committee="CIP Board",
    )
    return _pdf_text(pack)


def test_a_board_pack_counts_the_risks_open_at_its_meeting(partnership, register):
    text = _pack_text(partnership, date(2019, 1, 31))
    assert "Open risks 3, of which 0 red 31 January 2019" in text
    text = _pack_text(partnership, date(2020, 12, 31))
    assert "Open risks 2, of which 1 red 31 December 2020" in text
    text = _pack_text(partnership, date(2021, 3, 31))
    assert "Open risks 3, of which 2 red 31 March 2021" in text


def test_a_reports_risk_appendix_lists_the_risks_open_at_its_meeting_as_they_stood(
    partnership, register
):
    def appendix(day: date) -> str:
        report = report_with_sections(
            partnership, kind=Report.Kind.SCRUTINY, meeting_date=day, include_risks=True
        )
        text = _pdf_text(report)
        return text[text.rindex("Open risks, highest score first") :]

    text = appendix(date(2019, 12, 31))
    assert [t for t in ("Risk A", "Risk B", "Risk C", "Risk D", "Risk E") if t in text] == [
        "Risk A",
        "Risk B",
        "Risk D",
        "Risk E",
    ]
    assert "12 (Amber)" in text and "20 (Red)" not in text  # A before its rescoring

    text = appendix(date(2021, 3, 31))
    assert [t for t in ("Risk A", "Risk B", "Risk C", "Risk D", "Risk E") if t in text] == [
        "Risk A",
        "Risk C",
        "Risk D",
    ]
    assert "20 (Red)" in text and "16 (Red)" in text and "12 (Amber)" not in text
