"""Decisions awaiting the board on the dashboard and in a board pack are those awaiting on the
paper's date: an item counts when it was on an agenda for decision by the end of that day, at a
meeting neither signed off nor archived by then, with no decision recorded on it by then.

Worked by hand (each change dated at noon on its day):
  Board one, meeting 1 March 2019, set up 15 January 2019, minutes signed off 1 June 2019
    I1 for decision, added 1 February 2019; decided 1 March 2019
    I2 for decision, added 1 February 2019; never decided
  Board two, meeting 1 September 2019, set up 1 July 2019
    I3 for discussion, added 10 July 2019; made for decision 15 August 2019
    I4 for decision, added 10 July 2019; decided 1 September 2019
  Board three, meeting 1 October 2019, set up 1 July 2019, archived 15 November 2019
    I5 for decision, added 10 July 2019

  31 January 2019: nothing on an agenda yet                  -> 0
  28 February 2019: I1, I2                                   -> 2
  1 March 2019: I1 decided that day                          -> 1 (I2)
  31 July 2019: board one signed off; I3 only for discussion  -> 2 (I4, I5)
  31 August 2019: I3 now for decision                        -> 3 (I3, I4, I5)
  31 December 2019: I4 decided, board three archived         -> 1 (I3)
"""

import re
from datetime import date, datetime, time

import pytest
from django.utils import timezone

from board.models import AgendaItem, Decision, Meeting
from tests.board.factories import AgendaItemFactory, DecisionFactory, MeetingFactory
from tests.dashboard.test_risks_as_at import _dashboard, _pack_text

pytestmark = pytest.mark.django_db


def _noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


def _date_last_history(record, day: date) -> None:
    latest = record.history.order_by("-history_id").first()
    type(latest).objects.filter(pk=latest.pk).update(history_date=_noon(day))


def _meeting(partnership, title, held, set_up) -> Meeting:
    meeting = MeetingFactory(partnership=partnership, title=title, date=held)
    _date_last_history(meeting, set_up)
    return meeting


def _item(meeting, title, added, purpose=AgendaItem.Purpose.DECISION) -> AgendaItem:
    item = AgendaItemFactory(meeting=meeting, title=title, purpose=purpose)
    _date_last_history(item, added)
    return item


def _decide(item, day: date) -> None:
    decision = DecisionFactory(item=item)
    Decision.objects.filter(pk=decision.pk).update(created_at=_noon(day))


@pytest.fixture
def agenda(partnership):
    one = _meeting(partnership, "Board one", date(2019, 3, 1), date(2019, 1, 15))
    i1 = _item(one, "Item I1", date(2019, 2, 1))
    _item(one, "Item I2", date(2019, 2, 1))
    _decide(i1, date(2019, 3, 1))
    one.status, one.signed_off_on = Meeting.Status.SIGNED_OFF, date(2019, 6, 1)
    one.save()
    _date_last_history(one, date(2019, 6, 1))

    two = _meeting(partnership, "Board two", date(2019, 9, 1), date(2019, 7, 1))
    i3 = _item(two, "Item I3", date(2019, 7, 10), AgendaItem.Purpose.DISCUSSION)
    i3.purpose = AgendaItem.Purpose.DECISION
    i3.save()
    _date_last_history(i3, date(2019, 8, 15))
    i4 = _item(two, "Item I4", date(2019, 7, 10))
    _decide(i4, date(2019, 9, 1))

    three = _meeting(partnership, "Board three", date(2019, 10, 1), date(2019, 7, 1))
    _item(three, "Item I5", date(2019, 7, 10))
    three.archived_at = _noon(date(2019, 11, 15))
    three.save()
    _date_last_history(three, date(2019, 11, 15))


ITEMS = ("Item I1", "Item I2", "Item I3", "Item I4", "Item I5")


@pytest.mark.parametrize(
    ("day", "count", "listed"),
    [
        (date(2019, 1, 31), "0", []),
        (date(2019, 2, 28), "2", ["Item I1", "Item I2"]),
        (date(2019, 3, 1), "1", ["Item I2"]),
        (date(2019, 7, 31), "2", ["Item I4", "Item I5"]),
        (date(2019, 8, 31), "3", ["Item I3", "Item I4", "Item I5"]),
        (date(2019, 12, 31), "1", ["Item I3"]),
    ],
)
def test_the_dashboard_counts_the_decisions_awaiting_on_its_date(
    as_board, partnership, agenda, day, count, listed
):
    html = _dashboard(as_board, partnership, day)
    figure = html.split('id="figure-awaiting"')[1].split("</div>")[0]
    assert re.match(rf">{count}</p>", figure)
    assert f"As at {day:%-d %B %Y}. " in figure
    assert "(current)" not in figure
    intro = re.search(r"Figures \([^)]*\) are as at", html).group(0)
    assert "decisions awaiting" in intro
    assert "current state" not in html
    table = html.split("Awaiting a decision as at")[1] if listed else ""
    assert [t for t in ITEMS if f">{t}<" in table] == listed
    if listed:
        assert table.startswith(f" {day:%-d %B %Y}")


def test_a_board_pack_counts_the_decisions_awaiting_at_its_meeting(partnership, agenda):
    text = _pack_text(partnership, date(2019, 2, 28))
    assert "Decisions awaiting the board 2 28 February 2019" in text
    text = _pack_text(partnership, date(2019, 8, 31))
    assert "Decisions awaiting the board 3 31 August 2019" in text
    text = _pack_text(partnership, date(2019, 12, 31))
    assert "Decisions awaiting the board 1 31 December 2019" in text
