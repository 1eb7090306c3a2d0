"""Demonstration work packages for the Leicestershire CIP (called by `load_demo`; idempotent).

From the Scrutiny report of 9 March 2021 (paragraphs 12 and 14, Appendix 1) and the article
of 2019. The packages are history, so they are entered in the stage the seeds describe rather
than moved through the services (which would need the approved business cases that issue 6
adds). Dates the seeds give by month only are entered as the first of that month and labelled
so; forecasts are marked as estimates. Contract values are not in the seeds and are left out.
"""

from datetime import date
from decimal import Decimal

from briefs.models import DesignBrief, PriorityArea
from workpackages.models import (
    DeliveryContract,
    EvaluationEvidence,
    KeyDate,
    OutcomeActual,
    OutcomeMeasure,
    WorkPackage,
    WorkPackageEvent,
)

Stage = WorkPackage.Stage
Model = WorkPackage.DeliveryModel
Kind = WorkPackageEvent.Kind
SCRUTINY = date(2021, 3, 9)
SCRUTINY_SOURCE = "Scrutiny report, 9 March 2021, Appendix 1"


def load(partnership) -> None:
    council, partner = partnership.council, partnership.partner
    residential = DesignBrief.all_objects.filter(partnership=partnership, number=1).first()
    areas = {a.order: a for a in PriorityArea.all_objects.filter(partnership=partnership)}
    stability, families, early_help = areas.get(1), areas.get(2), areas.get(3)

    art = _package(
        partnership,
        "Assessment & Resource Team (ART)",
        brief=residential,
        priority_area=stability,
        scope="Therapeutic support to children and young people, to support their current "
        "placement or an effective transition into a placement that meets their needs. "
        "Supports every element of the residential model.",
        stage=Stage.DELIVERY,
        delivery_model=Model.PARTNER,
        lead_organisation=partner,
    )
    _key_date(art, "Went live", date(2020, 12, 1))
    _key_date(art, "ART Hub ready (May 2022)", date(2022, 5, 1), estimate=True)
    art_contract = _contract(
        art,
        "CIP-T2-ART",
        status=DeliveryContract.Status.LIVE,
        start=date(2020, 12, 1),
        council_role="Owns the properties; keeps its statutory responsibilities for children "
        "looked after.",
        partner_role="Recruits and manages the Assessment & Resource Team.",
        parties=[council, partner],
    )
    _event(art, Kind.STAGE, date(2020, 12, 1), "Went live: delivery started", "design", "delivery")
    _event(
        art,
        Kind.CONTRACT,
        date(2020, 12, 1),
        "Tier-2 contract CIP-T2-ART live",
        "approved",
        "live",
        contract=art_contract,
    )

    properties = [
        (
            "Property 1: residential care for under-16s",
            "A property to provide three placements for children and young people under 16.",
            [
                ("Property acquired (December 2020)", date(2020, 12, 1), False),
                ("Went live (December 2021)", date(2021, 12, 1), False),
            ],
        ),
        (
            "Property 2: residential care for 16 and over",
            "A property to provide three placements for young people aged 16 and over.",
            [
                ("Property acquired (December 2020)", date(2020, 12, 1), False),
                ("Went live (December 2021)", date(2021, 12, 1), False),
            ],
        ),
        (
            "Property 3: family residential centre",
            "A property to provide three parent and child placements (or one parent and child "
            "and one family placement) for a period of parenting assessment.",
            [
                ("Development started (January 2021)", date(2021, 1, 1), False),
                ("Went live (October 2021)", date(2021, 10, 1), False),
            ],
        ),
        (
            "Property 4: assessment residential unit",
            "A property to provide three short-term placements for a period of comprehensive "
            "assessment, to find a placement that meets the young person's needs.",
            [("Go-live (May 2022)", date(2022, 5, 1), True)],
        ),
    ]
    # Properties 1 to 3 were approved and opened (the family centre in October 2021, the two
    # homes in December, as the placement log has them), so they are in delivery; Property 4
    # is still being designed.
    for title, scope, dates in properties:
        opened = next((day for label, day, _ in dates if label.startswith("Went live")), None)
        package = _package(
            partnership,
            title,
            brief=residential,
            priority_area=stability,
            scope=scope + " The council owns the property; Barnardo's manages the team.",
            stage=Stage.DELIVERY if opened else Stage.DESIGN,
            delivery_model=Model.PARTNER,
            lead_organisation=partner,
        )
        for label, day, estimate in dates:
            _key_date(package, label, day, estimate=estimate)
            if not estimate and day != opened:
                _event(package, Kind.NOTE, day, label)
        if opened:
            _event(package, Kind.STAGE, opened, "Went live: delivery started", "design", "delivery")

    fgc = _package(
        partnership,
        "Family Group Conferencing",
        priority_area=families,
        scope="Family Group Conferences at the point of pre-court proceedings, so the family "
        "network can make its own safety plan to keep the child at home. Funded by the "
        "Department for Education's Supporting Families: Investing in Practice programme "
        "(£234,600 for 18 months, 204 referrals, randomised control trial).",
        stage=Stage.DELIVERY,
        delivery_model=Model.PARTNER,
        lead_organisation=council,
    )
    _key_date(fgc, "Planned start", date(2020, 4, 1))
    _key_date(fgc, "Went live (delayed by Covid-19)", date(2020, 10, 1))
    fgc_contract = _contract(
        fgc,
        "CIP-T2-FGC",
        status=DeliveryContract.Status.LIVE,
        start=date(2020, 10, 1),
        end=date(2022, 3, 31),
        council_role="Holds the grant and refers families at the point of pre-court proceedings.",
        partner_role="Employs the Family Group Conference co-ordinators.",
        parties=[council, partner],
    )
    _event(fgc, Kind.STAGE, date(2020, 10, 1), "Went live: delivery started", "design", "delivery")
    _event(
        fgc,
        Kind.CONTRACT,
        date(2020, 10, 1),
        "Tier-2 contract CIP-T2-FGC live",
        "approved",
        "live",
        contract=fgc_contract,
    )
    _measure(fgc, "Referrals", "families", Decimal(0), Decimal(204))

    lifeskills = _package(
        partnership,
        "Advanced LifeSkills",
        priority_area=early_help,
        scope="Barnardo's LifeSkills programme in 6 Leicestershire secondary schools, to reduce "
        "youth violence. Youth Endowment Fund award of £486,165, including £100,000 for the "
        "evaluation partner (Sheffield Hallam University).",
        stage=Stage.DELIVERY,
        delivery_model=Model.PARTNER,
        lead_organisation=council,
        rag=WorkPackage.Rag.AMBER,
        rag_commentary="Delivery paused from March 2020 when schools closed (Covid-19). The "
        "team has stayed in contact with all 6 schools, shared LifeSkills at home resources "
        "and planned with the schools for delivery to recommence.",
        rag_set_on=SCRUTINY,
    )
    _key_date(lifeskills, "Delivery started (January 2020)", date(2020, 1, 1))
    _key_date(lifeskills, "Delivery paused: schools closed (March 2020)", date(2020, 3, 1))
    ls_contract = _contract(
        lifeskills,
        "CIP-T2-ALS",
        status=DeliveryContract.Status.LIVE,
        start=date(2020, 1, 1),
        council_role="Holds the Youth Endowment Fund grant.",
        partner_role="Delivers the LifeSkills programme in the schools.",
        parties=[council, partner],
    )
    _event(
        lifeskills,
        Kind.STAGE,
        date(2020, 1, 1),
        "Delivery started in 6 schools",
        "design",
        "delivery",
    )
    _event(
        lifeskills,
        Kind.CONTRACT,
        date(2020, 1, 1),
        "Tier-2 contract CIP-T2-ALS live",
        "approved",
        "live",
        contract=ls_contract,
    )
    _event(
        lifeskills,
        Kind.RAG,
        SCRUTINY,
        "RAG status set to amber: delivery paused by school closures",
        "",
        "amber",
    )
    schools = _measure(
        lifeskills, "Secondary schools taking part", "schools", Decimal(0), Decimal(6)
    )
    _actual(schools, "Spring term 2020", date(2020, 3, 31), Decimal(6))

    haf = _package(
        partnership,
        "Holiday Activities and Food 2019",
        priority_area=early_help,
        scope="Local co-ordination of free holiday activities and healthy food for children "
        "eligible for free school meals in the 2019 summer holidays, through grants to local "
        "providers via the Shire Grants portal. Department for Education award: £798,000.",
        stage=Stage.EVALUATION,
        delivery_model=Model.THIRD_PARTY,
        lead_organisation=partner,
    )
    _key_date(haf, "Summer holiday programme (July 2019)", date(2019, 7, 1))
    _event(
        haf, Kind.STAGE, date(2019, 7, 1), "Summer 2019 programme delivered", "design", "delivery"
    )
    _event(
        haf,
        Kind.STAGE,
        SCRUTINY,
        "Impact Report reported to Scrutiny: evaluation",
        "delivery",
        "evaluation",
    )
    reach = _measure(haf, "Eligible children engaged", "children", Decimal(0), Decimal(2852))
    _actual(reach, "Summer 2019", date(2019, 8, 31), Decimal(2023))
    for heading, summary in [
        (
            EvaluationEvidence.Heading.CHILDREN,
            "Suppliers offered 1,904 places: 30,464 meal opportunities and 121,856 hours of "
            "activity opportunities. 2,023 children eligible for free school meals took part. "
            "Of 403 children asked during quality assurance visits, 82% said they felt happy, "
            "11% were unsure and 6% unhappy.",
        ),
        (
            EvaluationEvidence.Heading.FAMILIES,
            "The programme aimed for children and, where appropriate, their parents to eat "
            "healthy food and be more active over the holidays. The Impact Report gives no "
            "separate figures for families.",
        ),
        (
            EvaluationEvidence.Heading.VALUE,
            "£798,000 from the Department for Education, granted on to local providers. Not all "
            "of the places offered were taken up: learning shared with the Department.",
        ),
        (
            EvaluationEvidence.Heading.PARTNERSHIP,
            "Barnardo's wrote the bid, which is why the funding was achieved in tight "
            "timescales; Leicester-Shire & Rutland Sport managed the project and Barnardo's the "
            "grants. Leicestershire was one of the only areas delivering that had never "
            "delivered the programme before.",
        ),
    ]:
        EvaluationEvidence.objects.get_or_create(
            work_package=haf,
            heading=heading,
            defaults={"summary": summary, "source": SCRUTINY_SOURCE, "recorded_on": SCRUTINY},
        )


