"""Personas: each role in partnership A, a member of another partnership, and a visitor."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from cip.models import Membership
from tests.cip.factories import MembershipFactory, PartnershipFactory

Role = Membership.Role


def pytest_configure(config):
    """Passwords are hashed with a quick hasher in tests: each factory user's PBKDF2 hash (a
    million iterations, about 0.3 s here) was a large share of the suite's time, and only
    the sign-in tests sign in with a password, which any hasher serves. Production keeps
    Django's default hashers (cip/settings.py does not name any)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: a rolled-back test database can give the next
    test the same ids, and so the same data stamps (placements.measures.cached)."""
    cache.clear()


@pytest.fixture
def partnership(db):
    return PartnershipFactory(name="Partnership A", slug="partnership-a")


@pytest.fixture
def other_partnership(db):
    return PartnershipFactory(name="Partnership B", slug="partnership-b")


def _member(partnership, role, username):
    return MembershipFactory(partnership=partnership, role=role, user__username=username).user


@pytest.fixture
def board_member(partnership):
    return _member(partnership, Role.BOARD_MEMBER, "board")


@pytest.fixture
def chair(partnership):
    return _member(partnership, Role.CHAIR, "chair")


@pytest.fixture
def as_chair(chair):
    return signed_in(chair)


@pytest.fixture
def commissioner(partnership):
    return _member(partnership, Role.COMMISSIONER, "commissioner")


@pytest.fixture
def officer(partnership):
    return _member(partnership, Role.OFFICER, "officer")


@pytest.fixture
def administrator(partnership):
    return _member(partnership, Role.ADMINISTRATOR, "admin")


@pytest.fixture
def outsider(other_partnership):
    """An administrator of partnership B: every role's rights, but not in A."""
    return _member(other_partnership, Role.ADMINISTRATOR, "outsider")


@pytest.fixture
def anonymous():
    return Client()


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def as_board(board_member):
    return signed_in(board_member)


@pytest.fixture
def as_commissioner(commissioner):
    return signed_in(commissioner)


@pytest.fixture
def as_officer(officer):
    return signed_in(officer)


@pytest.fixture
def as_admin(administrator):
    return signed_in(administrator)


@pytest.fixture
def as_outsider(outsider):
    return signed_in(outsider)


@pytest.fixture(autouse=True)
def _no_session_touch_mid_test(monkeypatch):
    """An active session's idle expiry moves at most once a minute (cip.auth), which writes
    the session. On a slow machine a minute can pass inside a test, and that write would
    change the pinned query counts; tests of the touch itself set the interval back."""
    monkeypatch.setattr("cip.auth.TOUCH_EVERY_SECONDS", 10**9)
