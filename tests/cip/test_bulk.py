"""cip.bulk writes what the ORM would: every value round-trips, on both databases (COPY text
on PostgreSQL, executemany on SQLite), and each row gets its '+' history row."""

from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise

import pytest
from django.db import IntegrityError, connection, transaction

from board.models import Risk
from cip.bulk import Writer, insert_with_history
from placements.models import Episode
from tests.cip.factories import PartnershipFactory, UserFactory
from tests.placements.factories import ChildFactory

pytestmark = pytest.mark.django_db

AWKWARD = "tab\there, new\nline, back\\slash \\N, return\r, £ and “quotes”"


def test_text_with_copys_own_characters_is_stored_as_given():
    partnership, user = PartnershipFactory(), UserFactory()
    rows = [
        {
            "partnership_id": partnership.pk,
            "title": AWKWARD,
            "description": "\\.\n",  # COPY's old end-of-data marker, on a line of its own
            "owner": "",
            "likelihood": 2,
            "score": 10,
            "impact": 5,
            "last_reviewed": date(2021, 2, 28),
        }
    ]
    with transaction.atomic():
        assert insert_with_history(Risk, rows, user=user) == 1
    risk = Risk.objects.get(pk=rows[0]["id"])
    assert (risk.title, risk.description, risk.owner) == (AWKWARD, "\\.\n", "")
    assert (risk.likelihood, risk.impact, risk.last_reviewed) == (2, 5, date(2021, 2, 28))
    (entry,) = risk.history.all()
    assert entry.history_type == "+" and entry.history_user == user
    assert entry.title == AWKWARD and entry.version == 1


def test_numbers_dates_flags_and_nulls_round_trip():
    child = ChildFactory()
    rows = [
        {
            "partnership_id": child.partnership_id,
            "child_id": child.pk,
            "decom": date(2020, 4, 1),
            "dec": end,
            "rne": "S",
            "ls": "C2",
            "cin": "N1",
            "place": "U4",
            "weekly_cost": cost,
            "in_county": in_county,
        }
        for end, cost, in_county in [
            (date(2020, 4, 30), Decimal("5117.35"), True),
            (None, None, None),
            (date(2020, 12, 31), Decimal("0.10"), False),
        ]
    ]
    for day, row in zip((1, 2, 3), rows, strict=True):
        row["decom"] = date(2020, 4, day)
    with transaction.atomic():
        assert insert_with_history(Episode, rows) == 3
    stored = {
        e.pk: (e.dec, e.weekly_cost, e.in_county, e.created_at is not None)
        for e in Episode.objects.filter(child=child)
    }
    assert stored == {
        rows[0]["id"]: (date(2020, 4, 30), Decimal("5117.35"), True, True),
        rows[1]["id"]: (None, None, None, True),
        rows[2]["id"]: (date(2020, 12, 31), Decimal("0.10"), False, True),
    }
    assert Episode.history.filter(history_type="+", child_id=child.pk).count() == 3


@pytest.mark.postgres_only
def test_keys_another_writer_took_between_ours_are_never_reused():
    from cip.bulk import _reserve_ids

    with connection.cursor() as cursor:
        # A sequence stepping by 2 stands for another writer taking every other key.
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [Episode._meta.db_table, "id"])
        (sequence,) = cursor.fetchone()
        cursor.execute(f"ALTER SEQUENCE {sequence} INCREMENT BY 2")
        keys = _reserve_ids(connection, Episode, 50)
        cursor.execute(f"SELECT nextval('{sequence}')")
        (after,) = cursor.fetchone()
    assert len(set(keys)) == 50
    assert [b - a for a, b in pairwise(keys)] == [2] * 49
    assert after > max(keys)


@pytest.mark.postgres_only
def test_consecutive_keys_come_back_as_their_range():
    from cip.bulk import _reserve_ids

    first = _reserve_ids(connection, Episode, 1000)
    second = _reserve_ids(connection, Episode, 3)
    assert first == list(range(first[0], first[0] + 1000))
    assert second[0] > first[-1] and len(set(second)) == 3


