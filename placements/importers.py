"""SSDA903 import and export: the episodes table and the header table, as DfE shapes them.

The import is all-or-nothing, in one transaction: both files are streamed, one row at a time,
and the episodes are written while the file is still being read; the first row with a problem
stops the writing, the rest of the file is still checked so that every problem is listed,
and then the transaction is rolled back. Every problem names its file, row and column, and a
refusal is `ImportRefused`; nothing else is turned into one, so a bug surfaces as itself.
From the header table only SEX and the month and year of DOB are kept: the full DOB, UPN,
ethnicity and the mother fields are dropped as each row is read, never stored.
"""

import csv
import io
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from operator import itemgetter
from typing import BinaryIO, NamedTuple

from django.db import connection, transaction
from simple_history.utils import bulk_update_with_history

from cip.bulk import Writer, insert_with_history, refresh_statistics
from cip.models import Partnership
from placements import calculations, codes
from placements.models import (
    Child,
    Episode,
    Provider,
    child_reference,
    purchase_route,
    settings_for,
)

EPISODE_COLUMNS = [
    "CHILD",
    "DECOM",
    "RNE",
    "LS",
    "CIN",
    "PLACE",
    "PLACE_PROVIDER",
    "DEC",
    "REC",
    "REASON_PLACE_CHANGE",
    "HOME_POST",
    "PL_POST",
    "URN",
]
HEADER_COLUMNS = ["CHILD", "SEX", "DOB"]
HEADER_EXPORT_COLUMNS = ["CHILD", "SEX"]
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
MAX_PROBLEMS = 500
# Columns a table may have: the DfE's header and episodes tables have fewer than 30, so more
# than this is not a return (and is refused before anything is read or written).
MAX_COLUMNS = 200
BATCH = 2000
# Episodes (and children) per COPY: the database writes one batch while the next is read.
WRITE_BATCH = 10_000
# An import that adds this many episodes refreshes the planner's statistics (see
# cip.bulk.refresh_statistics).
ANALYZE_FROM = 1000
NO_PROVIDER_PLACES = frozenset({"T0", "T1", "T2", "T3", "T4", "Z1"})
_URN = re.compile(r"^[A-Z0-9]{6,8}$")

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class ImportProblem:
    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [f"{self.file.capitalize()} file"]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}"


class ImportRefused(Exception):
    """Nothing was written; `problems` lists why (the first MAX_PROBLEMS of `total`)."""

    def __init__(self, problems: list[ImportProblem], total: int | None = None):
        self.problems = problems
        self.total = total if total is not None else len(problems)
        super().__init__(f"{self.total} problem(s) in the SSDA903 files")


@dataclass
class ImportResult:
    children_created: int = 0
    children_updated: int = 0
    episodes_created: int = 0
    episodes_updated: int = 0


@dataclass
class _Problems:
    found: list[ImportProblem] = field(default_factory=list)
    total: int = 0
    rows: int = 0  # rows read so far, both files

    def add(self, file: str, row: int | None, column: str | None, message: str) -> None:
        self.total += 1
        if len(self.found) < MAX_PROBLEMS:
            self.found.append(ImportProblem(file, row, column, message))


class _EpisodeRow(NamedTuple):
    row: int
    reference: str
    decom: date
    dec: date | None
    rne: str
    ls: str
    cin: str
    place: str
    place_provider: str
    rec: str
    reason_place_change: str
    home_post: str
    pl_post: str
    urn: str


