"""Single sign-on against a real OpenID provider on loopback (tests/cip/oidc_provider.py).

The browser's side is Django's test client; the provider's authorize endpoint is called over
HTTP as a browser would follow the redirect, and the application itself calls the
provider's discovery, token and JWKS endpoints over HTTP. ID tokens are signed for real and
checked by the application: nothing is mocked.
"""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.test import Client, override_settings
from django.urls import reverse

from cip.models import Identity, Membership
from tests.cip.factories import MembershipFactory
from tests.cip.oidc_provider import CLIENT_ID, CLIENT_SECRET, Provider

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def provider():
    with Provider() as running:
        yield running


@pytest.fixture(autouse=True)
def sso_on(provider):
    provider.tamper = {}
    with override_settings(
        SSO_ENABLED=True,
        OIDC_ISSUER=provider.issuer,
        OIDC_RP_CLIENT_ID=CLIENT_ID,
        OIDC_RP_CLIENT_SECRET=CLIENT_SECRET,
    ):
        yield


def _start(client, next_url=None):
    """Starts a sign-in and follows the redirect to the provider over HTTP: the URL the
    provider sends the browser back to (path and query, for the test client)."""
    query = f"?next={next_url}" if next_url else ""
    start = client.get(reverse("sso-start") + query)
    assert start.status_code == 302, start
    assert urlsplit(start.url).path == "/authorize"
    back = requests.get(start.url, allow_redirects=False, timeout=5)
    assert back.status_code == 302, back.text
    location = urlsplit(back.headers["Location"])
    assert location.path == reverse("sso-callback")
    return f"{location.path}?{location.query}"


def _sign_in(client, next_url=None):
    return client.get(_start(client, next_url))


def _page(partnership):
    return reverse("cip:partnership-detail", kwargs={"slug": partnership.slug})


def _signed_in_as(client):
    return client.session.get("_auth_user_id")


def test_the_sign_in_request_carries_state_nonce_and_a_pkce_challenge(provider):
    client = Client()
    start = client.get(reverse("sso-start"))
    assert start.url.startswith(f"{provider.issuer}/authorize?")
    query = parse_qs(urlsplit(start.url).query)
    assert query["client_id"] == [CLIENT_ID]
    assert query["response_type"] == ["code"]
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["state"][0]) >= 32 and len(query["nonce"][0]) >= 32
    assert len(query["code_challenge"][0]) == 43  # base64url of a SHA-256
    assert query["redirect_uri"] == [f"http://testserver{reverse('sso-callback')}"]


def test_a_linked_identity_signs_in_and_lands_on_the_page_asked_for(provider, partnership):
    member = MembershipFactory(partnership=partnership, role=Membership.Role.BOARD_MEMBER).user
    Identity.objects.create(user=member, issuer=provider.issuer, subject="entra-oid-1")
    provider.sign_in_as("entra-oid-1", email="someone-else@example.org")
    client = Client()
    done = _sign_in(client, next_url=_page(partnership))
    assert done.status_code == 302
    assert done.url == _page(partnership)
    assert _signed_in_as(client) == str(member.pk)
    page = client.get(_page(partnership))
    assert page.status_code == 200
    assert partnership.name in page.text


def test_a_user_with_the_same_email_but_no_identity_is_not_signed_in(provider, partnership):
    """The e-mail claim never picks a user."""
    member = MembershipFactory(
        partnership=partnership, role=Membership.Role.BOARD_MEMBER, user__email="pat@example.org"
    ).user
    provider.sign_in_as("entra-oid-2", email="pat@example.org", name="Pat Example")
    client = Client()
    done = _sign_in(client)
    assert done.status_code == 302
    assert done.url == reverse("sso-unknown")
    page = client.get(done.url)
    assert page.status_code == 200
    assert "Your account is not set up for CIP Governance" in page.text
    assert "Pat Example" in page.text
    assert _signed_in_as(client) is None
    assert client.get(_page(partnership)).status_code == 302  # to sign-in
    assert not Identity.objects.filter(user=member).exists()


def test_the_same_subject_at_another_issuer_is_someone_else(provider, partnership):
    member = MembershipFactory(partnership=partnership).user
    Identity.objects.create(user=member, issuer="https://login.example.com/other", subject="s-1")
    provider.sign_in_as("s-1")
    client = Client()
    assert _sign_in(client).url == reverse("sso-unknown")
    assert _signed_in_as(client) is None


@pytest.mark.parametrize(
    "tamper",
    [
        {"iss": "https://login.example.com/another-tenant/v2.0"},
        {"aud": "some-other-application"},
        {"exp_offset": -600},  # expired ten minutes ago
        {"nonce": "previous"},  # a nonce of an earlier sign-in, replayed
        {"key": "other"},  # signed by a key the provider does not publish
        {"alg": "HS256"},  # signed with the client secret, the library's default
        {"garbage": True},  # not a JWT at all
    ],
    ids=[
        "wrong-issuer",
        "wrong-audience",
        "expired",
        "replayed-nonce",
        "unknown-key",
        "hs256",
        "not-a-jwt",
    ],
)
def test_a_bad_id_token_signs_nobody_in(provider, partnership, tamper):
    member = MembershipFactory(partnership=partnership).user
    Identity.objects.create(user=member, issuer=provider.issuer, subject="entra-oid-3")
    provider.sign_in_as("entra-oid-3")
    _sign_in(Client())  # an earlier, good sign-in: its nonce is the one replayed
    provider.next_token(**tamper)
    client = Client()
    refused = _sign_in(client)
    assert refused.status_code == 403
    assert "Single sign-on did not work" in refused.text
    assert _signed_in_as(client) is None
    assert client.get(_page(partnership)).status_code == 302


