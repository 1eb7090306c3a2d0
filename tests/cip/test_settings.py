import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "x7#p2v!9kq$w4m^z8r&t1y*u6e@o3i(a5s)d0f-g_h+j=k[l]b{n}c|v;x:q<w>e",
    "ALLOWED_HOSTS": "cip.example.gov.uk",
    "DATABASE_URL": "sqlite:///" + str(ROOT / "unused.sqlite3"),
    "PSEUDONYM_KEY": "a different key for the children's pseudonyms",
}


def _manage(*args, **env):
    unset = {"DEBUG", "SECRET_KEY", "PSEUDONYM_KEY", "SECURE"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_deployment_check_reports_nothing_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_start_up_names_a_missing_secret_key():
    env = {**PRODUCTION}
    del env["SECRET_KEY"]
    result = _manage("check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_start_up_names_a_malformed_setting():
    result = _manage("check", **{**PRODUCTION, "DEBUG": "perhaps"})
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_start_up_names_a_malformed_database_url():
    result = _manage("check", **{**PRODUCTION, "DATABASE_URL": "nosuchdb://x"})
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_start_up_names_a_missing_pseudonym_key():
    env = {**PRODUCTION}
    del env["PSEUDONYM_KEY"]
    result = _manage("check", **env)
    assert result.returncode != 0
    assert "PSEUDONYM_KEY" in result.stderr


def test_start_up_refuses_a_pseudonym_key_that_is_the_secret_key():
    result = _manage("check", **{**PRODUCTION, "PSEUDONYM_KEY": PRODUCTION["SECRET_KEY"]})
    assert result.returncode != 0
    assert "PSEUDONYM_KEY must differ from SECRET_KEY" in result.stderr


def test_start_up_refuses_an_empty_pseudonym_key():
    result = _manage("check", **{**PRODUCTION, "PSEUDONYM_KEY": " "})
    assert result.returncode != 0
    assert "PSEUDONYM_KEY" in result.stderr


def test_development_runs_without_a_pseudonym_key():
    env = {k: v for k, v in PRODUCTION.items() if k != "PSEUDONYM_KEY"}
    result = _manage("check", **{**env, "DEBUG": "true"})
    assert result.returncode == 0, result.stdout + result.stderr


def test_single_sign_on_needs_its_three_settings_together_and_reads_nothing_at_start_up():
    half = _manage("check", **{**PRODUCTION, "OIDC_ISSUER": "https://login.example.org/t/v2.0"})
    assert half.returncode != 0
    assert "OIDC_CLIENT_SECRET" in half.stderr
    # All three: start-up does not call the provider (nothing listens at this address).
    whole = _manage(
        "check",
        **{
            **PRODUCTION,
            "OIDC_ISSUER": "http://127.0.0.1:1/tenant/v2.0",
            "OIDC_CLIENT_ID": "an-application-id",
            "OIDC_CLIENT_SECRET": "a-secret",
        },
    )
    assert whole.returncode == 0, whole.stderr
