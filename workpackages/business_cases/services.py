"""Writes on business cases: new cases and versions, submission, the board's decision, and
the summary that reports read.

Versions: only a draft is edited. Submitting puts it before the board; the board's decision
(cip.decisions kind "business_case_approve") approves or rejects it. An approved or rejected
version is frozen: changing it starts the next version as a draft, copied from it. When a
later version is approved, the one approved before it is superseded.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from cip.services import save_versioned
from workpackages import calculations
from workpackages.business_cases.models import (
    AnnualCostLine,
    BusinessCase,
    CapitalLine,
    StatedFigure,
)
from workpackages.models import WorkPackage, WorkPackageEvent

Status = BusinessCase.Status

# Fields copied into a new version (everything the commissioner enters on the case itself).
COPIED_FIELDS = [
    field.name
    for field in BusinessCase._meta.concrete_fields
    if field.editable and field.name not in ("id", "work_package")
]


def register_decisions() -> None:
    """Called from WorkpackagesConfig.ready(): the board decides business cases, and a case can
    be the paper of an agenda item."""
    from cip import decisions

    decisions.register(
        key="business_case_approve",
        label="Approve a business case",
        model="workpackages.BusinessCase",
        candidates=lambda partnership: BusinessCase.objects.for_partnership(partnership).filter(
            status=Status.SUBMITTED
        ),
        apply=business_case_approve,
    )
    decisions.register_paper(
        model="workpackages.BusinessCase",
        label="Business case",
        candidates=lambda partnership: BusinessCase.objects.for_partnership(partnership),
    )


def _event(*, case: BusinessCase, on: date, text: str, user, before="", after="", decision=None):
    event = WorkPackageEvent(
        work_package=case.work_package,
        kind=WorkPackageEvent.Kind.NOTE,
        date=on,
        from_value=before,
        to_value=after,
        description=text[:300],
        recorded_by=user if getattr(user, "pk", None) else None,
        decision=decision,
    )
    save_versioned(instance=event, expected_version=None, user=user)


def _next_number(work_package: WorkPackage) -> int:
    top = work_package.business_cases.aggregate(top=Max("number"))["top"]
    return (top or 0) + 1


def _refuse_second_open_version(work_package: WorkPackage) -> None:
    open_case = work_package.business_cases.filter(
        status__in=[Status.DRAFT, Status.SUBMITTED]
    ).first()
    if open_case is not None:
        raise ValidationError(
            f"{open_case} is still {open_case.get_status_display().lower()}: finish it before "
            "starting another version."
        )


@transaction.atomic
def business_case_create(*, case: BusinessCase, user, on: date) -> BusinessCase:
    """Save a new case as the work package's next version, in draft."""
    work_package = WorkPackage.objects.select_for_update().get(pk=case.work_package_id)
    _refuse_second_open_version(work_package)
    case.number = _next_number(work_package)
    case.status = Status.DRAFT
    save_versioned(instance=case, expected_version=None, user=user)
    _event(case=case, on=on, text=f"Business case {case.version_label} drafted", user=user)
    return case


@transaction.atomic
def business_case_revise(*, case: BusinessCase, user, on: date) -> BusinessCase:
    """Start the next version of a frozen (approved or rejected) case: a draft copy of it,
    with its capital lines, annual cost lines and stated figures."""
    work_package = WorkPackage.objects.select_for_update().get(pk=case.work_package_id)
    if case.status not in (Status.APPROVED, Status.REJECTED):
        raise ValidationError(
            f"{case} is {case.get_status_display().lower()}: only an approved or rejected "
            "version is revised by starting a new one."
        )
    latest = work_package.business_cases.order_by("-number").first()
    if latest.pk != case.pk:
        raise ValidationError(f"{latest} is later: revise the latest version.")
    _refuse_second_open_version(work_package)
    draft = BusinessCase(
        work_package=work_package,
        **{name: getattr(case, name) for name in COPIED_FIELDS},
    )
    draft.number = _next_number(work_package)
    draft.status = Status.DRAFT
    save_versioned(instance=draft, expected_version=None, user=user)
    for model, fields in (
        (CapitalLine, ["kind", "description", "amount"]),
        (AnnualCostLine, ["side", "description", "amount"]),
        (StatedFigure, ["figure", "qualifier", "value", "wording", "source"]),
    ):
        for line in model.objects.filter(business_case=case).order_by("pk"):
            copy = model(business_case=draft, **{f: getattr(line, f) for f in fields})
            save_versioned(instance=copy, expected_version=None, user=user)
    _event(
        case=draft,
        on=on,
        text=f"Business case {draft.version_label} drafted from {case.version_label}",
        user=user,
    )
    return draft


