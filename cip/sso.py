"""Single sign-on with OpenID Connect (Microsoft Entra ID or any provider), through
mozilla-django-oidc with its unsafe defaults replaced:

- the endpoints come from the issuer's discovery document (`OIDC_ISSUER`);
- ID tokens must be RS256, signed by a key from the provider's JWKS, and are checked for
  `iss`, `aud`, `exp`, `iat` and the `nonce` of this sign-in; the code is exchanged with PKCE;
- the claims are those of the ID token (no userinfo call), and a person is found by the
  issuer and `sub` together (`cip.models.Identity`), never by e-mail. An identity nobody has
  linked is shown a page saying so, and gets no access until invited (cip.invitations).

A sign-in whose ID token says the provider asked for a second factor (`amr` holds "mfa")
counts as two-factor for cip.two_factor; otherwise a user whose role needs it still enters
a TOTP code.
"""

import logging
import time

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.generic import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

log = logging.getLogger("cip.security")

# Session keys: the identity of this sign-in (bound to the user it signed in), and an
# identity the provider vouched for that no user has (for the "not set up" page and for
# accepting an invitation).
SSO_SESSION_KEY = "cip_sso"
UNKNOWN_SESSION_KEY = "cip_sso_unknown"

_DISCOVERY_SECONDS = 3600
_discovered: dict[str, tuple[float, dict]] = {}
_ENDPOINTS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}


def discovery() -> dict:
    """The issuer's OpenID configuration, fetched at most once an hour per process. Its
    `issuer` must be the configured one (OpenID Connect Discovery 1.0, section 4.3)."""
    issuer = settings.OIDC_ISSUER
    cached = _discovered.get(issuer)
    if cached and time.monotonic() - cached[0] < _DISCOVERY_SECONDS:
        return cached[1]
    response = requests.get(
        f"{issuer.rstrip('/')}/.well-known/openid-configuration", timeout=settings.OIDC_TIMEOUT
    )
    response.raise_for_status()
    document = response.json()
    if document.get("issuer") != issuer:
        raise SuspiciousOperation("The provider's discovery document names another issuer")
    _discovered[issuer] = (time.monotonic(), document)
    return document


def _setting(attr, *args):
    if attr in _ENDPOINTS:
        value = discovery().get(_ENDPOINTS[attr])
        if not value and not args:
            raise ImproperlyConfigured(f"The provider's discovery document has no {attr}")
        return value or args[0]
    return import_from_settings(attr, *args)


def mfa_signed_in(request) -> bool:
    """Whether this session's user signed in through the provider with a second factor."""
    sso = request.session.get(SSO_SESSION_KEY) or {}
    return bool(sso.get("mfa")) and sso.get("user") == request.user.pk


class IdentityBackend(OIDCAuthenticationBackend):
    """Always listed in AUTHENTICATION_BACKENDS; answers only the callback's authenticate()
    while single sign-on is set up, and reads the provider's endpoints only then."""

    OIDC_RP_SIGN_ALGO = "RS256"
    OIDC_RP_IDP_SIGN_KEY = None

    def __init__(self, *args, **kwargs):
        self.UserModel = get_user_model()

    OIDC_OP_TOKEN_ENDPOINT = property(lambda self: _setting("OIDC_OP_TOKEN_ENDPOINT"))
    OIDC_OP_JWKS_ENDPOINT = property(lambda self: _setting("OIDC_OP_JWKS_ENDPOINT"))
    OIDC_RP_CLIENT_ID = property(lambda self: settings.OIDC_RP_CLIENT_ID)
    OIDC_RP_CLIENT_SECRET = property(lambda self: settings.OIDC_RP_CLIENT_SECRET)

    def get_settings(self, attr, *args):
        return _setting(attr, *args)

    def get_user(self, user_id):
        # Django's, which refuses an inactive user (the library's does not).
        return ModelBackend.get_user(self, user_id)

    def _verify_jws(self, payload, key):
        header = jwt.get_unverified_header(payload)
        if header.get("alg") != "RS256":
            raise SuspiciousOperation(f"ID token signed with {header.get('alg')!r}, not RS256")
        try:
            return jwt.decode(
                payload,
                key,
                algorithms=["RS256"],
                audience=settings.OIDC_RP_CLIENT_ID,
                issuer=settings.OIDC_ISSUER,
                leeway=settings.OIDC_LEEWAY,
                options={"require": ["iss", "aud", "sub", "exp", "iat", "nonce"]},
            )
        except jwt.InvalidTokenError as exc:
            raise SuspiciousOperation(f"ID token refused: {exc}") from exc

    def verify_token(self, token, **kwargs):
        if not kwargs.get("nonce"):
            raise SuspiciousOperation("No nonce was kept for this sign-in")
        return super().verify_token(token, **kwargs)

    def get_userinfo(self, access_token, id_token, payload):
        # The ID token's claims, which were just checked; the userinfo endpoint (Microsoft
        # Graph for Entra) has no issuer and no `amr`.
        return payload

    def verify_claims(self, claims):
        return bool(claims.get("iss") and claims.get("sub"))

    def filter_users_by_claims(self, claims):
        return self.UserModel.objects.filter(
            identities__issuer=claims["iss"], identities__subject=claims["sub"]
        )

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        if not self.verify_claims(claims):
            raise SuspiciousOperation("The ID token has no issuer or subject")
        user = self.filter_users_by_claims(claims).first()
        amr = claims.get("amr") or []
        mfa = isinstance(amr, list) and "mfa" in amr
        if user is None:
            # Nobody is linked to this identity: no access, and remember who it was so that
            # the "not set up" page can say so and an invitation can be accepted with it.
            self.request.session[UNKNOWN_SESSION_KEY] = {
                "issuer": claims["iss"],
                "subject": claims["sub"],
                "name": str(claims.get("name") or "")[:150],
                "mfa": mfa,
            }
            log.warning("single sign-on: unknown identity iss=%s sub=%s", *_who(claims))
            return None
        user.sso_claims = {"issuer": claims["iss"], "subject": claims["sub"], "mfa": mfa}
        return user

    def authenticate(self, request, **kwargs):
        # Only the callback view passes a nonce and a PKCE verifier (kept in the session
        # when the sign-in started); a password sign-in never reaches the provider.
        if not settings.SSO_ENABLED or not {"nonce", "code_verifier"} <= set(kwargs):
            return None
        return super().authenticate(request, **kwargs)


