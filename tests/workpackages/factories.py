from datetime import date
from decimal import Decimal

import factory

from tests.briefs.factories import BriefFactory
from workpackages.models import (
    DeliveryContract,
    EvaluationEvidence,
    Home,
    KeyDate,
    OutcomeActual,
    OutcomeMeasure,
    WorkPackage,
    WorkPackageEvent,
)


class WorkPackageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkPackage

    partnership = factory.SubFactory("tests.cip.factories.PartnershipFactory")
    brief = factory.LazyAttribute(lambda o: BriefFactory(partnership=o.partnership))
    priority_area = factory.LazyAttribute(lambda o: o.brief.priority_area if o.brief else None)
    title = factory.Sequence(lambda n: f"Work package {n}")
    scope = "Three placements for under-16s"
    delivery_model = WorkPackage.DeliveryModel.PARTNER


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeliveryContract

    work_package = factory.SubFactory(WorkPackageFactory)
    reference = factory.Sequence(lambda n: f"T2-{n:03d}")
    value = Decimal("250000")
    start_date = date(2020, 12, 1)
    end_date = date(2023, 11, 30)


class KeyDateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyDate

    work_package = factory.SubFactory(WorkPackageFactory)
    label = "Went live"
    date = date(2020, 12, 1)


class HomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Home

    work_package = factory.SubFactory(WorkPackageFactory)
    name = factory.Sequence(lambda n: f"Property {n}")
    urn = factory.Sequence(lambda n: f"SC9{n:05d}")
    places = 3
    opened_on = date(2021, 4, 1)


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvaluationEvidence

    work_package = factory.SubFactory(WorkPackageFactory)
    heading = EvaluationEvidence.Heading.CHILDREN
    summary = "82% of children asked said they felt happy"
    recorded_on = date(2019, 9, 30)


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutcomeMeasure

    work_package = factory.SubFactory(WorkPackageFactory)
    name = factory.Sequence(lambda n: f"Measure {n}")
    unit = "children"
    baseline = Decimal("0")
    target = Decimal("2852")
    direction = OutcomeMeasure.Direction.HIGHER


class ActualFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutcomeActual

    measure = factory.SubFactory(MeasureFactory)
    period = "Summer 2019"
    period_end = date(2019, 8, 31)
    value = Decimal("2023")


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkPackageEvent

    work_package = factory.SubFactory(WorkPackageFactory)
    kind = WorkPackageEvent.Kind.STAGE
    date = date(2020, 1, 1)
    to_value = "design"
    description = "Work package opened in design"


def populate(partnership) -> None:
    """One of each of this app's records, for the permission matrix."""
    work_package = WorkPackageFactory(partnership=partnership)
    ContractFactory(work_package=work_package)
    KeyDateFactory(work_package=work_package)
    HomeFactory(work_package=work_package)
    EvidenceFactory(work_package=work_package)
    ActualFactory(measure=MeasureFactory(work_package=work_package))
    EventFactory(work_package=work_package)
