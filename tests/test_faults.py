"""Faults on PostgreSQL: an import killed mid-way, and the server restarted under load.

Run by `make test-postgres` (scripts/with-postgres.sh starts the server and exports where it
lives, CIP_PG_*, so that the restart test can restart it).
"""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from http.client import HTTPConnection
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, connections
from django.test import Client

from cip.models import Membership
from placements.management.commands.benchmark_ssda903 import write_return
from placements.models import Child, Episode
from tests.cip.factories import MembershipFactory, PartnershipFactory

ROOT = Path(__file__).resolve().parents[1]
pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def _environment(**extra) -> dict:
    """This process's settings, pointed at pytest-django's test database (test_<name>)."""
    s = connection.settings_dict
    url = f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST']}:{s['PORT']}/{s['NAME']}"
    return {**os.environ, "DATABASE_URL": url, **extra}


def _scalar(sql: str, *params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def _wait_until(condition, seconds: float, message: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, message
        time.sleep(0.01)


# --- kill -9 in the middle of an import ------------------------------------------------------


def test_an_import_killed_in_the_middle_of_writing_leaves_no_rows(tmp_path):
    partnership = PartnershipFactory()
    header, episodes = write_return(tmp_path, 2_000)
    name = f"cip-import-{os.getpid()}"
    # The child's connection says who it is, so its session can be found and watched.
    env = _environment()
    env["DATABASE_URL"] += f"?application_name={name}"
    # The import writes each batch of episodes and then their history rows. A second
    # session holds a lock that lets the import read the history table but not write to
    # it, so the import stops, deterministically, with its first batch of episodes
    # written and uncommitted. (Watching the table grow instead raced a fast machine, and
    # its size need not grow: a COPY fills the free space that earlier tests left.)
    blocker = connections.create_connection("default")
    process = None
    try:
        blocker.set_autocommit(False)
        with blocker.cursor() as cursor:
            table = Episode.history.model._meta.db_table
            cursor.execute(f"LOCK TABLE {blocker.ops.quote_name(table)} IN SHARE MODE")
        process = subprocess.Popen(
            [sys.executable, "manage.py", "import_ssda903", partnership.slug, header, episodes],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

        def waiting_to_write_history() -> bool:
            assert process.poll() is None, "the import ended before it could be killed"
            return (
                _scalar(
                    "SELECT count(*) FROM pg_stat_activity"
                    " WHERE application_name = %s AND wait_event_type = 'Lock'",
                    name,
                )
                > 0
            )

        _wait_until(waiting_to_write_history, 120, "the import never reached its history rows")
        # Written (its COPY into the episode table is over and holds the table's write
        # lock, as the history COPY waits)...
        assert (
            _scalar(
                "SELECT count(*) FROM pg_locks JOIN pg_stat_activity USING (pid)"
                " WHERE application_name = %s AND relation = %s::regclass"
                " AND mode = 'RowExclusiveLock' AND granted",
                name,
                Episode._meta.db_table,
            )
            == 1
        )
        assert Episode.objects.count() == 0  # ...but not visible: not committed
        process.send_signal(signal.SIGKILL)
        assert process.wait(timeout=10) == -signal.SIGKILL
    finally:
        if process is not None and process.poll() is None:
            process.kill()
            process.wait()
        blocker.rollback()
        blocker.close()

    # PostgreSQL ends the dead client's session and rolls its transaction back.
    _wait_until(
        lambda: (
            not _scalar("SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", name)
        ),
        30,
        "the killed import's session is still open",
    )
    assert Child.objects.filter(partnership=partnership).count() == 0
    assert Episode.objects.filter(partnership=partnership).count() == 0
    assert Child.history.count() == 0
    assert Episode.history.count() == 0


# --- PostgreSQL restarted under load ---------------------------------------------------------

WORKERS = 2
CLIENTS = 4


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _restart_postgres() -> None:
    # Every test sharing this server would see its connection end: run this one alone.
    assert "PYTEST_XDIST_WORKER" not in os.environ, "the restart would break tests beside it"
    bindir, datadir = os.environ.get("CIP_PG_BINDIR"), os.environ.get("CIP_PG_DATADIR")
    assert bindir and datadir, "run through scripts/with-postgres.sh, which says where it is"
    as_user = (
        ["runuser", "-u", os.environ["CIP_PG_USER"], "--"] if os.environ.get("CIP_PG_USER") else []
    )
    # -m fast: every session is ended at once, as a crash or failover would; -w: return
    # when the server accepts connections again.
    subprocess.run(
        [*as_user, f"{bindir}/pg_ctl", "-D", datadir, "-m", "fast", "-w", "restart"],
        check=True,
        stdout=subprocess.DEVNULL,
        timeout=60,
    )


def _get(port: int, path: str, cookie: str) -> int:
    """The status of one GET, or 0 when nothing answers."""
    http = HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        http.request("GET", path, headers={"Cookie": cookie})
        response = http.getresponse()
        response.read()
        return response.status
    except OSError:
        return 0
    finally:
        http.close()


def _log(path: Path) -> list[tuple[str, int]]:
    """(worker pid, status) of each request in gunicorn's access log, in order."""
    if not path.exists():
        return []
    rows = []
    for line in path.read_text().splitlines():
        pid, status, *_ = line.split()
        rows.append((pid, int(status)))
    return rows


def _pids(requests: list[tuple[str, int]]) -> set[str]:
    return {pid for pid, _ in requests}


@pytest.mark.server_restart
def test_after_a_postgresql_restart_under_load_each_worker_fails_at_most_once(tmp_path, capsys):
    membership = MembershipFactory(role=Membership.Role.BOARD_MEMBER)
    client = Client()
    client.force_login(membership.user)
    cookie_name = settings.SESSION_COOKIE_NAME
    cookie = f"{cookie_name}={client.cookies[cookie_name].value}"
    page = f"/p/{membership.partnership.slug}/"  # session, user, membership: a few queries

    port = _free_port()
    log = tmp_path / "access.log"
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "cip.wsgi"],
        cwd=ROOT,
        env=_environment(
            GUNICORN_BIND=f"127.0.0.1:{port}",
            GUNICORN_ACCESS_LOG=str(log),
            WEB_CONCURRENCY=str(WORKERS),
            ALLOWED_HOSTS="127.0.0.1",
        ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    results: list[tuple[float, float, int]] = []  # (sent, answered, status)
    stop = threading.Event()

    def load():
        while not stop.is_set():
            sent = time.monotonic()
            status = _get(port, page, cookie)
            results.append((sent, time.monotonic(), status))

    clients = [threading.Thread(target=load) for _ in range(CLIENTS)]
    try:
        _wait_until(lambda: _get(port, page, cookie) == 200, 60, "gunicorn did not start")
        for thread in clients:
            thread.start()
        _wait_until(lambda: len(_pids(_log(log))) == WORKERS, 30, "a worker served nothing")
        restarting = time.monotonic()
        _restart_postgres()
        back = time.monotonic()
        logged_before = len(_log(log))
        connections.close_all()  # this process's own connection ended with the server too
        time.sleep(2)
    finally:
        stop.set()
        for thread in clients:
            thread.join(timeout=60)
        server.terminate()
        server.wait(timeout=30)

    requests = _log(log)
    errors_per_worker = Counter(pid for pid, status in requests if status >= 500)
    recovered = min(answered for sent, answered, status in results if sent >= back and status)
    slowest = max(answered - sent for sent, answered, _ in results if answered >= restarting)
    with capsys.disabled():
        print(
            f"\nPostgreSQL restarted under load ({WORKERS} workers, {CLIENTS} clients looping, "
            f"{len(results)} requests): the restart took {back - restarting:.2f} s; first "
            f"success {recovered - back:.2f} s after the server was back; 5xx per worker: "
            f"{sorted(errors_per_worker.values()) or 'none'}; slowest request over the "
            f"restart {slowest:.2f} s"
        )
    assert all(count <= 1 for count in errors_per_worker.values()), errors_per_worker
    assert {status for _, _, status in results} <= {200, 500}  # gunicorn itself stayed up
    assert recovered - back < 5
    # Both workers served again once the server was back, and nothing failed after a second.
    assert len(_pids(requests[logged_before:])) == WORKERS
    assert all(status == 200 for sent, _, status in results if sent > back + 1)
