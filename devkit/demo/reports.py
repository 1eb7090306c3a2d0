"""Demonstration reports (called by `load_demo`, last; idempotent on partnership, kind, date
and title): a draft Scrutiny report like the one of 9 March 2021 (seed 004) and a draft
Cabinet report shaped like the one of 6 July 2018 (seed 001).

The narrative is the seeds' own, in the template's order (so the Scrutiny report's 19
paragraphs and the Cabinet report's 45 are numbered again in that order). The appendices made
from live records (business cases, funding, placements, risks) follow the officer's own.
"""

from datetime import date

from django.contrib.auth import get_user_model

from reports import services, tasks
from reports.models import Report

SCRUTINY = {
    "purpose": """The purpose of this report is to provide an update on the progress of the \
Children's Innovation Partnership (CIP).""",
    "policy": """Local Authorities are responsible for the most vulnerable children living within \
its borders. There is a duty of 'sufficiency' that requires Local Authorities and partners to \
ensure that, through direct provision or commissioned services, a range of placements \
sufficient to meet the needs of all children in care are available locally or that there is a \
plan in place to move towards that position. This duty is carried out in accordance with the \
Children Act 1989. Leicestershire also aims to provide the right service at the right time \
(including placement/care), as set out in the Care Placement Strategy 2018-2021.

The CIP and related projects do not require a change to a Plan/Strategy within the Policy \
Framework.""",
    "circulation": "None.",
    "officers": """Jane Moore, Director of Children and Family Services
Jane.Moore@leics.gov.uk
Tel: 0116 305 2649

Sharon Cooke, Assistant Director, Targeted Early Help and Children's Social Care
Sharon.Cooke@leics.gov.uk
Tel: 0116 305 5479

Nicci Collins, Deputy Assistant Director
Nicci.Collins@leics.gov.uk
Tel: 0116 305 4504""",
    "background": """In 2017 Leicestershire County Council's Medium-Term Financial Strategy (MTFS) \
set out that the authority needed to save £54m by 2020/21, £3.7m of which needed to be achieved \
within children's social care. Alongside this, the number of looked after children (LAC) in \
Leicestershire was set to grow which was projected to result in an estimated cost increase of \
£14.7m in 2021/22.

Poor market sufficiency and an inflexible market approach combined with excess demand for beds \
led to a seller's market. As a result, nationally it was becoming increasingly difficult for \
local authorities to influence the market.

It was identified that in order to develop whole-system change, the expertise of an external \
partner was needed to work alongside the Children and Family Services Department. A two-tier \
model was conceived, comprising a collaboration agreement as a framework for governance and the \
design process, alongside the provision of options for the delivery or co-delivery of services \
by the partner or other providers.

In December 2018, Barnardo's was awarded the Children's Innovation Partnership contract for up \
to a ten-year term, renewed on an annual basis. A Children's Innovation Partnership Board (CIP) \
was established, including senior leaders from both organisations and the Lead Member for \
Children and Family services, to provide governance and challenge.

The key objectives of the CIP were to co-design services by sharing expertise and knowledge in \
the delivery of innovative solutions, contribute to transformational change through new and \
shared service delivery models, to co-deliver services that are focused on outcomes and value \
for money, to co-invest in providing additional resources and to review and develop new ways of \
working, and to develop the system leadership and collaboration between different organisations \
necessary to drive innovative systems change.

The CIP has been in operation since December 2018 and was recently approved to continue into \
Year 3.

Key to the success of the partnership to date has been the direct focus on delivery of outcomes \
and bringing about improvements to services. The golden thread has been the sharing of expertise \
between the two organisations and other partners.

Relationships have been key in establishing and maintaining the partnership and its momentum. \
Relationships at all levels have also been strengthened through the CIP Board, which has been an \
effective group with excellent representation and commitment from colleagues across both \
organisations.

Achievements to date include the commitment to working together with a shared vision, shared \
values, understanding of requirements, and a focus on outcomes. Almost £2m has been achieved \
through bids for funding to deliver new services to children and families including:
(a) The Holiday Activities and Food (HAF) Programme in 2019.
(b) A pilot project delivering Family Group Conferences.
(c) A project delivering the Advanced Life Skills programme in Leicestershire schools.
(d) The co-production with Leicestershire County Council of a new model of residential care \
which includes developing residential provision in Leicestershire for Leicestershire children:
(i) Property 1: Acquired in December 2020 to deliver residential care for children up to 16 \
years of age
(ii) Property 2: Acquired in December 2020 to deliver residential care for children over 16 \
years of age
(iii) Property 3: Commencement of development in January 2021 of a third property to deliver \
Family (parent-child) residential care
(iv) Property 4: Authorisation of plans to develop an assessment residential care unit
(v) Creation of an assessment and therapeutic team (Assessment and Resource Team) which went \
live in December 2020

The Partnership also received external recognition through articles in national publications \
and achieving highly commended in the Innovation category at the GO Awards. Detailed \
descriptions of these projects can be found in Appendix 1.

Financial implications of the new model for residential care (Projected Savings) are as follows:
(a) Property 1: Residential care for children up to 16 years of age. The overall cost of the \
new scheme is expected to be £431k, comprising up to £365k for the purchase of the property, \
£11k fees and approximately £55k for estimated redecoration and modifications including the \
installation of a sprinkler system.
Revenue savings for the property are projected to be £82k per annum for three placements. The \
difference in the Barnardo's providing the care costs compared to the current average costs \
for these young people is £183 per person per week. A retained asset has been assumed available \
for re-sale at the current market value £365k if no longer required. Based on these prudent \
assumptions, the proposed financial evaluation gives a payback of five years.
(b) Property 2: Residential care for children over 16 years of age. The overall cost of the \
new scheme is expected to be £437k, comprising up to £385k for the purchase of the property, \
£12k fees and approximately £40k for fire regulatory works.
Revenue savings for the property are projected to be £188k per annum for three 16+ placements: \
£136k per annum (based on weekly savings per person of £1,164 and assuming 75% occupancy) and \
£52k for the avoided travel time and expenses. The 16+ cohort averages £5,117 per week per \
person (£5,985 for those about to turn 16). Based on these prudent assumptions, the payback is \
within 2.5 years.
(c) Property 3: Family (parent-child) residential care. The capital budget requirement is £549k \
including major refurbishment costs, an additional 10% contingency and 4.5% for annual \
inflation. The internal asset transfer value of the currently owned County Council property is \
£320k making the total investment cost £869k. The retained value of the asset will be in the \
region of £600k, reducing the net investment to £369k.
The annual net revenue savings are £247k pa: service and running costs of £296k per annum \
compared with £543k on a do-nothing basis (£480k to commission the equivalent service and £63k \
of staff and expense savings), achieving a payback within two years (four years based on the \
gross investment).
(d) Property 4: Assessment residential care unit. The cost of providing this service, including \
the property costs, is expected to be in the region of £1.1m based on the detailed resource \
costs provided by Barnardo's, with a payback within five years.

To support the work, current CIP secondments have been agreed to extend until 30 November 2021. \
By the end of 2021 two of the residential homes will be fully functional and the Family \
Residential Centre and Assessment Unit/Hub will be functional by mid-2022.""",
    "equality": """CIP and the related projects are considered a positive adjustment and will \
bring greater benefit to children and their families, specifically enable children with very \
complex needs to be cared for within their communities or close to their communities, with \
continuity of services such as remaining in their school, college and continuing with services \
for example through CAMHS or local health provision.""",
    "background_papers": "None.",
    "appendices": """## Appendix 1 - Detailed Descriptions of the Projects

### Holiday Activities & Food Programme

As part of the CIP, in early 2019 Barnardo's successfully submitted a grant application to the \
DfE for £798,000 to deliver local co-ordination of free holiday activities and healthy food for \
disadvantaged children during the 2019 summer holidays, with Leicestershire County Council, \
Voluntary Action Leicestershire and Leicester-Shire & Rutland Sport as Improvement Partners.

Suppliers offered 1904 places, equating to providing 30,464 meal opportunities and 121,856 \
hours of activity opportunities, and engaged 2023 individuals who are eligible for free school \
meals.

### Family Group Conferencing

Leicestershire County Council was awarded £234,600 for 18 months, based on 204 referrals with \
50% being offered an FGC on a random control basis. Northamptonshire were awarded £514,212 for \
18 months, based on 462 referrals, delivered by Barnardo's under the terms of the CIP.

### Youth Endowment Fund

Leicestershire County Council was awarded £486,165 to deliver the Advanced LifeSkills programme \
in 6 Leicestershire secondary schools, with the aim of reducing youth violence. This amount \
included £100,000 for an evaluation partner, which was Sheffield Hallam University.

### Residential Design Brief

The model includes the Assessment & Resource Team (ART), which started delivery on 1 December \
2020; an ART Hub (May 2022); an Assessment Bed Unit (May 2022); a Family Residential Centre \
(October 2021); Under 16 Residential Provision and 16+ Residential Provision (end of 2021). The \
properties will be owned by Leicestershire County Council, and the ART and residential teams \
will be managed by Barnardo's.""",
}