# What an upload must be: the DfE's CSV tables as UTF-8 text, with or without a byte-order
# mark (ASCII is UTF-8), which is what the DfE's own validator (csc-validator-be-903) reads.
# Anything else is named and refused; nothing is ever decompressed, so a zip bomb is just a
# ZIP archive, refused by its first bytes.
SNIFF_BYTES = 4096
_SAVE_AS = "Save the table in Excel as 'CSV UTF-8 (Comma delimited)' and upload that."
_SIGNATURES = (
    (b"PK\x03\x04", "a ZIP archive or an Excel workbook (.xlsx)"),
    (b"PK\x05\x06", "a ZIP archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an Excel 97-2003 workbook (.xls)"),
    (b"%PDF-", "a PDF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
)
_BOMS = (  # UTF-32's marks begin with UTF-16's, so they come first
    (b"\xff\xfe\x00\x00", "UTF-32 text"),
    (b"\x00\x00\xfe\xff", "UTF-32 text"),
    (b"\xff\xfe", "UTF-16 text (as Excel's 'Unicode Text' saves it)"),
    (b"\xfe\xff", "UTF-16 text"),
)


def sniff(start: bytes) -> str | None:
    """Why a file whose first bytes are `start` cannot be an SSDA903 CSV table, or None.
    Text that is not UTF-8 further on is reported with its row and column as it is read."""
    if not start:
        return "The file is empty."
    for signature, kind in _SIGNATURES:
        if start.startswith(signature):
            return f"This is {kind}, not a CSV file. {_SAVE_AS}"
    for mark, encoding in _BOMS:
        if start.startswith(mark):
            return f"This is {encoding}, not UTF-8. {_SAVE_AS}"
    if b"\x00" in start:
        sample = start[:512]
        # UTF-16 without a byte-order mark: every other byte of ASCII text is a NUL.
        odd, even = sample[1::2].count(0), sample[0::2].count(0)
        if max(odd, even) > 0.4 * (len(sample) / 2) and min(odd, even) == 0:
            return f"This is UTF-16 text, not UTF-8. {_SAVE_AS}"
        return f"This is a binary file, not a CSV file. {_SAVE_AS}"
    if start.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"<"):
        return (
            "This is an XML or HTML file, not a CSV file. Upload the header and episodes "
            "tables in the DfE's CSV format, not the XML return."
        )
    return None


def file_size(size: int) -> str:
    """64 MB, 1.5 MB, 12 KB, 100 bytes: a size as people read it."""
    if size >= 1048576:
        return f"{size / 1048576:.1f}".removesuffix(".0") + " MB"
    if size >= 1024:
        return f"{round(size / 1024)} KB"
    return f"{size} bytes"


def _size(stream: BinaryIO) -> int:
    stream.seek(0, io.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    return size


@dataclass
class _Table:
    """A CSV table whose header row has been read and checked (see `_open`)."""

    name: str
    size: int
    text: io.TextIOWrapper
    reader: Iterator[list[str]]
    columns: list[str]
    pick: Callable
    width: int
    stream: BinaryIO

    def close(self) -> None:
        """Hand the stream back (a TextIOWrapper would close it when collected)."""
        if self.text is not None:
            self.text.detach()
            self.text = None


def _open(
    stream: BinaryIO, name: str, required: list[str], problems: _Problems, max_bytes: int
) -> _Table | None:
    """Read and check a CSV table's header row (row 1), or add why it cannot be read to
    `problems` and return None. Linear in the header's length: at most MAX_COLUMNS columns,
    repeated names found by counting once."""
    try:
        size = _size(stream)
        start = stream.read(SNIFF_BYTES)
        stream.seek(0)
    except (OSError, ValueError):
        problems.add(name, None, None, "The file could not be read.")
        return None
    if size == 0:
        problems.add(name, None, None, "The file is empty.")
        return None
    if size > max_bytes:
        problems.add(
            name,
            None,
            None,
            f"The file is {file_size(size)}; the limit is {file_size(max_bytes)}. "
            "Split it by collection year.",
        )
        return None
    why = sniff(start)
    if why:
        problems.add(name, None, None, why)
        return None
    # Undecodable bytes become lone surrogates, so a bad byte is reported with its row and
    # column rather than stopping the read at an 8 KB buffer boundary.
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="surrogateescape", newline="")
    reader = csv.reader(text)
    try:
        record = next(reader, None)
    except csv.Error as error:
        text.detach()
        problems.add(name, 1, None, f"The CSV cannot be read here: {error}.")
        return None
    if record is None:
        text.detach()
        problems.add(name, None, None, "The file is empty.")
        return None
    why = _header_problem(record, required)
    if why:
        text.detach()
        problems.add(name, 1, None, why)
        return None
    columns = [c.strip().upper() for c in record]
    return _Table(
        name,
        size,
        text,
        reader,
        columns,
        itemgetter(*(columns.index(c) for c in required)),
        len(columns),
        stream,
    )


