"""The board's dashboard in Chromium, as at 31 March 2022 (the end of the demo's span): its
figures, its charts with their tables, and figures that match the pages they link to."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import assert_accessible, finish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHARTS = [
    "Funding secured by financial year of award",
    "Savings of approved business cases, cumulative to 31 March 2022",
    "Children looked after per 10,000 children at 31 March 2022, against comparators",
    "Children looked after at each month end to 31 March 2022",
    "Average weekly cost by placement category, 1 April 2021 to 31 March 2022",
]


def test_a_board_member_reads_the_dashboard_and_its_figures_match_their_pages(
    demo, sign_in_as, url
):
    page = sign_in_as("board")
    page.goto(url("cip:partnership-detail", slug=demo.slug))
    page.get_by_role("link", name="Dashboard", exact=True).click()
    page.get_by_label("As at").fill("2022-03-31")
    page.get_by_role("button", name="Show figures").click()

    expect(page).to_have_url(re.compile(r"as_at=2022-03-31"))
    expect(page.get_by_text("are as at 31 March 2022")).to_be_visible()
    for section in ["Contract", "Funding", "Business cases and work packages", "Placements"]:
        expect(page.get_by_role("heading", name=section, exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Governance", exact=True)).to_be_visible()
    expect(page.get_by_text("4 awards, £2,032,977")).to_be_visible()
    looked_after = page.locator("#figure-looked-after")
    expect(looked_after).to_have_text(re.compile(r"^\d+$"))
    # Property 3's target is 2 years on the net investment, as its case page says.
    payback = page.get_by_role("table", name=re.compile("^Payback of each approved case"))
    property_3 = payback.get_by_role("row", name=re.compile("^Property 3"))
    expect(property_3).to_contain_text(
        "1 year 1 month (net of the retained asset), within the 2-year target"
    )
    finish(page, "dashboard")  # as a board member first sees it

    # Each chart is an image with its name, and its numbers are a table in a details element.
    for name in CHARTS:
        expect(page.get_by_role("img", name=name)).to_be_visible()
        details = page.locator("details", has_text=f"{name} as a table")
        details.locator("summary").click()
        expect(details.get_by_role("table")).to_be_visible()
    trend = page.locator("details", has_text=f"{CHARTS[3]} as a table").get_by_role("table")
    expect(trend.get_by_role("row")).to_have_count(13)  # twelve month ends and the header
    expect(trend.get_by_role("row").last).to_contain_text(looked_after.inner_text())
    assert_accessible(page, "the dashboard with its chart tables open")

    # Children looked after: the placement measures it links to count the same children.
    children = looked_after.inner_text()
    figure = page.locator(".cip-figure", has=looked_after)
    figure.get_by_role("link", name="Placement measures").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Placement measures")
    measured = page.locator(".cip-figure", has_text="Children looked after").first
    expect(measured.locator("p").first).to_have_text(children)
    expect(measured).to_contain_text("At 31 March 2022")

    # Work packages at design: the filtered list it links to has that many rows.
    page.go_back()
    at_design = page.get_by_role("link", name=re.compile(r"work packages? at design$"))
    count = int(re.match(r"\d+", at_design.inner_text()).group())
    at_design.click()
    expect(page).to_have_url(re.compile(r"stage=design"))
    expect(page.locator("main tbody").get_by_role("row")).to_have_count(count)

    # Property 3's payback on its case page agrees with the dashboard's row.
    page.go_back()
    page.get_by_role("link", name="Property 3: family residential centre", exact=True).click()
    expect(page.locator("#net-payback")).to_have_text("1 year 1 month")
    expect(page.get_by_text("2 years on the net investment: Met")).to_be_visible()
