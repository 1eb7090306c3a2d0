"""The dashboard's business-case table and the measures page's mix table as CSV and XLSX:
read back with csv and openpyxl, typed (£ and % formats, a frozen header and a filter), and
compared with the figures read from the real page as at the same date or year."""

import csv
import io
import re
from datetime import date, timedelta
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from cip.money import format_money, format_money_short
from tests.dashboard.factories import build
from tests.placements.factories import EpisodeFactory, SettingsFactory

pytestmark = pytest.mark.django_db


def _cells(html: str, caption_start: str) -> list[list[str]]:
    """The body rows of the page's table whose caption starts so, as the text of each cell."""
    table = re.search(
        rf"<caption[^>]*>\s*{re.escape(caption_start)}.*?</caption>(.*?)</table>", html, re.S
    )
    assert table, f"no table captioned {caption_start!r}"
    body = re.search(r"<tbody[^>]*>(.*?)</tbody>", table.group(1), re.S).group(1)
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append([" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in cells])
    return rows


def _xlsx(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    return openpyxl.load_workbook(io.BytesIO(response.content)).active


def _csv(response):
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_dashboard_cases_export_matches_the_page_as_at_its_date(partnership, as_officer):
    today = date.today()
    build(partnership, episodes=12, today=today)
    as_at = today - timedelta(days=400)
    query = f"?as_at={as_at:%Y-%m-%d}"
    page = as_officer.get(reverse("dashboard:dashboard", kwargs={"slug": partnership.slug}) + query)
    html = page.content.decode()
    shown = _cells(html, "Payback of each approved case")
    assert shown, "the built partnership has approved cases"
    assert "Download this table" in html

    def export(fmt):
        url = reverse("dashboard:export", kwargs={"slug": partnership.slug, "export_format": fmt})
        return as_officer.get(url + query)

    sheet = _xlsx(export("xlsx"))
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["Business case", "Investment", "Annual saving"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:H{len(shown) + 1}"
    rows = list(sheet.iter_rows(min_row=2))
    assert len(rows) == len(shown)
    for row, on_page in zip(rows, shown, strict=True):
        name, investment, saving, payback, realised, planned, rag, paid = (c.value for c in row)
        assert name == on_page[0]
        # Numbers with a £ format, which the page shows rounded.
        for cell in (row[1], row[2], row[4], row[5]):
            assert isinstance(cell.value, int | float) and cell.number_format.startswith('"£"')
        assert format_money_short(Decimal(str(investment))) == on_page[1]
        assert format_money_short(Decimal(str(saving))) == on_page[2]
        assert on_page[3].startswith(payback)
        assert on_page[4] == (
            f"{format_money_short(Decimal(str(realised)))} of "
            f"{format_money_short(Decimal(str(planned)))}"
        )
        assert rag == on_page[5] and paid == on_page[6]

    lines = _csv(export("csv"))
    assert lines[0] == header
    assert [line[0] for line in lines[1:]] == [row[0] for row in shown]
    assert [Decimal(line[1]) for line in lines[1:]] == [Decimal(str(row[1].value)) for row in rows]


def test_the_dashboard_export_needs_the_export_capability_and_a_known_format(
    partnership, as_board, as_officer
):
    url = reverse("dashboard:export", kwargs={"slug": partnership.slug, "export_format": "csv"})
    assert as_board.get(url).status_code == 403
    page = as_board.get(reverse("dashboard:dashboard", kwargs={"slug": partnership.slug}))
    assert "Download this table" not in page.content.decode()
    bad = reverse("dashboard:export", kwargs={"slug": partnership.slug, "export_format": "pdf"})
    assert as_officer.get(bad).status_code == 404
    # A date the form refuses falls back to the page's own default, never a 500.
    assert as_officer.get(url + "?as_at=2021-02-31").status_code == 200


def test_the_measures_mix_export_matches_the_page_for_its_year(partnership, as_officer):
    SettingsFactory(partnership=partnership, under_18_population=1000)
    EpisodeFactory(
        child__partnership=partnership,
        decom=date(2017, 4, 1),
        place="K2",
        place_provider="PR4",
        weekly_cost=Decimal("5117"),
    )
    EpisodeFactory(
        child__partnership=partnership,
        decom=date(2018, 3, 25),
        place="U1",
        place_provider="PR1",
        weekly_cost=Decimal("450.50"),
    )
    EpisodeFactory(child__partnership=partnership, decom=date(2016, 6, 1), place="K2")
    page = as_officer.get(
        reverse("placements:measures", kwargs={"slug": partnership.slug}), {"year": "2018"}
    )
    html = page.content.decode()
    shown = _cells(html, "Children by placement category")

    def export(fmt):
        url = reverse(
            "placements:measures-export", kwargs={"slug": partnership.slug, "export_format": fmt}
        )
        return as_officer.get(url, {"year": "2018"})

    assert "measures/mix.xlsx?year=2018" in html
    sheet = _xlsx(export("xlsx"))
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:E")
    rows = list(sheet.iter_rows(min_row=2, values_only=False))
    total = rows[-1]
    assert total[0].value == "Total"
    assert len(rows) - 1 == len(shown)
    for row, on_page in zip(rows[:-1], shown, strict=True):
        label, count, share, spend, average = row
        assert label.value == on_page[0]
        assert count.value == int(on_page[1])
        # The page shows 33.3%; the cell holds the fraction with a % format.
        assert share.number_format == "0%"
        assert f"{Decimal(str(share.value)) * 100:.1f}%" == on_page[2]
        assert spend.number_format.startswith('"£"')
        assert format_money_short(Decimal(str(spend.value))) == on_page[3]
        if average.value is not None:
            assert format_money(Decimal(str(average.value))) == on_page[4]
    # The three children looked after in the year: every row's count adds to the total.
    assert total[1].value == 3 == sum(int(r[1]) for r in shown)

    lines = _csv(export("csv"))
    assert lines[0][0] == "Category" and lines[-1][0] == "Total"
    assert [line[0] for line in lines[1:-1]] == [r[0] for r in shown]
    assert [int(line[1]) for line in lines[1:-1]] == [int(r[1]) for r in shown]
