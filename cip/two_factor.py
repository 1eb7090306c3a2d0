"""TOTP two-factor authentication (django-otp) for commissioners, officers and administrators,
and for every site administrator and staff account, whatever partnership they belong to (or
none): the register's site administrators change what every partnership reads, and a staff
account is what the Django admin would let in, were it ever mounted.

A single sign-on whose ID token says the provider asked for a second factor (`amr` holds
"mfa", cip.sso) counts as one; any other sign-in of such a user still asks for a TOTP code.

Switched on by `OTP_REQUIRED` (on by default whenever DEBUG is off). A signed-in user whose
role needs it and who has not verified a code in this session can reach only the set-up and
verify pages and sign-out. django-otp's TOTPDevice refuses a code whose time step has
already been used (no replay) and throttles repeated failures.
"""

import base64
import io
import logging
from binascii import unhexlify

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from cip.access import GRANTS, Capability
from cip.models import Membership
from cip.sso import mfa_signed_in

log = logging.getLogger("cip.security")

# Every role that sees children's records is among them, whatever else changes.
Role = Membership.Role
ROLES_NEEDING_TWO_FACTOR = (
    frozenset({Role.COMMISSIONER, Role.OFFICER, Role.ADMINISTRATOR})
    | GRANTS[Capability.VIEW_CHILDREN]
)


def needs_two_factor(user) -> bool:
    """Whether `user` must sign in with a second factor: a site administrator or staff account
    always; anyone else when one of their memberships has a role that needs it."""
    if user.is_superuser or user.is_staff:
        return True
    return user.memberships.filter(role__in=ROLES_NEEDING_TWO_FACTOR).exists()


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Security code",
        help_text="The 6-digit code your authenticator app shows now",
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, device: TOTPDevice, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self):
        token = self.cleaned_data["token"].strip()
        if not token.isdigit():
            raise forms.ValidationError("Enter the 6 digits of the code, with no spaces")
        if not self.device.verify_token(token):
            raise forms.ValidationError(
                "That code is wrong, already used or expired. Enter the code the app shows now"
            )
        return token


class TwoFactorMiddleware:
    ALLOWED = frozenset(
        {"two-factor-setup", "two-factor-verify", "logout", "login", "sso-callback"}
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if (
            not getattr(settings, "OTP_REQUIRED", False)
            or not user.is_authenticated
            or user.is_verified()
            or mfa_signed_in(request)
            or request.resolver_match.url_name in self.ALLOWED
            or not needs_two_factor(user)
        ):
            return None
        confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        target = "two-factor-verify" if confirmed else "two-factor-setup"
        return redirect(f"{reverse(target)}?next={request.get_full_path()}")


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or reverse("cip:home")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("cip:home")


def _qr_svg(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return svg[svg.index("<svg") :]  # drop the XML declaration for inline HTML


@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect(f"{reverse('two-factor-verify')}?next={_next(request)}")
    device, _ = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "Authenticator app"}
    )
    form = TokenForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)
        log.info("two-factor set up user=%s", request.user.username)
        messages.success(request, "Two-factor authentication is set up")
        return redirect(_next(request))
    secret = base64.b32encode(unhexlify(device.key)).decode()
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": _qr_svg(device.config_url),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "next": _next(request),
        },
    )


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None:
        return render(request, "registration/two_factor_verify.html", {"next": _next(request)})
    form = TokenForm(request.POST or None, device=device)
    if request.method == "POST":
        if form.is_valid():
            otp_login(request, device)
            log.info("two-factor verified user=%s", request.user.username)
            return redirect(_next(request))
        log.warning("two-factor failed user=%s", request.user.username)
    return render(
        request, "registration/two_factor_verify.html", {"form": form, "next": _next(request)}
    )
