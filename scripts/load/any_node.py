"""Sign in once through nginx, then ask each web node directly for the same pages and the same
generated file with that session: any node serves any user, and files live in the database.

Usage: any_node.py PROXY_URL NODE_URL... [EXPORT_ID SHA256]  (run by scripts/load.sh)
"""

import hashlib
import os
import re
import sys

import requests

SLUG = os.environ.get("LOAD_PARTNERSHIP", "leicestershire-cip")


def main(proxy: str, nodes: list[str], export: str | None, digest: str | None) -> int:
    session = requests.Session()
    form = session.get(f"{proxy}/sign-in/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    signed_in = session.post(
        f"{proxy}/sign-in/",
        data={
            "username": "officer",
            "password": os.environ["DEMO_PASSWORD"],
            "csrfmiddlewaretoken": token,
        },
        headers={"Referer": f"{proxy}/sign-in/"},
    )
    ok = "Sign out" in signed_in.text
    for node in nodes:
        page = session.get(f"{node}/p/{SLUG}/dashboard/")
        served = page.status_code == 200 and "Sign out" in page.text
        line = f"{node}: dashboard with the session made through nginx: {'yes' if served else 'NO'}"
        ok = ok and served
        if export:
            pdf = session.get(f"{node}/p/{SLUG}/reports/exports/{export}/download/")
            same = pdf.status_code == 200 and hashlib.sha256(pdf.content).hexdigest() == digest
            line += f"; report PDF {export} ({len(pdf.content):,} bytes), SHA-256 as stored: "
            line += "yes" if same else "NO"
            ok = ok and same
        print(line)
    if not export:
        print("No report PDF was ready to fetch (the worker had not rendered one).")
        ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    proxy, *rest = sys.argv[1:]
    nodes = [a for a in rest if a.startswith("http")]
    extra = [a for a in rest if not a.startswith("http")]
    export, digest = [*extra, None, None][:2]
    sys.exit(main(proxy, nodes, export, digest))