# --- cip.bulk.Writer: writes queued on a worker thread (PostgreSQL), in order, on the spot
# (SQLite) -------------------------------------------------------------------------------------


def _episodes(child, days: int, *, child_id=None) -> list[dict]:
    return [
        {
            "partnership_id": child.partnership_id,
            "child_id": child_id or child.pk,
            "decom": date(2019, 1, 1) + timedelta(days=day),
            "dec": date(2019, 1, 1) + timedelta(days=day),
            "rne": "S",
            "ls": "C2",
            "cin": "N1",
            "place": "U4",
        }
        for day in range(days)
    ]


def test_a_query_inside_the_writer_waits_for_the_rows_queued_before_it():
    """The caller's own query waits for the queued writes, so it sees every row, whatever
    the worker thread is doing when the query is made."""
    child = ChildFactory()
    counts = []
    with transaction.atomic(), Writer(connection) as writer:
        for _ in range(3):
            rows = _episodes(child, 600)
            for row in rows:
                row["decom"] += timedelta(days=1000 * len(counts))
                row["dec"] = row["decom"]
            writer.insert_with_history(Episode, rows, batch_size=100)
            counts.append(Episode.objects.filter(child=child).count())
            counts.append(Episode.history.filter(child_id=child.pk).count())
    assert counts == [600, 600, 1200, 1200, 1800, 1800]


def test_a_failed_write_is_raised_as_djangos_own_error_and_every_write_rolls_back():
    child = ChildFactory()
    after = _episodes(child, 5)
    for row in after:
        row["decom"] = row["dec"] = row["decom"] + timedelta(days=100)
    with pytest.raises(IntegrityError), transaction.atomic(), Writer(connection) as writer:
        writer.insert_with_history(Episode, _episodes(child, 3))
        writer.insert_with_history(Episode, _episodes(child, 3))  # the same starts again
        writer.insert_with_history(Episode, after)
    assert Episode.objects.filter(child=child).count() == 0
    assert Episode.history.filter(child_id=child.pk).count() == 0


@pytest.mark.postgres_only
def test_foreign_keys_are_checked_as_the_writer_writes_and_deferred_again_after_it():
    """Inside the writer a key to no row is refused by the batch's own COPY (so the checks
    overlap the caller's work); afterwards the transaction defers them to the commit again,
    as Django sets up every foreign key."""
    child = ChildFactory()
    with transaction.atomic():
        with pytest.raises(IntegrityError, match="child_id"), transaction.atomic():
            with Writer(connection) as writer:
                writer.insert_with_history(Episode, _episodes(child, 1, child_id=10**9))
            pytest.fail("the writer let a key to no child through")
        with Writer(connection) as writer:
            writer.insert_with_history(Episode, _episodes(child, 1))
        with connection.cursor() as cursor:  # deferred: no error until the commit
            cursor.execute(
                "UPDATE placements_episode SET child_id = %s WHERE child_id = %s",
                [10**9, child.pk],
            )
        with pytest.raises(IntegrityError):
            connection.check_constraints()  # what the commit would do
        transaction.set_rollback(True)


def test_a_writer_opened_inside_another_on_the_same_connection_is_the_outer_one():
    """insert_with_history opens a writer of its own; inside another writer it must not start
    a second worker on the same connection."""
    child = ChildFactory()
    later = _episodes(child, 300)
    for row in later:
        row["decom"] = row["dec"] = row["decom"] + timedelta(days=1000)
    with transaction.atomic(), Writer(connection) as outer:
        outer.insert_with_history(Episode, _episodes(child, 300), batch_size=50)
        with Writer(connection) as inner:
            assert inner is outer or not outer.threaded  # SQLite writes on the spot anyway
        assert insert_with_history(Episode, later, batch_size=50) == 300
        count = Episode.objects.filter(child=child).count()
    assert count == 600
    assert Episode.history.filter(child_id=child.pk).count() == 600
