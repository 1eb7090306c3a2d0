"""`make run` on a fresh database, as a newcomer meets it: scripts/run.sh migrates, loads the
demo and starts the web server and the background worker (honcho, Procfile). An officer signs
in, asks for a PDF of a draft report and downloads it; Ctrl-C then stops both processes."""

import os
import re
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parent.parent
SLUG = "leicestershire-cip"

pytestmark = pytest.mark.first_run


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _csrf(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def _wait_for(url: str, seconds: float, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, f"make run stopped early:\n{log.read_text()[-3000:]}"
        try:
            requests.get(url, timeout=2)
            return
        except requests.ConnectionError:
            time.sleep(1)
    pytest.fail(f"nothing served at {url} after {seconds} s:\n{log.read_text()[-3000:]}")


def _processes_in_group(pgid: int) -> list[str]:
    out = subprocess.run(
        ["ps", "-eo", "pgid=,args="], capture_output=True, text=True, check=True
    ).stdout
    return [line for line in out.splitlines() if line.split(None, 1)[0] == str(pgid)]


def test_make_run_serves_the_demo_and_its_worker_makes_an_officers_pdf(tmp_path):
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DEBUG": "true",  # as `make run` has it (the suite's own default is false)
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "ADDRESS": f"127.0.0.1:{port}",
        "DEMO_PASSWORD": "first-run-password",
    }
    log = tmp_path / "run.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            ["bash", "scripts/run.sh"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_for(f"{base}/sign-in/", 300, process, log)
        assert "worker.1 started" in log.read_text()

        officer = requests.Session()
        page = officer.get(f"{base}/sign-in/", timeout=10)
        signed_in = officer.post(
            f"{base}/sign-in/",
            data={
                "username": "officer",
                "password": "first-run-password",
                "csrfmiddlewaretoken": _csrf(page.text),
            },
            timeout=10,
        )
        assert signed_in.status_code == 200 and "Sign out" in signed_in.text

        reports = officer.get(f"{base}/p/{SLUG}/reports/", timeout=10).text
        export_url = None
        for pk in dict.fromkeys(re.findall(rf"/p/{SLUG}/reports/(\d+)/\"", reports)):
            detail = officer.get(f"{base}/p/{SLUG}/reports/{pk}/", timeout=10).text
            if f"/p/{SLUG}/reports/{pk}/export/" in detail:
                export_url, csrf = f"{base}/p/{SLUG}/reports/{pk}/export/", _csrf(detail)
                break
        assert export_url, "no draft report offers a PDF to the officer"

        asked = time.monotonic()
        waiting = officer.post(export_url, data={"csrfmiddlewaretoken": csrf}, timeout=10)
        assert waiting.status_code == 200 and "/exports/" in waiting.url
        while "Ready to download" not in waiting.text:
            assert "Failed" not in waiting.text, waiting.text
            assert time.monotonic() - asked < 60, "no PDF within 60 s of asking"
            time.sleep(1)
            waiting = officer.get(waiting.url, timeout=10)
        download = officer.get(waiting.url + "download/", timeout=30)
        assert download.status_code == 200
        assert download.headers["Content-Type"] == "application/pdf"
        assert download.content.startswith(b"%PDF-")
        assert time.monotonic() - asked < 60
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGINT)  # Ctrl-C in the terminal
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            raise
    deadline = time.monotonic() + 10
    while _processes_in_group(process.pid) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert _processes_in_group(process.pid) == [], "Ctrl-C left processes running"
