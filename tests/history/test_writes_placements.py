"""One test per write path of the placement log: forms, settings, and the SSDA903 import
(bulk writes, by the web and by the command), whose every row is in the history."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from placements.models import Child, Episode, PlacementSettings, Provider, Return, child_reference
from tests.history.writes import assert_written, post_form, writes
from tests.placements.factories import (
    ChildFactory,
    EpisodeFactory,
    ProviderFactory,
    SettingsFactory,
)
from tests.placements.test_importers import EPISODES, HEADER, _csv, _with
from tests.placements.worker import run_worker

pytestmark = pytest.mark.django_db
SERVICES = "placements.services"


def _url(name, partnership, **kwargs):
    return reverse(f"placements:{name}", kwargs={"slug": partnership.slug, **kwargs})


@writes("placements:episode-create", f"{SERVICES}.child_find_or_create", f"{SERVICES}.episode_save")
def test_logging_a_placement_for_a_new_child(as_commissioner, commissioner, partnership):
    post_form(
        as_commissioner,
        _url("episode-create", partnership),
        case_id="LCS-778812",
        birth_month="6",
        birth_year="2007",
        sex="2",
        decom="2019-05-01",
        rne="S",
        ls="C2",
        cin="N1",
        place="K2",
        place_provider="PR4",
        purchase_route="spot",
    )
    child = Child.objects.get(reference=child_reference("LCS-778812"))
    assert_written(child, "+", commissioner)
    assert_written(child.episodes.get(), "+", commissioner)


@writes("placements:episode-edit")
def test_editing_a_placement(as_commissioner, commissioner, partnership):
    episode = EpisodeFactory(child=ChildFactory(partnership=partnership))
    post_form(
        as_commissioner,
        _url("episode-edit", partnership, pk=episode.pk),
        dec="2019-03-01",
        rec="E11",
    )
    assert_written(episode, "~", commissioner, {"dec", "rec"})


@writes("placements:provider-create")
def test_adding_a_provider(as_commissioner, commissioner, partnership):
    post_form(
        as_commissioner,
        _url("provider-create", partnership),
        name="Oak House",
        provider_type="PR4",
        framework_status="preferred",
    )
    assert_written(Provider.objects.get(partnership=partnership), "+", commissioner)


@writes("placements:provider-edit")
def test_editing_a_provider(as_commissioner, commissioner, partnership):
    provider = ProviderFactory(partnership=partnership)
    post_form(
        as_commissioner, _url("provider-edit", partnership, pk=provider.pk), quality_score="85"
    )
    assert_written(provider, "~", commissioner, {"quality_score"})


@writes("placements:settings", f"{SERVICES}.settings_save")
def test_saving_the_settings_moves_episodes_in_or_out_of_county(
    as_admin, administrator, partnership
):
    SettingsFactory(partnership=partnership, county_districts="LE1")
    episode = EpisodeFactory(child=ChildFactory(partnership=partnership), pl_post="LE16 7")
    post_form(as_admin, _url("settings", partnership), county_districts="LE1 LE16")
    assert_written(PlacementSettings.objects.get(partnership=partnership), "~", administrator)
    # the bulk update of the episodes it moved is in their history, by the same person
    assert_written(episode, "~", administrator, {"in_county"})


@writes(
    "placements:import",
    "placements.importers.import_ssda903",
    "placements.services.return_upload",
    "placements.tasks.run_import",
)
def test_an_import_creates_then_updates_with_history(as_commissioner, commissioner, partnership):
    def upload(episodes):
        header, rows = _csv(HEADER), _csv(episodes)
        header.name, rows.name = "header.csv", "episodes.csv"
        url = _url("import", partnership)
        response = as_commissioner.post(url, {"header": header, "episodes": rows})
        assert response.status_code == 302
        run_worker()
        # the return: its upload, then its outcome, by the person who loaded it
        record = Return.objects.get(pk=response.url.rstrip("/").rsplit("/", 1)[-1])
        assert [h.history_type for h in record.history.order_by("history_id")] == ["+", "~"]
        assert {h.history_user for h in record.history.all()} == {commissioner}
        assert record.status == Return.Status.IMPORTED
        assert record.history.filter(header_data__isnull=False).count() == 0

    upload(EPISODES)
    episodes = list(Episode.objects.filter(partnership=partnership))
    assert len(episodes) == 3
    for record in [*episodes, *Child.objects.filter(partnership=partnership)]:
        assert_written(record, "+", commissioner)

    upload(_with(3, "PL_POST", "LE67 9"))  # the third episode's placement postcode corrected
    changed = Episode.objects.get(partnership=partnership, pl_post="LE67 9")
    assert_written(changed, "~", commissioner, {"pl_post"})
    for episode in Episode.objects.exclude(pk=changed.pk).filter(partnership=partnership):
        assert_written(episode, "~", commissioner)  # rewritten from the file, as they were


@writes("placements:return-mark-failed", f"{SERVICES}.return_mark_failed")
def test_marking_a_stuck_return_as_failed_is_a_version_by_who_did_it(
    as_commissioner, commissioner, partnership
):
    record = Return.objects.create(
        partnership=partnership,
        header_name="header.csv",
        episodes_name="episodes.csv",
        uploaded_by=commissioner,
        status=Return.Status.RUNNING,
    )
    an_hour_ago = timezone.now() - timedelta(hours=1)
    Return.objects.filter(pk=record.pk).update(created_at=an_hour_ago, progress_at=an_hour_ago)
    response = as_commissioner.post(_url("return-mark-failed", partnership, pk=record.pk))
    assert response.status_code == 302
    latest = assert_written(record, "~", commissioner, {"status", "step", "finished_at"})
    assert latest.status == Return.Status.FAILED


@writes("placements:bulk-costing", f"{SERVICES}.bulk_cost")
def test_bulk_costing_gives_each_changed_episode_a_version(
    as_commissioner, commissioner, partnership
):
    provider = ProviderFactory(partnership=partnership)
    changed = EpisodeFactory(child=ChildFactory(partnership=partnership), weekly_cost=None)
    kept = EpisodeFactory(child=ChildFactory(partnership=partnership), place="K2")
    response = as_commissioner.post(
        _url("bulk-costing", partnership) + "?place=U4",
        {"set-weekly_cost": "512.50", "set-provider": str(provider.pk), "set-previewed": "1"},
    )
    assert response.status_code == 302
    assert_written(changed, "~", commissioner, {"weekly_cost", "provider"})
    assert kept.history.count() == 1


@writes("command:import_ssda903")
def test_the_import_command_names_who_ran_it(tmp_path, commissioner, partnership):
    header, episodes = tmp_path / "header.csv", tmp_path / "episodes.csv"
    header.write_bytes(_csv(HEADER).getvalue())
    episodes.write_bytes(_csv(EPISODES).getvalue())
    call_command(
        "import_ssda903", partnership.slug, str(header), str(episodes), user="commissioner"
    )
    for record in Episode.objects.filter(partnership=partnership):
        assert_written(record, "+", commissioner)
    # without --user, the history says the system wrote them (no user)
    call_command("import_ssda903", partnership.slug, str(header), str(episodes))
    for record in Episode.objects.filter(partnership=partnership):
        assert_written(record, "~", None)
