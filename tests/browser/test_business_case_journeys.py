"""Business cases in Chromium: a commissioner changes Property 2's occupancy in a new version
and sees its figures move; a board member's decision approves Property 4 and freezes it.

The figures below were worked by hand from the demo's inputs for Property 2 (3 placements,
£1,164 a week, £52,000 of do-nothing costs avoided, £437,000 capital, £385,000 retained):
at 60% occupancy the placement saving is 3 × £1,164 × 52 × 60% = £108,950.40 a year."""

import re

import pytest
from playwright.sync_api import expect

from board.models import AgendaItem, Meeting
from tests.browser.helpers import finish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PROPERTY_2 = "Property 2: residential care for 16 and over: business case"
PROPERTY_4 = "Property 4: assessment residential unit: business case"


def _switching_row(page, name: str):
    table = page.get_by_role("table", name="Switching values")
    return table.get_by_role("row", name=re.compile(f"^{name}"))


def test_a_commissioner_changes_property_2s_occupancy_and_sees_its_figures_move(
    demo, sign_in_as, url
):
    page = sign_in_as("commissioner")
    page.goto(url("workpackages:business-case-list", slug=demo.slug))
    page.get_by_role("link", name=PROPERTY_2).click()

    # Version 1 as the board approved it, at 75% occupancy.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Version 1")
    expect(page.get_by_text("This version is frozen.")).to_be_visible()
    expect(page.locator("#gross-payback")).to_have_text("2 years 4 months")
    expect(page.locator("#npsv")).to_contain_text("£1,401,019.07")
    expect(_switching_row(page, "Occupancy")).to_contain_text("75.0%")

    page.get_by_role("link", name="Start a new version").click()
    page.get_by_role("button", name="Start version 2 as a draft copy").click()
    expect(page.get_by_text(f"{PROPERTY_2} (v2) started as a draft copy of v1")).to_be_visible()
    page.get_by_label("Occupancy (%)").fill("60")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_text(f"{PROPERTY_2} (v2) saved")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Version 2")
    figures = page.locator("#computed-figures")
    expect(figures).to_contain_text("£108,950.40 (3 placements × £1,164 a week × 52 × 60%")
    expect(page.locator("#annual-net-saving")).to_have_text("£160,950.40")
    expect(page.locator("#gross-payback")).to_have_text("2 years 9 months")  # 437,000 / 160,950.40
    expect(figures).to_contain_text("2.50 years on the gross investment: Not met")
    expect(page.locator("#npsv")).to_contain_text("£1,174,494.70")
    # The occupancy at which payback meets the 2.5-year target does not move (67.6%), but
    # it is now 12.7% above the case's occupancy; the weekly saving needed rises to match.
    expect(_switching_row(page, "Occupancy")).to_contain_text("60.0%")
    expect(_switching_row(page, "Occupancy")).to_contain_text("67.6% (+12.7%)")
    expect(_switching_row(page, "Weekly saving per person")).to_contain_text("£1,311.97")
    # Version 1 is untouched: still approved, with its own figures.
    versions = page.get_by_role("navigation", name="Versions of this business case")
    expect(versions).to_contain_text("v1 (approved)")
    finish(page, "business-case-new-version")

    versions.get_by_role("link", name="v1 (approved)").click()
    expect(page.locator("#gross-payback")).to_have_text("2 years 4 months")


def test_the_boards_decision_approves_property_4_and_freezes_it(demo, sign_in_as, url):
    commissioner = sign_in_as("commissioner")
    commissioner.goto(url("workpackages:business-case-list", slug=demo.slug))
    commissioner.get_by_role("link", name=PROPERTY_4).click()
    expect(commissioner.get_by_text("Submitted to the board")).to_be_visible()
    case_url = commissioner.url

    # The demo's latest meeting is the one whose minutes are still open: its decision item.
    meeting = demo.board_meetings.exclude(status=Meeting.Status.SIGNED_OFF).get()
    AgendaItem.objects.create(
        meeting=meeting, position=99, title=f"{PROPERTY_4}: business case", purpose="decision"
    )
    board = sign_in_as("chair")  # the chair records decisions
    board.goto(url("board:meeting-list", slug=demo.slug))
    board.get_by_role("link", name=f"{meeting.date:%-d %B %Y}").click()
    board.get_by_role("link", name="Record a decision on item 99").click()
    board.get_by_label("What the board decided").select_option(label=f"{PROPERTY_4} (v1)")
    board.get_by_label("Approved").check()
    board.get_by_label("Resolution").fill(
        "The board approved the business case for the assessment residential unit."
    )
    board.get_by_role("button", name="Save").click()

    expect(board.get_by_role("heading", name="Success")).to_be_visible()
    heading = board.get_by_role("heading", level=1)
    expect(heading).to_contain_text("Approve a business case")
    reference = re.search(r"CIP-\d{4}-\d+|D\d+", heading.inner_text()).group()
    board.get_by_role("link", name=re.compile(f"^{PROPERTY_4}")).click()
    expect(board).to_have_url(case_url)
    expect(board.get_by_text("Approved", exact=True)).to_be_visible()
    expect(board.get_by_role("link", name=f"decision {reference}")).to_be_visible()
    expect(board.get_by_text("This version is frozen.")).to_be_visible()

    # The commissioner can no longer edit it: changes start a new version.
    commissioner.reload()
    expect(commissioner.get_by_text("Approved", exact=True)).to_be_visible()
    expect(commissioner.get_by_role("link", name=re.compile("^Edit"))).to_have_count(0)
    expect(commissioner.get_by_role("link", name="Withdraw to draft")).to_have_count(0)
    commissioner.get_by_role("link", name="Start a new version").click()
    expect(commissioner.get_by_role("heading", level=1)).to_have_text(
        f"{PROPERTY_4} (v1) is frozen"
    )
    expect(
        commissioner.get_by_role("button", name="Start version 2 as a draft copy")
    ).to_be_visible()
    expect(commissioner.get_by_label("Occupancy (%)")).to_have_count(0)
    finish(commissioner, "business-case-approved-and-frozen")
