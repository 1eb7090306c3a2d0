"""Demonstration bids for the Leicestershire CIP (called by `load_demo`; idempotent).

The four awards and their figures are from the Scrutiny report of 9 March 2021 (seed 004):
HAF 2019 £798,000, Family Group Conferencing £234,600 and £514,212 (Northamptonshire), and
Advanced LifeSkills (YEF) £486,165 of which £100,000 for the evaluation partner. Where the
report gives only a month ("submitted in June 2019") the day is the last of that month, and
the notes say so. Everything else (the open bids, the award conditions and the HAF sub-grant
recipients and amounts) is illustrative and says so in its own text.
"""

from datetime import date
from decimal import Decimal

from cip.models import Organisation
from funding.models import (
    Bid,
    BidDocument,
    Condition,
    ReachFigure,
    SubGrant,
    SupportingOrganisation,
)

Kind = Organisation.Kind
Stage = Bid.Stage
SOURCE = "Scrutiny report, 9 March 2021, Appendix 1"

ORGANISATIONS = [
    ("GB-GOR-PR1092", "Department for Education", Kind.FUNDER),
    ("GB-CHC-1185413", "Youth Endowment Fund", Kind.FUNDER),
    ("GB-LAE-NTH", "Northamptonshire County Council", Kind.COUNCIL),
    ("GB-CHC-216250", "Barnardo's", Kind.CHARITY),
    ("GB-LAE-LEC", "Leicestershire County Council", Kind.COUNCIL),
    ("GB-CHC-509300", "Voluntary Action LeicesterShire", Kind.CHARITY),
    ("GB-UKPRN-10005790", "Sheffield Hallam University", Kind.UNIVERSITY),
]

# Placeholder holiday-club providers: the report names none, so neither name nor org-id is
# real (the XX- prefix is not an org-id list).
ILLUSTRATIVE_PROVIDERS = [
    ("XX-ILLUSTRATIVE-HAF-1", "Holiday club provider A (illustrative)"),
    ("XX-ILLUSTRATIVE-HAF-2", "Holiday club provider B (illustrative)"),
    ("XX-ILLUSTRATIVE-HAF-3", "Holiday club provider C (illustrative)"),
]


def _ensure(model, lookup: dict, defaults: dict):
    """get_or_create, but every new record is validated as a form would validate it. The base
    manager: a record someone archived is still there, and is not made again."""
    record = model._base_manager.filter(**lookup).first()
    if record is None:
        record = model(**lookup, **defaults)
        record.full_clean()
        record.save()
    return record


def _organisations() -> dict[str, Organisation]:
    orgs = {}
    for identifier, name, kind in ORGANISATIONS:
        orgs[identifier] = Organisation.all_objects.get_or_create(
            identifier=identifier, defaults={"name": name, "kind": kind}
        )[0]
    for identifier, name in ILLUSTRATIVE_PROVIDERS:
        orgs[identifier] = Organisation.all_objects.get_or_create(
            identifier=identifier, defaults={"name": name, "kind": Kind.PROVIDER}
        )[0]
    return orgs


