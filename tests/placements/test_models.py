"""What the schema may hold about children, and the invariants the database keeps."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from placements.models import Child, Episode, child_reference
from tests.placements.factories import ChildFactory, EpisodeFactory, ProviderFactory

PROJECT_APPS = {"cip", "briefs", "workpackages", "placements", "funding"}
# A child is only a pseudonymous reference: no field anywhere may hold a person's name, an
# address or full postcode, a full date of birth or a unique pupil number.
FORBIDDEN = re.compile(
    r"(^|_)(first_?name|last_?name|surname|forename|full_?name|child_?name|address(es)?|"
    r"street|postcode|dob|date_of_birth|birth_?date|upn|unique_pupil_number)($|_)"
)


def _project_fields():
    for model in apps.get_models():
        if model._meta.app_label in PROJECT_APPS:
            for field in model._meta.get_fields():
                if field.concrete:
                    yield model, field


def test_no_model_has_a_field_for_names_addresses_dates_of_birth_or_upns():
    offending = [
        f"{model._meta.label}.{field.name}"
        for model, field in _project_fields()
        if FORBIDDEN.search(field.name.lower())
    ]
    assert offending == []


def test_the_rule_catches_the_fields_it_is_meant_to():
    for name in ("first_name", "surname", "home_address", "date_of_birth", "dob", "upn"):
        assert FORBIDDEN.search(name)
    for name in ("name", "home_post", "pl_post", "birth_year", "birth_month", "decom"):
        assert not FORBIDDEN.search(name)


def test_a_child_holds_only_a_reference_month_year_and_sex():
    fields = {f.name for f in Child._meta.get_fields() if f.concrete}
    assert fields == {
        "id",
        "version",
        "created_at",
        "updated_at",
        "partnership",
        "reference",
        "birth_year",
        "birth_month",
        "sex",
    }


def test_the_reference_is_a_keyed_hash_of_the_case_id(settings):
    settings.PSEUDONYM_KEY = "key-one"
    first = child_reference("100001")
    assert first == child_reference(" 100001 ")
    assert len(first) == 64 and "100001" not in first
    settings.PSEUDONYM_KEY = "key-two"
    assert child_reference("100001") != first


@pytest.mark.django_db
def test_the_database_refuses_an_end_before_the_start_and_a_negative_cost():
    episode = EpisodeFactory(decom=date(2019, 1, 1))
    for change in ({"dec": date(2018, 1, 1)}, {"weekly_cost": Decimal("-1")}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Episode.objects.filter(pk=episode.pk).update(**change)


@pytest.mark.django_db
def test_an_episode_cannot_use_another_partnerships_provider(partnership, other_partnership):
    episode = EpisodeFactory.build(
        child=ChildFactory(partnership=partnership),
        partnership=partnership,
        provider=ProviderFactory(partnership=other_partnership),
    )
    with pytest.raises(ValidationError, match="this partnership"):
        episode.full_clean()


def test_the_migration_forgets_locations_worked_out_without_districts(partnership):
    from importlib import import_module

    from tests.cip.factories import PartnershipFactory
    from tests.placements.factories import SettingsFactory

    migration = import_module("placements.migrations.0006_location_not_known_without_districts")
    derived = EpisodeFactory(child__partnership=partnership, pl_post="NG7 2", in_county=False)
    overridden = EpisodeFactory(
        child__partnership=partnership, pl_post="NG7 2", location="out", in_county=False
    )
    other = PartnershipFactory()
    SettingsFactory(partnership=other, county_districts="LE16")
    with_districts = EpisodeFactory(child__partnership=other, pl_post="NG7 2", in_county=False)
    migration.forget_locations_without_districts(apps, None)
    for episode in (derived, overridden, with_districts):
        episode.refresh_from_db()
    assert (derived.in_county, derived.version) == (None, 2)
    assert derived.history.latest().history_type == "~"
    assert derived.history.latest().in_county is None
    assert (overridden.in_county, overridden.version) == (False, 1)
    assert (with_districts.in_county, with_districts.version) == (False, 1)
