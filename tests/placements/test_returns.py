"""SSDA903 returns as councils load them, through the real upload form and the background
worker: several consecutive years in order, a re-import, and the DfE's own rules."""

import csv
import html
import io
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cip.models import Membership
from placements import measures
from placements.importers import EPISODE_COLUMNS
from placements.models import Child, Episode, Return, child_reference
from tests.cip.factories import MembershipFactory
from tests.conftest import signed_in
from tests.placements.test_importers import _csv
from tests.placements.worker import run_worker

pytestmark = pytest.mark.django_db

HEADER_COLUMNS = ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"]
CHILDREN = {
    "A": ["500001", "1", "03/03/2006", "WBRI", "A123456789012", "", ""],
    "B": ["500002", "2", "20/09/2009", "WBRI", "B123456789012", "", ""],
    "D": ["500004", "2", "11/01/2012", "WBRI", "D123456789012", "", ""],
}


def _row(child, decom, rne, ls, place, provider, dec="", rec="", reason=""):
    case_id = CHILDREN[child][0]
    return [
        case_id,
        decom,
        rne,
        ls,
        "N1",
        place,
        provider,
        dec,
        rec,
        reason,
        "LE11 3",
        "LE16 7",
        "",
    ]


# A: in foster care since July 2012, still open. B: in a children's home from February 2014,
# moved to foster care in June 2018, home in December 2019. D: looked after from May 2019.
RETURN_2019 = (
    ["A", "B"],
    [
        _row("A", "01/07/2012", "S", "C2", "U4", "PR1"),
        _row("B", "10/02/2014", "S", "C2", "K2", "PR4", "20/06/2018", "X1", "CARPL"),
        _row("B", "20/06/2018", "P", "C2", "U6", "PR4"),
    ],
)
RETURN_2020 = (
    ["A", "B", "D"],
    [
        _row("A", "01/07/2012", "S", "C2", "U4", "PR1"),
        _row("B", "20/06/2018", "P", "C2", "U6", "PR4", "15/12/2019", "E4A"),
        _row("D", "05/05/2019", "S", "C2", "U4", "PR1"),
    ],
)


def _upload(client, partnership, year_return, name) -> Return:
    children, rows = year_return
    header = _csv([HEADER_COLUMNS, *(CHILDREN[c] for c in children)])
    episodes = _csv([EPISODE_COLUMNS, *rows])
    header.name, episodes.name = f"header-{name}.csv", f"episodes-{name}.csv"
    url = reverse("placements:import", kwargs={"slug": partnership.slug})
    response = client.post(url, {"header": header, "episodes": episodes})
    assert response.status_code == 302
    run_worker()
    record = Return.objects.get(episodes_name=f"episodes-{name}.csv")
    assert record.status == Return.Status.IMPORTED, record.problems
    return record


def _looked_after(partnership, year: int) -> int:
    first, last = date(year - 1, 4, 1), date(year, 3, 31)
    return measures.for_year(partnership, first=first, last=last).looked_after


def test_consecutive_years_loaded_in_order_then_again(as_commissioner, commissioner, partnership):
    first = _upload(as_commissioner, partnership, RETURN_2019, "2018-19")
    assert (first.episodes_created, first.episodes_updated, first.children_created) == (3, 0, 2)
    second = _upload(as_commissioner, partnership, RETURN_2020, "2019-20")
    # A's and B's open episodes are the same episodes (same child, same start): updated;
    # D's is new. B's first episode, ended in 2018/19, is in no later return and is kept.
    assert (second.episodes_created, second.episodes_updated, second.children_created) == (
        1,
        2,
        1,
    )
    assert Episode.objects.filter(partnership=partnership).count() == 4
    b = Child.objects.get(reference=child_reference("500002"))
    assert list(b.episodes.order_by("decom").values_list("decom", "dec", "place")) == [
        (date(2014, 2, 10), date(2018, 6, 20), "K2"),
        (date(2018, 6, 20), date(2019, 12, 15), "U6"),
    ]
    updated = b.episodes.get(decom=date(2018, 6, 20))
    assert [h.history_type for h in updated.history.order_by("history_id")] == ["+", "~"]
    assert updated.history.latest("history_id").history_user == commissioner

    # By hand: on 31 March 2019, A (since 2012) and B (since June 2018) are looked after;
    # on 31 March 2020, A and D (B went home in December 2019).
    assert _looked_after(partnership, 2019) == 2
    assert _looked_after(partnership, 2020) == 2
    # 31 March 2018: A, and B in the children's home.
    assert _looked_after(partnership, 2018) == 2

    again = _upload(as_commissioner, partnership, RETURN_2020, "2019-20-again")
    assert (again.episodes_created, again.episodes_updated, again.children_created) == (0, 3, 0)
    assert Episode.objects.filter(partnership=partnership).count() == 4
    assert _looked_after(partnership, 2020) == 2

    # The log: which years, from which file, when and by whom.
    page = as_commissioner.get(reverse("placements:import", kwargs={"slug": partnership.slug}))
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page.text)).split())
    assert [r.year_label for r in Return.objects.order_by("created_at", "pk")] == [
        "2018/19",
        "2019/20",
        "2019/20",
    ]
    for name in ("2018-19", "2019-20", "2019-20-again"):
        assert f"header-{name}.csv, episodes-{name}.csv" in text
    assert text.count(str(commissioner)) >= 3


