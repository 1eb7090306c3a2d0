from datetime import date, timedelta

import factory
from django.utils import timezone

from board.models import (
    Action,
    AgendaItem,
    Attendee,
    Decision,
    ForwardPlanEntry,
    Interest,
    Meeting,
    Proposal,
    Risk,
    Secondment,
)
from tests.cip.factories import OrganisationFactory, PartnershipFactory, UserFactory


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    partnership = factory.SubFactory(PartnershipFactory)
    date = date(2019, 1, 8)
    place = "County Hall, Glenfield"
    status = Meeting.Status.HELD


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Item {n}")
    purpose = AgendaItem.Purpose.DECISION


class AttendeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendee

    meeting = factory.SubFactory(MeetingFactory)
    guest_name = factory.Sequence(lambda n: f"Guest {n}")


class DecisionFactory(factory.django.DjangoModelFactory):
    """A decision of kind "other" written straight to the table; tests of the service that
    moves records call board.services.decision_record instead."""

    class Meta:
        model = Decision

    item = factory.SubFactory(AgendaItemFactory)
    meeting = factory.SelfAttribute("item.meeting")
    partnership = factory.SelfAttribute("meeting.partnership")
    number = factory.Sequence(lambda n: n + 1)
    kind = Decision.Kind.OTHER
    outcome = Decision.Outcome.APPROVED
    resolution = "The board agreed the terms of reference."


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    partnership = factory.SubFactory(PartnershipFactory)
    description = factory.Sequence(lambda n: f"Action {n}")
    owner = "CIP strategic lead"
    due_date = date(2019, 2, 12)


class RiskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Risk

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Risk {n}")
    owner = "Director of Children and Family Services"
    likelihood = 3
    impact = 4
    last_reviewed = date(2019, 1, 8)
    raised_on = date(2018, 7, 6)


class SecondmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Secondment

    partnership = factory.SubFactory(PartnershipFactory)
    person = factory.Sequence(lambda n: f"Seconded person {n}")
    home_organisation = factory.SubFactory(OrganisationFactory)
    role = "Design team lead"
    start_date = date(2018, 12, 1)
    end_date = date(2020, 11, 30)


class InterestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interest

    partnership = factory.SubFactory(PartnershipFactory)
    user = factory.SubFactory(UserFactory)
    category = Interest.Category.MEMBERSHIP
    description = factory.Sequence(lambda n: f"Trustee of Glenfield Youth Trust {n}")
    registered_on = date(2019, 1, 8)


class ProposalFactory(factory.django.DjangoModelFactory):
    """A written procedure of kind "other", open for votes until 30 days from today."""

    class Meta:
        model = Proposal

    meeting = factory.SubFactory(MeetingFactory, status=Meeting.Status.SCHEDULED)
    partnership = factory.SelfAttribute("meeting.partnership")
    title = factory.Sequence(lambda n: f"Proposal {n}")
    text = "The board agrees the revised terms of reference."
    kind = Decision.Kind.OTHER
    sent_on = factory.LazyFunction(timezone.localdate)
    deadline = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))


class ForwardPlanEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ForwardPlanEntry

    meeting = factory.SubFactory(MeetingFactory, status=Meeting.Status.SCHEDULED)
    partnership = factory.SelfAttribute("meeting.partnership")
    title = factory.Sequence(lambda n: f"Decision {n}")
    added_on = factory.LazyAttribute(lambda entry: entry.meeting.date - timedelta(days=42))


def populate(partnership) -> None:
    """One of each board governance record, for the permission matrix."""
    meeting = MeetingFactory(partnership=partnership)
    item = AgendaItemFactory(meeting=meeting, position=1)
    AttendeeFactory(meeting=meeting, user=UserFactory(), guest_name="")
    DecisionFactory(item=item)
    ActionFactory(partnership=partnership, meeting=meeting)
    RiskFactory(partnership=partnership)
    RiskFactory(partnership=partnership, archived_at=timezone.now())
    SecondmentFactory(partnership=partnership)
    InterestFactory(partnership=partnership)
    ProposalFactory(meeting=meeting)
    ForwardPlanEntryFactory(meeting=meeting)
