import logging
import time
from datetime import timedelta

import pytest
from django.http import HttpRequest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from cip.auth import ABSOLUTE_SESSION_SECONDS, client_ip
from tests.cip.test_settings import PRODUCTION, _manage

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def _sign_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_five_failures_lock_the_username_out_from_that_address_with_a_429(board_member, caplog):
    client = Client()
    for _ in range(4):
        assert _sign_in(client, "board", "wrong").status_code == 200
    locked = _sign_in(client, "board", "wrong")
    assert locked.status_code == 429
    assert "Too many attempts to sign in" in locked.text
    # Even the right password is refused while locked out.
    assert _sign_in(client, "board", PASSWORD).status_code == 429
    # Another address is not locked out.
    other = Client(REMOTE_ADDR="10.9.8.7")
    assert _sign_in(other, "board", PASSWORD).status_code == 302


def test_one_address_trying_many_usernames_is_refused_with_a_429(board_member, caplog):
    """Password spraying: one failure for each of many usernames never reaches the lockout
    of a username + address, so the address has a limit of its own (20 failures)."""
    sprayer = Client(REMOTE_ADDR="198.51.100.20")
    for n in range(20):
        response = _sign_in(sprayer, f"someone-{n}", "Winter2026!")
        assert response.status_code == 200, n
        assert "govuk-error-summary" in response.text
    refused = _sign_in(sprayer, "someone-else", "Winter2026!")
    assert refused.status_code == 429
    assert "Too many attempts to sign in" in refused.text
    # Even a real user with the right password, from that address...
    assert _sign_in(sprayer, "board", PASSWORD).status_code == 429
    # ...who can still sign in from anywhere else.
    assert _sign_in(Client(REMOTE_ADDR="198.51.100.21"), "board", PASSWORD).status_code == 302
    assert any("too many failures ip=198.51.100.20" in r.getMessage() for r in caplog.records)


def test_a_few_failures_from_one_address_do_not_stop_its_other_users(board_member):
    office = Client(REMOTE_ADDR="198.51.100.30")
    for n in range(19):
        assert _sign_in(office, f"colleague-{n}", "typo").status_code == 200
    assert _sign_in(office, "board", PASSWORD).status_code == 302


def test_a_username_too_long_to_exist_is_named_not_a_500(board_member, caplog):
    """Found by the junk test on PostgreSQL: a 1,000-character name reached the lockout's
    record of failed attempts, a 255-character column."""
    response = _sign_in(Client(), "x" * 1000, "wrong")
    assert response.status_code == 200
    assert "Username must be 150 characters or fewer" in response.text
    assert "govuk-error-summary" in response.text


@override_settings(TRUSTED_PROXIES=1)
def test_behind_a_proxy_the_lockout_is_keyed_on_the_address_the_proxy_saw(board_member, caplog):
    caplog.set_level(logging.INFO, logger="cip.security")

    # nginx connects from 127.0.0.1 and appends the client's address; the left-hand entry
    # is whatever the client sent, which it can change at will.
    def through_proxy(client_sent: str, proxy_saw: str) -> Client:
        return Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=f"{client_sent}, {proxy_saw}")

    for attempt in range(5):
        response = _sign_in(through_proxy(f"10.0.0.{attempt}", "203.0.113.5"), "board", "wrong")
    assert response.status_code == 429
    assert _sign_in(through_proxy("1.1.1.1", "203.0.113.5"), "board", PASSWORD).status_code == 429
    # Someone else behind the same proxy is not locked out, and the log names the client.
    assert _sign_in(through_proxy("", "198.51.100.7"), "board", PASSWORD).status_code == 302
    assert any("user=board ip=198.51.100.7" in r.getMessage() for r in caplog.records)


def test_without_a_trusted_proxy_a_forwarded_address_is_ignored(board_member):
    for attempt in range(5):
        client = Client(REMOTE_ADDR="192.0.2.9", HTTP_X_FORWARDED_FOR=f"10.0.0.{attempt}")
        response = _sign_in(client, "board", "wrong")
    assert response.status_code == 429


