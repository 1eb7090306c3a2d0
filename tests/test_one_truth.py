"""One truth for every figure, as at a date: on the demo partnership, each figure that more
than one surface shows is read from each surface (the dashboard page, the funding totals page,
the measures page, the 360Giving export, a business case's page, a report's PDF text and the
board pack's rows) and compared.

Nothing here computes a figure: every expectation is another surface's reading of it, so the
test fails as soon as one surface works a figure out its own way.
"""

import csv
import html as html_lib
import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cip.models import Partnership
from cip.money import format_money_short
from placements.models import Episode
from reports import dashboard as board_pack
from reports import documents, pdf, services
from reports.models import Report
from tests.conftest import signed_in
from tests.reports import pdftools

pytestmark = pytest.mark.django_db

SLUG = "leicestershire-cip"
# Across the demo's span: before the first approval, the Scrutiny report, its year's end.
DATES = [date(2019, 3, 31), date(2020, 3, 31), date(2021, 3, 9), date(2022, 3, 31)]


def _text(fragment: str) -> str:
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _by_id(page: str, figure_id: str) -> str:
    match = re.search(rf'id="{figure_id}"[^>]*>(.*?)</', page, re.S)
    assert match, f"no #{figure_id} on the page"
    return _text(match.group(1))


def _dashboard_cases(page: str) -> dict[str, list[str]]:
    """Work package -> [investment, annual saving, payback, realised, against plan, paid back]
    from the dashboard's table of approved cases."""
    table = re.search(r"Payback of each approved case.*?<tbody[^>]*>(.*?)</tbody>", page, re.S)
    if table is None:
        return {}
    rows = {}
    for row in re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", table.group(1), re.S):
        cells = [_text(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        if len(cells) == 7:
            rows[cells[0]] = cells[1:]
    return rows


def _dashboard_log(page: str) -> dict[str, list[str]]:
    """Case -> [case page URL, realised, projected, occupancy, assumed] from the dashboard's
    table of approved cases against the placement log."""
    table = re.search(r'id="cases-from-the-log".*?<tbody[^>]*>(.*?)</tbody>', page, re.S)
    if table is None:
        return {}
    rows = {}
    for row in re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", table.group(1), re.S):
        url = re.search(r'href="([^"#]*)', row).group(1)
        cells = [_text(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        rows[cells[0]] = [url, *cells[1:]]
    return rows


def _case_page_log(page: str) -> tuple[str, str]:
    """(realised, occupancy) to the page's date, from a case page's placement log sections."""
    found = [
        _text(
            re.search(rf"{label} to [^<]*</dt><dd[^>]*>([^<]*)<", page.split(section)[1]).group(1)
        )
        for label, section in (
            ("Realised", 'id="log-realisation"'),
            ("Occupancy", 'id="occupancy-summary"'),
        )
    ]
    return found[0], found[1]


def _totals_secured(page: str) -> str:
    match = re.search(r"Secured to date</th><td[^>]*>(.*?)</td>", page, re.S)
    return _text(match.group(1))


def _pounds(text: str) -> Decimal:
    return Decimal(text.removeprefix("£").replace(",", ""))


def _exported_awards_by(export: str, day: date) -> Decimal:
    """The partnership's own awards (not its sub-grants) that the 360Giving CSV dates by `day`."""
    rows = csv.DictReader(io.StringIO(export, newline=""))
    return sum(
        (
            Decimal(row["Amount Awarded"])
            for row in rows
            if "-award-" in row["Identifier"] and date.fromisoformat(row["Award Date"][:10]) <= day
        ),
        Decimal(0),
    )


def _measures_looked_after(page: str) -> dict[str, str]:
    """ "31 March YYYY" -> children, from the measures page's table of each 31 March."""
    table = re.search(
        r"Children looked after each 31 March</h2>.*?<tbody[^>]*>(.*?)</tbody>", page, re.S
    )
    rows = re.findall(r"<th[^>]*>(31 March \d{4})</th><td[^>]*>(\d+)</td>", table.group(1))
    return dict(rows)


def _report_pdf_text(partnership, day: date) -> str:
    report = services.report_create(
        report=Report(
            partnership=partnership,
            kind=Report.Kind.SCRUTINY,
            title="Children's Innovation Partnership: progress",
            meeting_date=day,
            committee="Children and Families Overview and Scrutiny Committee",
            include_business_cases=True,
            include_funding=True,
            include_placements=False,
        ),
        user=None,
    )
    return " ".join(pdftools.raw_text(pdf.render_pdf(documents.build_document(report))).split())


def _board_pack_pdf_text(partnership, day: date) -> str:
    """The text of a board pack for a meeting on `day`: its dashboard as at the meeting."""
    from tests.board.factories import MeetingFactory
    from tests.reports.factories import report_with_sections

    meeting = MeetingFactory(partnership=partnership, date=day)
    pack = report_with_sections(
        partnership, kind=Report.Kind.BOARD_PACK, meeting=meeting, committee="CIP Board"
    )
    return " ".join(pdftools.raw_text(pdf.render_pdf(documents.build_document(pack))).split())


def test_every_surface_shows_the_same_figure_for_the_same_date():
    call_command("load_demo", verbosity=0)
    partnership = Partnership.objects.get(slug=SLUG)
    board = signed_in(partnership.memberships.get(user__username="board").user)
    dashboard_url = reverse("dashboard:dashboard", kwargs={"slug": SLUG})
    totals_url = reverse("funding:totals", kwargs={"slug": SLUG})
    measures_url = reverse("placements:measures", kwargs={"slug": SLUG})
    officer = signed_in(partnership.memberships.get(user__username="officer").user)
    export = officer.get(reverse("funding:giving-360-csv", kwargs={"slug": SLUG}))
    assert export.status_code == 200
    exported = export.content.decode("utf-8-sig")
    today = timezone.localdate()
    seen_cases = set()

    for day in [*DATES, today]:
        query = {"as_at": day.isoformat()}
        dash = board.get(dashboard_url, query).content.decode()
        totals = board.get(totals_url, query).content.decode()
        pack = {row[0]: row[1] for row in board_pack.figures(partnership, as_at=day)}
        paper = _report_pdf_text(partnership, day)

        # Funding secured by the date: dashboard, totals page, board pack and the report's
        # funding appendix.
        secured_full = _totals_secured(totals)
        secured_short = _by_id(dash, "figure-secured")
        assert pack["Funding secured to date"].startswith(f"{secured_short} from"), day
        if secured_full != "£0":
            assert f"Total secured {secured_full}" in paper, day
        assert _by_id(totals, "figure-secured-total") == secured_short, day
        assert _exported_awards_by(exported, day) == _pounds(secured_full), day

        # Risks open on the date: the dashboard and the board pack.
        risks = _by_id(dash, "figure-risks")
        assert pack["Open risks"].startswith(f"{risks}, of which"), day

        # Children looked after at a 31 March: the dashboard and the measures page.
        if (day.month, day.day) == (3, 31):
            page = board.get(measures_url, {"year": day.year}).content.decode()
            on_page = _measures_looked_after(page)
            assert on_page[f"31 March {day.year}"] == _by_id(dash, "figure-looked-after"), day

        # Each approved case: dashboard against the report's business case appendix, and
        # the board pack's count of cases.
        cases = _dashboard_cases(dash)
        approved = pack["Projected annual savings of approved business cases"]
        assert approved.endswith(f"from {len(cases)} case{'' if len(cases) == 1 else 's'}"), day
        for title, (investment, saving, payback, _, _, paid_back) in cases.items():
            seen_cases.add(title)
            payback_text = payback.split(", within")[0].split(", beyond")[0]
            row = f"{title} {investment} {saving} {payback_text} {paid_back}"
            assert row in paper, f"{day}: {row!r} is not in the report's appendix"

        # Each approved case with a CIP home against the placement log: the dashboard's table
        # and the board pack's row.
        for title, (_url, realised, projected, occupancy, assumed) in _dashboard_log(dash).items():
            expected = (
                f"{realised} realised against {projected.split(' (')[0]} projected; "
                f"occupancy {occupancy} against {assumed or 'none'} assumed"
            )
            assert pack[f"{title}: from the placement log"] == expected, day

        # A paper never shows records dated after it: no case approved later is listed.
        for title in seen_cases - set(cases):
            assert title not in paper, f"{day}: {title} listed before its approval"

    # Today: each case's own page agrees with the dashboard.
    opens_at = {"as_at": partnership.opens_at.isoformat()}  # where the case pages are as at
    cases = _dashboard_cases(board.get(dashboard_url, opens_at).content.decode())
    assert cases, "the demo has approved cases today"
    for case in partnership.work_packages.all():
        approved = case.business_cases.filter(status="approved").first()
        if approved is None or case.title not in cases:
            continue
        page = board.get(approved.get_absolute_url()).content.decode()
        investment, saving, payback, _, _, paid_back = cases[case.title]
        basis = "net-payback" if approved.payback_target_net else "gross-payback"
        assert payback.startswith(_by_id(page, basis)), case.title
        assert _by_id(page, "payback-position") == paid_back, case.title
    assert len(seen_cases) >= 3  # Properties 1 to 3 were approved within the demo's span

    # Today: each case's savings and occupancy from the placement log, on its page, the
    # dashboard and the board pack's PDF text.
    log = _dashboard_log(board.get(dashboard_url, opens_at).content.decode())
    assert len(log) == 3, "Properties 1 to 3 have CIP homes"
    pack_pdf = _board_pack_pdf_text(partnership, partnership.opens_at)
    pack = {row[0]: row[1] for row in board_pack.figures(partnership, as_at=partnership.opens_at)}
    for title, (url, realised, _projected, occupancy, _assumed) in log.items():
        on_page_realised, on_page_occupancy = _case_page_log(board.get(url).content.decode())
        assert format_money_short(_pounds(on_page_realised)) == realised, title
        assert on_page_occupancy.split()[0] == occupancy, title
        assert pack[f"{title}: from the placement log"].startswith(f"{realised} realised"), title
        assert f"occupancy {occupancy} against" in pack[f"{title}: from the placement log"]
        assert pack[f"{title}: from the placement log"] in pack_pdf, title


def _looked_after_on(partnership, day: date) -> int:
    """Worked out here from the log: children in an episode open on the day (short breaks
    aside) who have not had their 18th birthday (taken as the first of the month of birth)."""
    children = set()
    for episode in Episode.objects.filter(partnership=partnership).select_related("child"):
        is_open = episode.decom <= day and (episode.dec is None or episode.dec > day)
        adult_on = date(episode.child.birth_year + 18, episode.child.birth_month, 1)
        if is_open and episode.ls not in ("V3", "V4") and day < adult_on:
            children.add(episode.child_id)
    return len(children)


def test_the_demo_dashboard_opened_with_no_date_reads_true_at_the_end_of_its_data():
    call_command("load_demo", verbosity=0)
    partnership = Partnership.objects.get(slug=SLUG)
    assert partnership.data_as_at == date(2022, 3, 31)
    board = signed_in(partnership.memberships.get(user__username="board").user)
    page = board.get(reverse("dashboard:dashboard", kwargs={"slug": SLUG})).content.decode()
    assert "records end on 31 March 2022" in _by_id(page, "data-as-at")
    assert "are as at 31 March 2022" in _text(page)
    # No continuation decision overdue, and no action overdue by more than a month.
    assert "no decision to continue is recorded" not in page
    assert _by_id(page, "figure-overdue-actions") == "0"
    # Children looked after: none aged 18 or over.
    assert _by_id(page, "figure-looked-after") == str(
        _looked_after_on(partnership, date(2022, 3, 31))
    )
