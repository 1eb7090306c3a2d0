"""Demonstration board governance records for the Leicestershire CIP (called by `load_demo`).

From the seed documents: the board met monthly from December 2018 (article, 2019); agreed the
Residential Design Brief, its first, and then briefs two and three (article); approved
continuing into Year 3 (Scrutiny report, 9 March 2021, paragraph 9); agreed to extend the CIP
secondments until 30 November 2021 (ibid., paragraph 15). The Cabinet report of 6 July 2018
(paragraph 36) names the main risk: failing to award to a suitable provider, mitigated by
continuing to use the East Midlands Regional Children's Framework.

Idempotent: every record is found by a natural key first. Decisions are recorded through the
decision service, so they move their records as in the live system; a meeting's minutes are
signed off only once the decisions planned for it exist. The decisions that agree briefs need
the briefs app's demo records: `load_brief_decisions` records them when the briefs app has
registered its kind and its briefs 1, 2 and 3 exist, and `load_demo` may run it after the briefs
loader as well.

The seeds end in March 2021; the demonstration runs on to the end of its data, 31 March 2022
(`load_demo.DATA_AS_AT`), so that its records agree with each other at that date: the board
keeps meeting monthly, continues the partnership into Year 4 in July 2021 (before the notice
date), and the actions about the homes' opening are done, as the placement log has them open.
"""

from datetime import date, datetime, time, timedelta
from itertools import pairwise

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from board import calculations, services
from board import tasks as board_tasks
from board.models import (
    Action,
    AgendaItem,
    Attendee,
    BoardSettings,
    Decision,
    ForwardPlanEntry,
    Interest,
    Meeting,
    Proposal,
    Risk,
    Secondment,
)
from cip import archive, decisions
from cip.models import Organisation, OrganisationProposal, Partnership
from cip.services import save_versioned

FIRST_MEETING = date(2018, 12, 11)
LAST_MEETING = date(2022, 3, 31)  # the end of the demonstration's data (load_demo.DATA_AS_AT)
PLACE = "County Hall, Glenfield"

# Meetings that decide something; the rest carry the standing items only.
BRIEF_ONE = date(2019, 1, 8)
BRIEFS_TWO_AND_THREE = date(2019, 5, 14)
YEAR_TWO = date(2019, 10, 8)
YEAR_THREE = date(2020, 10, 13)
SECONDMENTS = date(2020, 11, 10)
# Before the three months' notice for Year 4 (from 1 December 2021) ran out on 1 September.
YEAR_FOUR = date(2021, 7, 13)

STANDING_ITEMS = [
    (
        "Minutes, actions and matters arising",
        "CIP strategic lead (council)",
        AgendaItem.Purpose.NOTING,
        "The minutes of the previous meeting were agreed as a true record. Actions were "
        "reviewed against the action log.",
    ),
    (
        "Programme update and risk register",
        "CIP strategic lead (Barnardo's)",
        AgendaItem.Purpose.DISCUSSION,
        "The board reviewed progress on the design briefs and the risk register.",
    ),
]