def _header_problem(record: list[str], required: list[str]) -> str | None:
    """What is wrong with a header row, or None."""
    if len(record) > MAX_COLUMNS:
        return (
            f"The file has {len(record):,} columns; an SSDA903 table has at most "
            f"{MAX_COLUMNS}. Remove the extra columns."
        )
    if not _is_text(record):
        return _not_utf8(record)
    columns = [c.strip().upper() for c in record]
    present = set(columns)
    missing = [c for c in required if c not in present]
    if missing:
        return f"Missing column(s): {', '.join(missing)}."
    counts = Counter(columns)
    repeated = sorted(c for c, n in counts.items() if c and n > 1)
    if repeated:
        return f"Repeated column(s): {', '.join(repeated)}."
    return None


def _rows(
    table: _Table | None, problems: _Problems, progress: Progress | None = None
) -> Iterator[tuple[int, tuple[str, ...]]]:
    """Yield (row number, the values of the table's required columns in their order,
    stripped), streaming; the header row is row 1, and a value the row leaves out is blank."""
    if table is None:
        return
    name, size, columns, pick, width = (
        table.name,
        table.size,
        table.columns,
        table.pick,
        table.width,
    )
    number = 1
    try:
        for number, record in enumerate(table.reader, start=2):
            joined = "".join(record)
            if not joined.strip():
                continue  # a blank line, such as the one many programs write at the end
            problems.rows += 1
            if not joined.isascii() and not _is_text(record):
                column = next(
                    (c for c, v in zip(columns, record, strict=False) if not _is_text([v])), None
                )
                problems.add(name, number, column, _not_utf8(record))
                continue
            if len(record) != width:
                if len(record) > width:
                    problems.add(name, number, None, f"{len(record)} values for {width} columns.")
                    continue
                record += [""] * (width - len(record))
            if progress and number % BATCH == 0:
                progress(name, table.stream.tell(), size)
            yield number, tuple(map(str.strip, pick(record)))
    except csv.Error as error:
        problems.add(name, number + 1, None, f"The CSV cannot be read here: {error}.")
    finally:
        table.close()
    if number == 1:
        problems.add(name, None, None, "The file has column names but no rows.")
    if progress:
        progress(name, size, size)


def _is_text(cells: list[str]) -> bool:
    try:
        "".join(cells).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _not_utf8(cells: list[str]) -> str:
    """The message for text that is not UTF-8, naming the encoding it most likely is."""
    raw = "".join(cells).encode("utf-8", "surrogateescape")
    return f"This is {_eight_bit_name(raw)}, not UTF-8. {_SAVE_AS}"


def _eight_bit_name(raw: bytes) -> str:
    try:
        raw.decode("cp1252")
    except UnicodeDecodeError:
        return "text in an encoding other than UTF-8"
    # Excel's plain "CSV (Comma delimited)" writes the Windows code page: 1252 in the UK.
    return "Windows-1252 text (as Excel's plain 'CSV (Comma delimited)' saves it)"


_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


@lru_cache(maxsize=65536)
def _date(value: str) -> date:
    """dd/mm/yyyy, as DfE writes dates; ValueError for anything else (31/02 included).
    Remembered: a return repeats the same few thousand days many times."""
    found = _DATE.fullmatch(value)
    if not found:
        raise ValueError(value)
    day, month, year = found.groups()
    return date(int(year), int(month), int(day))


def _read_header(
    table: _Table | None,
    problems: _Problems,
    progress: Progress | None,
    references: dict[str, str],
    look_up: Callable[[list[str]], None],
) -> tuple[dict[str, tuple[int, int, str]], set[str]]:
    """The valid header rows by reference, and every reference the file names (valid or not,
    so that a bad header row is reported once, not again for each of the child's episodes).
    `look_up` is given the references a batch at a time, as they are read."""
    children: dict[str, tuple[int, int, str]] = {}
    seen_rows: dict[str, int] = {}
    batch: list[str] = []
    for number, (case_id, sex, dob) in _rows(table, problems, progress):
        if not case_id:
            problems.add("header", number, "CHILD", "Enter the child's ID.")
            continue
        if len(case_id) > 50:
            problems.add("header", number, "CHILD", "The ID is longer than 50 characters.")
            continue
        reference = references.get(case_id) or references.setdefault(
            case_id, child_reference(case_id)
        )
        if reference in seen_rows:
            problems.add(
                "header",
                number,
                "CHILD",
                f"The same child is already on row {seen_rows[reference]}.",
            )
            continue
        seen_rows[reference] = number
        batch.append(reference)
        if len(batch) == WRITE_BATCH:
            look_up(batch)
            batch = []
        if sex not in {"1", "2"}:
            problems.add("header", number, "SEX", "SEX must be 1 (male) or 2 (female).")
            continue
        try:
            born = _date(dob)  # only its month and year are kept
        except ValueError:
            problems.add("header", number, "DOB", "Enter the date of birth as dd/mm/yyyy.")
            continue
        if not 1990 <= born.year <= 2100:
            problems.add("header", number, "DOB", "The year of birth is not plausible.")
            continue
        children[reference] = (born.year, born.month, sex)
    if batch:
        look_up(batch)
    return children, set(seen_rows)


