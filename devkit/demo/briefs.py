"""Demonstration design briefs for the Leicestershire CIP (called by `load_demo`; idempotent).

From the seeds: the first design brief, on stability and sufficient placements, had a service
team, a research project and in-depth data analysis commissioned by Barnardo's (article, 2019);
its five tasks and the model it recommended are in the Scrutiny report of 9 March 2021
(Appendix 1, Residential Design Brief). Service design for briefs two and three was agreed by
the board (article); the seeds do not name their subjects. The priority areas come from the
Care Placement Strategy as the Cabinet report of 6 July 2018 describes it (paragraphs 20, 27).

The briefs are history, so they are entered in the state the seeds describe, not moved
through the lifecycle services. Nothing here calls board code: the board demo
(`devkit.demo.partnership.load_brief_decisions`) records the decisions that agreed them
when it runs after this loader, and the briefs' `brief_agree` links each decision to its brief.
"""

from datetime import date

from briefs.models import (
    BriefEvent,
    BriefTask,
    DesignBrief,
    DesignTeamMember,
    DocumentLink,
    PriorityArea,
    ResearchItem,
)

Status = DesignBrief.Status

PRIORITY_AREAS = [
    (
        1,
        "Stability and sufficient placements",
        "Enough local placements, and placements that last: 63 children were in external "
        "residential placements in July 2018, about 11% of children looked after, at £9.7m in "
        "2017/18 (Cabinet report, 6 July 2018, paragraph 20).",
    ),
    (
        2,
        "Family support: keeping children safely at home",
        "New, innovative forms of family support such as MISTLE and Family Group Conferencing "
        "that keep numbers as low as possible (Cabinet report, paragraph 27).",
    ),
    (
        3,
        "Early help and prevention",
        "Earlier help for children and young people and their families, through the Early Help "
        "Review (Cabinet report, paragraph 27).",
    ),
]

BRIEFS_TWO_AND_THREE = [
    (
        2,
        "Family support at the edge of care",
        2,
        "New forms of family support, such as MISTLE and Family Group Conferencing, that keep "
        "children safely at home and the number looked after as low as possible.",
    ),
    (
        3,
        "Early help and prevention for young people",
        3,
        "Earlier help for children, young people and their families, so that fewer reach "
        "the edge of care.",
    ),
]

RESIDENTIAL_TASKS = [
    "Further analysis of current residential data to understand why young people were being "
    "placed out of county, why placements were breaking down, and identify what constitutes a "
    "successful placement",
    "Understand themes of need and how this matches to market availability, identifying "
    "challenges in sourcing placements",
    "Understand local sufficiency issues: there were more than enough residential homes in "
    "Leicestershire, but less than 50% of the council's young people were placed in them",
    "Identify local gaps in provision",
    "Identify creative solutions to respond to those gaps",
]

RESIDENTIAL_FINDINGS = (
    "More than enough residential homes in Leicestershire, but less than 50% of Leicestershire "
    "County Council's young people in residential care were placed in them.\n"
    "63 children in external residential placements (about 11% of children looked after) at a "
    "cost of £9.7m in 2017/18; the market cannot accommodate innovative care packages and is "
    "less inclined to take on children with complex needs."
)

RESIDENTIAL_RECOMMENDATIONS = (
    "A new model of residential care for Leicestershire children, in Leicestershire:\n"
    "Assessment & Resource Team (ART): therapeutic support to keep current placements or "
    "support transition into the right one.\n"
    "ART Hub: a property to house the ART, with space for multi-disciplinary meetings, "
    "training and direct work.\n"
    "Assessment Bed Unit: three short-term placements for a period of comprehensive "
    "assessment.\n"
    "Family Residential Centre: three parent and child placements for parenting assessment.\n"
    "Under 16 Residential Provision: three placements.\n"
    "16+ Residential Provision: three placements.\n"
    "The council owns the properties; Barnardo's manages the ART and the residential teams."
)


def load(partnership) -> None:
    council, partner = partnership.council, partnership.partner
    areas = {}
    for order, name, description in PRIORITY_AREAS:
        areas[order], _ = PriorityArea.all_objects.get_or_create(
            partnership=partnership,
            name=name,
            defaults={"order": order, "description": description},
        )

    residential, _ = DesignBrief.all_objects.get_or_create(
        partnership=partnership,
        number=1,
        defaults={
            "title": "Residential Design Brief",
            "priority_area": areas[1],
            "purpose": "Investigate residential care for Leicestershire's children looked after "
            "and design solutions: why young people are placed out of county, why placements "
            "break down, and what makes a placement successful.",
            "status": Status.RECOMMENDATIONS_MADE,
            "findings": RESIDENTIAL_FINDINGS,
            "recommendations": RESIDENTIAL_RECOMMENDATIONS,
        },
    )
    for order, text in enumerate(RESIDENTIAL_TASKS, start=1):
        BriefTask.objects.get_or_create(
            brief=residential, order=order, defaults={"description": text, "done": True}
        )
    for name, organisation, expertise in [
        ("Priya Shah", council, "Residential care commissioning and placement data"),
        ("Alex Reid", partner, "Residential and therapeutic care practice"),
    ]:
        DesignTeamMember.objects.get_or_create(
            brief=residential,
            name=name,
            defaults={"organisation": organisation, "expertise": expertise, "is_lead": True},
        )
    ResearchItem.objects.get_or_create(
        brief=residential,
        title="Research project and in-depth data analysis",
        defaults={
            "commissioned_by": partner,
            "description": "A full research project and in-depth analysis of residential data, "
            "commissioned by Barnardo's to inform the design team's recommendations.",
        },
    )
    DocumentLink.objects.get_or_create(
        brief=residential,
        title="Leicestershire County Council committee papers (Scrutiny report, 9 March 2021)",
        defaults={"url": "https://politics.leics.gov.uk/"},
    )
    _event(
        residential,
        date(2019, 2, 1),
        Status.AGREED,
        Status.IN_DESIGN,
        "Design team of service experts from both organisations started work",
    )
    _event(
        residential,
        date(2021, 3, 9),
        Status.IN_DESIGN,
        Status.RECOMMENDATIONS_MADE,
        "Recommendations made: a new model of residential care (reported to the Children and "
        "Families Overview and Scrutiny Committee, 9 March 2021)",
    )

    # The seeds say only that briefs two and three were agreed in May 2019; their subjects are
    # the Care Placement Strategy's other two priorities (Cabinet report, paragraph 27), the
    # areas the partnership's funded programmes (Family Group Conferencing, LifeSkills) serve.
    for number, title, area, purpose in BRIEFS_TWO_AND_THREE:
        brief, _ = DesignBrief.all_objects.get_or_create(
            partnership=partnership,
            number=number,
            defaults={
                "title": title,
                "priority_area": areas[area],
                "purpose": purpose + " Service design for briefs two and three has been "
                "agreed by the board; service experts from Leicestershire and Barnardo's "
                "have been identified.",
                "status": Status.AGREED,
            },
        )
        _event(
            brief,
            date(2019, 6, 1),
            "",
            "",
            "Service experts from Leicestershire and Barnardo's identified; work to commence",
        )


def _event(brief, on: date, before: str, after: str, text: str) -> None:
    BriefEvent.objects.get_or_create(
        brief=brief,
        description=text,
        defaults={"date": on, "from_status": before, "to_status": after},
    )
