from datetime import date
from decimal import Decimal

import factory

from cip.models import Organisation
from funding.models import (
    Bid,
    BidDocument,
    Condition,
    ReachFigure,
    SubGrant,
    SupportingOrganisation,
)
from tests.cip.factories import OrganisationFactory, PartnershipFactory


class BidFactory(factory.django.DjangoModelFactory):
    """A prospect: the first stage, needing nothing more than who and what."""

    class Meta:
        model = Bid

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Bid {n}")
    funder = factory.SubFactory(OrganisationFactory, kind=Organisation.Kind.FUNDER)
    programme = "Programme"
    lead_applicant = factory.LazyAttribute(lambda bid: bid.partnership.council)
    amount_requested = Decimal("100000")
    probability = 50


class AwardFactory(BidFactory):
    """A bid awarded, with everything that stage needs."""

    stage = Bid.Stage.AWARDED
    eligibility_note = "Open to councils"
    submitted_on = date(2019, 6, 30)
    decided_on = date(2019, 7, 31)
    amount_requested = Decimal("234600")
    amount_awarded = Decimal("234600")
    probability = 100


class SupporterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportingOrganisation

    bid = factory.SubFactory(BidFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "Bid writing"


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BidDocument

    bid = factory.SubFactory(BidFactory)
    title = "Application form"
    url = "https://example.org/application.pdf"


class ConditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Condition

    bid = factory.SubFactory(AwardFactory)
    kind = Condition.Kind.MONITORING_REPORT
    title = factory.Sequence(lambda n: f"Monitoring report {n}")
    due_on = date(2020, 1, 31)


class SubGrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubGrant

    bid = factory.SubFactory(AwardFactory)
    recipient = factory.SubFactory(OrganisationFactory, kind=Organisation.Kind.PROVIDER)
    amount = Decimal("10000")
    purpose = "Holiday club"
    awarded_on = date(2019, 6, 14)


class ReachFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReachFigure

    bid = factory.SubFactory(AwardFactory)
    value = 1904
    unit = "places offered"
    as_at = date(2019, 9, 30)


def populate(partnership) -> None:
    """One of each of this app's records, for the permission matrix."""
    award = AwardFactory(partnership=partnership)
    SupporterFactory(bid=award)
    DocumentFactory(bid=award)
    ConditionFactory(bid=award)
    SubGrantFactory(bid=award)
    ReachFactory(bid=award)