def _findings_csv(client, record) -> list[list[str]]:
    url = reverse(
        "placements:return-findings", kwargs={"slug": record.partnership.slug, "pk": record.pk}
    )
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "text/csv"
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_a_return_breaking_a_dfe_date_rule_is_refused_and_the_rules_listed(
    as_commissioner, partnership
):
    """Rule 355 (an episode of less than 24 hours: it starts and ends on the same day) is
    about dates alone, so it stops the import; the importer itself accepts such a row."""
    children, rows = RETURN_2019
    rows = [*rows[:2], _row("B", "20/06/2018", "P", "C2", "U6", "PR4", "20/06/2018", "E4A")]
    header = _csv([HEADER_COLUMNS, *(CHILDREN[c] for c in children)])
    episodes = _csv([EPISODE_COLUMNS, *rows])
    header.name, episodes.name = "header.csv", "episodes.csv"
    url = reverse("placements:import", kwargs={"slug": partnership.slug})
    response = as_commissioner.post(url, {"header": header, "episodes": episodes})
    run_worker(dfe=True)
    record = Return.objects.get()
    assert record.status == Return.Status.REFUSED
    assert not Episode.objects.exists() and not Child.objects.exists()
    page = html.unescape(as_commissioner.get(response.url).text)
    assert "Nothing was imported: 1 failure of the DfE's date rules." in page
    assert 'Rule 355 <strong class="govuk-tag govuk-tag--red">Stops the import' in page
    assert "Episode appears to have lasted for less than 24 hours" in page
    lines = _findings_csv(as_commissioner, record)
    assert lines[0] == ["Rule", "Stops the import", "Message", "File", "Row", "Column"]
    # The third episode row is row 4 of the file (the column names are row 1).
    assert [
        "355",
        "yes",
        "Episode appears to have lasted for less than 24 hours",
        "episodes",
        "4",
        "DECOM, DEC",
    ] in lines
    assert all(line[1] == "no" for line in lines[1:] if line[0] != "355")


def test_dfe_warnings_are_shown_beside_an_import_and_counted_on_the_placement_pages(
    as_commissioner, partnership
):
    """Header row 3's child (B) has no MOTHER given (rule 393: a warning, not a figure)."""
    record = None
    children, rows = RETURN_2019
    header = _csv([HEADER_COLUMNS, *(CHILDREN[c] for c in children)])
    episodes = _csv([EPISODE_COLUMNS, *rows])
    header.name, episodes.name = "header.csv", "episodes.csv"
    url = reverse("placements:import", kwargs={"slug": partnership.slug})
    as_commissioner.post(url, {"header": header, "episodes": episodes})
    run_worker(dfe=True)
    record = Return.objects.get()
    assert record.status == Return.Status.IMPORTED
    lines = _findings_csv(as_commissioner, record)[1:]
    assert ["393", "no", "Child is looked after but mother field is not completed.", "header"] in [
        line[:4] for line in lines
    ]
    assert all(line[1] == "no" for line in lines)
    count = len(lines)
    assert Episode.objects.filter(partnership=partnership).count() == 3
    for name in ("episode-list", "measures"):
        page = as_commissioner.get(reverse(f"placements:{name}", kwargs={"slug": partnership.slug}))
        assert (
            f"The latest SSDA903 return (2018/19) has {count} warnings from the DfE's rules."
            in page.text
        )


