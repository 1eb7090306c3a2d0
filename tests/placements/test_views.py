"""The placement pages, driven through the real forms."""

import csv
import html
import io
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from placements.codes import describe
from placements.importers import import_ssda903
from placements.models import Child, Episode, PlacementSettings, Provider, Return, child_reference
from tests.placements.factories import (
    ChildFactory,
    EpisodeFactory,
    ProviderFactory,
    SettingsFactory,
)
from tests.placements.test_importers import EPISODES, HEADER, _csv
from tests.placements.worker import run_worker
from tests.workpackages.factories import WorkPackageFactory

pytestmark = pytest.mark.django_db


def _url(name, partnership, **kwargs):
    return reverse(f"placements:{name}", kwargs={"slug": partnership.slug, **kwargs})


NEW_EPISODE = {
    "case_id": "LCS-778812",
    "birth_month": "6",
    "birth_year": "2007",
    "sex": "2",
    "decom": "2019-05-01",
    "rne": "S",
    "ls": "C2",
    "cin": "N1",
    "place": "K2",
    "place_provider": "PR4",
    "pl_post": "LE16 7AB",
    "home_post": "LE11 3",
    "location": "",
    "weekly_cost": "£3,150.50",
    "purchase_route": "spot",
}


def test_a_commissioner_logs_a_placement_for_a_new_child(as_commissioner, partnership):
    SettingsFactory(partnership=partnership, county_districts="LE16")
    response = as_commissioner.post(_url("episode-create", partnership), NEW_EPISODE, follow=True)
    assert response.status_code == 200
    child = Child.objects.get()
    assert child.reference == child_reference("LCS-778812")
    assert (child.birth_year, child.birth_month, child.sex) == (2007, 6, "2")
    episode = child.episodes.get()
    assert episode.weekly_cost == Decimal("3150.50")
    assert episode.pl_post == "LE16 7"  # cut to the sector
    assert episode.in_county is True
    assert f"Child {child.short_reference}" in response.text
    assert "LCS-778812" not in response.text
    assert episode.history.first().history_user.username == "commissioner"


def test_a_new_child_needs_month_year_and_sex(as_commissioner, partnership):
    data = {**NEW_EPISODE, "birth_month": "", "sex": ""}
    response = as_commissioner.post(_url("episode-create", partnership), data)
    assert response.status_code == 200
    assert "Enter the month of birth of a child new to the log" in response.text
    assert "Enter the sex of a child new to the log" in response.text
    assert Child.objects.count() == 0


def test_a_second_episode_for_a_known_child_needs_no_birth_details(as_commissioner, partnership):
    child = ChildFactory(partnership=partnership, reference=child_reference("LCS-778812"))
    EpisodeFactory(child=child, decom=date(2018, 1, 1), dec=date(2019, 5, 1), rec="X1")
    data = {**NEW_EPISODE, "birth_month": "", "birth_year": "", "sex": "", "rne": "P"}
    response = as_commissioner.post(_url("episode-create", partnership), data)
    assert response.status_code == 302
    assert child.episodes.count() == 2


def test_an_overlapping_episode_is_refused_with_a_message(as_commissioner, partnership):
    child = ChildFactory(partnership=partnership, reference=child_reference("LCS-778812"))
    EpisodeFactory(child=child, decom=date(2018, 1, 1))
    response = as_commissioner.post(_url("episode-create", partnership), NEW_EPISODE)
    assert "This overlaps the child&#x27;s episode from 01/01/2018 (still open)" in response.text
    assert child.episodes.count() == 1


def test_a_code_not_valid_in_the_year_is_refused(as_commissioner, partnership):
    # Open only in 2019/20 (May to September 2019); K3 is a code from 2024/25 on.
    data = {**NEW_EPISODE, "place": "K3", "dec": "2019-09-01", "rec": "E4A"}
    response = as_commissioner.post(_url("episode-create", partnership), data)
    assert "PLACE code &#x27;K3&#x27; is not valid in the 2019/20 collection" in response.text
    assert Episode.objects.count() == 0