def test_a_callback_this_session_did_not_start_or_already_used_is_refused(provider, partnership):
    member = MembershipFactory(partnership=partnership).user
    Identity.objects.create(user=member, issuer=provider.issuer, subject="entra-oid-4")
    provider.sign_in_as("entra-oid-4")
    victim, attacker = Client(), Client()
    attacker_callback = _start(attacker)
    # Another browser (a session that never started this sign-in) gets the link: state
    # mismatch, and the provider is never asked for a token.
    before = provider.token_requests
    forced = victim.get(attacker_callback)
    assert forced.status_code == 403
    assert _signed_in_as(victim) is None
    victim.get(reverse("sso-start"))  # a session with a sign-in of its own under way
    assert victim.get(attacker_callback).status_code == 403
    assert _signed_in_as(victim) is None
    assert provider.token_requests == before
    # The session that started it signs in once; the same callback again is refused.
    assert attacker.get(attacker_callback).status_code == 302
    assert _signed_in_as(attacker) == str(member.pk)
    again = Client()
    callback = _start(again)
    assert again.get(callback).status_code == 302
    again.logout()
    assert again.get(callback).status_code == 403
    assert _signed_in_as(again) is None


def test_a_provider_that_refuses_the_code_signs_nobody_in(provider, partnership):
    member = MembershipFactory(partnership=partnership).user
    Identity.objects.create(user=member, issuer=provider.issuer, subject="entra-oid-5")
    provider.sign_in_as("entra-oid-5")
    client = Client()
    callback = _start(client)
    code = parse_qs(urlsplit(callback).query)["code"][0]
    provider.codes.pop(code)  # the provider has forgotten it (expired, or used elsewhere)
    refused = client.get(callback)
    assert refused.status_code == 403
    assert _signed_in_as(client) is None


@override_settings(OTP_REQUIRED=True)
def test_a_commissioner_needs_no_totp_code_when_the_provider_says_mfa(provider, partnership):
    member = MembershipFactory(partnership=partnership, role=Membership.Role.COMMISSIONER).user
    Identity.objects.create(user=member, issuer=provider.issuer, subject="entra-oid-6")
    provider.sign_in_as("entra-oid-6", amr=["pwd", "mfa"])
    client = Client()
    _sign_in(client)
    assert client.get(_page(partnership)).status_code == 200
    episodes = reverse("placements:episode-list", kwargs={"slug": partnership.slug})
    assert client.get(episodes).status_code == 200


@override_settings(OTP_REQUIRED=True)
def test_a_commissioner_without_mfa_at_the_provider_must_still_enter_a_totp_code(
    provider, partnership
):
    member = MembershipFactory(partnership=partnership, role=Membership.Role.COMMISSIONER).user
    Identity.objects.create(user=member, issuer=provider.issuer, subject="entra-oid-7")
    provider.sign_in_as("entra-oid-7", amr=["pwd"])
    client = Client()
    _sign_in(client)
    assert _signed_in_as(client) == str(member.pk)
    page = client.get(_page(partnership))
    assert page.status_code == 302
    assert page.url.startswith(reverse("two-factor-setup"))


@override_settings(OTP_REQUIRED=True)
def test_an_mfa_sign_in_does_not_carry_over_to_a_password_sign_in_in_the_same_browser(
    provider, partnership
):
    """The "signed in with MFA" mark belongs to the user it signed in."""
    first = MembershipFactory(partnership=partnership, role=Membership.Role.COMMISSIONER).user
    Identity.objects.create(user=first, issuer=provider.issuer, subject="entra-oid-8")
    second = MembershipFactory(partnership=partnership, role=Membership.Role.COMMISSIONER).user
    provider.sign_in_as("entra-oid-8", amr=["mfa"])
    client = Client()
    _sign_in(client)
    assert client.get(_page(partnership)).status_code == 200
    client.force_login(second)
    assert client.get(_page(partnership)).status_code == 302


def test_the_sign_in_page_offers_single_sign_on(provider):
    page = Client().get(reverse("login"))
    assert "Sign in with your council account" in page.text
    assert reverse("sso-start") in page.text


@override_settings(SSO_ENABLED=False)
def test_with_single_sign_on_off_its_pages_say_so_and_it_is_not_offered(provider):
    client = Client()
    before = provider.token_requests
    for url in (
        reverse("sso-start"),
        reverse("sso-callback") + "?code=x&state=y",
        reverse("sso-unknown"),
    ):
        page = client.get(url)
        assert page.status_code == 200
        assert "Single sign-on is not set up" in page.text
    assert provider.token_requests == before
    assert _signed_in_as(client) is None
    assert reverse("sso-start") not in client.get(reverse("login")).text


def test_a_deactivated_user_is_not_signed_in_and_an_open_session_ends(provider, partnership):
    member = MembershipFactory(partnership=partnership).user
    Identity.objects.create(user=member, issuer=provider.issuer, subject="entra-oid-9")
    provider.sign_in_as("entra-oid-9")
    signed_in = Client()
    _sign_in(signed_in)
    assert signed_in.get(_page(partnership)).status_code == 200
    member.is_active = False
    member.save()
    assert signed_in.get(_page(partnership)).status_code == 302  # to sign-in
    client = Client()
    assert _sign_in(client).status_code == 403
    assert _signed_in_as(client) is None
