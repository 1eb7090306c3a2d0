"""Funding in Chromium: a commissioner records the award of a submitted bid, and the funding
totals count it. The demo's four awards come to £2,032,977 (£798,000 + £234,600 + £514,212
+ £486,165, all decided in 2019/20); the Staying Close bid is submitted, for £420,000."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import finish, summary_value

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STAYING_CLOSE = "Staying Close for care leavers (illustrative)"


def test_a_commissioner_records_a_bid_award_and_the_totals_count_it(demo, sign_in_as, url):
    page = sign_in_as("commissioner")
    page.goto(url("funding:totals", slug=demo.slug))
    awards = page.get_by_role("table", name="Awards that make up the amount secured")
    expect(awards.get_by_role("row", name=re.compile("^Secured to date"))).to_contain_text(
        "£2,032,977"
    )

    page.goto(url("funding:bid-list", slug=demo.slug))
    page.get_by_role("link", name=STAYING_CLOSE).click()
    expect(page.get_by_text("Stage: Submitted")).to_be_visible()
    page.get_by_role("link", name="Move to the next stage").click()
    page.get_by_role("radio", name="Awarded").check()
    page.get_by_label("Date decided").fill("2021-05-28")
    page.get_by_label("Amount awarded").fill("398,500")
    page.get_by_role("button", name="Move the bid").click()

    expect(page.get_by_text("Bid moved to “Awarded”")).to_be_visible()
    expect(summary_value(page, "Amount awarded")).to_have_text("£398,500")
    expect(summary_value(page, "Decided")).to_contain_text("28 May 2021")

    page.get_by_role("link", name="Totals").click()
    expect(page.get_by_text("5 awards: £2,431,477")).to_be_visible()  # £2,032,977 + £398,500
    expect(page.get_by_text("3 open bids, £750,000 requested")).to_be_visible()  # not 4, £1.17m
    awards = page.get_by_role("table", name="Awards that make up the amount secured")
    expect(
        awards.get_by_role("row", name=re.compile(f"^{re.escape(STAYING_CLOSE)}"))
    ).to_contain_text("£398,500")
    expect(awards.get_by_role("row", name=re.compile("^Secured to date"))).to_contain_text(
        "£2,431,477"
    )
    by_year = page.get_by_role("table", name="Secured by financial year")
    expect(by_year.get_by_role("row", name="2019/20")).to_contain_text("£2,032,977")
    expect(by_year.get_by_role("row", name="2021/22")).to_contain_text("£398,500")
    by_lead = page.get_by_role("table", name="Secured by lead applicant")
    expect(
        by_lead.get_by_role("row", name=re.compile("^Leicestershire County Council"))
    ).to_contain_text(
        "£1,119,265"  # £720,765 + £398,500
    )
    finish(page, "funding-bid-awarded-totals")
