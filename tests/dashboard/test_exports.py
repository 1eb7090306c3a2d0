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
        url = reverse(
            "dashboard:export",
            kwargs={"slug": partnership.slug, "table": "cases", "export_format": fmt},
        )
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
    url = reverse(
        "dashboard:export",
        kwargs={"slug": partnership.slug, "table": "cases", "export_format": "csv"},
    )
    assert as_board.get(url).status_code == 403
    page = as_board.get(reverse("dashboard:dashboard", kwargs={"slug": partnership.slug}))
    assert "Download this table" not in page.content.decode()
    bad = reverse(
        "dashboard:export",
        kwargs={"slug": partnership.slug, "table": "cases", "export_format": "pdf"},
    )
    assert as_officer.get(bad).status_code == 404
    unknown = reverse(
        "dashboard:export",
        kwargs={"slug": partnership.slug, "table": "nothing", "export_format": "csv"},
    )
    assert as_officer.get(unknown).status_code == 404
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
            "placements:measures-export",
            kwargs={"slug": partnership.slug, "table": "mix", "export_format": fmt},
        )
        return as_officer.get(url, {"year": "2018"})

    assert "measures/mix.xlsx?year=2018" in html and "measures/stability.csv?year=2018" in html
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


def _visible(html: str) -> str:
    """The page as a sighted reader sees it: without the screen readers' extra words."""
    return re.sub(r'<span class="govuk-visually-hidden">.*?</span>', "", html, flags=re.S)


def _export(client, name, partnership, table, fmt, query):
    url = reverse(name, kwargs={"slug": partnership.slug, "table": table, "export_format": fmt})
    return client.get(url, query)


def test_every_dashboard_table_exports_what_the_page_shows(partnership, as_officer):
    today = date.today()
    build(partnership, episodes=12, today=today)
    query = {"as_at": f"{today - timedelta(days=30):%Y-%m-%d}"}
    page = _visible(
        as_officer.get(
            reverse("dashboard:dashboard", kwargs={"slug": partnership.slug}), query
        ).content.decode()
    )
    for caption, table in [
        ("Work packages by stage and RAG status", "work-packages"),
        ("Design briefs by status", "briefs"),
    ]:
        shown = _cells(page, caption)
        assert f"/dashboard/{table}.csv?" in page
        sheet = _xlsx(_export(as_officer, "dashboard:export", partnership, table, "xlsx", query))
        assert sheet.freeze_panes == "A2"
        rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
        # The body rows, then the total the page puts in its footer.
        assert [[str(v) for v in row] for row in rows[:-1]] == shown
        assert sum(row[-1] for row in rows[:-1]) == rows[-1][-1]
        lines = _csv(_export(as_officer, "dashboard:export", partnership, table, "csv", query))
        assert lines[1:-1] == shown

    # The headline figures: every row of the board pack's table, with its date.
    lines = _csv(_export(as_officer, "dashboard:export", partnership, "figures", "csv", query))
    assert lines[0] == ["Figure", "Value", "As at"]
    figures = {line[0]: line[1] for line in lines[1:]}
    looked_after = re.search(r'id="figure-looked-after">(\d+)<', page).group(1)
    assert figures["Children looked after"].startswith(f"{looked_after}, ")


def test_the_measures_trend_and_stability_export_what_the_page_shows(partnership, as_officer):
    SettingsFactory(partnership=partnership, under_18_population=1000)
    for start in (date(2016, 6, 1), date(2017, 4, 1), date(2017, 9, 1), date(2018, 1, 10)):
        EpisodeFactory(child__partnership=partnership, decom=start, place="U1")
    query = {"year": "2018"}
    page = _visible(
        as_officer.get(
            reverse("placements:measures", kwargs={"slug": partnership.slug}), query
        ).content.decode()
    )
    trend = _cells(page, "Children looked after and the rate per 10,000")
    lines = _csv(
        _export(as_officer, "placements:measures-export", partnership, "trend", "csv", query)
    )
    assert lines[0] == ["Date", "Children", "Rate per 10,000"]
    assert lines[1:] == trend
    # Four children, all still looked after at 31 March 2018: 40 per 10,000 of 1,000.
    assert trend[-1][1:] == ["4", "40.0"]

    stability = _cells(page, "DfE placement stability indicators")
    sheet = _xlsx(
        _export(as_officer, "placements:measures-export", partnership, "stability", "xlsx", query)
    )
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert [row[0] for row in rows] == [row[0] for row in stability]
    assert [[str(row[1]), str(row[2])] for row in rows] == [row[1:3] for row in stability]
    assert rows[0][2] == 4