SPECIAL_ITEMS: dict[date, list[tuple[str, str, str, str]]] = {
    FIRST_MEETING: [
        (
            "Terms of reference and membership of the CIP Board",
            "Director of Children and Family Services",
            AgendaItem.Purpose.DECISION,
            "The board agreed its terms of reference: senior leaders of both organisations and "
            "the Lead Member for Children and Family Services, meeting monthly.",
        ),
    ],
    BRIEF_ONE: [
        (
            "Residential Design Brief",
            "Head of Service Commissioning and Planning",
            AgendaItem.Purpose.DECISION,
            "The first design brief, on stability and sufficient placements, was presented. "
            "A design team of service experts from both organisations was named.",
        ),
    ],
    BRIEFS_TWO_AND_THREE: [
        (
            "Design briefs two and three",
            "Head of Service Commissioning and Planning",
            AgendaItem.Purpose.DECISION,
            "Service design for briefs two and three was presented. Service experts from "
            "Leicestershire and Barnardo's have been identified and work will commence this "
            "month.",
        ),
    ],
    YEAR_TWO: [
        (
            "Continuation into Year 2",
            "CIP strategic lead (council)",
            AgendaItem.Purpose.DECISION,
            "The board reviewed the first year of the partnership against its objectives.",
        ),
    ],
    YEAR_THREE: [
        (
            "Continuation into Year 3",
            "CIP strategic lead (council)",
            AgendaItem.Purpose.DECISION,
            "The board reviewed the second year, including the grant income achieved through "
            "bids and the residential model's business cases.",
        ),
    ],
    YEAR_FOUR: [
        (
            "Continuation into Year 4",
            "CIP strategic lead (council)",
            AgendaItem.Purpose.DECISION,
            "The board reviewed the third year: the residential model's business cases "
            "approved, the CIP properties preparing to open and the funded programmes.",
        ),
    ],
    SECONDMENTS: [
        (
            "Extension of CIP secondments",
            "CIP strategic lead (Barnardo's)",
            AgendaItem.Purpose.DECISION,
            "To support implementation of the residential model, the board considered "
            "extending the current CIP secondments.",
        ),
    ],
}

SECONDMENT_ROWS = [
    # (person, home organisation identifier, role, start, end before extension)
    ("Sam Carter", "GB-LAE-LEC", "CIP strategic lead (council)", date(2018, 12, 1)),
    ("Jo Morgan", "GB-CHC-216250", "CIP strategic lead (Barnardo's)", date(2018, 12, 1)),
    ("Priya Shah", "GB-LAE-LEC", "Residential design team lead", date(2019, 2, 1)),
]
SECONDMENT_END = date(2020, 11, 30)
SECONDMENT_EXTENDED_TO = date(2021, 11, 30)

RISKS = [
    # title, description, owner, [(reviewed, likelihood, impact)], mitigation, status
    (
        "Failing to award to a suitable provider",
        "The Council is not successful in awarding a contract to a suitable provider and would "
        "therefore be unable to meet the proposed timescales (Cabinet report, 6 July 2018, "
        "paragraph 36).",
        "Director of Children and Family Services",
        [(date(2018, 7, 6), 3, 4), (date(2018, 12, 11), 1, 4)],
        "Continue to use the East Midlands Regional Children's Framework, continue to develop "
        "the proposed approach, and continue to develop local market relationships with "
        "providers of residential provision.",
        Risk.Status.CLOSED,
    ),
    (
        "Insufficient local residential placements",
        "Poor market sufficiency means buying off-framework at a higher price, and fewer than "
        "half of the children in residential care are placed inside the county.",
        "Head of Service Commissioning and Planning",
        [(date(2018, 12, 11), 5, 4), (date(2020, 12, 8), 4, 4)],
        "The Residential Design Brief and its work packages: two CIP homes acquired in "
        "December 2020, a family residential centre and an assessment unit.",
        Risk.Status.OPEN,
    ),
    (
        "Covid-19 delays delivery of funded programmes",
        "Family Group Conferencing was delayed from 1 April to 1 October 2020 and LifeSkills "
        "delivery in schools paused from March 2020.",
        "CIP strategic lead (Barnardo's)",
        [(date(2020, 4, 14), 5, 3), (date(2020, 10, 13), 3, 3)],
        "Remote support to schools, LifeSkills at home resources, and revised start dates "
        "agreed with the funders.",
        Risk.Status.OPEN,
    ),
    (
        "Property works overrun their capital budget",
        "Purchase, fees and fire safety works on the CIP properties cost more than the "
        "business cases allow.",
        "CIP strategic lead (council)",
        [(date(2020, 12, 8), 3, 3)],
        "Business cases include a 10% contingency and 4.5% inflation; the council retains "
        "the properties.",
        Risk.Status.OPEN,
    ),
]

