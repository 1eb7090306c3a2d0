"""Who may sign in how: single sign-on identities and invitations to a partnership."""

from datetime import timedelta

from django.conf import settings
from django.db import models

from cip.models import DomainModel, Membership, Partnership

__all__ = ["Identity", "Invitation"]


class Identity(DomainModel):
    """An account at an OpenID Connect provider (cip.sso), linked to one user.

    A person is known by the issuer together with its `sub` claim, which the provider never
    reuses or changes (Microsoft Entra ID: per application). An e-mail address is neither:
    it is never used to find a user. It belongs to a user, not to a partnership: a
    partnership's history pages reach it through the user's membership.
    """

    partnership_path = "user__memberships__partnership"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="identities"
    )
    issuer = models.CharField(max_length=255)
    subject = models.CharField(max_length=255)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "subject"],
                name="identity_one_per_issuer_and_subject",
                violation_error_message="This account is already linked to a user.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject} at {self.issuer}"


class Invitation(DomainModel):
    """An administrator's invitation to join a partnership in a role (cip.invitations).

    The link sent by e-mail carries the invitation's id signed with a timestamp; it is good
    for `INVITATION_DAYS` and once.
    """

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField("Email address")
    role = models.CharField(max_length=20, choices=Membership.Role.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation to {self.email}"

    @property
    def expires_at(self):
        return self.created_at + timedelta(days=settings.INVITATION_DAYS)