CABINET = {
    "purpose": """The purpose of the report is to seek the Cabinet's agreement to the development \
of a 'Children's Innovation Partnership', which would see the County Council co-design and \
co-deliver children's care services with a partner organisation, and to authorise the Director \
of Children and Family Services to undertake work on the first stage of the project including \
Invitation to Tender.

The proposals have been developed through the Council's emerging Care Placement Strategy which \
will aim to take a 'whole system' approach to care placements for children and young people.""",
    "recommendations": """It is recommended that -
(a) That the formation of a Children's Innovation Partnership as outlined in the report be \
approved;
(b) That the Director of Children and Family Services be authorised to publish an Invitation to \
Tender to form a Children's Innovation Partnership with the Council;
(c) That a further report be submitted to the Cabinet in autumn 2018 on the outcome of the \
Invitation to Tender and chosen provider.""",
    "reasons": """The Council needs to develop a more efficient, and cost-effective approach to \
the provision of care placements for children and young people and would greatly benefit from the \
expertise of an external organisation to deal with the challenges.

Authorising the Director to proceed with the work to develop the Children's Innovation \
Partnership will enable this to proceed at the earliest opportunity (the cost being met through \
existing resources).""",
    "timetable": """Subject to the Cabinet's approval the Invitation to Tender would be published \
on 31 July.

A further report will be submitted to the Cabinet in the autumn regarding progress with the \
first stage of work and presenting the final Care Placement Strategy for approval.

The Children and Families Overview and Scrutiny Committee will receive a report at its meeting \
in the autumn.""",
    "policy": """The Children's Innovation Partnership will work within the Children and Family \
Service (CFS) Policy Framework which includes The Children and Family Services Continuous \
Improvement Plan arising from the Ofsted Single Inspection Framework in 2016.

There are a number of national and local drivers which underpin the need for Local Authorities \
to look innovatively at what is being delivered in relation to children in care.""",
    "resources": """The County Council's Medium Term Financial Strategy (MTFS) sets out that £54m \
savings need to be realised across the Authority by 2020/21, of which £6.47m needs to be \
achieved in children's social care services.

The precise financial arrangements to support the Partnership will be identified as the \
Partnership is developed; following the contract award a design phase will be undertaken to \
determine the initiatives that will be delivered by the Partnership and how they will be \
resourced.

All activities to be delivered through the Partnership will be approved through business cases \
and plans that will consider cost using intelligence from internal delivery costs, national \
benchmarking data and external provider market costs where available and outcomes for children \
and young people.

The Director of Corporate Resources and the Director of Law and Governance have been consulted \
on the content of this report.""",
    "circulation": "None.",
    "officers": """Paul Meredith, Director of Children and Family Services
Tel: 0116 305 7441
Email: paul.meredith@leics.gov.uk

Liz Perfect, Head of Service - Commissioning and Planning
Tel: 0116 305 4814
Email: liz.perfect@leics.gov.uk""",
    "background": """## Current Position

Local authorities have an overarching responsibility for safeguarding and promoting the welfare \
of all children and young people in their area, under the 1989 and 2004 Children Acts, \
including a unique responsibility to the children they look after and their care leavers.

Nationally the number of LAC, including those in foster care, has been steadily increasing in \
recent years, with local authorities struggling to provide placements for children in their \
areas. Thousands more foster-carers are needed.

Independent fostering agencies (IFAs) play a vital role but placements with IFAs can be at \
considerably higher cost than those provided by local authorities, often costing twice as much \
as an in-house placement. It is essentially a seller's market which is proving increasingly \
difficult for local authorities to influence.

The cost of caring for Looked After Children (LAC) is estimated to increase by £12m over 4 \
years from March 2018 to March 2022. As at March 2018, Leicestershire had 40.5 LAC per 10,000 \
population, much lower than its statistical neighbour average (51), East Midlands average (55) \
and England average (62).

Residential placements make up a significant amount of the service's placement spend. There \
are currently 63 children in external residential placements which forms approximately 11% of \
the total LAC population. Residential costs for the end of the 2017/18 were £9.7m.

## Existing Provision in Leicestershire

The Council currently has one four-bedded Children's Home in Market Harborough which has \
experienced quality and staffing issues and is temporarily closed.

The Council currently has 125 internal foster carers. This is relatively low compared to other \
authorities making it therefore heavily reliant on the external market.

Independent Fostering Service and Residential Care are currently sourced through the East \
Midlands Regional Children's Framework on a spot-purchase basis; due to the paucity in market \
sufficiency it still becomes necessary for the Council to purchase off-framework provision, \
often at a much higher price.

As indicated above, the market is often inflexible in its approach. It cannot accommodate \
innovative care packages which seek to keep children with families, and is less inclined to \
take on children with complex needs.

## Transformation Programme

The Council's Transformation Programme has been supporting Children and Family Services to \
develop a number of initiatives to improve outcomes for children and young people, to manage \
growth, reduce demand and reduce cost.

## Emerging Care Placement Strategy

Children and Family Services established the Care Placement Strategy Board in January 2018 in \
response to the need to improve care provision and achieve MTFS savings targets.

Part of the work of the Board has been the development of a Care Placement Strategy to help \
manage the LAC system more effectively, initially keeping numbers as low as possible by using \
new, innovative forms of family support.

The draft Strategy will be submitted to the Children and Families Overview and Scrutiny \
Committee and the Cabinet in the autumn.

## Children's Innovation Partnership

The Care Placement Strategy Board considers that the traditional models of procurement such as \
block contracts and frameworks are failing to offer the flexibility and innovation that is \
needed to accommodate the rising number of placements required.""",
    "consultation": """The Children's Innovation Partnership concept was developed following a \
period of research and consultation which included the Director of Government Outcomes Lab at \
Oxford University, the Co-head of Social Enterprise and Charity at Bates Wells Braithwaite and \
the Director of Innovation and Social Investment at Office of Public Management.

The Care Placement Strategy Board has actively sought feedback from children and young people \
across Leicestershire on the priority areas to ensure their views are captured in the design \
stage.""",
    "equality": """An Equality and Human Rights Impact Assessment will be completed before the ITT \
is published.""",
    "background_papers": "None.",
}

