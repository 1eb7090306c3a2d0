"""The bid pipeline on the dashboard and in a board pack is the bids open on the paper's
date, with their stage, amount and chance as they stood then (from the bids' history): a bid
recorded later, withdrawn by then or archived by then is not in it.

The bids, worked by hand (weighted = requested x probability%):
  P  recorded 1 March 2020, £100,000 at 50%; withdrawn 1 September 2020
  Q  recorded 1 June 2020, £200,000 at 25%; chance raised to 75% on 1 February 2021; open
  R  recorded 1 January 2021, £40,000 at 50%; archived 1 March 2021

  1 February 2020: none                                   -> 0 bids, £0
  30 June 2020:    P £50,000 + Q £50,000                  -> 2 bids, £100k, £300,000 requested
  31 December 2020: Q £50,000                             -> 1 bid,  £50k,  £200,000 requested
  31 January 2021: Q £50,000 + R £20,000                  -> 2 bids, £70k,  £240,000 requested
  31 March 2021:   Q £150,000 (its new chance)            -> 1 bid,  £150k, £200,000 requested
"""

import re
from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from funding.models import Bid
from funding.services import bid_move_stage
from tests.dashboard.test_risks_as_at import _pack_text
from tests.funding.factories import BidFactory

pytestmark = pytest.mark.django_db


def _noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


def _date_last_history(bid: Bid, day: date) -> None:
    latest = bid.history.order_by("-history_id").first()
    type(latest).objects.filter(pk=latest.pk).update(history_date=_noon(day))


def _bid(partnership, title, recorded, requested, probability) -> Bid:
    bid = BidFactory(
        partnership=partnership,
        title=title,
        amount_requested=Decimal(requested),
        probability=probability,
    )
    _date_last_history(bid, recorded)
    return bid


@pytest.fixture
def bids(partnership):
    p = _bid(partnership, "Bid P", date(2020, 3, 1), "100000", 50)
    p = bid_move_stage(bid=p, to_stage=Bid.Stage.WITHDRAWN, expected_version=p.version)
    _date_last_history(p, date(2020, 9, 1))
    q = _bid(partnership, "Bid Q", date(2020, 6, 1), "200000", 25)
    q.probability = 75
    q.save()
    _date_last_history(q, date(2021, 2, 1))
    r = _bid(partnership, "Bid R", date(2021, 1, 1), "40000", 50)
    Bid.all_objects.filter(pk=r.pk).update(archived_at=_noon(date(2021, 3, 1)))


def _dashboard(client, partnership, day: date) -> str:
    url = reverse("dashboard:dashboard", kwargs={"slug": partnership.slug})
    response = client.get(f"{url}?as_at={day:%Y-%m-%d}")
    assert response.status_code == 200
    return response.content.decode()


CASES = [
    (date(2020, 2, 1), "£0", "0 open bids", "£0"),
    (date(2020, 6, 30), "£100k", "2 open bids", "£300,000"),
    (date(2020, 12, 31), "£50k", "1 open bid", "£200,000"),
    (date(2021, 1, 31), "£70k", "2 open bids", "£240,000"),
    (date(2021, 3, 31), "£150k", "1 open bid", "£200,000"),
]


@pytest.mark.parametrize(("day", "weighted", "bids_", "requested"), CASES)
def test_the_dashboard_shows_the_pipeline_as_it_stood_on_its_date(
    as_board, partnership, bids, day, weighted, bids_, requested
):
    html = _dashboard(as_board, partnership, day)
    card = html.split('id="figure-pipeline">')[1].split("</div>")[0]
    assert card.startswith(f"{weighted}</p>")
    assert f"{bids_}, {requested} requested" in card
    assert f"Stages as at {day:%-d %B %Y}." in card
    assert "current" not in card
    intro = re.search(r"Figures \([^)]*\) are as at", html).group(0)
    assert "bids in the pipeline" in intro


def test_a_board_pack_shows_the_pipeline_at_its_meeting(partnership, bids):
    text = _pack_text(partnership, date(2020, 6, 30))
    assert "Weighted bid pipeline £100k from 2 open bids 30 June 2020" in text
    text = _pack_text(partnership, date(2021, 1, 31))
    assert "Weighted bid pipeline £70k from 2 open bids 31 January 2021" in text
    text = _pack_text(partnership, date(2021, 3, 31))
    assert "Weighted bid pipeline £150k from 1 open bid 31 March 2021" in text
