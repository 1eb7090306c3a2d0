"""Memberships by invitation, sent through a real SMTP server on loopback (aiosmtpd) and
accepted by following the link in the message that arrived."""

import re
import socket
import time
from email import message_from_bytes
from email.policy import default as default_policy
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from aiosmtpd.controller import Controller
from django.contrib.auth import get_user_model
from django.core import signing
from django.test import Client, override_settings
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cip.invitations import token_for
from cip.models import Identity, Invitation, Membership
from tests.cip.factories import MembershipFactory, UserFactory
from tests.cip.oidc_provider import CLIENT_ID, CLIENT_SECRET, Provider
from tests.test_every_form import JUNK

pytestmark = pytest.mark.django_db


class _Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=default_policy)
        self.messages.append((envelope.rcpt_tos, message))
        return "250 Message accepted"


@pytest.fixture
def inbox():
    handler = _Inbox()
    # A free port: aiosmtpd 1.4's start() connects to the port it was given to check that
    # the server is up, so port=0 cannot be handed to it.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=port,
            EMAIL_USE_TLS=False,
            DEFAULT_FROM_EMAIL="CIP Governance <cip@example.org>",
        ):
            yield handler
    finally:
        controller.stop()


def _invite(client, partnership, email, role="officer"):
    url = reverse("cip:invitation-create", kwargs={"slug": partnership.slug})
    return client.post(url, {"email": email, "role": role}, follow=True)


def _link_in(inbox, to):
    """The accept link of the last message that arrived for `to` (path and query)."""
    _rcpt, message = next(m for m in reversed(inbox.messages) if m[0] == [to])
    body = message.get_body(preferencelist=("plain",)).get_content()
    found = re.search(r"http://testserver(/invitations/accept/\?token=\S+)", body)
    assert found, body
    return found.group(1), message, body


def _token(link):
    return parse_qs(urlsplit(link).query)["token"][0]


def test_an_invitation_arrives_by_email_and_a_newcomer_accepts_with_a_password(
    inbox, as_admin, partnership
):
    page = _invite(as_admin, partnership, "nia@example.org", role="commissioner")
    assert page.status_code == 200
    assert "An invitation has been sent to nia@example.org" in page.text
    assert "nia@example.org" in page.text  # listed as not yet accepted
    link, message, body = _link_in(inbox, "nia@example.org")
    assert message["From"] == "CIP Governance <cip@example.org>"
    assert message["Subject"] == "Invitation to Partnership A on CIP Governance"
    assert "as commissioner" in body
    assert not Membership.objects.filter(user__email="nia@example.org").exists()

    newcomer = Client()
    offer = newcomer.get(link)
    assert offer.status_code == 200
    assert "Join Partnership A" in offer.text
    token = _token(link)
    weak = newcomer.post(
        reverse("invitation-accept"),
        {"token": token, "action": "create", "full_name": "Nia Newcomer", "password": "123"},
    )
    assert weak.status_code == 200
    assert "This password is too short" in weak.text
    done = newcomer.post(
        reverse("invitation-accept"),
        {
            "token": token,
            "action": "create",
            "full_name": "Nia Newcomer",
            "password": "a-long-enough-passphrase",
        },
    )
    assert done.status_code == 302
    assert done.url == reverse("cip:partnership-detail", kwargs={"slug": partnership.slug})
    membership = partnership.memberships.get(user__username="nia@example.org")
    assert membership.role == Membership.Role.COMMISSIONER
    assert membership.user.get_full_name() == "Nia Newcomer"
    assert Client().login(username="nia@example.org", password="a-long-enough-passphrase")
    # The link worked once.
    again = Client().get(link)
    assert again.status_code == 410
    assert "This invitation link does not work" in again.text


def test_the_administrators_page_says_the_same_whether_or_not_an_account_exists(
    inbox, as_admin, partnership, outsider
):
    outsider.email = "olu@example.org"
    outsider.save()
    known = _invite(as_admin, partnership, "olu@example.org")
    unknown = _invite(as_admin, partnership, "nobody-yet@example.org")
    assert known.status_code == unknown.status_code == 200
    assert known.redirect_chain == unknown.redirect_chain
    normalise = lambda page: page.text.replace("olu@example.org", "X").replace(  # noqa: E731
        "nobody-yet@example.org", "X"
    )
    # The second page lists both invitations; compare the first page's notice only.
    assert "An invitation has been sent to olu@example.org" in known.text
    assert "An invitation has been sent to nobody-yet@example.org" in unknown.text
    assert "outsider" not in normalise(known) and "outsider" not in normalise(unknown)
    # Nobody was added, and both were sent a link.
    assert not partnership.memberships.filter(user=outsider).exists()
    assert len(inbox.messages) == 2