CABINET_OWN = [
    (
        "Proposals",
        """It is intended that the Council would develop arrangements with a partner \
organisation to co-invest in and co-produce the design, delivery and evaluation of services \
needed to meet the requirements outlined in the emerging Care Placement Strategy.

The partnership would involve the provision of, management of, or sub-contracting of services.

The provider would work in partnership with the Council to design and deliver services for \
vulnerable young people but all statutory responsibilities will remain with the Council.

Advantages of the Partnership approach could include:
- The ability to develop bespoke capacity in a challenging independent market.
- Enhancing the Council's social care offer with fresh and creative approaches.
- Co-producing an outcomes-based value-for-money service delivery model.
- Co-investment from the partner organisation.
- Availability of funding opportunities not available to Local Authorities.

The main risk of this proposal would be that the Council is not successful in awarding a \
contract to a suitable provider and would therefore be unable to meet proposed timescales.""",
    ),
    (
        "Proposed Commissioning Process",
        """Following the initial consultation and engagement, the Council published a Prior \
Interest Notice in April 2018.

A Market Engagement Event was held on 10 April 2018 and was attended by 14 organisations.

Individual dialogues with potential partnership providers took place in May 2018.

Subject to the Cabinet's approval, the commissioning processes would begin with Invitation to \
Tender (ITT) which would include robust financial evaluation.

It is intended that the Children's Innovation Partnership model would work along the following \
lines:
(1) Contract awarded to Partner to co-invest in the design phase
(2) Project Team established to develop a "work package" for a priority area of work
(3) A business case developed which considers the scope, outcomes and "delivery model"
(4) "Work package" contract developed and approved
(5) "Work package" delivered, evaluated and contract managed
(6) Design stage will start again for another priority area

It is proposed that the priority areas would be delivered as a cycle of three distinctive \
stages: design, delivery and evaluation.""",
    ),
    (
        "Conclusion",
        """Whilst it is acknowledged that this proposal is ambitious, it is an opportunity to \
redesign Children's Services to maximise outcome potential in the most cost-effective way.""",
    ),
]