def test_an_unknown_address_is_none_not_a_placeholder():
    # django-axes stores the address in an inet column on PostgreSQL: "-" would not fit.
    assert client_ip(HttpRequest()) is None
    assert client_ip(None) is None


def test_sign_ins_and_failures_are_logged_in_utc(board_member, caplog):
    caplog.set_level(logging.INFO, logger="cip.security")
    client = Client()
    _sign_in(client, "board", "wrong")
    _sign_in(client, "board", PASSWORD)
    messages = [r.getMessage() for r in caplog.records if r.name == "cip.security"]
    assert any(m.startswith("sign-in failed username=board") for m in messages)
    assert any(m.startswith("sign-in user=board") for m in messages)
    from cip.logging import UTCFormatter

    stamp = UTCFormatter().formatTime(caplog.records[0])
    assert stamp.endswith("Z")


def test_a_permission_refusal_is_logged(as_board, partnership, caplog):
    caplog.set_level(logging.WARNING, logger="cip.access")
    response = as_board.get(reverse("cip:membership-list", kwargs={"slug": partnership.slug}))
    assert response.status_code == 403
    assert any("permission refused" in r.getMessage() for r in caplog.records)


def test_signing_in_rotates_the_session_key(board_member):
    client = Client()
    client.get(reverse("login"))
    client.cookies["sessionid"] = "attacker-chosen-session-key"
    _sign_in(client, "board", PASSWORD)
    assert client.cookies["sessionid"].value != "attacker-chosen-session-key"


def test_a_session_ends_eight_hours_after_sign_in_however_active(as_board, partnership):
    url = reverse("cip:partnership-detail", kwargs={"slug": partnership.slug})
    assert as_board.get(url).status_code == 200
    session = as_board.session
    session["cip_signed_in_at"] = int(time.time()) - ABSOLUTE_SESSION_SECONDS - 1
    session.save()
    response = as_board.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert as_board.get(url).status_code == 302  # signed out, not just redirected


def test_an_active_session_moves_its_idle_expiry_at_most_once_a_minute(
    as_board, partnership, monkeypatch
):
    monkeypatch.setattr("cip.auth.TOUCH_EVERY_SECONDS", 60)
    url = reverse("cip:partnership-detail", kwargs={"slug": partnership.slug})
    session = as_board.session
    session["cip_seen_at"] = seen = int(time.time()) - 61
    session.save()
    as_board.get(url)
    touched = as_board.session["cip_seen_at"]
    assert touched > seen
    as_board.get(url)
    assert as_board.session["cip_seen_at"] == touched  # not again within the minute


def test_a_session_idle_for_30_minutes_is_signed_out(as_board, partnership):
    from django.contrib.sessions.models import Session

    url = reverse("cip:partnership-detail", kwargs={"slug": partnership.slug})
    stored = Session.objects.filter(session_key=as_board.session.session_key)
    left = stored.get().expire_date - timezone.now()
    assert timedelta(minutes=29) < left <= timedelta(minutes=30)
    stored.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = as_board.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_signed_in_pages_are_not_stored_and_carry_the_security_headers(as_board, partnership):
    response = as_board.get(reverse("cip:partnership-detail", kwargs={"slug": partnership.slug}))
    assert "no-store" in response["Cache-Control"]
    csp = response["Content-Security-Policy"]
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert directive in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_production_settings_use_host_prefixed_secure_cookies_and_a_year_of_hsts():
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE, "
        "s.SESSION_COOKIE_HTTPONLY, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_AGE)"
    )
    result = _manage("shell", "--no-imports", "-c", script, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [
        "__Host-sessionid",
        "__Host-csrftoken",
        "True",
        "True",
        "31536000",
        "1800",
    ]
