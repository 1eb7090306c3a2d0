"""The load test (`make load`): board members, commissioners and officers using one partnership.

Every simulated person signs in with a demo sign-in (DEMO_PASSWORD; the run sets
OTP_REQUIRED=false, since a TOTP code cannot be typed by a script), then walks the pages a
person in that role uses, pausing between pages as a reader does. Requests are named by their
URL pattern so that the figures group by page, not by record.

At the end it prints, per kind of request (pages, files, writes, sign-in), the count,
failures, median and 95th percentile, for the whole run and for the steady state once every
user has started and signed in, and writes them as JSON to LOAD_SUMMARY (if set). The target:
0 failures in the whole run, and a p95 under 300 ms for pages in the steady state.
"""

import json
import os
import random
import re
import time

import gevent
from locust import FastHttpUser, between, events, task

SLUG = os.environ.get("LOAD_PARTNERSHIP", "leicestershire-cip")
PASSWORD = os.environ.get("DEMO_PASSWORD", "")
P = f"/p/{SLUG}"
STEADY_SECONDS = float(os.environ.get("LOAD_SECONDS", "300"))
THINK = between(
    float(os.environ.get("LOAD_THINK_MIN", "5")), float(os.environ.get("LOAD_THINK_MAX", "15"))
)

_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _links(html: str, pattern: str) -> list[str]:
    return sorted(set(re.findall(rf'href="({re.escape(P)}/{pattern})"', html)))


# --- the figures ----------------------------------------------------------------------------

# (time, kind, milliseconds, failed, name) of every request; "steady" is from the moment the
# last user has signed in to the end: the target is judged on that window.
_requests: list[tuple[float, str, float, bool, str]] = []
_marks = {"start": time.time(), "steady": None, "signed_in": 0}


def _kind(name: str) -> str:
    return name.split(":", 1)[0] if ":" in name else "other"


@events.test_start.add_listener
def _started(**_kwargs):
    _marks["start"] = time.time()


def _signed_in(environment) -> None:
    """Once every user has signed in, run LOAD_SECONDS more, then stop."""
    _marks["signed_in"] += 1
    if _marks["signed_in"] == environment.runner.target_user_count:
        _marks["steady"] = time.time()
        gevent.spawn_later(STEADY_SECONDS, environment.runner.quit)


@events.request.add_listener
def _record(name, response_time, exception, **_kwargs):
    _requests.append((time.time(), _kind(name), response_time, exception is not None, name))


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _figures(rows, seconds: float) -> dict:
    figures = {}
    for kind in ("page", "file", "write", "sign-in", "other"):
        times = [row[2] for row in rows if row[1] == kind]
        if times:
            figures[kind] = {
                "requests": len(times),
                "failures": sum(1 for row in rows if row[1] == kind and row[3]),
                "p50_ms": round(_percentile(times, 0.50)),
                "p95_ms": round(_percentile(times, 0.95)),
                "p99_ms": round(_percentile(times, 0.99)),
                "max_ms": round(max(times)),
                "per_second": round(len(times) / seconds, 2),
            }
    return figures


_MS = ("p50", "p95", "p99", "max")


def _table(title: str, figures: dict, seconds: float, rows) -> None:
    print(f"\n{title}")
    print(f"{'kind':<8} {'requests':>9} {'failures':>8}" + "".join(f"{h:>7}" for h in _MS))
    for kind, row in figures.items():
        print(
            f"{kind:<8} {row['requests']:>9} {row['failures']:>8}"
            + "".join(f"{row[h + '_ms']:>7}" for h in _MS)
        )
    failures = sum(1 for row in rows if row[3])
    print(
        f"all      {len(rows):>9} {failures:>8}   over {seconds:.0f} s: "
        f"{len(rows) / seconds:.1f} requests/s"
    )