ACTIONS = [
    # (raised at, description, owner, due, status)
    (
        FIRST_MEETING,
        "Name the members of the design team for the Residential Design Brief",
        "Head of Service Commissioning and Planning",
        date(2019, 1, 8),
        Action.Status.DONE,
    ),
    (
        BRIEF_ONE,
        "Commission the research project and data analysis for the first design brief",
        "CIP strategic lead (Barnardo's)",
        date(2019, 3, 12),
        Action.Status.DONE,
    ),
    (
        BRIEFS_TWO_AND_THREE,
        "Confirm the service experts for briefs two and three",
        "CIP strategic lead (council)",
        date(2019, 6, 11),
        Action.Status.DONE,
    ),
    (
        YEAR_THREE,
        "Report grant income achieved through bids to the Overview and Scrutiny Committee",
        "CIP strategic lead (council)",
        date(2021, 3, 9),
        Action.Status.DONE,
    ),
    (
        date(2021, 2, 9),
        "Agree go-live dates for the under 16 and 16+ residential homes",
        "Head of Service Commissioning and Planning",
        date(2021, 4, 13),
        Action.Status.DONE,  # the homes opened in December 2021
    ),
    (
        date(2021, 3, 9),
        "Bring the family residential centre's registration plan to the board",
        "CIP strategic lead (Barnardo's)",
        date(2021, 5, 11),
        Action.Status.DONE,  # the centre opened in October 2021
    ),
    (
        date(2022, 2, 8),
        "Bring Property 4's business case back to the board with its revised costs",
        "Head of Service Commissioning and Planning",
        date(2022, 5, 10),
        Action.Status.IN_PROGRESS,
    ),
    (
        date(2022, 3, 8),
        "Report the CIP homes' first months to the Overview and Scrutiny Committee",
        "CIP strategic lead (council)",
        date(2022, 6, 14),
        Action.Status.OPEN,
    ),
]


def _meeting_dates() -> list[date]:
    """Second Tuesday of each month, with the inaugural meeting on 11 December 2018."""
    return calculations.monthly_dates(FIRST_MEETING, LAST_MEETING, weekday=1, week=2)


def _board_user():
    return get_user_model().objects.filter(username="board").first()


def _meeting(partnership: Partnership, day: date) -> Meeting:
    meeting, created = Meeting.all_objects.get_or_create(
        partnership=partnership,
        date=day,
        defaults={"place": PLACE, "status": Meeting.Status.HELD},
    )
    if created:
        rows = STANDING_ITEMS + SPECIAL_ITEMS.get(day, [])
        bulk_create_with_history(
            [
                AgendaItem(
                    meeting=meeting,
                    position=position,
                    title=title,
                    presenter=presenter,
                    purpose=purpose,
                    minutes=minutes,
                )
                for position, (title, presenter, purpose, minutes) in enumerate(rows, start=1)
            ],
            AgendaItem,
        )
    return meeting


def _item(meeting: Meeting, title: str) -> AgendaItem | None:
    return meeting.items.filter(title=title).first()


def _attendees(partnership: Partnership, meeting: Meeting, orgs: dict) -> None:
    # Named guests only: the demo users are made after the loaders run, and a member added
    # on a later run would make a second run change the data.
    if meeting.attendees.exists():
        return
    Attendee.objects.create(
        meeting=meeting,
        guest_name="Lead Member for Children and Family Services",
        organisation=orgs.get("GB-LAE-LEC"),
        role="Lead Member",
    )
    Attendee.objects.create(
        meeting=meeting,
        guest_name="Director of Children and Family Services",
        organisation=orgs.get("GB-LAE-LEC"),
        role="Director",
    )
    Attendee.objects.create(
        meeting=meeting,
        guest_name="Assistant Director, Barnardo's East Midlands",
        organisation=orgs.get("GB-CHC-216250"),
        role="Senior leader",
    )
    if meeting.date.month in (3, 9):
        Attendee.objects.create(
            meeting=meeting,
            guest_name="Evaluation lead",
            organisation=orgs.get("GB-EDU-133801"),
            role="Evaluation partner",
        )