def test_an_end_before_the_start_is_refused(as_commissioner, partnership):
    data = {**NEW_EPISODE, "dec": "2019-04-01", "rec": "E4A"}
    response = as_commissioner.post(_url("episode-create", partnership), data)
    assert "The end date cannot be before the start date." in response.text
    assert Episode.objects.count() == 0
    assert Child.objects.count() == 0  # the new child is not kept either


def test_editing_overrides_the_location_and_keeps_history(as_commissioner, partnership):
    SettingsFactory(partnership=partnership, county_districts="LE16")
    episode = EpisodeFactory(child__partnership=partnership, pl_post="NG7 2")
    form = as_commissioner.get(_url("episode-edit", partnership, pk=episode.pk)).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update({"decom": "2018-01-15", "location": "in", "weekly_cost": "450"})
    response = as_commissioner.post(_url("episode-edit", partnership, pk=episode.pk), data)
    assert response.status_code == 302
    episode.refresh_from_db()
    assert (episode.location, episode.in_county, episode.version) == ("in", True, 2)


def test_a_stale_edit_is_not_saved(as_commissioner, partnership):
    episode = EpisodeFactory(child__partnership=partnership)
    form = as_commissioner.get(_url("episode-edit", partnership, pk=episode.pk)).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update({"decom": "2018-01-15", "weekly_cost": "999"})
    Episode.objects.filter(pk=episode.pk).update(version=5)
    response = as_commissioner.post(_url("episode-edit", partnership, pk=episode.pk), data)
    assert response.status_code == 200
    assert "your changes have not been saved" in response.text
    episode.refresh_from_db()
    assert episode.weekly_cost == Decimal("450")


def test_the_work_package_must_be_the_partnerships_own(
    as_commissioner, partnership, other_partnership
):
    foreign = WorkPackageFactory(partnership=other_partnership)
    data = {**NEW_EPISODE, "work_package": str(foreign.pk)}
    response = as_commissioner.post(_url("episode-create", partnership), data)
    assert "Select a valid choice" in response.text
    assert Episode.objects.count() == 0


def test_the_timeline_shows_a_reference_and_each_episode(as_commissioner, partnership):
    child = ChildFactory(partnership=partnership)
    EpisodeFactory(child=child, decom=date(2018, 1, 1), dec=date(2018, 6, 1), rec="X1", place="U4")
    EpisodeFactory(child=child, decom=date(2018, 6, 1), rne="P", place="K2", place_provider="PR4")
    response = as_commissioner.get(_url("child-detail", partnership, pk=child.pk))
    assert child.reference in response.text
    assert "1 January 2018 to 1 June 2018" in response.text
    assert "Children&#x27;s homes subject to Children&#x27;s Homes Regulations" in response.text
    assert response.text.count("Edit<span") == 2  # each episode, for those who edit


def test_the_log_filters_by_location_and_status(as_commissioner, partnership):
    EpisodeFactory(child__partnership=partnership, in_county=True, dec=None)
    EpisodeFactory(child__partnership=partnership, in_county=False, dec=date(2018, 3, 1), rec="E4A")
    response = as_commissioner.get(_url("episode-list", partnership), {"location": "out"})
    assert len(response.context["table"].rows) == 1
    response = as_commissioner.get(_url("episode-list", partnership), {"status": "open"})
    assert [r.record.dec for r in response.context["table"].rows] == [None]


