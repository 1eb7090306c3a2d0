"""Writes on work packages and their tier-2 contracts: stages, RAG, approvals."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from cip.services import save_versioned
from workpackages import calculations
from workpackages.models import DeliveryContract, WorkPackage, WorkPackageEvent

Stage = WorkPackage.Stage
ContractStatus = DeliveryContract.Status
Kind = WorkPackageEvent.Kind


def _event(
    *,
    work_package: WorkPackage,
    kind: str,
    on: date,
    text: str,
    user,
    before: str = "",
    after: str = "",
    contract: DeliveryContract | None = None,
    decision=None,
) -> WorkPackageEvent:
    event = WorkPackageEvent(
        work_package=work_package,
        contract=contract,
        kind=kind,
        date=on,
        from_value=before,
        to_value=after,
        description=text,
        recorded_by=user if getattr(user, "pk", None) else None,
        decision=decision,
    )
    return save_versioned(instance=event, expected_version=None, user=user)


@transaction.atomic
def work_package_create(*, work_package: WorkPackage, user, on: date) -> WorkPackage:
    """Save a new work package in design and open its timeline."""
    work_package.stage = Stage.DESIGN
    save_versioned(instance=work_package, expected_version=None, user=user)
    _event(
        work_package=work_package,
        kind=Kind.STAGE,
        on=on,
        after=Stage.DESIGN,
        text="Work package opened in design",
        user=user,
    )
    return work_package


def delivery_problem(work_package: WorkPackage, target: str) -> str | None:
    return calculations.stage_problem(
        current=work_package.stage,
        target=target,
        has_business_case=work_package.has_approved_business_case(),
        has_contract=work_package.has_approved_contract(),
    )


@transaction.atomic
def work_package_move(
    *,
    work_package: WorkPackage,
    target: str,
    user,
    on: date,
    expected_version: int | None = None,
) -> WorkPackage:
    """Move a work package one stage on. Entering delivery needs an approved business case
    and an approved tier-2 contract; the ValidationError names what is missing."""
    problem = delivery_problem(work_package, target)
    if problem:
        raise ValidationError(problem)
    before = work_package.stage
    work_package.stage = target
    save_versioned(
        instance=work_package,
        expected_version=work_package.version if expected_version is None else expected_version,
        user=user,
    )
    _event(
        work_package=work_package,
        kind=Kind.STAGE,
        on=on,
        before=before,
        after=target,
        text=f"Moved to {Stage(target).label.lower()}",
        user=user,
    )
    return work_package


@transaction.atomic
def rag_set(
    *,
    work_package: WorkPackage,
    rag: str,
    commentary: str,
    user,
    on: date,
    expected_version: int | None = None,
) -> WorkPackage:
    before = work_package.rag
    work_package.rag = rag
    work_package.rag_commentary = commentary
    work_package.rag_set_on = on
    save_versioned(
        instance=work_package,
        expected_version=work_package.version if expected_version is None else expected_version,
        user=user,
    )
    label = WorkPackage.Rag(rag).label if rag else "not set"
    _event(
        work_package=work_package,
        kind=Kind.RAG,
        on=on,
        before=before,
        after=rag,
        text=f"RAG status set to {label.lower()}",
        user=user,
    )
    return work_package


@transaction.atomic
def contract_create(*, contract: DeliveryContract, user, on: date, form=None) -> DeliveryContract:
    """Save a new draft contract (and the form's parties) and note it on the timeline."""
    contract.status = ContractStatus.DRAFT
    save_versioned(instance=contract, expected_version=None, user=user)
    if form is not None:
        form._save_m2m()
    _event(
        work_package=contract.work_package,
        contract=contract,
        kind=Kind.CONTRACT,
        on=on,
        after=ContractStatus.DRAFT,
        text=f"Tier-2 contract {contract.reference} drafted",
        user=user,
    )
    return contract


OUTCOME_TEXT = {
    "approved": "approved by the board",
    "deferred": "deferred by the board",
    "rejected": "not approved by the board",
}


@transaction.atomic
def contract_approve(*, decision, record: DeliveryContract, user) -> None:
    """Apply a board decision on a draft contract (cip.decisions kind "contract_approve")."""
    contract = record
    if contract.status != ContractStatus.DRAFT:
        raise ValidationError(
            f"Contract {contract.reference} is {contract.get_status_display().lower()}: only a "
            "draft contract can be put to the board for approval."
        )
    outcome = decision.outcome
    if outcome not in OUTCOME_TEXT:
        raise ValidationError(f"Unknown decision outcome {outcome!r}.")
    after = contract.status
    if outcome == "approved":
        after = ContractStatus.APPROVED
        contract.status = ContractStatus.APPROVED
        contract.approved_by = decision
        save_versioned(instance=contract, expected_version=contract.version, user=user)
    _event(
        work_package=contract.work_package,
        contract=contract,
        kind=Kind.CONTRACT,
        on=decision.meeting.date,
        before=ContractStatus.DRAFT,
        after=after,
        text=f"Tier-2 contract {contract.reference} {OUTCOME_TEXT[outcome]}",
        user=user,
        decision=decision,
    )


@transaction.atomic
def contract_move(
    *,
    contract: DeliveryContract,
    target: str,
    user,
    on: date,
    expected_version: int | None = None,
) -> DeliveryContract:
    """Approved → live → ended. Refused with the reason otherwise."""
    problem = calculations.contract_move_problem(current=contract.status, target=target)
    if problem is None and target == ContractStatus.LIVE and contract.start_date is None:
        problem = "Give the contract's start date before it goes live."
    if (
        problem is None
        and target == ContractStatus.ENDED
        and contract.start_date
        and on < contract.start_date
    ):
        problem = "A contract cannot end before it starts."
    if problem:
        raise ValidationError(problem)
    before = contract.status
    contract.status = target
    save_versioned(
        instance=contract,
        expected_version=contract.version if expected_version is None else expected_version,
        user=user,
    )
    _event(
        work_package=contract.work_package,
        contract=contract,
        kind=Kind.CONTRACT,
        on=on,
        before=before,
        after=target,
        text=f"Tier-2 contract {contract.reference} {ContractStatus(target).label.lower()}",
        user=user,
    )
    return contract