@events.quitting.add_listener
def _summary(environment, **_kwargs):
    end = time.time()
    steady_from = _marks["steady"] or end
    steady = [row for row in _requests if row[0] >= steady_from]
    steady_seconds = max(end - steady_from, 1e-9)
    whole_seconds = max(end - _marks["start"], 1e-9)
    summary = {
        "users": environment.runner.target_user_count if environment.runner else None,
        "steady": {
            "seconds": round(steady_seconds),
            "requests": len(steady),
            "failures": sum(1 for row in steady if row[3]),
            "per_second": round(len(steady) / steady_seconds, 2),
            "kinds": _figures(steady, steady_seconds),
        },
        "whole_run": {
            "seconds": round(whole_seconds),
            "requests": len(_requests),
            "failures": sum(1 for row in _requests if row[3]),
            "per_second": round(len(_requests) / whole_seconds, 2),
            "kinds": _figures(_requests, whole_seconds),
        },
    }
    _table(
        f"Whole run, {summary['users']} users starting and signing in (response times in ms):",
        summary["whole_run"]["kinds"],
        whole_seconds,
        _requests,
    )
    _table(
        f"Steady state, all {summary['users']} users signed in (response times in ms):",
        summary["steady"]["kinds"],
        steady_seconds,
        steady,
    )
    names = sorted({row[4] for row in steady})
    by_name = {n: [row[2] for row in steady if row[4] == n] for n in names}
    print("\nSteady state by request, slowest p95 first (ms):")
    print(f"{'requests':>9} {'p50':>6} {'p95':>6}  name")
    for name in sorted(names, key=lambda n: -_percentile(by_name[n], 0.95)):
        times = by_name[name]
        p50, p95 = _percentile(times, 0.5), _percentile(times, 0.95)
        print(f"{len(times):>9} {p50:>6.0f} {p95:>6.0f}  {name}")
    summary["steady"]["by_name"] = {
        n: {
            "requests": len(t),
            "p50_ms": round(_percentile(t, 0.5)),
            "p95_ms": round(_percentile(t, 0.95)),
        }
        for n, t in by_name.items()
    }
    page = summary["steady"]["kinds"].get("page", {})
    met = summary["whole_run"]["failures"] == 0 and page.get("p95_ms", 1e9) < 300
    summary["target_met"] = met
    verdict = "met" if met else "NOT met"
    print(f"Target (0 failures; p95 of pages in the steady state under 300 ms): {verdict}")
    if os.environ.get("LOAD_SUMMARY"):
        with open(os.environ["LOAD_SUMMARY"], "w") as handle:
            json.dump(summary, handle, indent=2)


# --- the people -----------------------------------------------------------------------------


