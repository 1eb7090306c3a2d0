"""Checks that need PostgreSQL itself: run by `make test-postgres`, deselected on SQLite."""

import hashlib
import os
import subprocess
import threading
import uuid
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection, connections

from cip.models import ContractYear
from cip.services import StaleEditError, save_versioned
from tests.cip.factories import ContractYearFactory, PartnershipFactory

ROOT = Path(__file__).resolve().parents[1]
pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def _url(database: str) -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST']}:{s['PORT']}/{database}"


def _canonical_export_sha256(database: str) -> str:
    """dumpdata of every domain table, in primary-key order, hashed."""
    env = {**os.environ, "DATABASE_URL": _url(database)}
    result = subprocess.run(
        ["python", "manage.py", "dumpdata", "--indent", "0", "--exclude", "sessions"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        check=True,
        timeout=300,
    )
    assert b"leicestershire-cip" in result.stdout
    return hashlib.sha256(result.stdout).hexdigest()


def test_a_backup_restores_to_an_identical_database(tmp_path):
    call_command("load_demo")
    source = connection.settings_dict["NAME"]
    dump = tmp_path / "demo.dump"
    env = {**os.environ, "DATABASE_URL": _url(source)}
    subprocess.run(["bash", "scripts/backup.sh", str(dump)], cwd=ROOT, env=env, check=True)
    assert dump.stat().st_size > 10_000

    copy = f"restore_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(_url("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{copy}"')
    try:
        env["DATABASE_URL"] = _url(copy)
        subprocess.run(["bash", "scripts/restore.sh", str(dump)], cwd=ROOT, env=env, check=True)
        assert _canonical_export_sha256(copy) == _canonical_export_sha256(source)
    finally:
        with psycopg.connect(_url("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')


def test_of_two_concurrent_writers_exactly_one_saves_and_the_other_is_told():
    year = ContractYearFactory(partnership=PartnershipFactory(), notes="")
    barrier = threading.Barrier(2)
    outcomes = []

    def writer(notes):
        try:
            record = ContractYear.objects.get(pk=year.pk)
            record.notes = notes
            barrier.wait(timeout=10)
            save_versioned(instance=record, expected_version=1)
            outcomes.append(("saved", notes))
        except StaleEditError as stale:
            outcomes.append(("stale", [c.field for c in stale.changes]))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in ("first", "second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(kind for kind, _ in outcomes) == ["saved", "stale"]
    winner = next(detail for kind, detail in outcomes if kind == "saved")
    loser = next(detail for kind, detail in outcomes if kind == "stale")
    assert loser == ["Notes"]
    year.refresh_from_db()
    assert (year.notes, year.version) == (winner, 2)
    assert year.history.count() == 2