def _package(partnership, title: str, **defaults) -> WorkPackage:
    return WorkPackage.all_objects.get_or_create(
        partnership=partnership, title=title, defaults=defaults
    )[0]


def _key_date(package, label: str, day: date, *, estimate: bool = False) -> None:
    KeyDate.objects.get_or_create(
        work_package=package, label=label, defaults={"date": day, "is_estimate": estimate}
    )


def _contract(package, reference: str, *, parties, start, end=None, **defaults):
    contract, created = DeliveryContract.all_objects.get_or_create(
        work_package=package,
        reference=reference,
        defaults={"start_date": start, "end_date": end, **defaults},
    )
    if created:
        contract.parties.set(parties)
    return contract


def _event(package, kind, day, text, before="", after="", contract=None) -> None:
    WorkPackageEvent.objects.get_or_create(
        work_package=package,
        description=text,
        defaults={
            "kind": kind,
            "date": day,
            "from_value": before,
            "to_value": after,
            "contract": contract,
        },
    )


def _measure(package, name, unit, baseline, target) -> OutcomeMeasure:
    return OutcomeMeasure.objects.get_or_create(
        work_package=package,
        name=name,
        defaults={
            "unit": unit,
            "baseline": baseline,
            "target": target,
            "direction": OutcomeMeasure.Direction.HIGHER,
        },
    )[0]


def _actual(measure, period, period_end, value) -> None:
    OutcomeActual.objects.get_or_create(
        measure=measure, period_end=period_end, defaults={"period": period, "value": value}
    )
