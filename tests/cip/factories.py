from datetime import date
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from cip.models import (
    CollaborationAgreement,
    ContractYear,
    Invitation,
    Membership,
    Organisation,
    OrganisationLocalName,
    OrganisationProposal,
    Partnership,
)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.OTHER
    identifier = factory.Sequence(lambda n: f"GB-TEST-{n:05d}")


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    name = factory.Sequence(lambda n: f"Partnership {n}")
    slug = factory.Sequence(lambda n: f"partnership-{n}")
    council = factory.SubFactory(OrganisationFactory, kind=Organisation.Kind.COUNCIL)
    partner = factory.SubFactory(OrganisationFactory, kind=Organisation.Kind.CHARITY)


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CollaborationAgreement

    partnership = factory.SubFactory(PartnershipFactory)
    award_date = date(2018, 11, 1)
    commencement_date = date(2018, 12, 1)
    maximum_term_years = 10
    advertised_maximum_value = Decimal("700000000")
    annual_value_basis = Decimal("70000000")


class ContractYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContractYear

    partnership = factory.SubFactory(PartnershipFactory)
    number = 1
    start_date = date(2018, 12, 1)
    end_date = date(2019, 11, 30)
    status = ContractYear.Status.CONTINUED


PASSWORD = "correct horse battery staple"  # every factory user's


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.django.Password(PASSWORD)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    partnership = factory.SubFactory(PartnershipFactory)
    role = Membership.Role.BOARD_MEMBER


def populate(partnership: Partnership) -> None:
    """One of each core record, for the permission matrix."""
    AgreementFactory(partnership=partnership)
    ContractYearFactory(partnership=partnership)
    OrganisationFactory(owner=partnership)  # the partnership's own entry in the register
    # a local name and an open proposal for its partner's shared entry
    OrganisationLocalName.objects.create(
        partnership=partnership, organisation=partnership.partner, name="Our partner"
    )
    OrganisationProposal.objects.create(
        partnership=partnership,
        organisation=partnership.partner,
        name=f"{partnership.partner.name} (renamed)",
        kind=partnership.partner.kind,
        identifier=partnership.partner.identifier,
    )
    Invitation.objects.create(
        partnership=partnership, email=f"invited@{partnership.slug}.example.org", role="officer"
    )