@lru_cache(maxsize=65536)
def _sector(postcode: str) -> tuple[str, bool]:
    """A full postcode cut to its sector (LE11 3AB -> LE11 3) as it is read, and whether what
    is left is a partial postcode (or blank). Remembered: a return repeats its sectors."""
    value = calculations.postcode_sector(postcode)
    return value, not value or bool(calculations.PARTIAL_POSTCODE.match(value))


# The coded columns of an episode, in the file's order, and whether each must be given.
_CODED = (
    ("RNE", True),
    ("LS", True),
    ("CIN", True),
    ("PLACE", True),
    ("PLACE_PROVIDER", False),
    ("REC", False),
    ("REASON_PLACE_CHANGE", False),
)


@lru_cache(maxsize=65536)
def _code_problem(column: str, code: str, years: tuple[int, int]) -> str | None:
    """codes.problem_while_open, remembered for each code and years on its own: `_coded`'s
    rows combine seven codes, so most of its combinations are new, but few of its codes."""
    why = codes.problem_while_open(column, code, *years)
    return None if why is None else why + "."


@lru_cache(maxsize=65536)
def _coded(years: tuple[int, int], ended: bool, *values: str) -> tuple[tuple[str, ...], tuple]:
    """The coded columns of a row (in _CODED's order) as stored, upper case, and what is
    wrong with them as (column, message) pairs, for an episode open in the collection
    `years` (first, last: codes.open_years) that has an end date or not. Remembered: a
    return repeats a few combinations of codes and years."""
    found, wrong = [], []
    for (column, required), value in zip(_CODED, values, strict=True):
        code = value.upper()
        if not code:
            if required:
                wrong.append((column, f"Enter a {column} code."))
        elif why := _code_problem(column, code, years):
            wrong.append((column, why))
        found.append(code)
    place, provider, rec = found[3], found[4], found[5]
    if not provider and place not in NO_PROVIDER_PLACES:
        wrong.append(("PLACE_PROVIDER", "Enter a PLACE_PROVIDER code."))
    if ended and not rec:
        wrong.append(("REC", "An episode with an end date needs a REC code."))
    if not ended and rec:
        wrong.append(("REC", "REC is given but there is no end date (DEC)."))
    return tuple(found), tuple(wrong)


def _read_episodes(
    table: _Table | None,
    problems: _Problems,
    progress: Progress | None,
    references: dict[str, str],
) -> Iterator[_EpisodeRow]:
    """Each valid row of the episodes file, as it is read; the others are added to
    `problems`. `references` maps case IDs to references (one HMAC per child)."""
    today = date.today()
    this_year = codes.collection_year(today)
    for number, (
        case_id,
        decom_text,
        rne,
        ls,
        cin,
        place,
        provider,
        dec_text,
        rec,
        reason,
        home_post,
        pl_post,
        urn,
    ) in _rows(table, problems, progress):
        before = problems.total
        if not case_id or len(case_id) > 50:
            problems.add("episodes", number, "CHILD", "Enter the child's ID (up to 50 characters).")
        decom = dec = None
        if not decom_text:
            problems.add("episodes", number, "DECOM", "Enter the start date.")
        else:
            try:
                decom = _date(decom_text)
            except ValueError:
                problems.add("episodes", number, "DECOM", _not_a_date(decom_text))
        if dec_text:
            try:
                dec = _date(dec_text)
            except ValueError:
                problems.add("episodes", number, "DEC", _not_a_date(dec_text))
        if decom and decom > today:
            problems.add("episodes", number, "DECOM", "The start date is after today.")
        if dec and dec > today:
            problems.add("episodes", number, "DEC", "The end date is after today.")
        if decom and dec and dec < decom:
            problems.add("episodes", number, "DEC", "The end date is before the start date.")
        # Codes are those of a collection year in which the episode is open, whenever it began.
        years = (this_year, this_year)
        if decom and decom <= today and (dec is None or decom <= dec <= today):
            years = codes.open_years(decom, dec, today)
        found, wrong = _coded(years, dec is not None, rne, ls, cin, place, provider, rec, reason)
        for column, message in wrong:
            problems.add("episodes", number, column, message)
        home_post, home_valid = _sector(home_post)
        if not home_valid:
            problems.add("episodes", number, "HOME_POST", _NOT_A_SECTOR)
        pl_post, pl_valid = _sector(pl_post)
        if not pl_valid:
            problems.add("episodes", number, "PL_POST", _NOT_A_SECTOR)
        urn = urn.upper()
        if urn and not (urn == "XXXXXXX" or _URN.match(urn)):
            problems.add("episodes", number, "URN", "An Ofsted URN is 6 to 8 letters and digits.")
        if problems.total != before or decom is None:
            continue
        yield _EpisodeRow(
            number,
            references.get(case_id) or references.setdefault(case_id, child_reference(case_id)),
            decom,
            dec,
            *found,
            home_post,
            pl_post,
            "" if urn == "XXXXXXX" else urn,
        )


