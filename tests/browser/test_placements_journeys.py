"""Placements in Chromium: a commissioner logs a placement and imports an SSDA903 return.
Children appear by their pseudonymous reference only; the case-system ID never comes back."""

import pytest
from playwright.sync_api import expect

from placements.importers import EPISODE_COLUMNS
from placements.models import Child, Episode, child_reference
from tests.browser.helpers import finish
from tests.reports.conftest import run_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER_COLUMNS = ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"]


def _file(path, *rows: str, columns=EPISODE_COLUMNS):
    """A CSV file as a case system writes it: the DfE column names, then the rows."""
    path.write_text("\r\n".join([",".join(columns), *rows]) + "\r\n", encoding="utf-8")
    return path


def test_a_commissioner_logs_a_placement_and_sees_it_by_reference(demo, sign_in_as, url):
    reference = child_reference("JOURNEY-4242")
    page = sign_in_as("commissioner")
    page.goto(url("placements:episode-list", slug=demo.slug))
    page.get_by_role("link", name="Log a placement").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Log a placement")
    page.get_by_label("Child's case-system ID").fill("JOURNEY-4242")
    page.get_by_label("Month of birth").fill("6")
    page.get_by_label("Year of birth").fill("2010")
    page.get_by_label("Sex").select_option(label="Female")
    page.get_by_label("Start date (DECOM)").fill("2022-03-28")
    page.get_by_label("Reason for new episode (RNE)").select_option("S")
    page.get_by_label("Legal status (LS)").select_option("C2")
    page.get_by_label("Category of need (CIN)").select_option("N1")
    page.get_by_label("Placement type (PLACE)").select_option("U4")
    page.get_by_label("Placement provider (PLACE_PROVIDER)").select_option("PR1")
    page.get_by_label("Provider", exact=True).select_option(
        label="Leicestershire County Council fostering service"
    )
    page.get_by_label("Home postcode sector (HOME_POST)").fill("LE11 3AB")  # cut to a sector
    page.get_by_label("Placement postcode sector (PL_POST)").fill("LE16 7")
    page.get_by_label("In county", exact=True).check()
    page.get_by_label("Weekly cost").fill("452.50")
    page.get_by_label("In-house").check()
    page.get_by_role("button", name="Save").click()

    # The child's timeline: the reference, month and year of birth, the episode.
    expect(page.get_by_role("heading", name="Success")).to_be_visible()
    expect(page.get_by_text("Placement logged")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Child {reference[:10]}")
    expect(page.locator("code.cip-reference")).to_have_text(reference)
    expect(page.get_by_text("June 2010")).to_be_visible()
    episode = page.locator(".cip-timeline__item")
    expect(episode).to_have_count(1)
    expect(episode.get_by_role("heading")).to_have_text("28 March 2022 to now")
    expect(episode).to_contain_text("Leicestershire County Council fostering service")
    expect(episode).to_contain_text("in county · £452.50 a week · In-house")
    main = page.locator("main")
    expect(main).not_to_contain_text("JOURNEY-4242")
    expect(main).not_to_contain_text("LE11 3AB")

    # The log: newest first, so the new episode heads it, shown by its reference.
    page.goto(url("placements:episode-list", slug=demo.slug))
    first = page.get_by_role("row").nth(1)
    expect(first.get_by_role("link", name=reference[:10], exact=True)).to_be_visible()
    expect(first).to_contain_text("28/03/2022")
    expect(first).to_contain_text("£452.50")
    expect(page.locator("main")).not_to_contain_text("JOURNEY-4242")
    finish(page, "placements-log-a-placement")


def test_a_commissioner_imports_a_return_and_a_bad_one_writes_nothing(
    demo, sign_in_as, url, tmp_path
):
    header = _file(
        tmp_path / "header.csv",
        "J900001,1,14/06/2008,WBRI,A123456789012,,",
        "J900002,2,02/11/2006,MWBC,B123456789012,,",
        columns=HEADER_COLUMNS,
    )
    episodes = _file(
        tmp_path / "episodes.csv",
        "J900001,29/03/2022,S,C2,N1,U4,PR1,,,,,,",
        "J900002,30/03/2022,S,V2,N5,K2,PR4,31/03/2022,X1,CARPL,LE11 3,NG7 2,",
        "J900002,31/03/2022,P,V2,N5,U6,PR4,,,,LE11 3,LE67 4,",
    )
    episodes_before = Episode.objects.filter(partnership=demo).count()

    page = sign_in_as("commissioner")
    page.goto(url("placements:episode-list", slug=demo.slug))
    page.get_by_role("link", name="Import SSDA903").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import an SSDA903 return")
    page.get_by_label("Header file (CSV)").set_input_files(header)
    page.get_by_label("Episodes file (CSV)").set_input_files(episodes)
    page.get_by_role("button", name="Import").click()

    # The return waits for the background worker, which imports it; its page then says so.
    expect(page.get_by_role("heading", level=1)).to_contain_text("SSDA903 return")
    run_worker()
    page.goto(page.url)  # as "Check again now" does; the page also refreshes itself
    status = page.locator(".govuk-summary-list__row", has_text="Status")
    expect(status).to_contain_text("Imported")
    expect(page.locator(".govuk-summary-list__row", has_text="Episodes")).to_contain_text(
        "3 new, 0 updated"
    )
    expect(page.locator(".govuk-summary-list__row", has_text="Children")).to_contain_text("2 new")
    # The log is newest first: the three imported episodes head it, by reference.
    page.goto(url("placements:episode-list", slug=demo.slug))
    rows = page.get_by_role("row")
    for position, (case_id, started) in enumerate(
        [("J900002", "31/03/2022"), ("J900002", "30/03/2022"), ("J900001", "29/03/2022")],
        start=1,
    ):
        row = rows.nth(position)
        reference = child_reference(case_id)[:10]
        expect(row.get_by_role("link", name=reference, exact=True)).to_be_visible()
        expect(row).to_contain_text(started)
    expect(page.locator("main")).not_to_contain_text("J90000")
    assert Episode.objects.filter(partnership=demo).count() == episodes_before + 3

    # A second return with a bad date and an unknown code: every problem is named by its
    # file, row and column, and nothing at all is written, not even the good rows.
    bad_header = _file(
        tmp_path / "header-2.csv", "J900003,1,01/01/2009,WBRI,,,", columns=HEADER_COLUMNS
    )
    bad_episodes = _file(
        tmp_path / "episodes-2.csv",
        "J900003,31/02/2022,S,C2,N1,U4,PR1,,,,,,",
        "J900001,30/03/2022,P,C2,N1,Q9,PR1,,,,,,",
        "J900003,25/03/2022,S,C2,N1,U6,PR1,,,,,,",
    )
    page.goto(url("placements:episode-list", slug=demo.slug))
    page.get_by_role("link", name="Import SSDA903").click()
    page.get_by_label("Header file (CSV)").set_input_files(bad_header)
    page.get_by_label("Episodes file (CSV)").set_input_files(bad_episodes)
    page.get_by_role("button", name="Import").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("SSDA903 return")
    run_worker()
    page.goto(page.url)  # as "Check again now" does; the page also refreshes itself
    expect(page.locator(".govuk-summary-list__row", has_text="Status")).to_contain_text(
        "Not imported"
    )
    problems = page.locator("#import-problems + p")
    expect(problems).to_contain_text("2 problems")
    expect(problems).to_contain_text("Nothing was imported.")
    for row, column in (("2", "DECOM"), ("3", "PLACE")):
        found = page.get_by_role("row").filter(has_text=column)
        expect(found.get_by_role("cell").nth(0)).to_contain_text("Episodes")
        expect(found.get_by_role("cell").nth(1)).to_have_text(row)
    assert Episode.objects.filter(partnership=demo).count() == episodes_before + 3
    assert not Child.objects.filter(reference=child_reference("J900003")).exists()
    finish(page, "placements-import-refused")
