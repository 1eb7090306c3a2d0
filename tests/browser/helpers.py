"""Plain helpers for browser tests: signing in, axe, screenshots (fixtures are in conftest)."""

import os
import re
from pathlib import Path

import pytest
from django.urls import reverse

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # sessions and CI run as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-results" / "screenshots"
AXE_SOURCE = (Path(__file__).parent / "axe.min.js").read_text()
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
DEMO_SLUG = "leicestershire-cip"


def demo_password() -> str:
    return os.environ["DEMO_PASSWORD"]


def sign_in(page, username: str, password: str | None = None) -> None:
    """Sign in through the real sign-in form, posting it as a person would.

    Fields are found by name, not label, so that a broken label is reported by the axe sweep
    rather than hiding every other page behind a sign-in timeout; the sign-in journey finds
    them by their labels.
    """
    page.goto(reverse("login"))
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(demo_password() if password is None else password)
    with page.expect_navigation():
        page.locator("form:has(input[name=password]) [type=submit]").click()


def axe_violations(page) -> list[dict]:
    """Inject the vendored axe-core into the page and run the WCAG 2.2 AA rule set."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE_SOURCE)
    result = page.evaluate(
        "async (tags) => await axe.run(document, "
        "{runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return result["violations"]


def describe_violations(where: str, violations: list[dict]) -> list[str]:
    """One entry per rule broken: the page, the rule, then each element's selector and HTML."""
    entries = []
    for violation in violations:
        lines = [
            f"{where}: [{violation['impact']}] {violation['id']}: {violation['help']} "
            f"({violation['helpUrl']})"
        ]
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(f"    at {target}: {node['html'][:300]}")
        entries.append("\n".join(lines))
    return entries


def assert_accessible(page, where: str | None = None) -> None:
    problems = describe_violations(where or page.url, axe_violations(page))
    if problems:
        pytest.fail("axe found accessibility problems:\n" + "\n".join(problems), pytrace=False)


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def summary_value(scope, key: str):
    """The value beside `key` in a GOV.UK summary list (a <dl>, which has no table roles):
    `expect(summary_value(page, "End")).to_have_text("30 November 2021")`."""
    page = getattr(scope, "page", scope)  # `has` locators are built from the page
    row = scope.locator(".govuk-summary-list__row").filter(
        has=page.locator("dt", has_text=re.compile(f"^\\s*{re.escape(key)}\\s*$"))
    )
    return row.locator(".govuk-summary-list__value")


def finish(page, name: str) -> Path:
    """End of a journey: the page passes axe, and a screenshot is kept for a person to see."""
    path = screenshot(page, name)
    assert_accessible(page)
    return path