def _decide(
    *,
    meeting: Meeting,
    item: AgendaItem | None,
    kind: str,
    record,
    resolution: str,
    new_end_date: date | None = None,
) -> Decision | None:
    """Record the decision once; None when it cannot be recorded (yet)."""
    if item is None or kind not in decisions.kinds():
        return None
    record_type = ContentType.objects.get_for_model(record) if record is not None else None
    existing = meeting.decisions.filter(
        item=item, kind=kind, record_type=record_type, record_id=getattr(record, "pk", None)
    ).first()
    if existing or meeting.is_signed_off:
        return existing
    registered = decisions.kinds()[kind]
    if (
        record is not None
        and not registered.candidates(meeting.partnership).filter(pk=record.pk).exists()
    ):
        return None  # e.g. a brief the briefs demo already marks agreed
    return services.decision_record(
        meeting=meeting,
        item=item,
        kind=kind,
        outcome=Decision.Outcome.APPROVED,
        resolution=resolution,
        record=record,
        user=_board_user(),
        new_end_date=new_end_date,
    )


def _brief(partnership: Partnership, number: int):
    """Brief `number` of the partnership, found through the registered paper (every brief,
    whatever its state) or else the registered decision kind."""
    source = decisions.papers().get("briefs.DesignBrief") or decisions.kinds().get(
        Decision.Kind.BRIEF_AGREE
    )
    if source is None or source.candidates is None:
        return None
    return source.candidates(partnership).filter(number=number).first()


def _set_paper(item: AgendaItem | None, record) -> None:
    if item is None or record is None or item.paper_id or item.meeting.is_signed_off:
        return
    item.paper_type = ContentType.objects.get_for_model(record)
    item.paper_id = record.pk
    item.save(update_fields=["paper_type", "paper_id", "updated_at"])


@transaction.atomic
def load_brief_decisions(partnership: Partnership) -> None:
    """The decisions agreeing briefs 1 (Residential), 2 and 3, once the briefs exist."""
    meetings = {
        m.date: m
        for m in partnership.board_meetings.filter(date__in=[BRIEF_ONE, BRIEFS_TWO_AND_THREE])
    }
    if len(meetings) < 2:
        return
    first = _brief(partnership, 1)
    item = _item(meetings[BRIEF_ONE], "Residential Design Brief")
    if first is not None:
        _set_paper(item, first)
        _decide(
            meeting=meetings[BRIEF_ONE],
            item=item,
            kind=Decision.Kind.BRIEF_AGREE,
            record=first,
            resolution="The board agreed the Residential Design Brief and named its design "
            "team of service experts from both organisations.",
        )
    item = _item(meetings[BRIEFS_TWO_AND_THREE], "Design briefs two and three")
    for number in (2, 3):
        brief = _brief(partnership, number)
        if brief is None:
            continue
        if number == 2:
            _set_paper(item, brief)
        _decide(
            meeting=meetings[BRIEFS_TWO_AND_THREE],
            item=item,
            kind=Decision.Kind.BRIEF_AGREE,
            record=brief,
            resolution=f"The board agreed service design for brief {number}: {brief}.",
        )
    _sign_off_when_complete(partnership)


def _planned_decisions_exist(meeting: Meeting) -> bool:
    """Whether the decisions the demo plans for this meeting are all recorded."""
    count = meeting.decisions.count()
    wanted = {
        FIRST_MEETING: 1,
        BRIEF_ONE: 1,
        BRIEFS_TWO_AND_THREE: 2,
        YEAR_TWO: 1,
        YEAR_THREE: 1,
        YEAR_FOUR: 1,
        SECONDMENTS: len(SECONDMENT_ROWS),
    }.get(meeting.date, 0)
    return count >= wanted


