"""Every bad upload, posted through the real import form: refused by name, never a 500.

The import reads CSV in UTF-8, with or without a byte-order mark (ASCII is UTF-8), as the
DfE's own validator does. Everything else is named: workbooks, archives (a zip bomb is
just a ZIP archive: nothing is ever decompressed), PDFs, XML, UTF-16/32, Windows-1252.
"""

import gzip
import html
import io
import re
import zipfile

import openpyxl
import pytest
from django.test import override_settings
from django.urls import reverse

from cip.uploads import LimitedTemporaryFileUploadHandler
from placements.models import Child, Episode
from tests.placements.test_importers import EPISODES, HEADER, _csv, _with
from tests.placements.worker import run_worker

pytestmark = pytest.mark.django_db

SAVE_AS = "Save the table in Excel as 'CSV UTF-8 (Comma delimited)' and upload that."


def _file(content: bytes, name: str) -> io.BytesIO:
    upload = io.BytesIO(content)
    upload.name = name
    return upload


def _post(client, partnership, *, header=None, episodes=None):
    return client.post(
        reverse("placements:import", kwargs={"slug": partnership.slug}),
        {
            "header": header or _file(_csv(HEADER).getvalue(), "header.csv"),
            "episodes": episodes or _file(_csv(EPISODES).getvalue(), "episodes.csv"),
        },
    )


def _text(rows) -> str:
    return _csv(rows).getvalue().decode()


