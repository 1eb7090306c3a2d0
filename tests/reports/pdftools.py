"""Read PDFs as a person would, with poppler's command-line tools (pypdf is not installed)."""

import re
import subprocess
import tempfile
from pathlib import Path


def _run(*args: str, data: bytes) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.pdf"
        path.write_bytes(data)
        result = subprocess.run(
            [*args, str(path), *([] if args[0] != "/usr/bin/pdftotext" else ["-"])],
            capture_output=True,
            check=True,
            timeout=60,
        )
        return result.stdout.decode()


def text(data: bytes) -> str:
    return _run("/usr/bin/pdftotext", "-layout", data=data)


def raw_text(data: bytes) -> str:
    """In the order the PDF draws it: a table cell's wrapped lines stay together."""
    return _run("/usr/bin/pdftotext", "-raw", data=data)


def pages(data: bytes) -> int:
    info = _run("/usr/bin/pdfinfo", data=data)
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def info(data: bytes) -> str:
    return _run("/usr/bin/pdfinfo", data=data)


def fonts(data: bytes) -> list[tuple[str, str]]:
    """(font name, emb column) for each font the PDF uses."""
    lines = _run("/usr/bin/pdffonts", data=data).splitlines()[2:]
    result = []
    for line in lines:
        columns = line.split()
        # name type [type] encoding emb sub uni object ID: emb is the fifth from the end
        result.append((columns[0], columns[-5]))
    return result


def attachments(data: bytes) -> str:
    return _run("/usr/bin/pdfdetach", "-list", data=data)


def words(data: bytes) -> list[tuple[float, float, float, float, str]]:
    """(x min, y min, x max, y max, word) in points for each word, page after page."""
    import html

    found = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
        _run("/usr/bin/pdftotext", "-bbox", data=data),
    )
    return [(float(a), float(b), float(c), float(d), html.unescape(w)) for a, b, c, d, w in found]
