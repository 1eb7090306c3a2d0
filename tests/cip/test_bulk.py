"""cip.bulk writes what the ORM would: every value round-trips, on both databases (COPY text
on PostgreSQL, executemany on SQLite), and each row gets its '+' history row."""

from datetime import date
from decimal import Decimal
from itertools import pairwise

import pytest
from django.db import transaction

from cip.board.models import Risk
from cip.bulk import insert_with_history
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
    from django.db import connection

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
    from django.db import connection

    from cip.bulk import _reserve_ids

    first = _reserve_ids(connection, Episode, 1000)
    second = _reserve_ids(connection, Episode, 3)
    assert first == list(range(first[0], first[0] + 1000))
    assert second[0] > first[-1] and len(set(second)) == 3