def _sign_off_when_complete(partnership: Partnership) -> None:
    """Sign off every held meeting but the latest, in date order, up to the first whose
    planned decisions are not all recorded yet (minutes are signed off in date order)."""
    meetings = list(partnership.board_meetings.order_by("date"))
    user = _board_user()
    for meeting, following in pairwise(meetings):
        if meeting.status == Meeting.Status.SIGNED_OFF:
            continue
        if meeting.status != Meeting.Status.HELD or not _planned_decisions_exist(meeting):
            return
        services.meeting_sign_off(
            meeting=meeting, expected_version=meeting.version, user=user, on=following.date
        )
        # The demo's minutes are rendered as it loads, as its reports' PDFs are: the queued
        # task then finds them made and does nothing.
        board_tasks.render_minutes.call(meeting.minutes_record.pk)


def _risks(partnership: Partnership) -> None:
    for title, description, owner, reviews, mitigation, status in RISKS:
        if partnership.board_risks(manager="all_objects").filter(title=title).exists():
            continue
        (reviewed, likelihood, impact), *later = reviews
        risk = save_versioned(
            instance=Risk(
                partnership=partnership,
                title=title,
                description=description,
                owner=owner,
                likelihood=likelihood,
                impact=impact,
                mitigation=mitigation,
                status=Risk.Status.OPEN if later else status,
                raised_on=reviewed,  # raised at its first review
                closed_on=None if later or status == Risk.Status.OPEN else reviewed,
                last_reviewed=reviewed,
            ),
            expected_version=None,
        )
        _date_last_history(risk, reviewed)
        for index, (reviewed, likelihood, impact) in enumerate(later):
            risk.likelihood, risk.impact, risk.last_reviewed = likelihood, impact, reviewed
            if index == len(later) - 1:
                risk.status = status
                risk.closed_on = reviewed if status == Risk.Status.CLOSED else None
            save_versioned(instance=risk, expected_version=risk.version)
            _date_last_history(risk, reviewed)


# A risk the board retired: archived, so the archive's pages have a record to show.
RETIRED_RISK = (
    "Design team members are not released from their day jobs",
    "Seconded practitioners are pulled back to caseloads, slowing the design of brief 1.",
    "Director of Children and Family Services",
    date(2019, 1, 8),
)


def _retired_risk(partnership: Partnership) -> None:
    title, description, owner, reviewed = RETIRED_RISK
    if partnership.board_risks(manager="all_objects").filter(title=title).exists():
        return
    risk = save_versioned(
        instance=Risk(
            partnership=partnership,
            title=title,
            description=description,
            owner=owner,
            likelihood=2,
            impact=2,
            status=Risk.Status.CLOSED,
            raised_on=date(2018, 12, 11),  # at the first board meeting
            closed_on=reviewed,
            last_reviewed=reviewed,
        ),
        expected_version=None,
    )
    # The board member's sign-in is made after the loaders: on a first load the history
    # says the system archived it, as it says for the minutes signed off then.
    archive.archive(record=risk, user=_board_user())


def _date_last_history(risk: Risk, day: date) -> None:
    """Date the history row as the review it stands for, so the score history reads true."""
    moment = timezone.make_aware(datetime.combine(day, time(12)))
    latest = risk.history.order_by("-history_id").first()
    type(latest).objects.filter(pk=latest.pk).update(history_date=moment)


def _actions(partnership: Partnership, meetings: dict[date, Meeting]) -> None:
    for raised_at, description, owner, due, status in ACTIONS:
        Action.all_objects.get_or_create(
            partnership=partnership,
            description=description,
            defaults={
                "meeting": meetings.get(raised_at),
                "owner": owner,
                "due_date": due,
                "status": status,
            },
        )