def test_the_log_exports_csv_with_plain_values(as_commissioner, partnership):
    episode = EpisodeFactory(child__partnership=partnership, weekly_cost=Decimal("850"))
    EpisodeFactory(child__partnership=partnership, decom=date(2019, 2, 1), weekly_cost=None)
    response = as_commissioner.get(_url("episode-list", partnership), {"_export": "csv"})
    # Streamed, so that a log of any size is never held in memory whole.
    body = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == [
        "Child",
        "Start",
        "End",
        "Type",
        "Provider type",
        "Provider",
        "Location",
        "Route",
        "Weekly cost",
    ]
    assert rows[2][:4] == [
        episode.child.reference,
        "2018-01-15",
        "",
        f"U4: {describe('PLACE', 'U4')}",
    ]
    assert rows[2][4:] == ["PR1: Own provision (by the council)", "", "", "In-house", "850.00"]
    assert rows[1][1] == "2019-02-01" and rows[1][-1] == ""  # newest first; no cost known
    assert "<a" not in body


def test_a_board_member_cannot_export(as_board, partnership):
    response = as_board.get(_url("episode-list", partnership), {"_export": "csv"})
    assert response.status_code == 403


def _many(partnership, count):
    provider = ProviderFactory(partnership=partnership)
    for _ in range(count):
        EpisodeFactory(child__partnership=partnership, provider=provider)
        ProviderFactory(partnership=partnership)


@pytest.mark.parametrize("rows", [2, 30])
def test_the_log_asks_a_fixed_number_of_queries(
    as_commissioner, partnership, django_assert_num_queries, rows
):
    _many(partnership, rows)
    # session, user, membership, count, page of episodes (with child and provider), provider
    # filter choices, the latest return's DfE warnings
    with django_assert_num_queries(7):
        as_commissioner.get(_url("episode-list", partnership))


@pytest.mark.parametrize("rows", [2, 30])
def test_the_provider_register_asks_a_fixed_number_of_queries(
    as_board, partnership, django_assert_num_queries, rows
):
    _many(partnership, rows)
    with django_assert_num_queries(5):
        as_board.get(_url("provider-list", partnership))


@pytest.mark.parametrize("rows", [2, 30])
def test_the_measures_page_asks_a_fixed_number_of_queries(
    as_board, partnership, django_assert_num_queries, rows
):
    SettingsFactory(partnership=partnership)
    for index in range(rows):
        EpisodeFactory(child__partnership=partnership, decom=date(2017 + index % 3, 5, 1))
    # session, user, membership, span of years, settings, the data's stamp, the latest
    # return's DfE warnings; then, the first time (nothing cached): snapshot, mix, spend
    # (grouped), stability (one query since it is worked out in the database), trend
    with django_assert_num_queries(12):
        response = as_board.get(_url("measures", partnership))
    assert response.status_code == 200
    with django_assert_num_queries(7):
        again = as_board.get(_url("measures", partnership))
    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
    assert token.sub("", again.content.decode()) == token.sub("", response.content.decode())


def test_the_register_ranks_by_price_per_quality(as_board, partnership):
    ProviderFactory(partnership=partnership, name="Dear", weekly_price=3350, quality_score=74)
    ProviderFactory(partnership=partnership, name="Best", weekly_price=2850, quality_score=88)
    ProviderFactory(partnership=partnership, name="Unscored", weekly_price=None)
    response = as_board.get(_url("provider-list", partnership))
    names = [row.record.name for row in response.context["table"].rows]
    assert names == ["Best", "Dear", "Unscored"]
    assert "£32.39" in response.text
    assert "Not ranked" in response.text


def test_a_commissioner_adds_a_provider(as_commissioner, partnership):
    response = as_commissioner.post(
        _url("provider-create", partnership),
        {
            "name": "Wreake House",
            "ofsted_urn": "sc480101",
            "provider_type": "PR4",
            "framework_status": "preferred",
            "weekly_price": "2,850",
            "quality_score": "88",
        },
    )
    assert response.status_code == 302
    provider = Provider.objects.get()
    assert (provider.ofsted_urn, provider.weekly_price) == ("SC480101", Decimal("2850"))


