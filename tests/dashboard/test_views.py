"""The dashboard page: every figure as at its date, matching the page it links to, in a
fixed number of queries."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cip.money import format_money_short
from cip.periods import financial_year as financial_year_label
from dashboard.selectors import dashboard_figures
from tests.dashboard.factories import approved_case, build
from tests.workpackages.factories import WorkPackageFactory

pytestmark = pytest.mark.django_db

# The dashboard's queries: session, user, membership; agreement and board bands; the contract
# year; bids grouped, and the bids' history rows open at the date (the pipeline as at it);
# work packages grouped; briefs grouped; approved cases with their two
# kinds of line; realised savings grouped; the placement data's stamp, placement settings,
# snapshot, mix, spend grouped, stability (one query, worked out in the database), the
# monthly trend; risks grouped, actions counted, the oldest overdue actions, and the agenda
# items awaiting a decision; the latest demand forecast. The placement figures are cached on
# the stamp (placements.measures): the next request for the same figures skips their five
# queries. The approved cases against the placement log (workpackages.evidence.against_cases):
# the cases' assumptions, their CIP homes, the homes' episodes.
DASHBOARD_QUERIES = 28
CACHED_DASHBOARD_QUERIES = DASHBOARD_QUERIES - 5


def _last_31_march(today: date) -> date:
    return date(today.year if today.month > 3 else today.year - 1, 3, 31)


def _url(partnership, **query) -> str:
    url = reverse("dashboard:dashboard", kwargs={"slug": partnership.slug})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _figure(html: str, name: str) -> str:
    match = re.search(rf'id="figure-{name}">(.*?)</', html, re.S)
    assert match, f"figure {name} not on the page"
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def built(partnership, today):
    build(partnership, episodes=24, today=today)
    return partnership


@pytest.mark.parametrize(("episodes", "extra"), [(10, 0), (300, 20)])
def test_the_dashboard_runs_the_same_number_of_queries_with_few_or_many_records(
    partnership, board_member, django_assert_num_queries, episodes, extra, today
):
    build(partnership, episodes=episodes, today=today, extra=extra)
    from tests.conftest import signed_in

    client = signed_in(board_member)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = client.get(_url(partnership))
    assert response.status_code == 200
    with django_assert_num_queries(CACHED_DASHBOARD_QUERIES):
        again = client.get(_url(partnership))
    assert _without_csrf(again) == _without_csrf(response)


def _without_csrf(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


def test_a_board_member_sees_every_section_with_its_as_at_date(built, as_board, today):
    response = as_board.get(_url(built))
    html = response.content.decode()
    assert response.status_code == 200
    for heading in ("Contract", "Funding", "Business cases and work packages", "Placements"):
        assert f">{heading}</h2>" in html
    assert "Open risks by likelihood and impact" in html
    assert f"As at {today:%-d %B %Y}" in html
    assert html.count('role="img"') == 5  # secured, savings, rate, trend, weekly cost
    assert html.count("as a table</span>") == 5


def test_the_page_has_no_inline_script_or_style(built, as_board):
    html = as_board.get(_url(built)).content.decode()
    assert "style=" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)


def test_secured_funding_and_the_pipeline_match_the_funding_pages(built, as_board):
    html = as_board.get(_url(built)).content.decode()
    totals = as_board.get(reverse("funding:totals", kwargs={"slug": built.slug})).context
    pipeline = as_board.get(reverse("funding:pipeline", kwargs={"slug": built.slug})).context
    assert totals["totals"].secured == Decimal("1032600")
    assert _figure(html, "secured") == format_money_short(totals["totals"].secured)
    assert _figure(html, "pipeline") == format_money_short(pipeline["totals"].weighted_pipeline)
    assert f'href="/p/partnership-a/funding/totals/?as_at={timezone.localdate():%Y-%m-%d}"' in html
    figures = dashboard_figures(
        built, as_at=timezone.localdate(), financial_year=financial_year_label(date.today())
    )
    assert figures.funding.secured_by_year == totals["totals"].secured_by_year
    assert figures.funding.open_bids == pipeline["totals"].open_bids == 2


def test_secured_to_date_leaves_out_awards_decided_after_the_as_at_date(built, as_board):
    html = as_board.get(_url(built, as_at="2020-03-31")).content.decode()
    assert _figure(html, "secured") == "£798k"
    html = as_board.get(_url(built, as_at="2020-09-30")).content.decode()
    assert _figure(html, "secured") == "£1m"
    assert _figure(html, "secured-in-year") == "£235k"


def test_placement_figures_match_the_measures_page_at_the_end_of_a_year(built, as_board, today):
    as_at = _last_31_march(today)
    html = as_board.get(_url(built, as_at=as_at.isoformat())).content.decode()
    measures = as_board.get(
        reverse("placements:measures", kwargs={"slug": built.slug}), {"year": as_at.year}
    ).context["m"]
    assert measures.looked_after > 0
    assert _figure(html, "looked-after") == str(measures.looked_after)
    assert _figure(html, "rate") == str(measures.rate)
    assert _figure(html, "in-county") == f"{measures.in_county_share}%"
    assert _figure(html, "residential") == str(measures.residential)
    assert _figure(html, "stability") == f"{measures.stability.three_plus_share}%"
    assert _figure(html, "cip") == str(measures.cip_placements)
    assert _figure(html, "spend") == format_money_short(measures.spend.total)
    assert f"placement measures for {financial_year_label(as_at)}" in html


def test_work_package_and_brief_counts_match_their_filtered_lists(built, as_board):
    figures = dashboard_figures(
        built, as_at=timezone.localdate(), financial_year=financial_year_label(date.today())
    )
    checked = 0
    for total, cells in figures.delivery.grid:
        for cell in [total, *cells, *figures.delivery.rag_totals]:
            if cell.value and cell.url:
                listed = as_board.get(cell.url).context["filter"].qs.count()
                assert (cell.label, listed) == (cell.label, cell.value)
                checked += 1
    for status in figures.delivery.briefs:
        assert as_board.get(status.url).context["filter"].qs.count() == status.value
    assert checked >= 4
    assert figures.delivery.work_packages.value == 3
    assert figures.delivery.briefs_total.value == 6  # three of their own, one per work package


def test_overdue_actions_and_open_risks_match_the_board_pages(built, as_board):
    html = as_board.get(_url(built)).content.decode()
    actions = as_board.get(
        reverse("board:action-list", kwargs={"slug": built.slug}), {"overdue": "yes"}
    )
    assert _figure(html, "overdue-actions") == str(actions.context["filter"].qs.count()) == "1"
    risks = as_board.get(reverse("board:risk-list", kwargs={"slug": built.slug}))
    on_register = sum(cell.count for row in risks.context["heat_map"] for cell in row)
    assert _figure(html, "risks") == str(on_register) == "2"
    assert _figure(html, "awaiting") == "1"
    assert "Approve the Property 2 business case" in html


def _contract_figures(html: str) -> tuple[str, str, str]:
    return tuple(_figure(html, name) for name in ("contract-year", "continuation", "notice"))


def test_the_contract_figures_match_the_overview_when_the_latest_year_is_current(
    partnership, as_board, today
):
    from tests.cip.factories import AgreementFactory, ContractYearFactory

    AgreementFactory(partnership=partnership, commencement_date=date(2018, 12, 1))
    start = date(today.year - 1, 12, 1) if today.month < 12 else date(today.year, 12, 1)
    for number in range(1, start.year - 2016):
        ContractYearFactory(
            partnership=partnership,
            number=number,
            start_date=date(2017 + number, 12, 1),
            end_date=date(2018 + number, 11, 30),
        )
    overview = as_board.get(partnership.get_absolute_url())
    html = as_board.get(_url(partnership)).content.decode()
    assert _contract_figures(html) == _contract_figures(overview.content.decode())
    position = overview.context["position"]
    assert position.recorded and position.year == start.year - 2017
    assert _figure(html, "contract-year") == f"Year {start.year - 2017}"
    days = (date(start.year + 1, 12, 1) - today).days
    assert _figure(html, "continuation") == f"in {days:,} days"


def test_a_year_not_recorded_is_worked_out_and_its_continuation_is_overdue(partnership, as_board):
    from tests.cip.factories import AgreementFactory, ContractYearFactory

    AgreementFactory(partnership=partnership, commencement_date=date(2018, 12, 1))
    for number in (1, 2):
        ContractYearFactory(
            partnership=partnership,
            number=number,
            start_date=date(2017 + number, 12, 1),
            end_date=date(2018 + number, 11, 30),
        )
    html = as_board.get(_url(partnership, as_at="2021-03-31")).content.decode()
    assert _figure(html, "contract-year") == "Year 3"
    assert "no year is recorded for the date" in html
    # No decision to continue into year 3 (from 1 December 2020) is recorded: 120 days
    # overdue on 31 March 2021; the notice date was three months before, 1 September 2020.
    assert _figure(html, "continuation") == "120 days ago"
    assert "Into year 3, starting 1 December 2020: overdue" in html
    assert _figure(html, "notice") == "211 days ago"
    # The partnership page reads the same (it is as at today, so compare it today).
    today_html = as_board.get(_url(partnership)).content.decode()
    overview = as_board.get(partnership.get_absolute_url()).content.decode()
    assert _contract_figures(today_html) == _contract_figures(overview)
    assert "Into year 3, starting 1 December 2020: overdue" in overview


def test_a_year_the_board_did_not_continue_into_leaves_no_decision_due(partnership, as_board):
    from tests.cip.factories import AgreementFactory, ContractYearFactory

    AgreementFactory(partnership=partnership, commencement_date=date(2018, 12, 1))
    ContractYearFactory(partnership=partnership)
    ContractYearFactory(
        partnership=partnership,
        number=2,
        start_date=date(2019, 12, 1),
        end_date=date(2020, 11, 30),
        status="ended",
    )
    html = as_board.get(_url(partnership, as_at="2019-10-01")).content.decode()
    assert _figure(html, "continuation") == "None due"
    assert "The board decided not to continue into year 2" in html


def test_projected_savings_match_the_approved_business_cases_list(built, as_board):
    html = as_board.get(_url(built, as_at="2021-03-31")).content.decode()
    listed = (
        as_board.get(
            reverse("workpackages:business-case-list", kwargs={"slug": built.slug}),
            {"status": "approved"},
        )
        .context["filter"]
        .qs
    )
    total = sum((case.summary().annual_net_saving for case in listed), Decimal(0))
    assert total == Decimal("82000")
    assert _figure(html, "projected-savings") == format_money_short(total)
    # Realised £60k + £90k against £82k a year for 2019/20 and 2020/21.
    assert _figure(html, "realised-savings") == "£150k"
    assert "Against £164k projected" in html


def test_a_payback_target_on_the_net_investment_is_read_on_the_net_investment(
    partnership, as_board
):
    """Like the demo's Property 3: 3 years 6 months gross, 1 year 1 month net of the retained
    asset, against a 2-year target on the net investment (the case page says "Met")."""
    package = WorkPackageFactory(partnership=partnership, title="Family residential centre")
    case = approved_case(
        package,
        purchase=Decimal("869000"),
        do_nothing=Decimal("347000"),
        new_model=Decimal("100000"),
        start_year=2021,
        retained_value=Decimal("600000"),
        payback_target_years=Decimal(2),
        payback_target_net=True,
    )
    summary = case.summary()
    assert (str(summary.gross_payback), str(summary.net_payback)) == (
        "3 years 6 months",
        "1 year 1 month",
    )
    html = as_board.get(_url(partnership, as_at="2022-03-31")).content.decode()
    assert "1 year 1 month (net of the retained asset), within the 2-year target" in html
    assert "3 years 6 months" not in html
    # Forecast to cover the £269k net investment at £247k a year from 1 April 2021 (13 months).
    assert "Forecast May 2022" in html


def test_bad_filters_are_named_in_an_error_and_the_page_still_shows_today(built, as_board, today):
    response = as_board.get(_url(built, as_at="2021-02-30", year="1999/00"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html
    assert "Enter the as-at date as a real date" in html
    assert "Choose a financial year from the list" in html
    assert f"As at {today:%-d %B %Y}" in html


def test_an_as_at_date_in_the_future_is_refused(built, as_board, today):
    tomorrow = today + timedelta(days=1)
    html = as_board.get(_url(built, as_at=tomorrow.isoformat())).content.decode()
    assert "The as-at date must be today or in the past" in html


def test_a_financial_year_after_the_as_at_date_is_refused(built, as_board):
    html = as_board.get(_url(built, as_at="2020-03-31", year="2021/22")).content.decode()
    assert "Choose a financial year that had started by the as-at date" in html


def test_an_earlier_financial_year_shows_its_placements_at_its_31_march(built, as_board, today):
    as_at = _last_31_march(today)
    earlier = financial_year_label(as_at - timedelta(days=365))
    html = as_board.get(_url(built, year=earlier)).content.decode()
    assert f"Children counted at {as_at - timedelta(days=365):%-d %B %Y}" in html


def test_the_dashboard_is_the_second_entry_of_the_navigation(built, as_board):
    nav = as_board.get(_url(built)).context["nav_items"]
    assert [item["text"] for item in nav[:2]] == ["Overview", "Dashboard"]
    assert nav[1]["current"]


def test_another_partnerships_records_do_not_count(built, other_partnership, as_board, today):
    build(other_partnership, episodes=5, today=today)
    figures = dashboard_figures(built, as_at=today, financial_year=financial_year_label(today))
    assert figures.delivery.work_packages.value == 3
    assert figures.governance.open_risks == 2
    assert figures.cases.approved == 1


def test_a_long_list_of_decisions_awaiting_shows_the_first_few_and_counts_them_all(
    partnership, as_board, today
):
    build(partnership, episodes=3, today=today, extra=6)
    html = as_board.get(_url(partnership)).content.decode()
    assert _figure(html, "awaiting") == "7"
    assert "(the first 5 of 7)" in html
    assert _figure(html, "overdue-actions") == "7"


def test_work_packages_with_no_rag_status_are_counted_but_not_linked(built, as_board):
    html = as_board.get(_url(built)).content.decode()
    row = re.search(
        r'<th scope="row" class="govuk-table__header">Design</th>(.*?)</tr>', html, re.S
    )
    cells = [
        re.sub(r"<[^>]+>", "", td).strip()
        for td in re.findall(r"<td[^>]*>(.*?)</td>", row.group(1))
    ]
    assert cells == ["0", "0", "0", "1", "1 work package at design"]
    assert "<a" not in re.findall(r"<td[^>]*>(.*?)</td>", row.group(1))[3]


def test_each_approved_case_with_a_home_stands_against_the_placement_log(partnership, board_member):
    """Worked out by hand: a case of 3 placements × £1,000 a week × 52 × 75% = £117,000 a
    year; its home (3 places) opened 1 January 2022; one child placed from then at £3,000 a
    week against the £4,000 counterfactual. As at 31 March 2022 (90 days open): realised
    90 × £1,000 ÷ 7 = £12,857.14 (£13k); projected £117,000 × 90 ÷ 365 = £28,849.32 (£29k);
    occupancy 90 of 3 × 90 = 270 bed-days = 33.3% against 75% assumed."""
    from reports import dashboard as board_pack
    from tests.conftest import signed_in
    from tests.placements.factories import ChildFactory, EpisodeFactory
    from tests.workpackages.factories import HomeFactory

    package = WorkPackageFactory(partnership=partnership, title="Property 2")
    approved_case(
        package,
        purchase=Decimal("400000"),
        do_nothing=Decimal(0),
        new_model=Decimal(0),
        placements=3,
        weekly_saving=Decimal(1000),
        occupancy_pct=Decimal(75),
        counterfactual_weekly_cost=Decimal(4000),
    )
    HomeFactory(work_package=package, urn="SC123123", places=3, opened_on=date(2022, 1, 1))
    EpisodeFactory(
        child=ChildFactory(partnership=partnership, birth_year=2005),
        decom=date(2022, 1, 1),
        dec=None,
        urn="SC123123",
        place="K2",
        place_provider="PR1",
        weekly_cost=Decimal(3000),
    )
    page = signed_in(board_member).get(_url(partnership, as_at="2022-03-31")).content.decode()
    table = re.search(r'id="cases-from-the-log".*?<tbody[^>]*>(.*?)</tbody>', page, re.S)
    cells = [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", c)).strip()
        for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", table.group(1), re.S)
    ]
    assert cells == [
        "Business case for Property 2",
        "£13k",
        "£29k (£117k a year over 90 days open)",
        "33.3%",
        "75%",
    ]
    rows = {row[0]: row[1:] for row in board_pack.figures(partnership, as_at=date(2022, 3, 31))}
    assert rows["Business case for Property 2: from the placement log"] == [
        "£13k realised against £29k projected; occupancy 33.3% against 75% assumed",
        "31 March 2022",
    ]


def _crossing_case(partnership):
    """The case above, bought for £3m: at £117,000 a year its NPSV is far below zero, so its
    switching values lie far above what the log shows."""
    from tests.placements.factories import ChildFactory, EpisodeFactory
    from tests.workpackages.factories import HomeFactory

    package = WorkPackageFactory(partnership=partnership, title="Property 2")
    case = approved_case(
        package,
        purchase=Decimal("3000000"),
        do_nothing=Decimal(0),
        new_model=Decimal(0),
        placements=3,
        weekly_saving=Decimal(1000),
        occupancy_pct=Decimal(75),
        counterfactual_weekly_cost=Decimal(4000),
    )
    HomeFactory(work_package=package, urn="SC123123", places=3, opened_on=date(2022, 1, 1))
    EpisodeFactory(
        child=ChildFactory(partnership=partnership, birth_year=2005),
        decom=date(2022, 1, 1),
        dec=None,
        urn="SC123123",
        place="K2",
        place_provider="PR1",
        weekly_cost=Decimal(3000),
    )
    return case


def _switching_values(page: str) -> dict[str, str]:
    """The case page's switching values: the input's current value -> where NPSV reaches 0."""
    table = re.search(r'id="switching-values".*?<tbody[^>]*>(.*?)</tbody>', page, re.S)
    out = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table.group(1), re.S):
        cells = [
            re.sub(r"<[^>]+>", " ", c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        out[cells[1].strip()] = cells[2].split("(")[0].strip()
    return out


def test_a_case_past_its_switching_values_is_flagged_and_offered_for_the_next_agenda(
    partnership, commissioner
):
    from board.models import AgendaItem, Meeting
    from tests.board.factories import MeetingFactory
    from tests.conftest import signed_in

    case = _crossing_case(partnership)
    client = signed_in(commissioner)
    switching = _switching_values(client.get(case.get_absolute_url()).content.decode())
    occupancy_switch = switching["75.0%"]  # the occupancy row, as the case page shows it
    weekly_switch = Decimal(switching["£1,000"].removeprefix("£").replace(",", ""))
    page = client.get(_url(partnership, as_at="2022-03-31")).content.decode()
    warning = re.sub(
        r"\s+", " ", re.sub(r"<[^>]+>", "", page.split(f'id="switching-crossed-{case.pk}"')[1])
    )
    # Occupancy 90 of 270 bed-days = 33.3%; realised £12,857.14 over 90 days = £52,142.86 a
    # year (£52k), against 3 × the weekly switching value × 52 × 75%.
    at_switch = format_money_short(3 * weekly_switch * 52 * Decimal("0.75"))
    assert (
        f"Business case for Property 2: occupancy of 33.3% is below its switching value of "
        f"{occupancy_switch}; realised saving of £52k a year is below its switching value of "
        f"{at_switch} a year (to 31 March 2022)."
    ) in warning
    url = reverse("dashboard:add-to-agenda", kwargs={"slug": partnership.slug, "pk": case.pk})
    assert f'action="{url}"' in page

    # No meeting scheduled: it says so, and adds nothing.
    response = client.post(url, follow=True)
    assert "There is no board meeting scheduled" in response.content.decode()
    assert not AgendaItem.objects.exists()

    today = timezone.localdate()
    scheduled = Meeting.Status.SCHEDULED
    MeetingFactory(partnership=partnership, date=today - timedelta(days=7), status=scheduled)
    MeetingFactory(partnership=partnership, date=today + timedelta(days=7))  # held: not next
    later = MeetingFactory(
        partnership=partnership, date=today + timedelta(days=60), status=scheduled
    )
    nearest = MeetingFactory(
        partnership=partnership, date=today + timedelta(days=14), status=scheduled
    )
    response = client.post(url, follow=True)
    assert "added to the agenda" in response.content.decode()
    (item,) = AgendaItem.objects.all()
    assert (item.meeting, item.paper, item.title) == (
        nearest,
        case,
        "Switching value crossed: Business case for Property 2",
    )
    assert item.history.count() == 1
    # Not twice.
    response = client.post(url, follow=True)
    assert "is already on the agenda" in response.content.decode()
    assert AgendaItem.objects.count() == 1
    assert not later.items.exists()


def test_only_those_who_edit_cases_are_offered_the_agenda(partnership, board_member):
    from tests.conftest import signed_in

    case = _crossing_case(partnership)
    client = signed_in(board_member)
    page = client.get(_url(partnership, as_at="2022-03-31")).content.decode()
    assert f'id="switching-crossed-{case.pk}"' in page
    assert "Add to the next board agenda" not in page
    url = reverse("dashboard:add-to-agenda", kwargs={"slug": partnership.slug, "pk": case.pk})
    assert client.post(url).status_code == 403
    assert client.get(url).status_code in (403, 405)