@transaction.atomic
def load(partnership: Partnership) -> None:
    orgs = {
        o.identifier: o
        for o in Organisation.all_objects.filter(
            identifier__in=["GB-LAE-LEC", "GB-CHC-216250", "GB-EDU-133801"]
        )
    }
    BoardSettings.objects.get_or_create(partnership=partnership)
    meetings = {day: _meeting(partnership, day) for day in _meeting_dates()}
    for meeting in meetings.values():
        _attendees(partnership, meeting, orgs)

    secondments = []
    for person, org_id, role, start in SECONDMENT_ROWS:
        secondment, _ = Secondment.all_objects.get_or_create(
            partnership=partnership,
            person=person,
            defaults={
                "home_organisation": orgs[org_id],
                "role": role,
                "start_date": start,
                "end_date": SECONDMENT_END,
            },
        )
        secondments.append(secondment)

    _decide(
        meeting=meetings[FIRST_MEETING],
        item=_item(meetings[FIRST_MEETING], "Terms of reference and membership of the CIP Board"),
        kind=Decision.Kind.OTHER,
        record=None,
        resolution="The board agreed its terms of reference and membership.",
    )
    years = {y.number: y for y in partnership.contract_years.all()}
    for day, number in ((YEAR_TWO, 2), (YEAR_THREE, 3), (YEAR_FOUR, 4)):
        year = years.get(number)
        if year is None:
            continue
        item = _item(meetings[day], f"Continuation into Year {number}")
        _set_paper(item, year)
        _decide(
            meeting=meetings[day],
            item=item,
            kind=Decision.Kind.CONTINUATION,
            record=year,
            resolution=f"The board approved the partnership's continuation into Year {number}, "
            f"from {year.start_date:%-d %B %Y}.",
        )
    for secondment in secondments:
        _decide(
            meeting=meetings[SECONDMENTS],
            item=_item(meetings[SECONDMENTS], "Extension of CIP secondments"),
            kind=Decision.Kind.SECONDMENT_EXTEND,
            record=secondment,
            resolution=f"The board agreed to extend the secondment of {secondment.person} "
            "until 30 November 2021 to support implementation of the residential model.",
            new_end_date=SECONDMENT_EXTENDED_TO,
        )
    _risks(partnership)
    _retired_risk(partnership)
    _actions(partnership, meetings)
    load_brief_decisions(partnership)
    _sign_off_when_complete(partnership)
    _committee_records(partnership, meetings)


def _committee_records(partnership: Partnership, meetings: dict[date, Meeting]) -> None:
    """One of each committee record, so that every page has something true to show: the
    board member's registered interest, a decision between meetings that lapsed, the last
    meeting's forward plan entry, and an organisation of the partnership's own register."""
    member = _board_user()
    days = sorted(meetings)
    if member is not None:
        Interest.objects.get_or_create(
            partnership=partnership,
            user=member,
            category=Interest.Category.MEMBERSHIP,
            defaults={
                "description": "Trustee of a children's charity in the county",
                "registered_on": days[0],
            },
        )
    last, before = meetings[days[-1]], days[-2]
    Proposal.objects.get_or_create(
        partnership=partnership,
        title="Extend the design team's review period by one month",
        defaults={
            "text": "The design team asked for a month more to review the residential model.",
            "kind": Decision.Kind.OTHER,
            "sent_on": before + timedelta(days=7),
            "deadline": before + timedelta(days=21),
            "meeting": last,
        },
    )  # no member voted: it lapsed at its deadline
    ForwardPlanEntry.objects.get_or_create(
        partnership=partnership,
        title="Continuation into Year 5",
        defaults={
            "description": "Whether the partnership continues into its fifth contract year.",
            "meeting": last,
            "key_decision": True,
            "added_on": last.date - timedelta(days=56),
        },
    )
    Organisation.all_objects.get_or_create(
        identifier="GB-COH-11223344",
        defaults={
            "name": "Charnwood Family Support CIC",
            "kind": Organisation.Kind.PROVIDER,
            "owner": partnership,
        },
    )
    # A change to the shared register waiting for a site administrator (the partner's
    # entry, whose kind the administrator thinks should read Provider).
    partner = partnership.partner
    OrganisationProposal.objects.get_or_create(
        partnership=partnership,
        organisation=partner,
        status=OrganisationProposal.Status.PROPOSED,
        defaults={
            "name": partner.name,
            "kind": Organisation.Kind.PROVIDER,
            "identifier": partner.identifier,
            "why": "The partner runs the CIP homes, so the register should list it as a provider.",
            "proposed_by": get_user_model().objects.filter(username="admin").first(),
        },
    )