def _who(claims) -> tuple[str, str]:
    return str(claims.get("iss")), str(claims.get("sub"))


def _off(request):
    """What the single sign-on pages say while it is not set up (an old bookmark, say)."""
    return render(request, "registration/sso_off.html")


class StartView(OIDCAuthenticationRequestView):
    """Sends the browser to the provider, with a fresh state, nonce and PKCE challenge."""

    def __init__(self, *args, **kwargs):
        View.__init__(self, *args, **kwargs)

    OIDC_OP_AUTH_ENDPOINT = property(lambda self: _setting("OIDC_OP_AUTHORIZATION_ENDPOINT"))
    OIDC_RP_CLIENT_ID = property(lambda self: settings.OIDC_RP_CLIENT_ID)

    def get_settings(self, attr, *args):
        return _setting(attr, *args)

    def dispatch(self, request, *args, **kwargs):
        if not settings.SSO_ENABLED:
            return _off(request)
        try:
            return super().dispatch(request, *args, **kwargs)
        except (requests.RequestException, ValueError, SuspiciousOperation) as exc:
            log.error("single sign-on: provider unavailable: %s", exc)
            return _failed(request, status=502)


class CallbackView(OIDCAuthenticationCallbackView):
    """Where the provider sends the browser back: checks state, nonce, PKCE and the ID token
    (mozilla-django-oidc and IdentityBackend), then signs in the linked user."""

    def get_settings(self, attr, *args):
        return _setting(attr, *args)

    def get(self, request):
        if not settings.SSO_ENABLED:
            return _off(request)
        request.session.pop(UNKNOWN_SESSION_KEY, None)
        try:
            return super().get(request)
        except (
            SuspiciousOperation,
            requests.RequestException,
            jwt.PyJWTError,
            ValueError,
            KeyError,
            TypeError,
        ) as exc:
            # A state this session did not start (or already used), a token the provider
            # would not give, or an ID token that is malformed or fails a check.
            log.warning("single sign-on refused: %s", exc)
            return _failed(request)

    def login_failure(self):
        if UNKNOWN_SESSION_KEY in self.request.session:
            # Back to the invitation this sign-in was started from, to accept it with this
            # identity (cip.invitations); otherwise the "not set up" page.
            next_url = self.request.session.get("oidc_login_next") or ""
            if next_url.startswith(reverse("invitation-accept") + "?"):
                return HttpResponseRedirect(next_url)
            return HttpResponseRedirect(reverse("sso-unknown"))
        return _failed(self.request)

    def login_success(self):
        claims = getattr(self.user, "sso_claims", {})
        response = super().login_success()
        self.request.session[SSO_SESSION_KEY] = {**claims, "user": self.user.pk}
        log.info(
            "single sign-on user=%s mfa=%s", self.user.username, "yes" if claims["mfa"] else "no"
        )
        return response


def _failed(request, status=403):
    return render(request, "registration/sso_failed.html", status=status)


@login_not_required
def unknown(request):
    """The page an identity nobody has linked is sent to."""
    if not settings.SSO_ENABLED:
        return _off(request)
    who = request.session.get(UNKNOWN_SESSION_KEY)
    return render(request, "registration/sso_unknown.html", {"who": who})


start = login_not_required(StartView.as_view())
callback = login_not_required(CallbackView.as_view())
