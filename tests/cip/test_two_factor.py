import time

import pytest
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("two_factor_on")]


@pytest.fixture
def two_factor_on():
    with override_settings(OTP_REQUIRED=True):
        yield


def _code(device, at=None):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = at or time.time()
    return f"{totp.token():06d}"


def _page(partnership):
    return reverse("cip:partnership-detail", kwargs={"slug": partnership.slug})


def test_a_commissioner_must_set_up_two_factor_before_anything_else(as_commissioner, partnership):
    response = as_commissioner.get(_page(partnership))
    assert response.status_code == 302
    assert response.url.startswith(reverse("two-factor-setup"))
    page = as_commissioner.get(response.url)
    assert "Set up two-factor authentication" in page.text
    assert "<svg" in page.text
    device = TOTPDevice.objects.get(user__username="commissioner", confirmed=False)
    done = as_commissioner.post(
        reverse("two-factor-setup"), {"token": _code(device), "next": _page(partnership)}
    )
    assert done.status_code == 302
    assert done.url == _page(partnership)
    assert as_commissioner.get(_page(partnership)).status_code == 200


def test_a_board_member_is_not_asked_for_a_code(as_board, partnership):
    assert as_board.get(_page(partnership)).status_code == 200


def test_a_confirmed_device_is_asked_for_at_each_sign_in_and_a_code_cannot_be_replayed(
    as_officer, officer, partnership
):
    device = TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
    response = as_officer.get(_page(partnership))
    assert response.url.startswith(reverse("two-factor-verify"))
    code = _code(device)
    wrong = as_officer.post(reverse("two-factor-verify"), {"token": "000000"})
    assert wrong.status_code == 200 and "That code is wrong" in wrong.text
    device.refresh_from_db()
    device.throttle_reset()
    ok = as_officer.post(reverse("two-factor-verify"), {"token": code})
    assert ok.status_code == 302
    # A second session cannot reuse the same code.
    from django.test import Client

    other = Client()
    other.force_login(officer)
    replay = other.post(reverse("two-factor-verify"), {"token": code})
    assert replay.status_code == 200
    assert "already used" in replay.text
    assert other.get(_page(partnership)).status_code == 302


def test_a_malformed_code_names_the_field(as_admin, administrator):
    TOTPDevice.objects.create(user=administrator, name="phone", confirmed=True)
    response = as_admin.post(reverse("two-factor-verify"), {"token": "12 34"})
    assert response.status_code == 200
    assert 'href="#id_token"' in response.text


def test_next_cannot_send_the_user_off_site(as_admin, administrator):
    device = TOTPDevice.objects.create(user=administrator, name="phone", confirmed=True)
    response = as_admin.post(
        reverse("two-factor-verify"), {"token": _code(device), "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response.url == reverse("cip:home")


# Site administrators and staff accounts, whatever partnership they belong to (or none), sign
# in with a second factor: they are asked for it by the real sign-in pages.

PASSWORD = "correct horse battery staple"  # tests.cip.factories.UserFactory's


def _sign_in(client, username):
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.text
    return response


@pytest.mark.parametrize("kind", ["superuser", "staff"])
def test_a_site_administrator_outside_any_partnership_must_set_up_two_factor(kind):
    from django.test import Client

    from tests.cip.factories import UserFactory

    UserFactory(username="site", is_superuser=kind == "superuser", is_staff=kind == "staff")
    client = Client()
    landing = client.get(_sign_in(client, "site").url)
    assert landing.status_code == 302
    assert landing.url.startswith(reverse("two-factor-setup"))
    # Nothing else opens before a code is entered: not the register's proposals either.
    proposals = client.get(reverse("cip:organisation-proposals"))
    assert proposals.status_code == 302
    assert proposals.url.startswith(reverse("two-factor-setup"))
    page = client.get(landing.url)
    assert "Set up two-factor authentication" in page.text
    device = TOTPDevice.objects.get(user__username="site", confirmed=False)
    done = client.post(reverse("two-factor-setup"), {"token": _code(device)})
    assert done.status_code == 302
    assert client.get(reverse("cip:home")).status_code == 200


def test_a_site_administrator_with_a_device_is_asked_for_a_code_at_each_sign_in(
    partnership, board_member
):
    """A board member's role needs no second factor; made a site administrator, they do."""
    from django.test import Client

    board_member.is_superuser = True
    board_member.save()
    device = TOTPDevice.objects.create(user=board_member, name="phone", confirmed=True)
    client = Client()
    landing = client.get(_sign_in(client, "board").url)
    assert landing.url.startswith(reverse("two-factor-verify"))
    assert client.get(_page(partnership)).url.startswith(reverse("two-factor-verify"))
    ok = client.post(reverse("two-factor-verify"), {"token": _code(device)})
    assert ok.status_code == 302
    assert client.get(_page(partnership)).status_code == 200
    assert client.get(reverse("cip:organisation-proposals")).status_code == 200


def test_a_plain_account_outside_any_partnership_is_not_asked_for_a_code():
    from django.test import Client

    from tests.cip.factories import UserFactory

    UserFactory(username="nobody")
    client = Client()
    assert client.get(_sign_in(client, "nobody").url).status_code == 200


@override_settings(ROOT_URLCONF="tests.cip.admin_urls")
def test_the_django_admin_were_it_mounted_asks_staff_for_the_second_factor():
    """The admin is not mounted (docs/architecture.md); mounted, it would let in staff
    accounts, and the two-factor middleware stops them before any admin view runs."""
    from django.test import Client

    from tests.cip.factories import UserFactory

    UserFactory(username="staff", is_staff=True, is_superuser=True)
    client = Client()
    _sign_in(client, "staff")
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("two-factor-setup"))


def test_the_django_admin_is_not_mounted():
    from django.test import Client

    from tests.cip.factories import UserFactory

    site = Client()
    site.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert site.get("/admin/").status_code == 404
