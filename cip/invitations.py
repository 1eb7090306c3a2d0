"""Memberships by invitation.

An administrator invites someone by e-mail address, with a role. The message carries a link
with the invitation's id signed with a timestamp (django.core.signing), good for
`INVITATION_DAYS` days and once. Whoever follows it accepts by setting a password (a new
account, signing in with the e-mail address), by signing in to an account they have, or by
single sign-on (cip.sso: an identity nobody has linked is linked to a new account here).
Accepting is what creates the membership.

The administrator's page never looks the address up: it says the same whether or not an
account already uses it, and no user of the installation is revealed or added without
their accepting.
"""

import logging
import smtplib

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST

from cip import sso
from cip.access import Capability, partnership_for
from cip.forms import Form
from cip.models import Identity, Invitation, Membership
from cip.services import StaleEditError, delete_with_history, save_versioned

log = logging.getLogger("cip.security")

_SALT = "cip.invitation"


def token_for(invitation: Invitation) -> str:
    return signing.TimestampSigner(salt=_SALT).sign(str(invitation.pk))


def invitation_for(token: str) -> Invitation | None:
    """The open invitation a link's token names, or None when the token is not one of
    ours, is older than INVITATION_DAYS, or its invitation was accepted or withdrawn."""
    try:
        pk = signing.TimestampSigner(salt=_SALT).unsign(
            token, max_age=settings.INVITATION_DAYS * 24 * 60 * 60
        )
    except signing.BadSignature:  # SignatureExpired included
        return None
    return (
        Invitation.objects.select_related("partnership")
        .filter(pk=int(pk), accepted_at__isnull=True)
        .first()
    )


def accept_url(request: HttpRequest, token: str) -> str:
    return f"{reverse('invitation-accept')}?{urlencode({'token': token})}"


class InvitationForm(Form):
    email = forms.EmailField(
        label="Email address", help_text="The invitation is sent to this address"
    )
    role = forms.ChoiceField(choices=Membership.Role.choices, widget=forms.RadioSelect)


@require_http_methods(["GET", "POST"])
def invitation_create(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.MANAGE)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].strip()
        try:
            with transaction.atomic():
                invitation = save_versioned(
                    instance=Invitation(
                        partnership=partnership,
                        email=email,
                        role=form.cleaned_data["role"],
                        invited_by=request.user,
                    ),
                    expected_version=None,
                    user=request.user,
                )
                _send(request, invitation)
        except (smtplib.SMTPException, OSError) as exc:
            log.error("invitation not sent to=%s: %s", email, exc)
            form.add_error(
                "email",
                "The invitation could not be sent: the email server did not answer. "
                "Try again later",
            )
        else:
            log.info("invitation sent partnership=%s by=%s", partnership.slug, request.user)
            messages.success(request, f"An invitation has been sent to {email}")
            return redirect("cip:membership-list", slug=slug)
    return render(
        request,
        "cip/membership_invite.html",
        {"form": form, "partnership": partnership, "days": settings.INVITATION_DAYS},
    )


