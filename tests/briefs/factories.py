from datetime import date

import factory

from briefs.models import (
    BriefEvent,
    BriefTask,
    DesignBrief,
    DesignTeamMember,
    DocumentLink,
    PriorityArea,
    ResearchItem,
)
from tests.cip.factories import OrganisationFactory, PartnershipFactory


class PriorityAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriorityArea

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Priority {n}")
    order = factory.Sequence(lambda n: n + 1)


class BriefFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DesignBrief

    partnership = factory.SubFactory(PartnershipFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Design brief {n}")
    priority_area = factory.LazyAttribute(lambda o: PriorityAreaFactory(partnership=o.partnership))
    purpose = "Find out why placements break down."
    issue_date = date(2019, 3, 1)


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BriefTask

    brief = factory.SubFactory(BriefFactory)
    order = factory.Sequence(lambda n: n + 1)
    description = "Analyse the residential data"


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DesignTeamMember

    brief = factory.SubFactory(BriefFactory)
    name = factory.Sequence(lambda n: f"Expert {n}")
    organisation = factory.SubFactory(OrganisationFactory)
    expertise = "Residential care"


class ResearchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResearchItem

    brief = factory.SubFactory(BriefFactory)
    title = "Data analysis project"


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DocumentLink

    brief = factory.SubFactory(BriefFactory)
    title = "Scrutiny report"
    url = "https://example.org/report.pdf"


class BriefEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BriefEvent

    brief = factory.SubFactory(BriefFactory)
    date = date(2019, 3, 1)
    to_status = DesignBrief.Status.DRAFT
    description = "Brief drafted"


def populate(partnership) -> None:
    """One of each of this app's records, for the permission matrix."""
    brief = BriefFactory(partnership=partnership)
    TaskFactory(brief=brief)
    MemberFactory(brief=brief)
    ResearchFactory(brief=brief)
    DocumentFactory(brief=brief)
    BriefEventFactory(brief=brief)
