from datetime import date
from decimal import Decimal

import factory

from placements.models import Child, Episode, PlacementSettings, Provider, Return, child_reference
from tests.cip.factories import PartnershipFactory


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    partnership = factory.SubFactory(PartnershipFactory)
    reference = factory.Sequence(lambda n: child_reference(f"CASE{n:05d}"))
    birth_year = 2008
    birth_month = 6
    sex = Child.Sex.FEMALE


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Provider {n}")
    ofsted_urn = factory.Sequence(lambda n: f"SC{n:06d}")
    provider_type = "PR4"
    framework_status = Provider.FrameworkStatus.PREFERRED
    weekly_price = Decimal("3000")
    quality_score = Decimal("80")


class EpisodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Episode

    partnership = factory.SelfAttribute("child.partnership")
    child = factory.SubFactory(ChildFactory)
    decom = date(2018, 1, 15)
    dec = None
    rne = "S"
    ls = "C2"
    cin = "N1"
    place = "U4"
    place_provider = "PR1"
    weekly_cost = Decimal("450")
    purchase_route = Episode.Route.IN_HOUSE


class SettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlacementSettings

    partnership = factory.SubFactory(PartnershipFactory)
    county_districts = "LE1 LE2 LE16 LE67"
    under_18_population = 142000


class ReturnFactory(factory.django.DjangoModelFactory):
    """A return the worker has imported (its files already cleared)."""

    class Meta:
        model = Return

    partnership = factory.SubFactory(PartnershipFactory)
    header_name = "header.csv"
    episodes_name = "episodes.csv"
    status = Return.Status.IMPORTED
    collection_year = 2019


def populate(partnership) -> None:
    """One of each of this app's records, for the permission matrix."""
    SettingsFactory(partnership=partnership)
    provider = ProviderFactory(partnership=partnership)
    child = ChildFactory(partnership=partnership)
    EpisodeFactory(child=child, provider=provider, place="K2", place_provider="PR4")
    ReturnFactory(partnership=partnership)