def test_a_quality_score_over_100_is_refused(as_commissioner, partnership):
    response = as_commissioner.post(
        _url("provider-create", partnership),
        {"name": "X", "provider_type": "PR4", "framework_status": "off", "quality_score": "120"},
    )
    assert "The quality score must be between 0 and 100." in response.text


def test_changing_the_districts_rederives_locations_but_not_overrides(as_admin, partnership):
    settings = SettingsFactory(partnership=partnership, county_districts="LE16")
    derived = EpisodeFactory(child__partnership=partnership, pl_post="NG7 2", in_county=False)
    overridden = EpisodeFactory(
        child__partnership=partnership, pl_post="NG7 2", location="out", in_county=False
    )
    response = as_admin.post(
        _url("settings", partnership),
        {
            "county_districts": "le16, ng7",
            "under_18_population": "142000",
            "version": settings.version,
        },
    )
    assert response.status_code == 302
    settings.refresh_from_db()
    assert settings.county_districts == "LE16 NG7"
    derived.refresh_from_db()
    overridden.refresh_from_db()
    assert derived.in_county is True
    assert overridden.in_county is False


def test_settings_refuse_something_that_is_not_a_district(as_admin, partnership):
    response = as_admin.post(_url("settings", partnership), {"county_districts": "LE16 12345"})
    assert "These are not postcode districts: 12345" in response.text
    assert not PlacementSettings.objects.exists()


def _upload(client, partnership, header_rows=HEADER, episode_rows=EPISODES):
    header, episodes = _csv(header_rows), _csv(episode_rows)
    header.name, episodes.name = "header.csv", "episodes.csv"
    return client.post(_url("import", partnership), {"header": header, "episodes": episodes})


def test_the_web_import_reports_every_problem(as_commissioner, partnership):
    bad = [list(r) for r in EPISODES]
    bad[1][1] = "31/02/2018"
    bad[2][5] = "Q9"
    response = _upload(as_commissioner, partnership, episode_rows=bad)
    assert response.status_code == 302
    run_worker()
    page = as_commissioner.get(response.url)
    assert "Nothing was imported: 2 problems in the files." in page.text
    rows = _table_rows(page.text)
    assert ["Episodes", "2", "DECOM", "'31/02/2018' is not a date like 31/03/2019."] in rows
    assert any(r[:3] == ["Episodes", "3", "PLACE"] for r in rows)
    assert Episode.objects.count() == 0


def test_the_web_import_saves_a_good_return_in_the_background(as_commissioner, partnership):
    response = _upload(as_commissioner, partnership)
    record = Return.objects.get(partnership=partnership)
    assert response.status_code == 302 and response.url == record.get_absolute_url()
    # Nothing is imported by the request: the worker does it.
    assert not Episode.objects.exists()
    waiting = as_commissioner.get(response.url)
    assert "Waiting to start" in waiting.text and waiting["Refresh"] == "3"
    assert "No background worker" not in waiting.text

    run_worker()

    done = as_commissioner.get(response.url)
    assert "Refresh" not in done
    text = " ".join(done.text.split())
    assert "Imported" in text and "3 new, 0 updated" in text and "2 new, 0 updated" in text
    # 2 header rows and 3 episode rows read; the files themselves are gone.
    assert 'Rows read</dt><dd class="govuk-summary-list__value">5<' in done.text
    assert "not installed on this server" in text  # no validator for this test
    record.refresh_from_db()
    assert (record.header_data, record.episodes_data) == (None, None)
    assert record.collection_year == 2019  # its latest date, 01/09/2018, is in 2018/19
    assert Episode.objects.filter(partnership=partnership).count() == 3


def test_a_return_no_worker_has_started_within_a_minute_says_what_to_run(
    as_commissioner, partnership
):
    response = _upload(as_commissioner, partnership)
    Return.objects.update(created_at=timezone.now() - timedelta(minutes=2))
    page = as_commissioner.get(response.url)
    assert "No background worker has started this import in over a minute" in page.text