def _xlsx() -> bytes:
    book = openpyxl.Workbook()
    for row in EPISODES:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _zip_bomb() -> bytes:
    """20 MB of zeros deflate to about 20 KB; named .csv, as an attacker would."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("episodes.csv", b"0" * (20 * 1024 * 1024))
    return out.getvalue()


_DFE_XML = (
    b'<?xml version="1.0" encoding="utf-8"?>\n<Message><Header><CollectionDetails>'
    b"<Collection>SSDA903</Collection></CollectionDetails></Header></Message>\n"
)

# (what, episodes file name, its bytes, the message the form shows for the episodes field)
BAD_FILES = [
    ("a workbook saved as .csv", "episodes.csv", _xlsx(), "an Excel workbook (.xlsx)"),
    (
        "an old workbook",
        "episodes.csv",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
        "This is an Excel 97-2003 workbook (.xls), not a CSV file.",
    ),
    ("a zip bomb", "episodes.csv", _zip_bomb(), "This is a ZIP archive or an Excel workbook"),
    (
        "a gzipped CSV",
        "episodes.csv.txt",
        gzip.compress(_csv(EPISODES).getvalue()),
        "This is a gzip archive, not a CSV file.",
    ),
    ("a PDF", "episodes.csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "This is a PDF document"),
    ("the XML return", "episodes.csv", _DFE_XML, "This is an XML or HTML file, not a CSV file."),
    (
        "UTF-16 from Excel's Unicode Text",
        "episodes.txt",
        _text(EPISODES).encode("utf-16"),
        "This is UTF-16 text (as Excel's 'Unicode Text' saves it), not UTF-8.",
    ),
    (
        "UTF-16 without a byte-order mark",
        "episodes.csv",
        _text(EPISODES).encode("utf-16-be"),
        "This is UTF-16 text, not UTF-8.",
    ),
    ("UTF-32", "episodes.csv", _text(EPISODES).encode("utf-32"), "This is UTF-32 text"),
    (
        "a binary file",
        "episodes.csv",
        bytes(range(256)) * 4,
        "This is a binary file, not a CSV file.",
    ),
    (
        "a workbook by its name",
        "episodes.xlsx",
        _csv(EPISODES).getvalue(),
        "Upload a CSV file (ending .csv)",
    ),
    ("an empty file", "episodes.csv", b"", "The submitted file is empty."),
]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [case[1:] for case in BAD_FILES],
    ids=[case[0] for case in BAD_FILES],
)
def test_a_bad_file_is_refused_on_its_field_by_name(
    as_commissioner, partnership, name, content, message
):
    response = _post(as_commissioner, partnership, episodes=_file(content, name))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["episodes"]
    assert errors["episodes"][0].startswith("Episodes file (CSV): ")
    assert message in errors["episodes"][0]
    page = html.unescape(response.text)
    assert "There is a problem" in page
    assert errors["episodes"][0] in page
    assert not Child.objects.exists()
    assert not Episode.objects.exists()


def test_every_file_type_refusal_says_how_to_save_a_csv(as_commissioner, partnership):
    response = _post(as_commissioner, partnership, header=_file(_xlsx(), "header.csv"))
    assert response.context["form"].errors["header"] == [
        "Header file (CSV): This is a ZIP archive or an Excel workbook (.xlsx), not a CSV file. "
        + SAVE_AS
    ]


@pytest.mark.parametrize(
    ("encoding", "byte", "named"),
    [
        ("cp1252", "£", "This is Windows-1252 text (as Excel's plain 'CSV (Comma delimited)'"),
        ("latin-1", "\x81", "This is text in an encoding other than UTF-8, not UTF-8."),
    ],
)
def test_eight_bit_text_is_refused_naming_its_encoding_row_and_column(
    as_commissioner, partnership, encoding, byte, named
):
    # The first bytes look like text, so the importer finds the bad byte and names its place.
    rows = _with(2, "URN", f"SC48{byte}")
    response = _post(
        as_commissioner,
        partnership,
        episodes=_file(_csv(rows, encoding=encoding).getvalue(), "episodes.csv"),
    )
    assert response.status_code == 302
    run_worker()
    page = html.unescape(as_commissioner.get(response.url).text)
    assert "Nothing was imported: 1 problem in the files." in page
    cells = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", page)]
    assert cells[:3] == ["Episodes", "3", "URN"] and len(cells) == 4
    assert cells[3].startswith(named) and cells[3].endswith(SAVE_AS)
    assert not Episode.objects.exists()


@pytest.mark.parametrize("bom", [False, True], ids=["UTF-8", "UTF-8 with a byte-order mark"])
def test_utf8_with_or_without_a_byte_order_mark_is_imported(as_commissioner, partnership, bom):
    rows = _with(1, "HOME_POST", "LE11 3")
    response = _post(
        as_commissioner,
        partnership,
        header=_file(_csv(HEADER, bom=bom).getvalue(), "header.csv"),
        episodes=_file(_csv(rows, bom=bom).getvalue(), "EPISODES.CSV"),
    )
    assert response.status_code == 302
    run_worker()
    assert Episode.objects.filter(partnership=partnership).count() == 3


@override_settings(UPLOAD_MAX_MB=1)
@pytest.mark.parametrize("megabytes", [1.5, 3], ids=["kept in memory", "spooled to disk"])
def test_a_file_over_the_configured_limit_is_refused_naming_the_limit(
    as_commissioner, partnership, megabytes
):
    line = _csv([EPISODES[1]]).getvalue()
    big = _csv([EPISODES[0]]).getvalue() + line * int(megabytes * 1048576 / len(line) + 1)
    response = _post(as_commissioner, partnership, episodes=_file(big, "episodes.csv"))
    assert response.status_code == 200
    assert response.context["form"].errors["episodes"] == [
        f"Episodes file (CSV): The file is {megabytes:g} MB; the limit is 1 MB. "
        "Split it by collection year."
    ]
    assert not Episode.objects.exists()


@override_settings(UPLOAD_MAX_MB=1)
def test_no_more_than_the_limit_of_an_upload_is_written_to_disk():
    handler = LimitedTemporaryFileUploadHandler()
    handler.new_file("episodes", "episodes.csv", "text/csv", None)
    chunk = b"x" * 65536
    for start in range(0, 3 * 1048576, len(chunk)):
        handler.receive_data_chunk(chunk, start)
    upload = handler.file_complete(3 * 1048576)
    assert upload.size == 3 * 1048576
    assert len(upload.read()) == 1048576
    upload.close()