def _send(request: HttpRequest, invitation: Invitation) -> None:
    link = request.build_absolute_uri(accept_url(request, token_for(invitation)))
    context = {
        "invitation": invitation,
        "link": link,
        "days": settings.INVITATION_DAYS,
        "inviter": request.user.get_full_name() or request.user.username,
    }
    send_mail(
        subject=f"Invitation to {invitation.partnership.name} on CIP Governance",
        message=render_to_string("cip/membership_invitation_email.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )


@require_POST
def invitation_cancel(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.MANAGE)
    invitation = get_object_or_404(partnership.invitations, pk=pk, accepted_at__isnull=True)
    delete_with_history(record=invitation, user=request.user)
    messages.success(request, f"The invitation to {invitation.email} was withdrawn")
    return redirect("cip:membership-list", slug=slug)


class NewAccountForm(Form):
    full_name = forms.CharField(max_length=150, label="Your full name")
    password = forms.CharField(
        label="Choose a password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 8 characters, not only numbers and not a common password",
    )

    def __init__(self, *args, invitation: Invitation, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = invitation

    def clean(self):
        data = super().clean()
        User = get_user_model()
        username = self.invitation.email.lower()
        if User.objects.filter(username__iexact=username).exists():
            # Only whoever holds the link sent to this address learns this.
            raise ValidationError(
                "An account already signs in with this email address: "
                "sign in to it to accept the invitation"
            )
        first, _, last = data.get("full_name", "").partition(" ")
        if data.get("password"):
            candidate = User(username=username, email=self.invitation.email)
            candidate.first_name, candidate.last_name = first, last
            try:
                validate_password(data["password"], candidate)
            except ValidationError as exc:
                self.add_error("password", exc)
        return data


def _join(invitation: Invitation, user) -> Membership | None:
    """Makes `user` a member in the invited role (unless they already are one) and closes
    the invitation; a new membership's history names the person who accepted."""
    # The invitation first: of two acceptances at once, the second finds its version moved
    # (StaleEditError) and adds nobody.
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    save_versioned(instance=invitation, expected_version=invitation.version, user=user)
    membership = None
    if not invitation.partnership.memberships.filter(user=user).exists():
        membership = save_versioned(
            instance=Membership(
                partnership=invitation.partnership, user=user, role=invitation.role
            ),
            expected_version=None,
            user=user,
        )
    log.info(
        "invitation accepted partnership=%s user=%s", invitation.partnership.slug, user.username
    )
    return membership


@login_not_required
@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest) -> HttpResponse:
    token = request.POST.get("token") or request.GET.get("token") or ""
    if not token:
        return render(request, "registration/invitation_accept.html", {"no_token": True})
    try:
        with transaction.atomic():
            return _accept(request, token)
    except StaleEditError:  # accepted meanwhile, in another tab or by someone else
        return _gone(request)


def _gone(request: HttpRequest) -> HttpResponse:
    return render(request, "registration/invitation_accept.html", {"invalid": True}, status=410)


def _accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = invitation_for(token)
    if invitation is None:
        return _gone(request)
    here = accept_url(request, token)
    unknown = request.session.get(sso.UNKNOWN_SESSION_KEY)
    form = NewAccountForm(
        request.POST if request.POST.get("action") == "create" else None,
        invitation=invitation,
    )
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "accept" and request.user.is_authenticated:
        if _join(invitation, request.user) is None:
            messages.info(request, f"You were already a member of {invitation.partnership.name}")
            return redirect(invitation.partnership)
        return _welcome(request, invitation)
    if action == "sso" and unknown and not request.user.is_authenticated:
        identity = Identity.objects.filter(
            issuer=unknown["issuer"], subject=unknown["subject"]
        ).first()  # linked meanwhile, by another invitation
        if identity is None:
            user = _new_user(invitation, full_name=unknown.get("name", ""))
            save_versioned(
                instance=Identity(user=user, issuer=unknown["issuer"], subject=unknown["subject"]),
                expected_version=None,
                user=user,
            )
        else:
            user = identity.user
        _join(invitation, user)
        login(request, user, backend="cip.sso.IdentityBackend")
        request.session.pop(sso.UNKNOWN_SESSION_KEY, None)
        request.session[sso.SSO_SESSION_KEY] = {
            "issuer": unknown["issuer"],
            "subject": unknown["subject"],
            "mfa": unknown.get("mfa", False),
            "user": user.pk,
        }
        return _welcome(request, invitation)
    if action == "create" and not request.user.is_authenticated and form.is_valid():
        user = _new_user(invitation, full_name=form.cleaned_data["full_name"])
        user.set_password(form.cleaned_data["password"])
        user.save(update_fields=["password"])
        _join(invitation, user)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return _welcome(request, invitation)
    return render(
        request,
        "registration/invitation_accept.html",
        {
            "invitation": invitation,
            "token": token,
            "form": form,
            "unknown": None if request.user.is_authenticated else unknown,
            "sso_enabled": settings.SSO_ENABLED,
            "sso_label": settings.SSO_LABEL,
            "sso_start": f"{reverse('sso-start')}?{urlencode({'next': here})}",
            "sign_in": f"{reverse('login')}?{urlencode({'next': here})}",
            "email_username": invitation.email.lower(),
        },
    )


def _new_user(invitation: Invitation, *, full_name: str):
    User = get_user_model()
    username = invitation.email.lower()
    if User.objects.filter(username__iexact=username).exists():
        # An account signing in with a password already has this name: a single sign-on
        # account is told apart by a number (it never signs in with its username).
        n = 2
        while User.objects.filter(username__iexact=f"{username}-{n}").exists():
            n += 1
        username = f"{username}-{n}"
    first, _, last = full_name.strip().partition(" ")
    user = User(username=username, email=invitation.email, first_name=first, last_name=last)
    user.set_unusable_password()
    user.save()
    return user


def _welcome(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    messages.success(
        request,
        f"You are a member of {invitation.partnership.name} as "
        f"{invitation.get_role_display().lower()}",
    )
    return redirect(invitation.partnership)
