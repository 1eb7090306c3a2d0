"""Costing at scale: the weekly cost and provider of many episodes, chosen by the log's
filters, previewed, then applied with a version in each changed episode's history."""

import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from placements.models import Episode, Provider
from tests.placements.factories import ChildFactory, EpisodeFactory, ProviderFactory

pytestmark = pytest.mark.django_db


def _url(partnership):
    return reverse("placements:bulk-costing", kwargs={"slug": partnership.slug})


def _hidden(text: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', text))


@pytest.fixture
def episodes(partnership):
    old, new = (ProviderFactory(partnership=partnership) for _ in range(2))
    found = {}
    for name, place, cost, provider in [
        ("foster-1", "U4", Decimal("450"), old),
        ("foster-2", "U4", None, None),
        ("foster-3", "U4", Decimal("500"), new),  # has them already
        ("home", "K2", Decimal("4200"), old),  # another type: not chosen
    ]:
        child = ChildFactory(partnership=partnership)
        found[name] = EpisodeFactory(child=child, place=place, weekly_cost=cost, provider=provider)
    return found, new


def test_a_preview_counts_the_changes_and_apply_makes_them_with_history(
    as_commissioner, commissioner, partnership, episodes
):
    found, new = episodes
    query = {"place": "U4", "set-weekly_cost": "500", "set-provider": str(new.pk)}
    preview = as_commissioner.get(_url(partnership), query)
    text = html.unescape(preview.text)
    # 3 foster episodes match; foster-3 has the cost and provider already: 2 change.
    assert "2 episodes will change" in text
    assert "3 episodes match the filters" in text
    assert not Episode.history.filter(history_type="~").exists()  # a preview writes nothing

    hidden = _hidden(preview.text)
    assert hidden["set-previewed"] == "2"
    action = re.search(r'<form method="post" action="([^"]*)" id="apply"', preview.text).group(1)
    response = as_commissioner.post(_url(partnership) + html.unescape(action), hidden)
    assert response.status_code == 302
    assert "place=U4" in response.url

    for name in ("foster-1", "foster-2"):
        episode = Episode.objects.get(pk=found[name].pk)
        assert (episode.weekly_cost, episode.provider) == (Decimal("500.00"), new)
        latest = episode.history.latest("history_id")
        assert (latest.history_type, latest.history_user) == ("~", commissioner)
        assert latest.weekly_cost == Decimal("500.00") and episode.version == 2
    for name in ("foster-3", "home"):
        assert Episode.objects.get(pk=found[name].pk).version == 1
        assert found[name].history.count() == 1  # untouched
    assert Episode.objects.get(pk=found["home"].pk).weekly_cost == Decimal("4200.00")


def test_apply_refuses_when_the_rows_changed_since_the_preview(
    as_commissioner, partnership, episodes
):
    response = as_commissioner.post(
        _url(partnership) + "?place=U4",
        {"set-weekly_cost": "500", "set-provider": "", "set-previewed": "5"},
    )
    assert response.status_code == 200
    # foster-1 (450) and foster-2 (no cost) change; foster-3 has 500 already.
    assert "2 episodes would change now, not the 5 previewed" in html.unescape(response.text)
    assert not Episode.history.filter(history_type="~").exists()


def test_a_cost_above_the_ceiling_needs_the_confirmation(as_commissioner, partnership, episodes):
    posted = {"set-weekly_cost": "30000", "set-provider": "", "set-previewed": "3"}
    response = as_commissioner.post(_url(partnership) + "?place=U4", posted)
    assert response.status_code == 200
    assert "The weekly cost is more than £25,000" in html.unescape(response.text)
    assert not Episode.objects.filter(weekly_cost=Decimal("30000")).exists()
    confirmed = as_commissioner.post(
        _url(partnership) + "?place=U4", {**posted, "set-confirm_cost": "on"}
    )
    assert confirmed.status_code == 302
    assert Episode.objects.filter(weekly_cost=Decimal("30000")).count() == 3


def test_junk_is_a_message_naming_the_field(as_commissioner, partnership, episodes):
    response = as_commissioner.post(
        _url(partnership), {"set-weekly_cost": "lots", "set-previewed": "x"}
    )
    assert response.status_code == 200
    assert "Enter an amount in pounds" in html.unescape(response.text)


def test_a_new_provider_brings_its_purchase_route_as_on_import(
    as_commissioner, commissioner, partnership
):
    """The route follows PLACE_PROVIDER and the provider, as the import works it out: the
    council's own placement (PR1) stays in-house whoever the provider; a private one (PR4) is
    a spot purchase with an off-framework provider, a framework one with a framework provider."""
    framework = ProviderFactory(partnership=partnership)  # preferred: on the framework
    spot = ProviderFactory(partnership=partnership, framework_status=Provider.FrameworkStatus.OFF)
    episodes = {}
    for name, place_provider, route, provider in [
        ("own", "PR1", Episode.Route.IN_HOUSE, framework),
        ("private-framework", "PR4", Episode.Route.FRAMEWORK, framework),
        ("private-unknown", "PR4", "", None),
    ]:
        child = ChildFactory(partnership=partnership)
        episodes[name] = EpisodeFactory(
            child=child,
            place="K2",
            place_provider=place_provider,
            purchase_route=route,
            provider=provider,
            weekly_cost=Decimal("4000"),
        )

    query = {"place": "K2", "set-weekly_cost": "4100", "set-provider": str(spot.pk)}
    preview = as_commissioner.get(_url(partnership), query)
    assert "3 episodes will change" in html.unescape(preview.text)
    action = re.search(r'<form method="post" action="([^"]*)" id="apply"', preview.text).group(1)
    response = as_commissioner.post(
        _url(partnership) + html.unescape(action), _hidden(preview.text)
    )
    assert response.status_code == 302

    expected = {
        "own": Episode.Route.IN_HOUSE,
        "private-framework": Episode.Route.SPOT,
        "private-unknown": Episode.Route.SPOT,
    }
    for name, route in expected.items():
        episode = Episode.objects.get(pk=episodes[name].pk)
        assert (episode.provider, episode.purchase_route) == (spot, route), name
        latest = episode.history.latest("history_id")
        assert (latest.purchase_route, latest.history_user) == (route, commissioner)
    # The log's route filter reads the new routes.
    log = as_commissioner.get(
        reverse("placements:episode-list", kwargs={"slug": partnership.slug}),
        {"purchase_route": "spot"},
    )
    assert log.context["table"].paginator.count == 2


def test_a_cost_alone_leaves_the_purchase_route_as_it_is(as_commissioner, partnership):
    """Without a new provider the route stays what it was, even one chosen on the form."""
    child = ChildFactory(partnership=partnership)
    chosen = EpisodeFactory(
        child=child,
        place="K2",
        place_provider="PR4",
        provider=None,
        purchase_route=Episode.Route.SPOT,  # chosen by hand on the edit form
        weekly_cost=None,
    )
    query = {"place": "K2", "set-weekly_cost": "3900", "set-provider": ""}
    preview = as_commissioner.get(_url(partnership), query)
    action = re.search(r'<form method="post" action="([^"]*)" id="apply"', preview.text).group(1)
    as_commissioner.post(_url(partnership) + html.unescape(action), _hidden(preview.text))
    episode = Episode.objects.get(pk=chosen.pk)
    assert (episode.weekly_cost, episode.purchase_route) == (Decimal("3900.00"), "spot")