def test_someone_with_an_account_signs_in_and_accepts(inbox, as_admin, partnership, outsider):
    _invite(as_admin, partnership, "olu@example.org", role="board")
    link, _, _ = _link_in(inbox, "olu@example.org")
    outsider.set_password("outsider-passphrase-2026")
    outsider.save()
    browser = Client()
    offer = browser.get(link)
    sign_in = re.search(r'href="(/sign-in/\?next=[^"]+)"', offer.text).group(1)
    signed_in = browser.post(
        sign_in.replace("&amp;", "&"),
        {"username": "outsider", "password": "outsider-passphrase-2026"},
    )
    assert signed_in.status_code == 302
    assert signed_in.url == link
    page = browser.get(link)
    assert "You are signed in as" in page.text
    token = _token(link)
    assert not partnership.memberships.filter(user=outsider).exists()
    done = browser.post(reverse("invitation-accept"), {"token": token, "action": "accept"})
    assert done.status_code == 302
    assert partnership.memberships.get(user=outsider).role == Membership.Role.BOARD_MEMBER
    # Their own partnership's membership is untouched.
    assert outsider.memberships.count() == 2
    assert outsider.memberships.get(partnership__slug="partnership-b").role == "administrator"


def test_an_expired_a_tampered_and_a_withdrawn_link_do_not_work(
    inbox, as_admin, partnership, administrator
):
    _invite(as_admin, partnership, "late@example.org")
    invitation = Invitation.objects.get(email="late@example.org")
    link, _, _ = _link_in(inbox, "late@example.org")

    class EightDaysAgo(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time()) - 8 * 24 * 60 * 60)

    expired = EightDaysAgo(salt="cip.invitation").sign(str(invitation.pk))
    page = Client().get(reverse("invitation-accept"), {"token": expired})
    assert page.status_code == 410
    other = Invitation.objects.create(partnership=partnership, email="x@example.org", role="board")
    tampered = link.replace(f"token={invitation.pk}%3A", f"token={other.pk}%3A")
    assert tampered != link
    assert Client().get(tampered).status_code == 410
    assert Client().get(link).status_code == 200
    withdraw = reverse(
        "cip:invitation-cancel", kwargs={"slug": partnership.slug, "pk": invitation.pk}
    )
    assert as_admin.post(withdraw).status_code == 302
    assert Client().get(link).status_code == 410
    assert Client().get(reverse("invitation-accept")).status_code == 200


def test_when_the_mail_server_does_not_answer_the_form_says_so_and_nothing_is_kept(
    as_admin, partnership
):
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=1,  # nothing listens
        EMAIL_TIMEOUT=2,
    ):
        page = _invite(as_admin, partnership, "nia@example.org")
    assert page.status_code == 200
    assert "The invitation could not be sent" in page.text
    assert not Invitation.objects.exists()


def test_an_administrator_of_another_partnership_cannot_see_or_withdraw_invitations(
    as_outsider, partnership
):
    invitation = Invitation.objects.create(
        partnership=partnership, email="x@example.org", role="board"
    )
    withdraw = reverse(
        "cip:invitation-cancel", kwargs={"slug": partnership.slug, "pk": invitation.pk}
    )
    assert as_outsider.post(withdraw).status_code == 404
    members = reverse("cip:membership-list", kwargs={"slug": partnership.slug})
    assert as_outsider.get(members).status_code == 404
    assert Invitation.objects.filter(pk=invitation.pk).exists()


def test_the_old_add_by_username_page_is_gone(as_admin, partnership, outsider):
    response = as_admin.post(
        f"/p/{partnership.slug}/members/new/", {"username": "outsider", "role": "board"}
    )
    assert response.status_code == 404
    assert not partnership.memberships.filter(user=outsider).exists()


@pytest.fixture
def provider():
    with (
        Provider() as running,
        override_settings(
            SSO_ENABLED=True,
            OIDC_ISSUER=running.issuer,
            OIDC_RP_CLIENT_ID=CLIENT_ID,
            OIDC_RP_CLIENT_SECRET=CLIENT_SECRET,
        ),
    ):
        yield running


