"""The organisation register's writes that are not a plain form save: a partnership's local
name for a shared organisation, and the proposals site administrators accept or decline."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cip.models import Organisation, OrganisationLocalName, OrganisationProposal
from cip.services import delete_with_history, save_versioned

Status = OrganisationProposal.Status


@transaction.atomic
def forget_local_name(*, local_name: OrganisationLocalName, user) -> None:
    """The partnership shows the register's name again; the removal is kept in history."""
    delete_with_history(record=local_name, user=user)


def _open(proposal: OrganisationProposal) -> OrganisationProposal:
    """The proposal as stored, if still undecided. Its version then guards the decision: of two
    site administrators deciding at once, the second save is refused (StaleEditError)."""
    current = OrganisationProposal.objects.get(pk=proposal.pk)
    if current.status != Status.PROPOSED:
        raise ValidationError("This proposal has already been decided.")
    return current


@transaction.atomic
def accept_proposal(*, proposal: OrganisationProposal, user):
    """Apply the proposed name, kind and identifier to the shared organisation (a versioned
    save, so its history shows the change) and mark the proposal accepted."""
    proposal = _open(proposal)
    expected_version = proposal.version
    proposal.status = Status.ACCEPTED
    proposal.decided_by = user
    proposal.decided_at = timezone.now()
    # First the proposal: of two site administrators deciding at once, one is refused here.
    save_versioned(instance=proposal, expected_version=expected_version, user=user)
    organisation = Organisation.all_objects.get(pk=proposal.organisation_id)
    organisation.name = proposal.name
    organisation.kind = proposal.kind
    organisation.identifier = proposal.identifier
    organisation._change_reason = "Accepted a partnership's proposed change"
    save_versioned(instance=organisation, expected_version=organisation.version, user=user)
    return proposal


@transaction.atomic
def decline_proposal(*, proposal: OrganisationProposal, reason: str, user):
    """Mark the proposal declined, with the reason the proposing partnership will read."""
    if not reason.strip():
        raise ValidationError({"decline_reason": "Enter why the proposal is declined"})
    proposal = _open(proposal)
    expected_version = proposal.version
    proposal.status = Status.DECLINED
    proposal.decided_by = user
    proposal.decided_at = timezone.now()
    proposal.decline_reason = reason.strip()
    save_versioned(instance=proposal, expected_version=expected_version, user=user)
    return proposal