def test_the_returns_loaded_are_listed_with_year_file_time_and_person(
    as_commissioner, commissioner, partnership
):
    _upload(as_commissioner, partnership)
    run_worker()
    page = as_commissioner.get(_url("import", partnership))
    rows = _table_rows(page.text)
    record = Return.objects.get()
    assert rows == [
        [
            "2018/19",
            "header.csv, episodes.csv",
            f"{timezone.localtime(record.created_at):%-d %B %Y, %H:%M}",
            str(commissioner),
            f"Imported: return of {timezone.localtime(record.created_at):%-d %B %Y, %H:%M}",
        ]
    ]


def test_another_partnerships_return_is_not_found(as_commissioner, partnership, other_partnership):
    theirs = Return.objects.create(
        partnership=other_partnership, header_name="h.csv", episodes_name="e.csv"
    )
    for name in ("return-detail", "return-findings"):
        assert as_commissioner.get(_url(name, partnership, pk=theirs.pk)).status_code == 404


def _table_rows(text: str) -> list[list[str]]:
    """The body rows of every table on a page, as their cells' text."""
    rows = []
    for body in re.findall(r"<tbody.*?</tbody>", text, re.S):
        for row in re.findall(r"<tr.*?</tr>", body, re.S):
            cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
            rows.append([html.unescape(" ".join(re.sub(r"<[^>]+>", "", c).split())) for c in cells])
    return rows


def test_the_web_import_refuses_a_spreadsheet_by_name(as_commissioner, partnership):
    header, episodes = _csv(HEADER), io.BytesIO(b"PK\x03\x04rest")
    header.name, episodes.name = "header.csv", "episodes.xlsx"
    response = as_commissioner.post(
        _url("import", partnership), {"header": header, "episodes": episodes}
    )
    assert "Upload a CSV file (ending .csv)" in response.text


def test_the_ssda903_export_downloads_a_year(as_commissioner, partnership):
    EpisodeFactory(child__partnership=partnership, decom=date(2018, 5, 1))
    response = as_commissioner.get(_url("ssda903-export", partnership), {"year": "2019"})
    assert response["Content-Disposition"].endswith('2018-19-episodes.csv"')
    body = b"".join(response.streaming_content).decode()
    assert body.startswith("CHILD,DECOM,RNE,LS,CIN,PLACE")
    assert "01/05/2018" in body
    nonsense = as_commissioner.get(
        _url("ssda903-export", partnership), {"year": "x", "table": "header"}
    )
    assert nonsense.status_code == 200


def test_the_measures_page_shows_the_seed_figures(as_board, partnership):
    SettingsFactory(
        partnership=partnership,
        under_18_population=1000,
        statistical_neighbours_rate=Decimal("51.0"),
    )
    package = WorkPackageFactory(partnership=partnership)
    EpisodeFactory(
        child__partnership=partnership,
        decom=date(2017, 4, 1),
        place="K2",
        place_provider="PR4",
        weekly_cost=Decimal("5117"),
        in_county=False,
    )
    EpisodeFactory(
        child__partnership=partnership,
        decom=date(2018, 3, 25),
        place="K2",
        place_provider="PR5",
        weekly_cost=Decimal("3953"),
        in_county=True,
        work_package=package,
    )
    response = as_board.get(_url("measures", partnership), {"year": "2018"})
    assert response.context["m"].looked_after == 2
    assert response.context["m"].rate == Decimal("20.0")
    assert "Statistical neighbours 51.0" in response.text
    assert "1 of 2 (50.0%)" in response.text  # residential in county
    # 7 CIP days at £1,164 a week less than the £5,117 external average.
    assert response.context["m"].spend.cost_avoided == Decimal("1164.00")


# --- plausibility on the placement form and the settings ------------------------------------


