"""A partnership's data quality: the episodes that a figure leaves out or would get wrong.

Each check is a filter on the episodes, so its count and its rows (the placement log,
filtered by `?quality=<key>`) are the same set.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, DateField, Exists, OuterRef, Q, Value
from django.db.models.functions import Coalesce

from cip.models import Partnership
from placements import calculations
from placements.models import BORN, Episode

_NEVER = date(9999, 12, 31)

CHECKS = {
    "adult_open": "Open episodes of a child past their 18th birthday",
    "no_cost": "Episodes without a weekly cost",
    "overlapping": "Episodes that overlap another of the same child",
    "no_location": "Episodes without a location (in or out of county not known)",
}
WHY = {
    "adult_open": "Children 18 or over are not counted as looked after: end these episodes "
    "(the child left care, or the birth date is wrong).",
    "no_cost": "Spend leaves these out, so it reads low: set their weekly cost (one by one, "
    "or many at once by bulk costing).",
    "overlapping": "A child is in one placement at a time: an overlap counts days and spend twice.",
    "no_location": "The in-county and out-of-county counts leave these out: give the "
    "placement postcode, or set the county's postcode districts.",
}


def _overlaps():
    """Whether another episode of the same child overlaps this one (touching is fine)."""
    return Exists(
        Episode.objects.filter(child_id=OuterRef("child_id"))
        .exclude(pk=OuterRef("pk"))
        .filter(decom__lt=Coalesce(OuterRef("dec"), Value(_NEVER), output_field=DateField()))
        .filter(Q(dec__isnull=True) | Q(dec__gt=OuterRef("decom")))
    )


def only(episodes, key: str, *, today: date):
    """`episodes` narrowed to those failing check `key`."""
    if key == "adult_open":
        return (
            episodes.filter(dec__isnull=True)
            .alias(born=BORN)
            .filter(born__lte=calculations.adult_born_by(today))
        )
    if key == "no_cost":
        return episodes.filter(weekly_cost__isnull=True)
    if key == "overlapping":
        return episodes.alias(overlaps=_overlaps()).filter(overlaps=True)
    if key == "no_location":
        return episodes.filter(in_county__isnull=True)
    raise KeyError(key)


@dataclass(frozen=True)
class Quality:
    counts: dict[str, int]
    providers_without_location: int


def for_partnership(partnership: Partnership, *, today: date) -> Quality:
    """Each check's count (one query), and how many providers have a placement without a
    location (another)."""
    episodes = Episode.objects.filter(partnership=partnership).alias(
        born=BORN, overlaps=_overlaps()
    )
    counts = episodes.aggregate(
        adult_open=Count(
            "pk",
            filter=Q(dec__isnull=True, born__lte=calculations.adult_born_by(today)),
        ),
        no_cost=Count("pk", filter=Q(weekly_cost__isnull=True)),
        overlapping=Count("pk", filter=Q(overlaps=True)),
        no_location=Count("pk", filter=Q(in_county__isnull=True)),
    )
    providers = (
        Episode.objects.filter(partnership=partnership, in_county__isnull=True)
        .exclude(provider__isnull=True)
        .values("provider_id")
        .distinct()
        .count()
    )
    return Quality({k: counts[k] for k in CHECKS}, providers)
