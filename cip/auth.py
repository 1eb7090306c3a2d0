"""Sign-in hardening: lockout backend, session lifetimes and an audit log of sign-ins.

Every event is logged by the "cip.security" logger with UTC timestamps (see LOGGING).
"""

import logging
import time

from axes.attempts import get_cool_off_threshold
from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.contrib.auth.views import redirect_to_login
from django.db.models import Sum
from django.dispatch import receiver
from django.utils.cache import patch_cache_control

log = logging.getLogger("cip.security")

ABSOLUTE_SESSION_SECONDS = 8 * 60 * 60
# Saving the session moves its 30-minute idle expiry on; once a minute is often enough, and
# spares most requests a write.
TOUCH_EVERY_SECONDS = 60
_SIGNED_IN_AT = "cip_signed_in_at"
_SEEN_AT = "cip_seen_at"


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check for sign-ins over HTTP.

    Authentication without a request (a management command, the test client's login())
    cannot be brute-forced from outside, so it skips the check instead of failing.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        if address_failures(request) >= settings.SIGN_IN_ADDRESS_FAILURE_LIMIT:
            # One address trying many usernames (password spraying) stays under the lockout
            # of each username + address: refuse the address as django-axes refuses those
            # (its middleware answers 429 with the lockout page).
            log.warning("sign-in refused: too many failures ip=%s", request.axes_ip_address)
            request.axes_locked_out = True
            request.axes_credentials = {"username": username}
            raise AxesBackendPermissionDenied("Too many failed sign-ins from this address")
        return super().authenticate(request, username=username, password=password, **kwargs)


def address_failures(request) -> int:
    """Failed sign-ins from the request's address within the cool-off, whatever the username
    (django-axes keeps a count per username, address and browser)."""
    AxesProxyHandler.update_request(request)  # sets axes_ip_address and axes_attempt_time
    recent = AccessAttempt.objects.filter(
        ip_address=request.axes_ip_address, attempt_time__gte=get_cool_off_threshold(request)
    )
    return recent.aggregate(n=Sum("failures_since_start"))["n"] or 0


def client_ip(request) -> str | None:
    """The address the request came from. Behind TRUSTED_PROXIES proxies (nginx, a load
    balancer), REMOTE_ADDR is the nearest proxy's: each proxy appends the address it saw to
    X-Forwarded-For, so the client's is that many entries from the right. Entries further left
    were sent by the client itself and are not trusted. Lockouts are keyed on this address;
    None when it is not known (django-axes stores it in an address column)."""
    if request is None:
        return None
    proxies = settings.TRUSTED_PROXIES
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if proxies and len(forwarded) >= proxies and forwarded[-proxies]:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None


@receiver(user_logged_in)
def _signed_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[_SIGNED_IN_AT] = request.session[_SEEN_AT] = int(time.time())
    log.info("sign-in user=%s ip=%s", user.username, client_ip(request) or "-")


@receiver(user_logged_out)
def _signed_out(sender, request, user, **kwargs):
    log.info("sign-out user=%s ip=%s", getattr(user, "username", "-"), client_ip(request) or "-")


@receiver(user_login_failed)
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    log.warning(
        "sign-in failed username=%s ip=%s", credentials.get("username"), client_ip(request) or "-"
    )


class SessionLifetimeMiddleware:
    """Ends a session 8 hours after sign-in however active it is, keeps the 30-minute idle
    expiry (SESSION_COOKIE_AGE) moving while the user is active, and marks every signed-in
    page `Cache-Control: no-store`, since pages may show children's data."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.get(_SIGNED_IN_AT)
            now = time.time()
            if started is None or now - started > ABSOLUTE_SESSION_SECONDS:
                log.info("session ended after 8 hours user=%s", request.user.username)
                logout(request)
                return redirect_to_login(request.get_full_path())
            if now - request.session.get(_SEEN_AT, 0) > TOUCH_EVERY_SECONDS:
                request.session[_SEEN_AT] = int(now)
        response = self.get_response(request)
        if request.user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response