def _load_report(partnership, user, *, fields: dict, texts: dict, own=()) -> Report:
    found = Report.all_objects.filter(
        partnership=partnership,
        kind=fields["kind"],
        meeting_date=fields["meeting_date"],
        title=fields["title"],
    ).first()
    if found is not None:
        return found
    report = services.report_create(
        report=Report(partnership=partnership, **fields), user=user, prefill_sections=False
    )
    sections = {s.key: s for s in report.sections.all()}
    for key, text in texts.items():
        section = sections[key]
        section.text = text
        section._history_user = user
        section.save()
    for heading, text in own:
        services.section_add(report=report, heading=heading, text=text, user=user)
    return report


def _finish(report: Report, user) -> None:
    """The 2018 Cabinet report went to Cabinet as it stands: freeze it, and keep a finished
    PDF of the Scrutiny draft, as an officer would have by now. The PDFs are rendered here
    rather than by the worker, so the demonstration has them without `db_worker` running."""
    if report.kind == Report.Kind.CABINET and not report.is_final:
        final = services.report_finalise(report=report, expected_version=report.version, user=user)
        tasks.render_final.call(final.pk)
    if report.kind == Report.Kind.SCRUTINY and not report.exports.exists():
        export = services.export_request(report=report, user=user)
        tasks.run_export.call(export.pk)