def _through_provider(browser, start_url):
    from urllib.parse import urlsplit

    start = browser.get(start_url)
    assert start.status_code == 302
    back = requests.get(start.url, allow_redirects=False, timeout=5)
    location = urlsplit(back.headers["Location"])
    return browser.get(f"{location.path}?{location.query}")


def test_a_newcomer_accepts_with_single_sign_on_and_signs_in_with_it_from_then_on(
    inbox, provider, as_admin, partnership
):
    _invite(as_admin, partnership, "sam@council.example.org", role="board")
    link, _, _ = _link_in(inbox, "sam@council.example.org")
    provider.sign_in_as("entra-oid-sam", name="Sam Council", email="sam@council.example.org")
    browser = Client()
    offer = browser.get(link)
    start = re.search(r'href="(/sso/start/\?next=[^"]+)"', offer.text).group(1)
    back = _through_provider(browser, start.replace("&amp;", "&"))
    assert back.status_code == 302
    assert back.url == link  # back to the invitation, not signed in yet
    assert browser.session.get("_auth_user_id") is None
    page = browser.get(link)
    assert "Your organisation confirmed who you are (Sam Council)" in page.text
    token = _token(link)
    done = browser.post(reverse("invitation-accept"), {"token": token, "action": "sso"})
    assert done.status_code == 302
    identity = Identity.objects.get(issuer=provider.issuer, subject="entra-oid-sam")
    assert partnership.memberships.get(user=identity.user).role == Membership.Role.BOARD_MEMBER
    assert not identity.user.has_usable_password()
    assert browser.session.get("_auth_user_id") == str(identity.user.pk)
    # Next time, single sign-on alone signs them in.
    later = Client()
    signed_in = _through_provider(later, reverse("sso-start"))
    assert signed_in.status_code == 302
    assert later.session.get("_auth_user_id") == str(identity.user.pk)


def test_a_single_sign_on_without_an_invitation_still_gets_no_access(provider, partnership):
    MembershipFactory(partnership=partnership, user=UserFactory(email="kim@council.example.org"))
    provider.sign_in_as("entra-oid-kim", email="kim@council.example.org")
    browser = Client()
    assert _through_provider(browser, reverse("sso-start")).url == reverse("sso-unknown")
    assert browser.session.get("_auth_user_id") is None
    # Posting the accept action without a valid invitation does nothing either.
    refused = browser.post(reverse("invitation-accept"), {"token": "1:junk", "action": "sso"})
    assert refused.status_code == 410
    assert not Identity.objects.exists()


@settings(max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(
    fields=st.dictionaries(
        st.sampled_from(["full_name", "password", "action", "token"]),
        st.one_of(JUNK, st.lists(JUNK, min_size=2, max_size=3)),
    )
)
def test_junk_posted_to_the_accept_page_is_named_or_refused_never_a_500(partnership, fields):
    """The accept page's form is reached only through an e-mailed link, so the site-wide
    fuzzer (tests/test_every_form.py) cannot find it: the same junk, with a good token."""
    invitation = Invitation.objects.create(
        partnership=partnership, email="fuzz@example.org", role="board"
    )
    data = {"token": token_for(invitation), "action": "create", **fields}
    response = Client().post(reverse("invitation-accept"), data)
    assert response.status_code in (200, 302, 410)
    if response.status_code == 200 and data.get("action") == "create" and "token" not in fields:
        assert b"govuk-error-summary" in response.content
    if response.status_code != 302:
        assert not partnership.memberships.exists()
    partnership.memberships.all().delete()
    Invitation.objects.all().delete()
    get_user_model().objects.filter(email="fuzz@example.org").delete()


def test_an_invitation_from_someone_since_deleted_can_still_be_accepted(
    inbox, as_admin, administrator, partnership
):
    """The inviter's account is deleted (invited_by is emptied, SET_NULL) before the newcomer
    follows the link: accepting still closes the invitation and adds the member."""
    _invite(as_admin, partnership, "rae@example.org", role="officer")
    link, _, _ = _link_in(inbox, "rae@example.org")
    administrator.delete()
    assert Invitation.objects.get(email="rae@example.org").invited_by is None
    done = Client().post(
        reverse("invitation-accept"),
        {
            "token": _token(link),
            "action": "create",
            "full_name": "Rae Reader",
            "password": "a-long-enough-passphrase",
        },
    )
    assert done.status_code == 302
    assert partnership.memberships.get(user__username="rae@example.org").role == "officer"
    assert Invitation.objects.get(email="rae@example.org").accepted_at is not None
