"""Pages fit the screens officers use: at 1280 and 1024 px wide the navigation is one row
with "Sign out" apart from the links, and no table on the placement log, the bids, the
dashboard or the measures page is wider than its container or the page."""

import tempfile
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(tempfile.gettempdir()) / "cip-page-fit"

PAGES = [
    ("placement-log", "placements:episode-list"),
    ("bids", "funding:bid-list"),
    ("dashboard", "dashboard:dashboard"),
    ("measures", "placements:measures"),
]

# Each table against its own wrapper (parent element) and the page's width.
OVERFLOWS = """() => {
  const problems = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > doc.clientWidth) {
    problems.push(`page: scrollWidth ${doc.scrollWidth} > clientWidth ${doc.clientWidth}`);
  }
  document.querySelectorAll("main table").forEach((table, i) => {
    const container = table.closest(".cip-table-container");
    const wrapper = container || table.parentElement;
    const name = (table.caption ? table.caption.textContent.trim() : "") || `table ${i + 1}`;
    // A table's own container must not scroll; a bare table's parent (main, a grid column)
    // may hold GOV.UK grid rows whose negative margins stick out, so only the table counts.
    if (container && wrapper.scrollWidth > wrapper.clientWidth) {
      problems.push(
        `${name}: wrapper scrollWidth ${wrapper.scrollWidth} > ${wrapper.clientWidth}`);
    }
    if (Math.max(table.scrollWidth, table.getBoundingClientRect().width) > wrapper.clientWidth) {
      problems.push(
        `${name}: table ${table.scrollWidth} wide > wrapper ${wrapper.clientWidth}`);
    }
  });
  return {problems, tables: document.querySelectorAll("main table").length};
}"""

NAV_TOPS = """() => Array.from(
  document.querySelectorAll(".govuk-service-navigation__item")
).map(item => [item.textContent.trim(), item.offsetTop])"""


@pytest.mark.parametrize("width", [1280, 1024])
def test_pages_fit_at_desktop_widths(demo, new_context, width):
    from tests.browser.helpers import axe_violations, describe_violations, sign_in

    page = new_context(viewport={"width": width, "height": 900}).new_page()
    sign_in(page, "commissioner")
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    for name, url_name in PAGES:
        from django.urls import reverse

        page.goto(reverse(url_name, kwargs={"slug": demo.slug}))
        assert page.locator("h1").count() == 1, f"{name} did not open: {page.url}"
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"))
        problems += describe_violations(f"{name} at {width} px", axe_violations(page))
        result = page.evaluate(OVERFLOWS)
        assert result["tables"] > 0, f"{name} at {width} px shows no table"
        problems += [f"{name} at {width} px: {p}" for p in result["problems"]]

        tops = page.evaluate(NAV_TOPS)
        assert len(tops) >= 5, tops
        if len({top for _, top in tops}) != 1:
            problems.append(f"{name} at {width} px: navigation wraps {tops}")
        sign_out = page.get_by_role("button", name="Sign out")
        assert sign_out.count() == 1
        # "Sign out" stands apart: outside the list of links, to the right of the last link.
        if page.locator(".govuk-service-navigation__list button").count():
            problems.append(f"{name} at {width} px: Sign out is one of the links")
        # In the header, above the row of links and right-aligned with its end.
        links = page.locator(".govuk-service-navigation__list li")
        first, last = links.first.bounding_box(), links.last.bounding_box()
        box = sign_out.bounding_box()
        if not (
            box["y"] + box["height"] <= first["y"]
            and box["x"] + box["width"] >= last["x"] + last["width"] - 1
        ):
            problems.append(f"{name} at {width} px: Sign out is not apart from the links {box}")
    assert not problems, "\n".join(problems)