_NOT_A_SECTOR = "Enter a partial postcode such as LE11 3."


def _not_a_date(value: str) -> str:
    return f"'{value[:20]}' is not a date like 31/03/2019."


def _check_overlaps(
    spans: dict[str, dict[date, tuple[int, date | None]]],
    child_ids: dict[str, int],
    stored: dict[tuple[int, date], tuple[int, date | None]],
    problems: _Problems,
) -> None:
    """Each child's episodes in the file, with those already stored that the file does not
    replace (same start), must not overlap. `spans` is {reference: {DECOM: (row, DEC)}}."""
    kept: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    for (child_id, start), (_, end) in stored.items():
        kept[child_id].append((start, end))
    for reference, seen in spans.items():
        child_id = child_ids.get(reference)
        if len(seen) < 2 and child_id not in kept:
            continue
        child_rows = [(number, start, end) for start, (number, end) in seen.items()]
        periods = [(start, end) for _, start, end in child_rows]
        labels = [f"row {number}" for number, _, _ in child_rows]
        for start, end in kept.get(child_id, ()):
            if start not in seen:  # an episode in the file replaces the stored one
                periods.append((start, end))
                labels.append(f"the stored episode from {start:%d/%m/%Y}")
        clash = calculations.overlapping(periods)
        if clash:
            first, second = sorted(clash, key=lambda i: periods[i][0])
            at = second if second < len(child_rows) else first  # the later row of the file
            problems.add(
                "episodes",
                child_rows[at][0],
                "DECOM",
                f"Episodes of one child overlap: {labels[first]} and {labels[second]}.",
            )


def _in_slices(references, query: Callable[[list], Iterator], size: int = 5000) -> Iterator:
    """query(slice) for each slice of `references`: a log of 250,000 children is not read
    whole, nor named in one statement, for a return of a few."""
    ordered = sorted(references)
    for start in range(0, len(ordered), size):
        yield from query(ordered[start : start + size])


def _children_among(cursor, postgres: bool, partnership_id: int, references: list[str]):
    """(reference, pk) of the partnership's stored children among `references`. Given a
    cursor, so that cip.bulk.Writer can run it in the import's transaction."""
    table = Child._meta.db_table
    if postgres:  # one array parameter rather than thousands of placeholders
        cursor.execute(
            f"SELECT reference, id FROM {table} "  # noqa: S608 - the model's table
            "WHERE partnership_id = %s AND reference = ANY(%s)",
            [partnership_id, references],
        )
        return cursor.fetchall()
    found = []
    for start in range(0, len(references), 500):
        part = references[start : start + 500]
        cursor.execute(
            f"SELECT reference, id FROM {table} WHERE partnership_id = %s"  # noqa: S608
            f" AND reference IN ({', '.join(['%s'] * len(part))})",
            [partnership_id, *part],
        )
        found += cursor.fetchall()
    return found


def _stored_episodes(partnership: Partnership, child_ids) -> dict:
    """{(child pk, DECOM): (episode pk, DEC)} of the stored episodes of these children."""
    episodes = Episode.objects.filter(partnership=partnership)
    return {
        (child_id, decom): (pk, dec)
        for child_id, decom, pk, dec in _in_slices(
            child_ids,
            lambda part: episodes.filter(child_id__in=part).values_list(
                "child_id", "decom", "pk", "dec"
            ),
        )
    }