def test_a_start_or_end_after_today_is_refused_on_its_field(as_commissioner, partnership):
    tomorrow = date.today() + timedelta(days=1)
    response = as_commissioner.post(
        _url("episode-create", partnership), {**NEW_EPISODE, "decom": f"{tomorrow:%Y-%m-%d}"}
    )
    assert "The start date cannot be after today" in response.text
    data = {**NEW_EPISODE, "dec": f"{tomorrow:%Y-%m-%d}", "rec": "E4A"}
    response = as_commissioner.post(_url("episode-create", partnership), data)
    assert "The end date cannot be after today" in response.text
    assert (Child.objects.count(), Episode.objects.count()) == (0, 0)


def test_a_2035_placement_is_refused_on_edit_too(as_commissioner, partnership):
    episode = EpisodeFactory(child__partnership=partnership)
    data = {**NEW_EPISODE, "decom": "2035-01-01", "version": episode.version}
    for name in ("case_id", "birth_month", "birth_year", "sex"):
        del data[name]
    response = as_commissioner.post(_url("episode-edit", partnership, pk=episode.pk), data)
    assert "The start date cannot be after today" in response.text
    episode.refresh_from_db()
    assert episode.decom == date(2018, 1, 15)


def test_a_new_child_aged_18_at_the_start_is_refused(as_commissioner, partnership):
    # Born June 2001: 17 in May 2019, 18 from June 2019 (the 1st of the month as birthday).
    data = {**NEW_EPISODE, "birth_year": "2001", "decom": "2019-06-01"}
    response = as_commissioner.post(_url("episode-create", partnership), data)
    assert "The child (born June 2001) is 18 at this start date" in response.text
    assert (Child.objects.count(), Episode.objects.count()) == (0, 0)
    data["decom"] = "2019-05-31"
    response = as_commissioner.post(_url("episode-create", partnership), data)
    assert response.status_code == 302


def test_a_stored_child_is_checked_by_its_stored_birth(as_commissioner, partnership):
    ChildFactory(
        partnership=partnership,
        reference=child_reference(NEW_EPISODE["case_id"]),
        birth_year=2000,
        birth_month=3,
    )
    response = as_commissioner.post(_url("episode-create", partnership), NEW_EPISODE)
    # 2019-05 less 2000-03 is 19 years and 2 months.
    assert "The child (born March 2000) is 19 at this start date" in response.text
    assert Episode.objects.count() == 0


def test_a_weekly_cost_above_the_ceiling_needs_a_tick(as_commissioner, partnership):
    data = {**NEW_EPISODE, "weekly_cost": "£99,999,999,999"}
    response = as_commissioner.post(_url("episode-create", partnership), data)
    assert "The weekly cost is more than £25,000: check it" in response.text
    assert 'name="confirm_cost"' in response.text  # the box appears with the error
    assert Episode.objects.count() == 0
    response = as_commissioner.post(_url("episode-create", partnership), NEW_EPISODE)
    assert response.status_code == 302
    assert (
        'name="confirm_cost"' not in as_commissioner.get(_url("episode-create", partnership)).text
    )
    data = {**NEW_EPISODE, "case_id": "LCS-2", "weekly_cost": "30000", "confirm_cost": "on"}
    response = as_commissioner.post(_url("episode-create", partnership), data)
    assert response.status_code == 302
    assert Episode.objects.get(child__reference=child_reference("LCS-2")).weekly_cost == 30000


def test_the_cost_ceiling_is_the_partnerships_own(as_commissioner, partnership):
    SettingsFactory(partnership=partnership, weekly_cost_ceiling=Decimal("2000"))
    response = as_commissioner.post(_url("episode-create", partnership), NEW_EPISODE)
    # NEW_EPISODE costs £3,150.50 a week
    assert "The weekly cost is more than £2,000: check it" in response.text
    assert Episode.objects.count() == 0


def test_a_5000_character_case_id_is_refused_on_its_field(as_commissioner, partnership):
    data = {**NEW_EPISODE, "case_id": "X" * 5000}
    response = as_commissioner.post(_url("episode-create", partnership), data)
    assert "Ensure this value has at most 50 characters (it has 5000)" in response.text
    assert Child.objects.count() == 0


