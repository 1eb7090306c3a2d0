"""Governance in Chromium with the demo's records: a board member follows a meeting to its
decisions and to the records they moved (issue 4), and the Residential Design Brief to its
work packages, their stages, contracts and dates (issue 5)."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import finish, summary_value

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_board_member_follows_a_meeting_to_its_decisions_and_the_records_they_moved(
    demo, sign_in_as, url
):
    page = sign_in_as("board")
    page.goto(url("board:meeting-list", slug=demo.slug))

    # 10 November 2020: three decisions extending the secondments.
    page.get_by_role("link", name="10 November 2020").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile("CIP Board, 10 November 2020")
    )
    expect(page.get_by_text("The minutes were signed off")).to_be_visible()
    # Referenced in date order within 2020 when the minutes were signed off: the continuation
    # into year 3 (13 October) is CIP-2020-01, the three extensions CIP-2020-02 to 04.
    decisions = page.get_by_role("link", name=re.compile(r"^Decision CIP-2020-0[234]$"))
    expect(decisions).to_have_count(3)
    page.get_by_role("link", name="Decision CIP-2020-02").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Decision CIP-2020-02: Extend a secondment"
    )
    expect(page.get_by_text(re.compile("^Frozen: the minutes of this meeting"))).to_be_visible()
    page.get_by_role("link", name="Sam Carter, CIP strategic lead (council)").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Sam Carter")
    expect(summary_value(page, "End")).to_have_text("30 November 2021")
    expect(
        page.get_by_text("Decision CIP-2020-02, CIP Board, 10 November 2020: approved")
    ).to_be_visible()
    finish(page, "board-decision-moved-a-secondment")

    # 8 January 2019 (on the second page of meetings): the decision agreeing brief 1.
    page.goto(url("board:meeting-list", slug=demo.slug))
    page.get_by_role("link", name="Next").click()
    page.get_by_role("link", name="8 January 2019").click()
    # the first decision of 2019
    expect(page.get_by_text("Decision CIP-2019-01: Agree a design brief")).to_be_visible()
    page.get_by_role("link", name="Decision CIP-2019-01").click()
    expect(summary_value(page, "Meeting")).to_have_text("CIP Board, 8 January 2019")
    page.get_by_role("link", name="Brief 1: Residential Design Brief").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Residential Design Brief")
    expect(page.get_by_text("Agreed by the board")).to_be_visible()
    page.get_by_role("link", name=re.compile("^CIP-2019-01: Agree a design brief")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Decision CIP-2019-01: Agree a design brief"
    )
    finish(page, "board-decision-agreed-a-brief")


def test_the_residential_brief_leads_to_its_work_packages_contracts_and_dates(
    demo, sign_in_as, url
):
    page = sign_in_as("board")
    page.goto(url("briefs:brief-list", slug=demo.slug))
    page.get_by_role("link", name="Residential Design Brief").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Residential Design Brief")
    expect(summary_value(page, "Issued")).to_have_text("8 January 2019")
    packages = page.get_by_role("table", name="Work packages that came from this brief")
    expected = {
        "Assessment & Resource Team (ART)": "Delivery",
        # Approved, opened in 2021 and in delivery; Property 4 is still being designed.
        "Property 1: residential care for under-16s": "Delivery",
        "Property 2: residential care for 16 and over": "Delivery",
        "Property 3: family residential centre": "Delivery",
        "Property 4: assessment residential unit": "Design",
    }
    expect(packages.get_by_role("row")).to_have_count(len(expected) + 1)
    for title, stage in expected.items():
        expect(packages.get_by_role("row", name=title)).to_contain_text(stage)

    # The ART went live on 1 December 2020 under its tier-2 contract.
    packages.get_by_role("link", name="Assessment & Resource Team (ART)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Assessment & Resource Team (ART)")
    expect(page.get_by_role("link", name="brief 1: Residential Design Brief")).to_be_visible()
    expect(summary_value(page, "Went live")).to_have_text("1 December 2020")
    contracts = page.get_by_role("table", name="Tier-2 delivery contracts of this work package")
    expect(contracts.get_by_role("row", name=re.compile("^CIP-T2-ART"))).to_contain_text("Live")
    contracts.get_by_role("link", name="CIP-T2-ART").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Contract CIP-T2-ART")
    expect(summary_value(page, "Term")).to_have_text("From 1 December 2020")
    expect(summary_value(page, "Parties")).to_have_text("Barnardo's, Leicestershire County Council")
    finish(page, "brief-to-work-package-contract")

    # A property of the residential model: approved and in delivery, with its acquisition date.
    page.go_back()
    page.get_by_role("link", name="brief 1: Residential Design Brief").click()
    page.get_by_role("link", name="Property 2: residential care for 16 and over").click()
    expect(page.get_by_text("Delivery", exact=True)).to_be_visible()
    expect(summary_value(page, "Property acquired (December 2020)")).to_have_text("1 December 2020")
    finish(page, "brief-to-work-package-in-delivery")
