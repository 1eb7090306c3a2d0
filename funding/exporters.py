"""The 360Giving Data Standard (1.4.3) package of a partnership's grants, as JSON and CSV.

Two kinds of grant go out:
- the awards the partnership's organisations received (funder: the funding body, recipient:
  the lead applicant), and
- the sub-grants made from them to local delivery partners (funder: the organisation that held
  the award and made the sub-grant, with the partnership named as its department).

Identifiers: grants carry the `360G-` prefix; organisations their org-id.guide identifier.
Dates are written as full date-times, which every validator accepts whether or not it checks
formats (a bare YYYY-MM-DD matches both branches of the schema's `oneOf` when it does not).
"""

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal

from cip.tables import neutralise
from funding.models import Bid, SubGrant

CURRENCY = "GBP"

# (CSV column title, path into a grant): the standard's own titles (flatten-tool), one
# organisation per grant.
CSV_COLUMNS: list[tuple[str, tuple]] = [
    ("Identifier", ("id",)),
    ("Title", ("title",)),
    ("Description", ("description",)),
    ("Currency", ("currency",)),
    ("Amount Applied For", ("amountAppliedFor",)),
    ("Amount Awarded", ("amountAwarded",)),
    ("Award Date", ("awardDate",)),
    ("Planned Dates:Start Date", ("plannedDates", 0, "startDate")),
    ("Planned Dates:End Date", ("plannedDates", 0, "endDate")),
    ("Planned Dates:Duration (months)", ("plannedDates", 0, "duration")),
    ("Recipient Org:Identifier", ("recipientOrganization", 0, "id")),
    ("Recipient Org:Name", ("recipientOrganization", 0, "name")),
    ("Funding Org:Identifier", ("fundingOrganization", 0, "id")),
    ("Funding Org:Name", ("fundingOrganization", 0, "name")),
    ("Funding Org:Department", ("fundingOrganization", 0, "department")),
    ("Grant Programme:Title", ("grantProgramme", 0, "title")),
    ("Last Modified", ("dateModified",)),
]


def _datetime(day: date) -> str:
    return datetime(day.year, day.month, day.day, tzinfo=UTC).isoformat()


def _number(amount: Decimal) -> int | float:
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def _organisation(org, department: str = "") -> dict:
    # Published open data: the register's public name beside the org-id, never a partnership's
    # local name for it (cip.models.OrganisationLocalName).
    entry = {"id": org.identifier, "name": org.name}
    if department:
        entry["department"] = department
    return entry


def _planned(start: date | None, end: date | None, months: int | None) -> list[dict]:
    if start is None:
        return []
    event: dict = {"startDate": _datetime(start)}
    if end:
        event["endDate"] = _datetime(end)
    if months:
        event["duration"] = months
    return [event]


def award_grant(bid: Bid) -> dict:
    description = bid.notes.strip() or f"{bid.programme or bid.title}, led by {bid.lead_applicant}"
    grant = {
        "id": f"360G-{bid.partnership.slug}-award-{bid.pk}",
        "title": bid.title[:140],
        "description": description,
        "currency": CURRENCY,
        "amountAwarded": _number(bid.amount_awarded),
        "awardDate": _datetime(bid.decided_on),
        "recipientOrganization": [_organisation(bid.lead_applicant)],
        "fundingOrganization": [_organisation(bid.funder)],
        "dateModified": bid.updated_at.astimezone(UTC).isoformat(),
    }
    if bid.amount_requested is not None:
        grant["amountAppliedFor"] = _number(bid.amount_requested)
    if bid.programme:
        grant["grantProgramme"] = [{"title": bid.programme}]
    planned = _planned(bid.start_date, bid.end_date, bid.duration_months)
    if planned:
        grant["plannedDates"] = planned
    return grant


def sub_grant_grant(sub_grant: SubGrant) -> dict:
    award = sub_grant.bid
    grant = {
        "id": f"360G-{award.partnership.slug}-subgrant-{sub_grant.pk}",
        "title": f"{sub_grant.purpose} ({sub_grant.recipient.name})"[:140],
        "description": f"{sub_grant.purpose}. Funded from {award.title}.",
        "currency": CURRENCY,
        "amountAwarded": _number(sub_grant.amount),
        "awardDate": _datetime(sub_grant.awarded_on),
        "recipientOrganization": [_organisation(sub_grant.recipient)],
        "fundingOrganization": [
            _organisation(award.lead_applicant, department=award.partnership.name)
        ],
        "grantProgramme": [{"title": award.title}],
        "dateModified": sub_grant.updated_at.astimezone(UTC).isoformat(),
    }
    planned = _planned(sub_grant.start_date, sub_grant.end_date, None)
    if planned:
        grant["plannedDates"] = planned
    return grant


def grants_for(partnership) -> list[dict]:
    """Every grant of the partnership, awards first, in a stable order (two queries)."""
    awards = (
        partnership.bids.secured()
        .select_related("partnership", "funder", "lead_applicant")
        .order_by("decided_on", "pk")
    )
    sub_grants = (
        SubGrant.objects.filter(bid__partnership=partnership, bid__archived_at__isnull=True)
        .select_related("bid__partnership", "bid__lead_applicant", "recipient")
        .order_by("awarded_on", "pk")
    )
    # A grant without an award date or amount cannot be published; the stage rules make one
    # unlikely, but a restored old version could still lack them.
    published = [bid for bid in awards if bid.decided_on and bid.amount_awarded is not None]
    return [award_grant(bid) for bid in published] + [sub_grant_grant(s) for s in sub_grants]


def package(partnership) -> dict:
    return {"grants": grants_for(partnership)}


def _pick(grant: dict, path: tuple):
    value = grant
    for step in path:
        try:
            value = value[step]
        except (KeyError, IndexError):
            return ""
    return value


def to_csv(grants: list[dict]) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow([title for title, _ in CSV_COLUMNS])
    for grant in grants:
        writer.writerow([neutralise(_pick(grant, path)) for _, path in CSV_COLUMNS])
    return out.getvalue()