@pytest.mark.parametrize("name", ["statistical_neighbours_rate", "region_rate", "england_rate"])
def test_a_negative_comparator_rate_is_refused_by_form_model_and_database(
    as_admin, partnership, name
):
    settings = SettingsFactory(partnership=partnership)
    response = as_admin.post(
        _url("settings", partnership),
        {"county_districts": "LE16", name: "-3.0", "version": settings.version},
    )
    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to 0" in response.text
    setattr(settings, name, Decimal("-3.0"))
    with pytest.raises(ValidationError) as caught:
        settings.full_clean()
    assert name in caught.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        PlacementSettings.objects.filter(pk=settings.pk).update(**{name: Decimal("-3.0")})


def test_a_cost_ceiling_of_nothing_is_refused(as_admin, partnership):
    settings = SettingsFactory(partnership=partnership)
    response = as_admin.post(
        _url("settings", partnership),
        {"county_districts": "LE16", "weekly_cost_ceiling": "0", "version": settings.version},
    )
    assert "Ensure this value is greater than or equal to 0.01" in response.text
    with pytest.raises(IntegrityError), transaction.atomic():
        PlacementSettings.objects.filter(pk=settings.pk).update(weekly_cost_ceiling=0)


# --- measures: 18 and over, and the county's districts --------------------------------------


def test_a_young_person_of_18_is_not_counted_as_looked_after(as_board, partnership):
    SettingsFactory(partnership=partnership)
    # Born June 2000: 17 at 31 March 2018 (213 months), 18 at 31 March 2019 (225 months).
    adult = ChildFactory(partnership=partnership, birth_year=2000, birth_month=6)
    EpisodeFactory(child=adult, decom=date(2017, 5, 1))
    EpisodeFactory(child__partnership=partnership, decom=date(2017, 5, 1))  # born June 2008
    # Ended before 31 March 2019: it only makes 2018/19 a year with data.
    EpisodeFactory(
        child__partnership=partnership, decom=date(2019, 1, 10), dec=date(2019, 2, 10), rec="E4A"
    )
    response = as_board.get(_url("measures", partnership), {"year": "2019"})
    m = response.context["m"]
    assert (m.looked_after, m.aged_18_or_over) == (1, 1)
    assert m.stability.looked_after == 1
    assert [count for _, count, _ in m.trend] == [2, 1]  # 31 March 2018, 31 March 2019
    assert "Not counted: 1 young person aged 18 or over then" in response.text
    earlier = as_board.get(_url("measures", partnership), {"year": "2018"}).context["m"]
    assert (earlier.looked_after, earlier.aged_18_or_over) == (2, 0)


def test_in_county_is_not_known_until_the_districts_are_set(as_admin, partnership):
    _import_default = import_ssda903(
        partnership=partnership, header=_csv(HEADER), episodes=_csv(EPISODES)
    )
    assert _import_default.episodes_created == 3
    assert set(Episode.objects.values_list("in_county", flat=True)) == {None}
    response = as_admin.get(_url("measures", partnership), {"year": "2019"})
    assert (response.context["m"].in_county, response.context["m"].out_of_county) == (0, 0)
    assert "Not known: the county's postcode districts are not set" in response.text
    assert f'href="{_url("settings", partnership)}">set them in the placement settings' in (
        response.text
    )
    response = as_admin.post(_url("settings", partnership), {"county_districts": "LE16 LE67"})
    assert response.status_code == 302
    response = as_admin.get(_url("measures", partnership), {"year": "2019"})
    # Open at 31 March 2019: K2 in NG7 (out) and U6 in LE67 (in).
    assert (response.context["m"].in_county, response.context["m"].out_of_county) == (1, 1)
    assert "postcode districts are not set" not in response.text
