"""Two people saving the same record at the same moment, through a real server.

gunicorn (two workers, two database connections) serves a copy of the test database: a
file on SQLite (copied from pytest-django's in-memory one), pytest-django's own database on
PostgreSQL (scripts/with-postgres.sh). Each person loads the edit page, then both post it at
once: one save wins, the other is told someone else saved, and nothing answers 500.
"""

import os
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from cip.models import Membership
from tests.cip.factories import MembershipFactory, PartnershipFactory
from tests.formpages import submitted
from tests.workpackages.factories_business_cases import BusinessCaseFactory

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = 4

pytestmark = pytest.mark.django_db(transaction=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url(tmp_path: Path) -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        copy = tmp_path / "db.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(copy)
        connection.connection.backup(target)
        target.close()
        return f"sqlite:///{copy}"
    return f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


class _Person:
    """One browser: its session cookie, and the CSRF cookie the server gives it."""

    def __init__(self, port: int, session: str):
        self.port = port
        self.cookies = {settings.SESSION_COOKIE_NAME: session}

    def request(self, method: str, path: str, body: str | None = None):
        http = HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            http.request(method, path, body=body, headers=headers)
            response = http.getresponse()
            content = response.read().decode()
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, content
        finally:
            http.close()


def _serve(port: int, database_url: str, log: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DEBUG": "false",
        "SECURE": "false",
        "OTP_REQUIRED": "false",
        "STATIC_MANIFEST": "false",
    }
    command = [sys.executable, "-m", "gunicorn", "cip.wsgi", "--workers", "2"]
    command += ["--bind", f"127.0.0.1:{port}", "--error-logfile", str(log)]
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def _wait_for(port: int, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while True:
        assert server.poll() is None, f"gunicorn stopped: {log.read_text()}"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            assert time.monotonic() < deadline, "gunicorn never answered"
            time.sleep(0.1)


def _post(barrier, answers, index, person, path, body):
    barrier.wait(timeout=30)
    answers[index] = person.request("POST", path, body)


def test_two_people_saving_one_business_case_at_once_get_one_save_and_one_message(tmp_path):
    partnership = PartnershipFactory()
    case = BusinessCaseFactory(work_package__partnership=partnership, title="Opening title")
    sessions = []
    for username in ("first", "second"):
        user = MembershipFactory(
            partnership=partnership, role=Membership.Role.COMMISSIONER, user__username=username
        ).user
        client = Client()
        client.force_login(user)
        sessions.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
    path = reverse(
        "workpackages:business-case-edit", kwargs={"slug": partnership.slug, "pk": case.pk}
    )

    port, log = _free_port(), tmp_path / "gunicorn.log"
    url = _database_url(tmp_path)
    server = _serve(port, url, log)
    try:
        _wait_for(port, server, log)
        people = [_Person(port, session) for session in sessions]
        outcomes = []
        for round_ in range(ROUNDS):
            forms = []
            for person in people:
                status, html = person.request("GET", path)
                assert status == 200, html[:2000]
                data = submitted(html, path)
                data["title"] = [f"Round {round_}, person {len(forms) + 1}"]
                forms.append(urlencode(data, doseq=True))
            barrier = threading.Barrier(len(people))
            answers = [None] * len(people)
            threads = [
                threading.Thread(target=_post, args=(barrier, answers, i, person, path, forms[i]))
                for i, person in enumerate(people)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
            outcomes.append(answers)
    finally:
        server.terminate()
        server.wait(timeout=30)

    problems = []
    for round_, answers in enumerate(outcomes):
        statuses = sorted(status for status, _ in answers)
        told = [
            html
            for status, html in answers
            if status == 200 and re.search(r"saved this record while you were editing it", html)
        ]
        if statuses != [200, 302] or len(told) != 1:
            problems.append(f"round {round_}: {statuses}")
    assert problems == [], f"{problems}\n{log.read_text()[-3000:]}"
    # One save a round, each kept in the history.
    if connection.vendor == "sqlite":  # the server wrote to the copy
        table, history = case._meta.db_table, case.history.model._meta.db_table
        with sqlite3.connect(url.removeprefix("sqlite:///")) as copy:
            found = copy.execute(
                f"SELECT (SELECT version FROM {table} WHERE id = ?),"  # noqa: S608 (model names)
                f" (SELECT count(*) FROM {history} WHERE id = ?)",
                [case.pk, case.pk],
            ).fetchone()
    else:
        case.refresh_from_db()
        found = (case.version, case.history.count())
    assert found == (1 + ROUNDS, 1 + ROUNDS)
