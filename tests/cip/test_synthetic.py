"""The synthetic data generator (`manage.py generate_data`): the same seed makes the same data,
its placement logs have the shape of real ones, every row has its history, and the SSDA903
return it writes is one the import accepts."""

import io
import random
import re
from collections import Counter, defaultdict
from itertools import pairwise

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from board.models import Meeting
from cip.models import Partnership
from devkit import synthetic
from devkit import synthetic_placements as placement_data
from funding.models import Bid
from placements import calculations, codes
from placements.importers import import_ssda903
from placements.models import Child, Episode, Provider
from workpackages.models import BusinessCase

pytestmark = pytest.mark.django_db

EPISODE_FIELDS = [
    "child__reference",
    "decom",
    "dec",
    "rne",
    "ls",
    "cin",
    "place",
    "place_provider",
    "rec",
    "reason_place_change",
    "home_post",
    "pl_post",
    "urn",
    "provider__name",
    "in_county",
    "weekly_cost",
    "purchase_route",
    "work_package__title",
]


def _contents(seed: int) -> dict:
    """What seed `seed` wrote, by natural keys (primary keys and times differ run to run)."""
    slugs = [synthetic.slug_for(seed, n) for n in (1, 2)]
    return {
        "partnerships": list(
            Partnership.objects.filter(slug__in=slugs)
            .order_by("slug")
            .values_list("slug", "name", "council__identifier", "agreement__commencement_date")
        ),
        "providers": list(
            Provider.objects.filter(partnership__slug__in=slugs)
            .order_by("partnership__slug", "name")
            .values_list("name", "provider_type", "framework_status", "weekly_price")
        ),
        "children": list(
            Child.objects.filter(partnership__slug__in=slugs)
            .order_by("reference")
            .values_list("reference", "birth_year", "birth_month", "sex")
        ),
        "episodes": list(
            Episode.objects.filter(partnership__slug__in=slugs)
            .order_by("child__reference", "decom")
            .values_list(*EPISODE_FIELDS)
        ),
        "cases": list(
            BusinessCase.objects.filter(work_package__partnership__slug__in=slugs)
            .order_by("work_package__partnership__slug", "title")
            .values_list("title", "status", "weekly_saving", "start_year")
        ),
        "bids": list(
            Bid.objects.filter(partnership__slug__in=slugs)
            .order_by("partnership__slug", "title")
            .values_list("title", "stage", "amount_requested", "decided_on")
        ),
        "meetings": list(
            Meeting.objects.filter(partnership__slug__in=slugs)
            .order_by("partnership__slug", "date")
            .values_list("date", "status")
        ),
    }


def _generated(seed: int, episodes: int = 400) -> dict:
    """Generate, read back, and roll back (so the same seed can be generated again)."""
    with transaction.atomic():
        synthetic.generate(seed=seed, episodes=episodes, partnerships=2)
        contents = _contents(seed)
        transaction.set_rollback(True)
    return contents


def test_the_same_seed_makes_the_same_data_and_another_seed_other_data():
    first, again, other = _generated(7), _generated(7), _generated(8)
    assert first == again
    assert len(first["episodes"]) == 400
    assert first["cases"] and first["bids"] and first["meetings"] and first["providers"]
    assert other["episodes"] != first["episodes"]


@pytest.fixture(scope="module")
def log(django_db_setup, django_db_blocker):
    """One generated partnership of 3,000 episodes, shared by the shape tests."""
    with django_db_blocker.unblock(), transaction.atomic():
        summary = synthetic.generate(seed=11, episodes=3000, partnerships=1)
        partnership = Partnership.objects.get(slug=summary.largest)
        episodes = list(partnership.episodes.order_by("child_id", "decom"))
        yield summary, partnership, episodes
        transaction.set_rollback(True)


def test_the_log_has_the_shape_of_real_placement_data(log):
    summary, _, episodes = log
    assert len(episodes) == 3000 == summary.rows["Episode"]
    places = Counter(e.place for e in episodes)
    share = {
        "residential": sum(places[p] for p in calculations.RESIDENTIAL) / len(episodes),
        "fostering": sum(
            places[p] for p in calculations.FAMILY_FOSTERING | calculations.OTHER_FOSTERING
        )
        / len(episodes),
    }
    assert 0.07 <= share["residential"] <= 0.13  # about one in ten
    assert share["fostering"] >= 0.6  # most placements
    by_child = defaultdict(list)
    for episode in episodes:
        by_child[episode.child_id].append(episode)
    moves = Counter(len(spans) for spans in by_child.values())
    assert moves[1] < len(by_child) * 0.8 and max(moves) >= 4  # children move
    assert Counter(e.rne for e in episodes).keys() >= {"S", "P", "L", "B"}
    # Episodes of a child touch (ceasing X1 on the day the next starts) but never overlap.
    for spans in by_child.values():
        assert calculations.overlapping([(e.decom, e.dec) for e in spans]) is None
        for before, after in pairwise(spans):
            if before.rec == "X1":
                assert before.dec == after.decom
    assert any(e.dec is None for e in episodes) and any(e.in_county is False for e in episodes)
    assert all(e.dec is None or e.rec for e in episodes)
    assert any(e.work_package_id for e in episodes)  # placements in the CIP's own homes


def test_every_code_is_valid_in_its_collection_year_and_children_are_pseudonymous(log):
    _, partnership, episodes = log
    for episode in episodes:
        year = codes.collection_year(episode.decom)
        for column in ("rne", "ls", "cin", "place", "place_provider", "rec", "reason_place_change"):
            value = getattr(episode, column)
            if value:
                assert codes.problem(column.upper(), value, year) is None, (column, value)
    for child in partnership.children.all():
        assert re.fullmatch(r"[0-9a-f]{64}", child.reference)
        assert 1 <= child.birth_month <= 12


def test_every_row_it_writes_has_its_history_row(log):
    summary, _, _ = log
    for model in (Partnership, Child, Episode, Provider, Meeting, Bid, BusinessCase):
        count = summary.rows[model.__name__]
        assert count > 0
        assert model.history.filter(history_type="+").count() >= count


def test_the_ssda903_return_it_writes_is_accepted_by_the_import(partnership, tmp_path):
    rng = random.Random("return")
    register = placement_data.providers(rng, council="Test", episodes=300, number=1)
    for row in register.rows:
        row["id"] = None
    log = placement_data.Log(
        seed="test",
        number=1,
        partnership={"id": partnership.pk},
        districts=["LE11", "LE16"],
        register=register,
        homes=[],
    )
    header, table = tmp_path / "header.csv", tmp_path / "episodes.csv"
    placement_data.write_return(log, rng, 300, header, table)
    with header.open("rb") as h, table.open("rb") as e:
        result = import_ssda903(partnership=partnership, header=h, episodes=e)
    assert result.episodes_created == 300
    assert partnership.children.count() == result.children_created > 100


def test_the_command_reports_what_it_wrote_and_refuses_a_seed_already_there():
    out = io.StringIO()
    call_command("generate_data", "--seed=3", "--episodes=60", "--partnerships=2", stdout=out)
    assert "Episode: 60" in out.getvalue()
    assert Partnership.objects.filter(slug__startswith="synthetic-3-").count() == 2
    with pytest.raises(CommandError, match="already in this database"):
        call_command("generate_data", "--seed=3", "--episodes=60", stdout=io.StringIO())