STEPS = {Status.DRAFT: Status.SUBMITTED, Status.SUBMITTED: Status.DRAFT}


@transaction.atomic
def business_case_move(
    *, case: BusinessCase, target: str, user, on: date, expected_version: int | None = None
) -> BusinessCase:
    """Draft → submitted (put to the board), or submitted → draft (withdrawn). Approval and
    rejection are the board's: they come only through a decision."""
    if STEPS.get(case.status) != target:
        if target in (Status.APPROVED, Status.REJECTED):
            raise ValidationError("Only a board decision approves or rejects a business case.")
        raise ValidationError(
            f"A {case.get_status_display().lower()} business case cannot move to "
            f"{Status(target).label.lower() if target in Status.values else target}."
        )
    empty = not (case.capital_lines.exists() or case.cost_lines.exists() or case.placements)
    if target == Status.SUBMITTED and empty:
        raise ValidationError(
            "Add at least one capital line, annual cost line or placement saving before "
            "submitting the case."
        )
    before = case.status
    case.status = target
    case.submitted_on = on if target == Status.SUBMITTED else None
    save_versioned(
        instance=case,
        expected_version=case.version if expected_version is None else expected_version,
        user=user,
    )
    text = "submitted to the board" if target == Status.SUBMITTED else "withdrawn to draft"
    _event(
        case=case,
        on=on,
        text=f"Business case {case.version_label} {text}",
        user=user,
        before=before,
        after=target,
    )
    return case


OUTCOME_TEXT = {
    "approved": "approved by the board",
    "deferred": "deferred by the board",
    "rejected": "rejected by the board",
}


@transaction.atomic
def business_case_approve(*, decision, record: BusinessCase, user) -> None:
    """Apply a board decision on a submitted case (cip.decisions kind "business_case_approve").
    Approved: the version is frozen and any earlier approved version superseded. Rejected: the
    version is frozen as rejected. Deferred: it stays before the board."""
    case = record
    if case.status != Status.SUBMITTED:
        raise ValidationError(
            f"{case} is {case.get_status_display().lower()}: only a business case submitted to "
            "the board can be decided."
        )
    outcome = decision.outcome
    if outcome not in OUTCOME_TEXT:
        raise ValidationError(f"Unknown decision outcome {outcome!r}.")
    before = case.status
    if outcome in ("approved", "rejected"):
        if outcome == "approved":
            for earlier in case.work_package.business_cases.filter(status=Status.APPROVED):
                earlier.status = Status.SUPERSEDED
                save_versioned(instance=earlier, expected_version=earlier.version, user=user)
        case.status = Status.APPROVED if outcome == "approved" else Status.REJECTED
        case.approved_by = decision
        case.decided_on = decision.meeting.date
        save_versioned(instance=case, expected_version=case.version, user=user)
    _event(
        case=case,
        on=decision.meeting.date,
        text=f"Business case {case.version_label} {OUTCOME_TEXT[outcome]}",
        user=user,
        before=before,
        after=case.status,
        decision=decision,
    )


def business_case_summary(case: BusinessCase) -> calculations.Summary:
    """The computed figures of a case (for the reports prefill and board papers)."""
    return case.summary()


def approved_case(work_package: WorkPackage) -> BusinessCase | None:
    """The version the board approved last, or None."""
    return (
        work_package.business_cases.filter(status=Status.APPROVED)
        .prefetch_related("capital_lines", "cost_lines")
        .order_by("-number")
        .first()
    )