class Member(FastHttpUser):
    """A signed-in member of the partnership; subclasses are the roles."""

    abstract = True
    wait_time = THINK
    username = ""

    def on_start(self):
        form = self.client.get("/sign-in/", name="page: sign-in form")
        token = _CSRF.search(form.text).group(1)
        with self.client.post(
            "/sign-in/",
            data={"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": self.client.base_url + "/sign-in/"},
            name="sign-in: password",
            catch_response=True,
        ) as response:
            if "Sign out" not in response.text:
                response.failure(f"{self.username} could not sign in")
        _signed_in(self.environment)
        self.seen: dict[str, list[str]] = {}

    def page(self, path: str, name: str, *, expect: str = "") -> str:
        with self.client.get(path, name=f"page: {name}", catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
            elif "Sign out" not in response.text:
                response.failure("not signed in")
            elif expect and expect not in response.text:
                response.failure(f"{expect!r} not on the page")
            return response.text

    def file(self, path: str, name: str, *, content_type: str) -> None:
        with self.client.get(path, name=f"file: {name}", catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
            elif not response.headers.get("Content-Type", "").startswith(content_type):
                response.failure(f"not {content_type}: {response.headers.get('Content-Type')}")

    def post(self, path: str, data: dict, name: str, *, referer: str) -> str:
        form = self.client.get(referer, name=f"page: {name} form")
        match = _CSRF.search(form.text)
        if match is None:
            return ""
        with self.client.post(
            path,
            data={**data, "csrfmiddlewaretoken": match.group(1)},
            headers={"Referer": self.client.base_url + referer},
            name=f"write: {name}",
            catch_response=True,
        ) as response:
            if response.status_code != 200 or "There is a problem" in response.text:
                response.failure(f"status {response.status_code} or a form error")
            return response.text

    def pick(self, html: str, key: str, pattern: str) -> str | None:
        """A random record link from a list page (remembered, so later visits can use it)."""
        found = _links(html, pattern)
        if found:
            self.seen[key] = found
        links = self.seen.get(key)
        return random.choice(links) if links else None  # noqa: S311 - not security

    def dashboard(self):
        self.page(f"{P}/dashboard/", "dashboard", expect="Dashboard")


class BoardMember(Member):
    username = "board"
    weight = 2

    @task(4)
    def dashboard(self):
        super().dashboard()

    @task(1)
    def dashboard_as_at(self):
        day = random.choice(["2025-03-31", "2024-03-31", "2025-09-30"])  # noqa: S311
        self.page(f"{P}/dashboard/?as_at={day}", "dashboard as at a date")

    @task(2)
    def home_and_partnership(self):
        self.page("/", "home")
        self.page(f"{P}/", "partnership")

    @task(3)
    def meetings(self):
        html = self.page(f"{P}/board/", "meetings")
        meeting = self.pick(html, "meeting", r"board/meetings/\d+/")
        if meeting:
            self.page(meeting, "meeting")
            self.page(meeting + "pack/", "meeting pack")

    @task(2)
    def decisions_and_actions(self):
        html = self.page(f"{P}/board/decisions/", "decisions")
        decision = self.pick(html, "decision", r"board/decisions/\d+/")
        if decision:
            self.page(decision, "decision")
        self.page(f"{P}/board/actions/", "actions")

    @task(2)
    def risks(self):
        html = self.page(f"{P}/board/risks/", "risks")
        risk = self.pick(html, "risk", r"board/risks/\d+/")
        if risk:
            self.page(risk, "risk")

    @task(1)
    def business_cases(self):
        html = self.page(f"{P}/work-packages/business-cases/", "business cases")
        case = self.pick(html, "case", r"work-packages/business-cases/\d+/")
        if case:
            self.page(case, "business case")


class Commissioner(Member):
    username = "commissioner"
    weight = 2

    @task(4)
    def placements(self):
        html = self.page(f"{P}/placements/", "placements")
        page = random.randint(2, 200)  # noqa: S311
        self.page(f"{P}/placements/?page={page}", "placements, a later page")
        child = self.pick(html, "child", r"placements/children/\d+/")
        if child:
            self.page(child, "child")

    @task(4)
    def filtered_placements(self):
        query = random.choice(  # noqa: S311
            [
                "group=residential&status=open",
                "group=fostering&location=out",
                "purchase_route=spot",
                "status=open&started_after=2024-04-01",
                "place=K2",
                "sort=-decom&group=supported",
            ]
        )
        html = self.page(f"{P}/placements/?{query}", "placements, filtered")
        child = self.pick(html, "child", r"placements/children/\d+/")
        if child:
            self.page(child, "child")

    @task(1)
    def log_a_placement(self):
        case = f"LOAD-{random.randrange(10**9)}"  # noqa: S311
        start = f"2026-{random.randint(1, 10):02d}-{random.randint(1, 28):02d}"  # noqa: S311
        self.post(
            f"{P}/placements/log/",
            {
                "case_id": case,
                "birth_month": random.randint(1, 12),  # noqa: S311
                "birth_year": random.randint(2009, 2020),  # noqa: S311
                "sex": random.choice("12"),  # noqa: S311
                "decom": start,
                "rne": "S",
                "ls": "C2",
                "cin": "N1",
                "place": "U1",
                "place_provider": "PR1",
                "home_post": "LE11 3",
                "pl_post": "LE16 7",
                "weekly_cost": "650",
                "purchase_route": "in_house",
                "version": "",
            },
            "log a placement",
            referer=f"{P}/placements/log/",
        )

    @task(2)
    def providers_and_measures(self):
        self.page(f"{P}/placements/providers/", "providers")
        self.page(f"{P}/placements/measures/", "placement measures")

    @task(2)
    def work_packages(self):
        html = self.page(f"{P}/work-packages/", "work packages")
        package = self.pick(html, "package", r"work-packages/\d+/")
        if package:
            self.page(package, "work package")
        html = self.page(f"{P}/work-packages/business-cases/", "business cases")
        case = self.pick(html, "case", r"work-packages/business-cases/\d+/")
        if case:
            self.page(case, "business case")

    @task(1)
    def briefs_and_funding(self):
        html = self.page(f"{P}/briefs/", "briefs")
        brief = self.pick(html, "brief", r"briefs/\d+/")
        if brief:
            self.page(brief, "brief")
        html = self.page(f"{P}/funding/", "bids")
        bid = self.pick(html, "bid", r"funding/\d+/")
        if bid:
            self.page(bid, "bid")

    @task(1)
    def export_filtered_placements(self):
        self.file(
            f"{P}/placements/?group=residential&status=open&_export=csv",
            "placements CSV (filtered)",
            content_type="text/csv",
        )

    @task(1)
    def dashboard(self):
        super().dashboard()


class Officer(Member):
    username = "officer"
    weight = 1

    @task(3)
    def dashboard(self):
        super().dashboard()

    @task(2)
    def measures(self):
        self.page(f"{P}/placements/measures/", "placement measures")

    @task(2)
    def reports(self):
        html = self.page(f"{P}/reports/", "reports")
        report = self.pick(html, "report", r"reports/\d+/")
        if report:
            self.page(report, "report")

    @task(1)
    def request_a_report_pdf(self):
        """Once a session: rendering takes the worker seconds, and officers ask rarely."""
        if getattr(self, "requested_pdf", False):
            return
        html = self.page(f"{P}/reports/", "reports")
        report = self.pick(html, "report", r"reports/\d+/")
        if report:
            self.post(report + "export/", {}, "report PDF request", referer=report)
            self.requested_pdf = True

    @task(2)
    def funding(self):
        self.page(f"{P}/funding/", "bids")
        self.page(f"{P}/funding/totals/", "funding totals")

    @task(1)
    def export_bids(self):
        self.file(f"{P}/funding/?_export=xlsx", "bids XLSX", content_type="application/vnd")

    @task(2)
    def placements(self):
        self.page(f"{P}/placements/?status=open", "placements, filtered")