@pytest.mark.django_db(transaction=True)
def test_the_progress_page_shows_rows_read_and_problems_found_while_the_import_runs(
    as_commissioner, partnership
):
    """While the worker's transaction is open, the page reads the figures it last wrote (on
    PostgreSQL over a connection of their own: the row is committed here, as it is for real)."""
    from placements.tasks import _Reporter

    record = Return.objects.create(
        partnership=partnership,
        header_name="header.csv",
        episodes_name="episodes.csv",
        status=Return.Status.RUNNING,
        step="Reading and importing the files",
    )
    reporter = _Reporter(record.pk)
    try:
        reporter(4000, 3, now=True)
        reporter(6000, 9)  # within the second: not written yet
        url = reverse(
            "placements:return-detail", kwargs={"slug": partnership.slug, "pk": record.pk}
        )
        page = as_commissioner.get(url)
        cells = dict(
            re.findall(
                r'<dt class="govuk-summary-list__key">(.*?)</dt>'
                r'<dd class="govuk-summary-list__value">(.*?)</dd>',
                page.text,
            )
        )
        assert (cells["Rows read"], cells["Problems found"]) == ("4000", "3")
        assert page["Refresh"] == "3" and "Check again now" in page.text
    finally:
        reporter.close()


# --- a return whose worker died -------------------------------------------------------------


def _page_text(client, record) -> str:
    url = reverse(
        "placements:return-detail", kwargs={"slug": record.partnership.slug, "pk": record.pk}
    )
    page = client.get(url)
    assert page.status_code == 200
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page.text)).split())


def _mark_failed(client, record):
    url = reverse(
        "placements:return-mark-failed", kwargs={"slug": record.partnership.slug, "pk": record.pk}
    )
    return client.post(url, follow=True)


def _died_while_importing(client, partnership, name, minutes_ago: int) -> Return:
    """A return uploaded through the form whose worker started it, then died `minutes_ago`."""
    children, rows = RETURN_2019
    header = _csv([HEADER_COLUMNS, *(CHILDREN[c] for c in children)])
    episodes = _csv([EPISODE_COLUMNS, *rows])
    header.name, episodes.name = f"header-{name}.csv", f"episodes-{name}.csv"
    url = reverse("placements:import", kwargs={"slug": partnership.slug})
    assert client.post(url, {"header": header, "episodes": episodes}).status_code == 302
    record = Return.objects.get(episodes_name=f"episodes-{name}.csv")
    then = timezone.now() - timedelta(minutes=minutes_ago)
    # What run_import writes as it starts; then nothing more, as its process was killed.
    Return.objects.filter(pk=record.pk).update(
        created_at=then - timedelta(minutes=1),
        status=Return.Status.RUNNING,
        step="Reading and importing the files",
        collection_year=2019,  # RETURN_2019's latest date, 20/06/2018, is in 2018/19
        progress_at=then,
        rows_read=4000,
    )
    return Return.objects.get(pk=record.pk)


def test_a_return_stuck_in_progress_can_be_marked_as_failed_and_uploaded_again(
    as_commissioner, commissioner, partnership
):
    stuck = _died_while_importing(as_commissioner, partnership, "2018-19", minutes_ago=31)
    text = _page_text(as_commissioner, stuck)
    assert "In progress" in text and "no progress for over 30 minutes" in text
    assert "Mark as failed" in text

    text = " ".join(
        html.unescape(re.sub(r"<[^>]+>", " ", _mark_failed(as_commissioner, stuck).text)).split()
    )
    assert "The return is marked as failed. You can upload it again." in text
    assert "Failed Marked as failed: its import showed no progress for 30 minutes." in text
    assert "Mark as failed" not in text and "checks again" not in text
    stuck.refresh_from_db()
    assert stuck.status == Return.Status.FAILED and stuck.finished_at is not None
    assert stuck.header_data is None and stuck.episodes_data is None
    latest = stuck.history.latest("history_id")
    assert (latest.status, latest.history_user) == (Return.Status.FAILED, commissioner)
    assert Episode.objects.filter(partnership=partnership).count() == 0

    # The same year again: the failed one does not block it. The worker then runs the
    # queue, which still holds the dead one's task: that one is left as it is.
    again = _upload(as_commissioner, partnership, RETURN_2019, "2018-19-again")
    assert (again.episodes_created, again.children_created) == (3, 2)
    assert again.year_label == stuck.year_label == "2018/19"
    stuck.refresh_from_db()
    assert stuck.status == Return.Status.FAILED
    assert Episode.objects.filter(partnership=partnership).count() == 3