def _awards(partnership, orgs) -> dict[str, Bid]:
    dfe, yef = orgs["GB-GOR-PR1092"], orgs["GB-CHC-1185413"]
    council, barnardos = orgs["GB-LAE-LEC"], orgs["GB-CHC-216250"]
    fgc_programme = "Supporting Families: Investing in Practice"
    rows = {
        "haf": (
            "Holiday Activities and Food programme 2019",
            {
                "funder": dfe,
                "programme": "Holiday Activities and Food programme 2019",
                "lead_applicant": barnardos,
                "eligibility_note": "In December 2018 the DfE invited organisations to bid to "
                "co-ordinate free holiday provision for children eligible for free school "
                "meals. Barnardo's led, with the council, VAL and Leicester-Shire & Rutland "
                "Sport as Improvement Partners.",
                "stage": Stage.CLOSED,
                "submitted_on": date(2019, 3, 31),
                "decided_on": date(2019, 4, 30),
                "start_date": date(2019, 5, 1),
                "end_date": date(2019, 9, 30),
                "amount_requested": Decimal("798000"),
                "amount_awarded": Decimal("798000"),
                "probability": 100,
                "notes": "Local co-ordination of free holiday activities and healthy food for "
                "disadvantaged children in the 2019 summer holidays, sub-granted to local "
                "providers through the Shire Grants portal. LRS managed the project and "
                "Barnardo's the grants. The report says only 'early 2019' for the bid: the "
                "submitted, decided, start and end dates are approximate.",
            },
        ),
        "fgc": (
            "Family Group Conferencing",
            {
                "funder": dfe,
                "programme": fgc_programme,
                "lead_applicant": council,
                "eligibility_note": "Open to local authorities only: Barnardo's supported the "
                "council's bid with its bid-writing expertise.",
                "stage": Stage.IN_DELIVERY,
                "submitted_on": date(2019, 6, 30),
                "decided_on": date(2019, 7, 31),
                "start_date": date(2020, 10, 1),
                "end_date": date(2022, 3, 31),
                "duration_months": 18,
                "amount_requested": Decimal("234600"),
                "amount_awarded": Decimal("234600"),
                "probability": 100,
                "notes": "Family Group Conferences at the point of pre-court proceedings, for "
                "204 referrals with 50% offered an FGC in a randomised control trial overseen "
                "by the What Works Centre for Children's Social Care. Planned to start on "
                "1 April 2020; Covid-19 moved the start to 1 October 2020. Submitted in June "
                "and confirmed in July 2019 (days approximate).",
            },
        ),
        "fgc_nth": (
            "Family Group Conferencing for Northamptonshire",
            {
                "funder": dfe,
                "programme": fgc_programme,
                "lead_applicant": orgs["GB-LAE-NTH"],
                "eligibility_note": "Open to local authorities only. Northamptonshire's own bid "
                "succeeded but it could not source a delivery partner, so Barnardo's delivers "
                "under the terms of the CIP.",
                "stage": Stage.IN_DELIVERY,
                "submitted_on": date(2019, 6, 30),
                "decided_on": date(2019, 7, 31),
                "start_date": date(2020, 10, 1),
                "end_date": date(2022, 3, 31),
                "duration_months": 18,
                "amount_requested": Decimal("514212"),
                "amount_awarded": Decimal("514212"),
                "probability": 100,
                "notes": "For 462 referrals with 50% offered an FGC on the same randomised "
                "control trial basis. Dates as for Leicestershire's award (approximate).",
            },
        ),
        "yef": (
            "Advanced LifeSkills in 6 secondary schools",
            {
                "funder": yef,
                "programme": "Youth Endowment Fund 2019 grant round",
                "lead_applicant": council,
                "eligibility_note": "Projects in England and Wales preventing youth offending; "
                "Barnardo's supported the council's bid.",
                "stage": Stage.IN_DELIVERY,
                "submitted_on": date(2019, 7, 31),
                "decided_on": date(2019, 9, 30),
                "start_date": date(2020, 1, 6),
                "amount_requested": Decimal("486165"),
                "amount_awarded": Decimal("486165"),
                "evaluation_partner": orgs["GB-UKPRN-10005790"],
                "evaluation_share": Decimal("100000"),
                "probability": 100,
                "notes": "The Advanced LifeSkills programme in 6 Leicestershire secondary "
                "schools, aiming to reduce youth violence. Delivery began in January 2020 and "
                "paused from March 2020 when schools closed. Submitted in July, notified in "
                "September 2019 (days approximate).",
            },
        ),
    }
    return {
        key: _ensure(Bid, {"partnership": partnership, "title": title}, defaults)
        for key, (title, defaults) in rows.items()
    }


def _pipeline(partnership, orgs) -> None:
    dfe, yef = orgs["GB-GOR-PR1092"], orgs["GB-CHC-1185413"]
    council, barnardos = orgs["GB-LAE-LEC"], orgs["GB-CHC-216250"]
    illustrative = "Illustrative: not from the seed documents."
    rows = [
        (
            "Staying Close for care leavers (illustrative)",
            {
                "funder": dfe,
                "programme": "Staying Close",
                "lead_applicant": council,
                "eligibility_note": "Open to local authorities; Barnardo's would deliver.",
                "stage": Stage.SUBMITTED,
                "deadline": date(2021, 2, 26),
                "submitted_on": date(2021, 2, 24),
                "decision_expected_on": date(2021, 5, 31),
                "amount_requested": Decimal("420000"),
                "probability": 50,
            },
        ),
        (
            "Holiday Activities and Food 2021 co-ordination (illustrative)",
            {
                "funder": dfe,
                "programme": "Holiday Activities and Food programme 2021",
                "lead_applicant": council,
                "eligibility_note": "From 2021 the programme is run through local authorities.",
                "stage": Stage.INTERNAL_SIGN_OFF,
                "deadline": date(2021, 3, 26),
                "amount_requested": Decimal("250000"),
                "probability": 70,
            },
        ),
        (
            "Youth violence prevention in alternative provision (illustrative)",
            {
                "funder": yef,
                "programme": "Youth Endowment Fund themed grant round",
                "lead_applicant": barnardos,
                "eligibility_note": "Open to charities and councils in England and Wales.",
                "stage": Stage.DRAFTING,
                "deadline": date(2021, 4, 30),
                "amount_requested": Decimal("350000"),
                "probability": 30,
            },
        ),
        (
            "Family Group Conferencing continuation (illustrative)",
            {
                "funder": dfe,
                "programme": "",
                "lead_applicant": council,
                "stage": Stage.PROSPECT,
                "amount_requested": Decimal("150000"),
                "probability": 20,
            },
        ),
    ]
    for title, defaults in rows:
        _ensure(
            Bid,
            {"partnership": partnership, "title": title},
            {**defaults, "notes": illustrative},
        )


