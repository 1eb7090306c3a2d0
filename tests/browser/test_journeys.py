"""Journeys a person takes through the service, in Chromium, each ending with axe and a
screenshot under test-results/screenshots/. See tests/browser/conftest.py to add one."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import demo_password, finish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_board_member_signs_in_and_signs_out(demo, page):
    page.goto("/sign-in/")
    page.get_by_label("Username", exact=True).fill("board")
    page.get_by_label("Password", exact=True).fill(demo_password())
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your partnerships")
    expect(page.get_by_role("link", name=demo.name)).to_be_visible()
    expect(page.get_by_text("Signed in as Bea Member")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()

    expect(page).to_have_url(re.compile(r"/sign-in/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to CIP Governance")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/sign-in/\?next=/$"))
    finish(page, "sign-in-and-sign-out")


def test_a_wrong_password_shows_the_error_summary(demo, page):
    page.goto("/sign-in/")
    page.get_by_label("Username", exact=True).fill("commissioner")
    page.get_by_label("Password", exact=True).fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()  # GOV.UK Frontend moves focus to the summary
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    expect(summary).to_contain_text("Enter a correct username and password")
    expect(page).to_have_title(re.compile(r"^Error: Sign in"))
    expect(page.get_by_text("Signed in as")).to_have_count(0)
    expect(page.get_by_label("Username", exact=True)).to_have_value("commissioner")
    finish(page, "wrong-password")


def test_the_keyboard_reaches_the_skip_link_main_content_and_the_sign_in_form_in_order(page):
    page.goto("/sign-in/")

    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main#main-content")).to_be_focused()

    page.keyboard.press("Tab")
    expect(page.get_by_label("Username", exact=True)).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password", exact=True)).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Sign in")).to_be_focused()
    finish(page, "keyboard-sign-in-form")


def test_an_administrator_corrects_a_form_from_its_error_summary(demo, sign_in_as, url):
    page = sign_in_as("admin")
    page.goto(url("cip:organisation-create", slug=demo.slug))
    page.get_by_role("button", name="Save").click()

    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    links = summary.get_by_role("link")
    expect(links.first).to_be_visible()
    assert links.count() == page.locator(".govuk-error-message").count() >= 2
    finish(page, "form-errors")  # the error state itself passes axe

    links.first.click()
    expect(page.get_by_label("Name", exact=True)).to_be_focused()
    page.get_by_label("Name", exact=True).fill("Rutland County Council")
    page.get_by_label("Kind", exact=True).select_option(label="Council")
    page.get_by_label("Org-id identifier", exact=True).fill("gb-lae-rut")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", name="Success")).to_be_visible()
    expect(page.get_by_role("cell", name="GB-LAE-RUT")).to_be_visible()
    finish(page, "form-corrected")
