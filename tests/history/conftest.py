import pytest


@pytest.fixture(autouse=True)
def _quick_passwords(settings):
    """The personas' passwords are hashed with a quick hasher here: these tests are about the
    history, not sign-in, and a PBKDF2 hash for each persona was most of their time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