def _around_the_awards(awards: dict[str, Bid], orgs) -> None:
    haf, fgc, fgc_nth, yef = awards["haf"], awards["fgc"], awards["fgc_nth"], awards["yef"]
    council, barnardos = orgs["GB-LAE-LEC"], orgs["GB-CHC-216250"]
    supporters = [
        (haf, council, "Improvement Partner"),
        (haf, orgs["GB-CHC-509300"], "Improvement Partner: supplier workshops"),
        (fgc, barnardos, "Bid writing and delivery of the conferences"),
        (fgc_nth, barnardos, "Delivery partner under the CIP"),
        (fgc_nth, council, "CIP partner council"),
        (yef, barnardos, "Bid writing and delivery"),
    ]
    for bid, organisation, role in supporters:
        _ensure(SupportingOrganisation, {"bid": bid, "organisation": organisation}, {"role": role})

    _ensure(
        BidDocument,
        {"bid": yef, "title": "LifeSkills video: feedback from children, families and staff"},
        {"url": "https://animoto.com/play/wJd6lmn0hQohN3rMheiAVA"},
    )

    reach = [
        (haf, "places offered", 1904),
        (haf, "meal opportunities", 30464),
        (haf, "hours of activity opportunities", 121856),
        (haf, "eligible children engaged", 2023),
        (haf, "children asked about their experience", 403),
        (fgc, "referrals planned (50% offered an FGC)", 204),
        (fgc_nth, "referrals planned (50% offered an FGC)", 462),
        (yef, "secondary schools taking part", 6),
    ]
    as_at = {haf.pk: date(2019, 9, 30), yef.pk: date(2020, 1, 6)}
    for bid, unit, value in reach:
        _ensure(
            ReachFigure,
            {"bid": bid, "unit": unit},
            {"value": value, "as_at": as_at.get(bid.pk, date(2019, 7, 31)), "source": SOURCE},
        )

    for index, (identifier, amount, purpose) in enumerate(
        [
            ("XX-ILLUSTRATIVE-HAF-1", "42500", "Summer holiday club with lunch, 4 weeks"),
            ("XX-ILLUSTRATIVE-HAF-2", "36800", "Multi-sport holiday programme with meals"),
            ("XX-ILLUSTRATIVE-HAF-3", "28750", "Arts and cooking holiday club"),
        ]
    ):
        _ensure(
            SubGrant,
            {"bid": haf, "recipient": orgs[identifier]},
            {
                "amount": Decimal(amount),
                "purpose": f"{purpose} (illustrative amount)",
                "awarded_on": date(2019, 6, 14 + index),
                "granted_through": "Shire Grants portal",
                "start_date": date(2019, 7, 22),
                "end_date": date(2019, 8, 30),
            },
        )

    conditions = [
        (
            yef,
            Condition.Kind.PAYMENT,
            "First instalment received (illustrative)",
            date(2019, 12, 31),
            date(2019, 12, 20),
            "150000",
        ),
        (
            yef,
            Condition.Kind.MONITORING_REPORT,
            "Termly delivery report (illustrative)",
            date(2020, 7, 31),
            date(2020, 7, 29),
            None,
        ),
        (
            yef,
            Condition.Kind.MONITORING_REPORT,
            "Recovery plan after school closures (illustrative)",
            date(2021, 3, 31),
            None,
            None,
        ),
        (
            fgc,
            Condition.Kind.CLAIM,
            "Quarterly grant claim, Q3 2020/21 (illustrative)",
            date(2021, 1, 31),
            date(2021, 1, 28),
            "39100",
        ),
        (
            fgc,
            Condition.Kind.MONITORING_REPORT,
            "Trial data return to the What Works Centre (illustrative)",
            date(2021, 4, 30),
            None,
            None,
        ),
        (
            haf,
            Condition.Kind.MONITORING_REPORT,
            "HAF 2019 impact report to the DfE (illustrative due date)",
            date(2019, 10, 31),
            date(2019, 10, 25),
            None,
        ),
    ]
    for bid, kind, title, due, done, amount in conditions:
        _ensure(
            Condition,
            {"bid": bid, "title": title},
            {
                "kind": kind,
                "due_on": due,
                "completed_on": done,
                "amount": Decimal(amount) if amount else None,
            },
        )


def load(partnership) -> None:
    orgs = _organisations()
    awards = _awards(partnership, orgs)
    _pipeline(partnership, orgs)
    _around_the_awards(awards, orgs)