def load(partnership) -> None:
    user = get_user_model().objects.filter(username="officer").first()
    scrutiny = _load_report(
        partnership,
        user,
        fields={
            "kind": Report.Kind.SCRUTINY,
            "committee": "Children and Family Services Overview and Scrutiny Committee",
            "meeting_date": date(2021, 3, 9),
            "title": "Children's Innovation Partnership (CIP)",
            "director": "Children and Family Services",
            "include_business_cases": True,
            "include_funding": True,
            "include_placements": True,
            "include_risks": True,
        },
        texts={
            **SCRUTINY,
            "appendix_list": "Appendix 1: Detailed descriptions of projects\n"
            "Appendix 2: Business case summaries\nAppendix 3: Funding awards\n"
            "Appendix 4: Placement measures\nAppendix 5: Risk register",
        },
    )
    cabinet = _load_report(
        partnership,
        user,
        fields={
            "kind": Report.Kind.CABINET,
            "committee": "Cabinet",
            "meeting_date": date(2018, 7, 6),
            "title": "Children's Innovation Partnership",
            "director": "Children and Family Services",
            "include_business_cases": False,
            "include_funding": False,
            "include_placements": False,
            "include_risks": False,
        },
        texts=CABINET,
        own=CABINET_OWN,
    )
    if user is not None:  # an export and a final version name the officer who made them
        for report in (scrutiny, cabinet):
            _finish(report, user)