def import_ssda903(
    *,
    partnership: Partnership,
    header: BinaryIO,
    episodes: BinaryIO,
    user=None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Progress | None = None,
    counts: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Write every row of both files or none. A file that cannot be imported raises
    ImportRefused, listing every problem found; anything else raised is a bug, and is left
    to surface as itself (the transaction is rolled back all the same). `counts` is told the
    rows read and the problems found so far whenever `progress` would be (every BATCH rows)."""
    problems = _Problems()
    if counts is not None:
        told = progress

        def progress(stage: str, done: int, total: int) -> None:
            counts(problems.rows, problems.total)
            if told is not None:
                told(stage, done, total)

    return _Import(partnership, user, problems, max_bytes, progress).run(header, episodes)


# The episode's fields that a row gives as they are stored: all of _EpisodeRow after its row
# number, reference and start (DECOM, which with the child identifies the episode).
_FIELDS = _EpisodeRow._fields[3:]


class _Import:
    """One import, in one transaction. The header file is read first (it is small: a row a
    child), and the children it names are looked up on the log meanwhile. The episodes file
    is then written while it is read: each valid row goes to the database (cip.bulk.Writer
    overlaps the writing with the reading of the next rows) until a row has a problem; from
    then on the file is only checked, so that every problem is listed, and the transaction
    is rolled back. The checks that need a child's whole file (overlaps; children that only
    the log knows) are made at the end, before the commit."""

    def __init__(self, partnership, user, problems, max_bytes, progress):
        self.partnership, self.user, self.problems = partnership, user, problems
        self.max_bytes, self.progress = max_bytes, progress
        self.result = ImportResult()
        self.references: dict[str, str] = {}  # one HMAC per child, shared by both files
        self.child_ids: dict[str, int] = {}
        self.stored_children: dict[str, int] = {}  # those on the log before the import
        self.stored: dict[tuple[int, date], tuple[int, date | None]] = {}
        self.spans: dict[str, dict[date, tuple[int, date | None]]] = defaultdict(dict)
        self.updates: list[_EpisodeRow] = []
        self.unnamed: list[_EpisodeRow] = []  # children the header does not name
        self.providers = {
            p.ofsted_urn.upper(): p
            # An archived provider is still the provider its URN names.
            for p in Provider.all_objects.filter(partnership=partnership).exclude(ofsted_urn="")
        }
        self.partnership_id = partnership.pk
        self.provided: dict[tuple[str, str], dict] = {}
        self.districts = settings_for(partnership).districts
        # Remembered per sector: a return places many children in the same few.
        self.in_county = lru_cache(maxsize=None)(
            lambda sector: calculations.in_county(sector, self.districts)
        )

    def run(self, header: BinaryIO, episodes: BinaryIO) -> ImportResult:
        # Both files' header rows are read and checked before anything is written.
        tables = [
            _open(header, "header", HEADER_COLUMNS, self.problems, self.max_bytes),
            _open(episodes, "episodes", EPISODE_COLUMNS, self.problems, self.max_bytes),
        ]
        try:
            return self._run(*tables)
        finally:
            for table in tables:
                if table is not None:
                    table.close()

    @transaction.atomic
    def _run(self, header: _Table | None, episodes: _Table | None) -> ImportResult:
        problems, result = self.problems, self.result
        with Writer(connection) as writer:
            # The children already on the log are looked up while the header is read.
            lookups = []
            children, self.named = _read_header(
                header,
                problems,
                self.progress,
                self.references,
                lambda part: lookups.append(
                    writer.submit(_children_among, writer.threaded, self.partnership.pk, part)
                ),
            )
            for lookup in lookups:
                self.child_ids.update(lookup.result())
            self.stored = _stored_episodes(self.partnership, self.child_ids.values())
            self.births = {ref: (year, month) for ref, (year, month, _) in children.items()}
            self._write(writer, children, episodes)
        late = self._find_unnamed()
        _check_overlaps(self.spans, self.child_ids, self.stored, problems)
        if problems.total:
            raise ImportRefused(problems.found, problems.total)  # and the writes roll back
        if self.progress:
            self.progress("saving", 0, len(self.updates) + len(late))
        result.episodes_created += insert_with_history(
            Episode, self._late_episodes(late), user=self.user
        )
        self._update_children(children, self.stored_children)
        self._update_episodes()
        if result.episodes_created >= ANALYZE_FROM:
            refresh_statistics(Episode, Child)
        if self.progress:
            self.progress("saving", 1, 1)
        return result

    def _write(self, writer: Writer, children: dict, episodes: _Table | None) -> None:
        """Queue the new children, then each new episode as the file is read and checked."""
        problems, result = self.problems, self.result
        new_children = [
            {
                "partnership_id": self.partnership.pk,
                "reference": reference,
                "birth_year": year,
                "birth_month": month,
                "sex": sex,
            }
            for reference, (year, month, sex) in children.items()
            if reference not in self.child_ids
        ]
        self.stored_children = dict(self.child_ids)
        if not problems.total:  # else nothing is written: every row is still checked
            result.children_created = writer.insert_with_history(
                Child, new_children, user=self.user, batch_size=WRITE_BATCH
            )
            self.child_ids.update((c["reference"], c["id"]) for c in new_children)
        rows = _read_episodes(episodes, problems, self.progress, self.references)
        result.episodes_created = writer.insert_with_history(
            Episode, self._new_episodes(rows), user=self.user, batch_size=WRITE_BATCH
        )

    def _new_episodes(self, rows: Iterable[_EpisodeRow]) -> Iterator[dict]:
        """The values of each row that is a new episode, while no problem is found; the rows
        that update a stored episode are kept for later, and so are those of children that
        the header does not name (the log may know them)."""
        problems, spans, stored, child_ids = self.problems, self.spans, self.stored, self.child_ids
        for row in rows:
            seen = spans[row.reference]
            if row.decom in seen:
                problems.add(
                    "episodes",
                    row.row,
                    "DECOM",
                    "The same child already has an episode starting this day on row "
                    f"{seen[row.decom][0]}.",
                )
                continue
            seen[row.decom] = (row.row, row.dec)
            self._check_age(row)
            child_id = child_ids.get(row.reference)
            if child_id is None:
                if row.reference not in self.named:
                    self.unnamed.append(row)
                continue  # else the header row is refused, so nothing is written
            if (child_id, row.decom) in stored:
                self.updates.append(row)
                continue
            if not problems.total:  # else the import will be refused: the rest is only checked
                yield self._values(row, child_id)

    def _check_age(self, row: _EpisodeRow) -> None:
        """A child is 0 to 17 at an episode's start (from the month and year of birth the
        header gives, or else the log holds)."""
        birth = self.births.get(row.reference)
        if birth is not None and (why := calculations.age_problem(birth, row.decom)):
            self.problems.add("episodes", row.row, "DECOM", why + ".")

    def _late_episodes(self, rows: list[_EpisodeRow]) -> Iterator[dict]:
        """As _new_episodes, for the rows of children found on the log at the end."""
        for row in rows:
            child_id = self.child_ids[row.reference]
            if (child_id, row.decom) in self.stored:
                self.updates.append(row)
            else:
                yield self._values(row, child_id)

    def _values(self, row: _EpisodeRow, child_id: int) -> dict:
        values = dict(zip(_FIELDS, row[3:], strict=True))
        values.update(
            partnership_id=self.partnership_id,
            child_id=child_id,
            decom=row.decom,
        )
        values.update(self._provided(row.urn, row.place_provider))
        values["in_county"] = self.in_county(row.pl_post)
        return values

    def _provided(self, urn: str, place_provider: str) -> dict:
        """The provider and purchase route of a URN and PLACE_PROVIDER code, remembered: a
        return places many children with the same few providers."""
        found = self.provided.get((urn, place_provider))
        if found is None:
            provider = self.providers.get(urn)
            found = self.provided[urn, place_provider] = {
                "provider_id": provider.pk if provider else None,
                "purchase_route": purchase_route(place_provider, provider),
            }
        return found

    def _find_unnamed(self) -> list[_EpisodeRow]:
        """The rows of children the header does not name: those the log holds are imported
        (returned), the others refused."""
        if not self.unnamed:
            return []
        with connection.cursor() as cursor:
            found = dict(
                _children_among(
                    cursor,
                    connection.vendor == "postgresql",
                    self.partnership.pk,
                    sorted({row.reference for row in self.unnamed}),
                )
            )
        self.child_ids.update(found)
        self.stored.update(_stored_episodes(self.partnership, found.values()))
        self.births.update(
            (reference, (year, month))
            for reference, year, month in _in_slices(
                found.values(),
                lambda part: Child.objects.filter(
                    partnership=self.partnership, pk__in=part
                ).values_list("reference", "birth_year", "birth_month"),
            )
        )
        late = []
        for row in self.unnamed:
            if row.reference in found:
                self._check_age(row)
                late.append(row)
            else:
                self.problems.add(
                    "episodes", row.row, "CHILD", "This child is not in the header file."
                )
        self.unnamed = []
        return late

    def _update_children(self, header: dict, stored_children: dict[str, int]) -> None:
        changed = []
        for child in _in_slices(
            stored_children.values(),
            lambda part: Child.objects.filter(partnership=self.partnership, pk__in=part),
        ):
            year, month, sex = header[child.reference]
            if (child.birth_year, child.birth_month, child.sex) != (year, month, sex):
                child.birth_year, child.birth_month, child.sex = year, month, sex
                child.version += 1
                changed.append(child)
        if changed:
            bulk_update_with_history(
                changed,
                Child,
                ["birth_year", "birth_month", "sex", "version"],
                batch_size=BATCH,
                default_user=self.user,
            )
        self.result.children_updated = len(changed)

    def _update_episodes(self) -> None:
        if not self.updates:
            return
        rows = {self.stored[(self.child_ids[r.reference], r.decom)][0]: r for r in self.updates}
        episodes = []
        for episode in _in_slices(
            rows,
            lambda part: Episode.objects.filter(
                partnership=self.partnership, pk__in=part
            ).select_related("provider"),
        ):
            row = rows[episode.pk]
            provider = self.providers.get(row.urn)
            episode.version += 1
            if provider is not None:
                episode.provider = provider
            for name in _FIELDS:
                setattr(episode, name, getattr(row, name))
            episode.derive_location(self.districts)
            episode.derive_route()
            episodes.append(episode)
        bulk_update_with_history(
            episodes,
            Episode,
            [*_FIELDS, "provider", "purchase_route", "in_county", "version"],
            batch_size=BATCH,
            default_user=self.user,
        )
        self.result.episodes_updated = len(episodes)


# --- export -------------------------------------------------------------------------------


def _csv_line(values) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(values)
    return buffer.getvalue()


def export_episodes(partnership: Partnership, year: int) -> Iterator[str]:
    """The SSDA903 episodes table for a collection year, as CSV lines; CHILD carries the
    pseudonymous reference (its first 10 characters, as case IDs are at most 10 in 903)."""
    first, last = codes.collection_year_bounds(year)
    yield _csv_line(EPISODE_COLUMNS)
    episodes = (
        Episode.objects.filter(partnership=partnership)
        .overlapping(first, last)
        .order_by("child__reference", "decom")
        .values_list(
            "child__reference",
            "decom",
            "rne",
            "ls",
            "cin",
            "place",
            "place_provider",
            "dec",
            "rec",
            "reason_place_change",
            "home_post",
            "pl_post",
            "urn",
        )
    )
    for (
        ref,
        decom,
        rne,
        ls,
        cin,
        place,
        provider,
        dec,
        rec,
        rpc,
        home,
        pl,
        urn,
    ) in episodes.iterator(chunk_size=BATCH):
        ends_in_year = dec is not None and dec <= last
        yield _csv_line(
            [
                ref[:10],
                f"{decom:%d/%m/%Y}",
                rne,
                ls,
                cin,
                place,
                provider,
                f"{dec:%d/%m/%Y}" if ends_in_year else "",
                rec if ends_in_year else "",
                rpc if ends_in_year else "",
                home,
                pl,
                urn,
            ]
        )


def export_header(partnership: Partnership, year: int) -> Iterator[str]:
    """The SSDA903 header table for a collection year: CHILD and SEX only, as we hold no
    full date of birth, UPN or ethnicity."""
    first, last = codes.collection_year_bounds(year)
    yield _csv_line(HEADER_EXPORT_COLUMNS)
    children = (
        Child.objects.filter(
            partnership=partnership,
            pk__in=Episode.objects.filter(partnership=partnership)
            .overlapping(first, last)
            .values("child_id"),
        )
        .order_by("reference")
        .values_list("reference", "sex")
    )
    for reference, sex in children.iterator(chunk_size=BATCH):
        yield _csv_line([reference[:10], sex])
