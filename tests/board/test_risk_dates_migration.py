"""Migration cip 0018 dates the risks already on the register from their history: raised the
day of the first record, closed the day of the record where it last became closed, and each
history row with the dates as they stood then."""

import importlib
from datetime import date, datetime, time

import pytest
from django.apps import apps
from django.utils import timezone

from board.models import Risk
from tests.board.factories import RiskFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("cip.migrations.0018_risk_raised_and_closed_dates")


def _save_on(risk: Risk, day: date) -> None:
    risk.save()
    latest = risk.history.order_by("-history_id").first()
    moment = timezone.make_aware(datetime.combine(day, time(12)))
    type(latest).objects.filter(pk=latest.pk).update(history_date=moment)


def test_existing_risks_are_dated_from_their_history(partnership):
    # Raised 6 July 2018, closed 11 December 2018, reopened 8 January 2019, closed again
    # 1 March 2019 and rescored 2 April 2019 while closed.
    closed = RiskFactory.build(partnership=partnership, title="Closed twice")
    _save_on(closed, date(2018, 7, 6))
    closed.status = Risk.Status.CLOSED
    _save_on(closed, date(2018, 12, 11))
    closed.status = Risk.Status.OPEN
    _save_on(closed, date(2019, 1, 8))
    closed.status = Risk.Status.CLOSED
    _save_on(closed, date(2019, 3, 1))
    closed.likelihood = 1
    _save_on(closed, date(2019, 4, 2))
    still_open = RiskFactory.build(partnership=partnership, title="Open")
    _save_on(still_open, date(2020, 4, 14))
    # What the fields' defaults would have left: raised today (and closed today).
    Risk.all_objects.update(raised_on=date(2000, 1, 1))

    migration.date_risks_from_history(apps, None)

    closed.refresh_from_db()
    still_open.refresh_from_db()
    assert (closed.raised_on, closed.closed_on) == (date(2018, 7, 6), date(2019, 3, 1))
    assert (still_open.raised_on, still_open.closed_on) == (date(2020, 4, 14), None)
    rows = closed.history.order_by("history_date").values_list("raised_on", "closed_on")
    assert list(rows) == [
        (date(2018, 7, 6), None),
        (date(2018, 7, 6), date(2018, 12, 11)),
        (date(2018, 7, 6), None),
        (date(2018, 7, 6), date(2019, 3, 1)),
        (date(2018, 7, 6), date(2019, 3, 1)),
    ]