def test_a_return_whose_uploader_was_deleted_can_be_marked_as_failed(
    as_commissioner, commissioner, partnership
):
    """The person who uploaded it has left (their account deleted, so uploaded_by is emptied):
    another commissioner can still mark the stuck return as failed."""
    stuck = _died_while_importing(as_commissioner, partnership, "2018-19", minutes_ago=31)
    colleague = MembershipFactory(
        partnership=partnership, role=Membership.Role.COMMISSIONER, user__username="colleague"
    ).user
    commissioner.delete()
    stuck.refresh_from_db()
    assert stuck.uploaded_by is None
    client = signed_in(colleague)
    assert "by an unknown user" in _page_text(client, stuck)
    page = _mark_failed(client, stuck)
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page.text)).split())
    assert "The return is marked as failed. You can upload it again." in text
    stuck.refresh_from_db()
    assert stuck.status == Return.Status.FAILED
    latest = stuck.history.latest("history_id")
    assert (latest.status, latest.history_user) == (Return.Status.FAILED, colleague)


def test_a_return_whose_uploader_was_deleted_while_it_waited_is_still_imported(
    as_commissioner, commissioner, partnership
):
    """The worker records the outcome as a version of the return: an emptied uploader does not
    stop it."""
    children, rows = RETURN_2019
    header = _csv([HEADER_COLUMNS, *(CHILDREN[c] for c in children)])
    episodes = _csv([EPISODE_COLUMNS, *rows])
    header.name, episodes.name = "header.csv", "episodes.csv"
    url = reverse("placements:import", kwargs={"slug": partnership.slug})
    assert as_commissioner.post(url, {"header": header, "episodes": episodes}).status_code == 302
    commissioner.delete()
    run_worker()
    record = Return.objects.get(episodes_name="episodes.csv")
    assert record.uploaded_by is None
    assert (record.status, record.episodes_created) == (Return.Status.IMPORTED, 3)


def test_a_return_with_recent_progress_cannot_be_marked_as_failed(as_commissioner, partnership):
    running = _died_while_importing(as_commissioner, partnership, "2018-19", minutes_ago=29)
    text = _page_text(as_commissioner, running)
    assert "In progress" in text and "Mark as failed" not in text
    text = " ".join(
        html.unescape(re.sub(r"<[^>]+>", " ", _mark_failed(as_commissioner, running).text)).split()
    )
    assert "The return was not marked as failed" in text
    running.refresh_from_db()
    assert running.status == Return.Status.RUNNING
    assert running.history.count() == 1  # its upload only


def test_a_finished_return_cannot_be_marked_as_failed(as_commissioner, partnership):
    record = _upload(as_commissioner, partnership, RETURN_2019, "2018-19")
    Return.objects.filter(pk=record.pk).update(
        created_at=timezone.now() - timedelta(hours=2), progress_at=None
    )
    assert "Mark as failed" not in _page_text(as_commissioner, record)
    _mark_failed(as_commissioner, record)
    record.refresh_from_db()
    assert record.status == Return.Status.IMPORTED


def test_only_an_editor_is_offered_mark_as_failed(as_commissioner, as_officer, partnership):
    stuck = _died_while_importing(as_commissioner, partnership, "2018-19", minutes_ago=45)
    # An officer cannot see a return's page at all (child-level records), nor post.
    assert _mark_failed(as_officer, stuck).status_code == 403
    stuck.refresh_from_db()
    assert stuck.status == Return.Status.RUNNING


@pytest.mark.django_db(transaction=True)
def test_progress_written_by_the_worker_keeps_a_long_import_from_being_marked_failed(
    as_commissioner, partnership
):
    """The row says 31 minutes; the worker has just written progress where the page reads it
    (on PostgreSQL the row itself, on SQLite the progress file beside the database)."""
    from placements.tasks import _Reporter

    record = _died_while_importing(as_commissioner, partnership, "2018-19", minutes_ago=31)
    reporter = _Reporter(record.pk)
    try:
        reporter(8000, 0, now=True)
        assert "Mark as failed" not in _page_text(as_commissioner, record)
        _mark_failed(as_commissioner, record)
        record.refresh_from_db()
        assert record.status == Return.Status.RUNNING
    finally:
        reporter.close()
