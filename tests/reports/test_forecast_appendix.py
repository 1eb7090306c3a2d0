"""A report can carry the demand forecast as an appendix: the same figures as the forecast's
own page, and only a forecast made from the log as it stood by the report's date."""

import re
from datetime import date

import pytest
from django.urls import reverse

from reports import documents, pdf
from tests.conftest import signed_in
from tests.forecast.factories import ForecastFactory, move, ready
from tests.placements.factories import EpisodeFactory
from tests.reports import pdftools
from tests.reports.factories import report_with_sections

pytestmark = pytest.mark.django_db

FLAGS = {
    "include_business_cases": False,
    "include_funding": False,
    "include_placements": False,
    "include_risks": False,
    "include_forecast": True,
}


def _page_rows(html: str) -> list[list[str]]:
    body = re.search(r"<tbody[^>]*>(.*?)</tbody>", html, re.S).group(1)
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append([" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in cells])
    return rows


def test_the_forecast_appendix_prints_the_forecasts_own_figures(partnership, commissioner):
    for n, start in enumerate([date(2022, 5, 1), date(2022, 9, 1), date(2023, 1, 5)] * 4):
        EpisodeFactory(child__partnership=partnership, decom=start, place=("U1", "K2", "P1")[n % 3])
    forecast = ready(
        ForecastFactory(
            partnership=partnership,
            name="Demand to 2026",
            scenario_name="Two children move to fostering",
            adjustments=[move(2, "residential", "fostering")],
        )
    )
    page = signed_in(commissioner).get(
        reverse("forecast:detail", kwargs={"slug": partnership.slug, "pk": forecast.pk})
    )
    shown = _page_rows(page.content.decode())
    assert len(shown) == forecast.horizon_years

    report = report_with_sections(partnership, meeting_date=date(2024, 6, 1), **FLAGS)
    document = documents.build_document(report)
    (appendix,) = document["appendices"]
    assert appendix["title"] == "Appendix 1 - Demand forecast"
    text = " ".join(pdftools.text(pdf.render_pdf(document)).split())
    printed = text[text.index("Appendix 1 - Demand forecast") :]
    assert "Demand to 2026" in printed and "Two children move to fostering" in printed
    # The scenario in words, as the page says it.
    assert "2 children move from residential to fostering on the first day" in printed
    # The appendix's table is the forecast page's, cell for cell...
    assert appendix["tables"][0]["rows"] == shown
    # ...and the PDF prints each year's costs (its narrow columns wrap the other cells).
    for row in shown:
        assert row[3] in printed and row[6] in printed

    # A paper dated before the forecast's window ended shows no forecast.
    earlier = report_with_sections(partnership, meeting_date=date(2024, 3, 1), **FLAGS)
    (none,) = documents.build_document(earlier)["appendices"]
    assert none["tables"] == []
    assert none["notes"] == ["No demand forecast had been made from the log by 1 March 2024."]
