"""SSDA903 import (all or nothing, every problem named) and export."""

import csv
import io
import json
import os
import subprocess
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from placements import importers
from placements.importers import (
    EPISODE_COLUMNS,
    ImportRefused,
    export_episodes,
    export_header,
    import_ssda903,
)
from placements.models import Child, Episode, child_reference
from tests.placements.factories import ChildFactory, ProviderFactory, SettingsFactory

pytestmark = pytest.mark.django_db

HEADER = [
    ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"],
    ["100001", "1", "14/06/2008", "WBRI", "A123456789012", "", ""],
    ["100002", "2", "02/11/2004", "MWBC", "B123456789012", "", ""],
]
EPISODES = [
    EPISODE_COLUMNS,
    [
        "100001",
        "01/05/2018",
        "S",
        "C2",
        "N1",
        "U4",
        "PR1",
        "01/09/2018",
        "X1",
        "CARPL",
        "LE11 3",
        "LE16 7",
        "",
    ],
    [
        "100001",
        "01/09/2018",
        "P",
        "C2",
        "N1",
        "K2",
        "PR4",
        "",
        "",
        "",
        "LE11 3",
        "NG7 2",
        "SC480101",
    ],
    ["100002", "15/06/2018", "S", "V2", "N5", "U6", "PR4", "", "", "", "LE67 1", "LE67 4", ""],
]


def _csv(rows, *, encoding="utf-8", bom=False, newline="\r\n") -> io.BytesIO:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=newline).writerows(rows)
    data = buffer.getvalue().encode(encoding)
    return io.BytesIO((b"\xef\xbb\xbf" if bom else b"") + data)


def _import(partnership, header=None, episodes=None, **kwargs):
    return import_ssda903(
        partnership=partnership,
        header=header or _csv(HEADER),
        episodes=episodes or _csv(EPISODES),
        **kwargs,
    )


def _refused(partnership, **kwargs) -> list[str]:
    with pytest.raises(ImportRefused) as caught:
        _import(partnership, **kwargs)
    assert Child.objects.count() == 0
    assert Episode.objects.count() == 0
    return [str(problem) for problem in caught.value.problems]


def _with(row_index, column, value, rows=EPISODES):
    changed = [list(r) for r in rows]
    changed[row_index][rows[0].index(column)] = value
    return changed


def test_a_good_return_is_imported_and_pseudonymised(partnership):
    SettingsFactory(partnership=partnership, county_districts="LE16 LE67")
    provider = ProviderFactory(partnership=partnership, ofsted_urn="SC480101")
    result = _import(partnership)
    assert (result.children_created, result.episodes_created) == (2, 3)
    child = Child.objects.get(reference=child_reference("100001"))
    assert (child.birth_year, child.birth_month, child.sex) == (2008, 6, "1")
    episodes = list(child.episodes.order_by("decom"))
    assert [e.place for e in episodes] == ["U4", "K2"]
    assert episodes[0].dec == date(2018, 9, 1)
    assert episodes[0].in_county is True
    assert episodes[1].in_county is False
    assert episodes[1].provider == provider
    assert episodes[1].purchase_route == "framework"
    assert episodes[0].purchase_route == "in_house"


def test_the_clear_id_dob_and_upn_are_stored_nowhere(partnership):
    _import(partnership)
    stored = json.dumps(
        [
            list(Child.objects.values()),
            list(Child.history.values()),
            list(Episode.objects.values()),
            list(Episode.history.values()),
        ],
        default=str,
    )
    for secret in ("100001", "100002", "A123456789012", "14/06/2008", "2008-06-14", "WBRI"):
        assert secret not in stored


def test_re_importing_the_same_year_updates_rather_than_duplicates(partnership):
    _import(partnership)
    Episode.objects.filter(place="U6").update(weekly_cost=850)
    changed = _with(3, "DEC", "01/03/2019")
    changed = _with(3, "REC", "E4A", changed)
    result = _import(partnership, episodes=_csv(changed))
    assert (result.episodes_created, result.episodes_updated) == (0, 3)
    assert Child.objects.count() == 2
    assert Episode.objects.count() == 3
    updated = Episode.objects.get(place="U6")
    assert updated.dec == date(2019, 3, 1)
    assert updated.weekly_cost == 850  # what commissioners added is kept
    assert updated.version == 2


def test_a_bom_and_bare_carriage_return_line_endings_are_read(partnership):
    result = _import(
        partnership, header=_csv(HEADER, bom=True), episodes=_csv(EPISODES, bom=True, newline="\r")
    )
    assert result.episodes_created == 3


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            _with(1, "DECOM", "31/02/2018"),
            "Episodes file, row 2, column DECOM: '31/02/2018' is not a date",
        ),
        (
            _with(1, "DECOM", "2018-05-01"),
            "Episodes file, row 2, column DECOM: '2018-05-01' is not a date",
        ),
        (
            _with(2, "PLACE", "Q9"),
            "Episodes file, row 3, column PLACE: 'Q9' is not an SSDA903 PLACE code",
        ),
        (
            # Row 2's episode is open only in 2018/19 (May to September 2018), before K3.
            _with(1, "PLACE", "K3"),
            "Episodes file, row 2, column PLACE: PLACE code 'K3' is not valid in the 2018/19",
        ),
        (
            _with(1, "DEC", "01/04/2018"),
            "Episodes file, row 2, column DEC: The end date is before the start date",
        ),
        (
            _with(1, "DEC", "01/10/2018"),
            "Episodes file, row 3, column DECOM: Episodes of one child overlap: row 2 and row 3",
        ),
        (
            _with(1, "REC", ""),
            "Episodes file, row 2, column REC: An episode with an end date needs a REC code",
        ),
        (
            _with(1, "CHILD", "999999"),
            "Episodes file, row 2, column CHILD: This child is not in the header file",
        ),
        (_with(3, "PL_POST", "not a postcode"), "Episodes file, row 4, column PL_POST"),
    ],
)
def test_each_bad_row_is_named_and_nothing_is_written(partnership, rows, expected):
    problems = _refused(partnership, episodes=_csv(rows))
    assert any(p.startswith(expected) for p in problems), problems


def test_every_problem_is_reported_not_just_the_first(partnership):
    rows = _with(1, "DECOM", "99/99/2018")
    rows = _with(2, "LS", "ZZ", rows)
    rows = _with(3, "CIN", "", rows)
    problems = _refused(partnership, episodes=_csv(rows))
    assert len(problems) == 3
    assert "row 4, column CIN" in problems[2]


def _return(children: int) -> tuple[list, list]:
    """A header and an episodes table of `children` children with an open episode each."""
    ids = [str(200000 + n) for n in range(children)]
    header = [HEADER[0], *([i, "1", "14/06/2008", "", "", "", ""] for i in ids)]
    episodes = [
        EPISODE_COLUMNS,
        *([i, "01/05/2018", "S", "C2", "N1", "U4", "PR1", "", "", "", "", "", ""] for i in ids),
    ]
    return header, episodes


def test_a_bad_row_after_batches_were_written_leaves_nothing_behind(partnership, monkeypatch):
    """The episodes are written batch by batch while the file is read. A bad row near the
    end, read after most rows went to the database, still leaves no child, episode or
    history row, and is named."""
    monkeypatch.setattr(importers, "WRITE_BATCH", 5)
    held = []  # the episodes the transaction holds once the file is read
    check = importers._check_overlaps

    def counting(*args):
        held.append(Episode.objects.filter(partnership=partnership).count())
        return check(*args)

    monkeypatch.setattr(importers, "_check_overlaps", counting)
    header, episodes = _return(40)
    episodes[38][EPISODE_COLUMNS.index("PLACE")] = "Q9"  # row 39 of the file
    problems = _refused(partnership, header=_csv(header), episodes=_csv(episodes))
    assert problems == ["Episodes file, row 39, column PLACE: 'Q9' is not an SSDA903 PLACE code."]
    assert held == [37]  # every row before the bad one was written; none after it
    assert Child.history.count() == 0 and Episode.history.count() == 0


def test_a_child_already_on_the_log_can_be_left_out_of_the_header(partnership):
    _import(partnership)
    rows = [
        EPISODE_COLUMNS,
        ["100002", "15/06/2018", "S", "V2", "N5", "U6", "PR4", "31/12/2018", "X1", "CARPL",
         "LE67 1", "LE67 4", ""],
        ["100002", "01/01/2019", "P", "V2", "N5", "U4", "PR1", "", "", "", "LE67 1", "LE67 4",
         ""],
    ]  # fmt: skip
    result = _import(partnership, header=_csv(HEADER[:2]), episodes=_csv(rows))
    assert (result.episodes_created, result.episodes_updated) == (1, 1)
    child = Child.objects.get(reference=child_reference("100002"))
    assert [(e.decom, e.dec) for e in child.episodes.order_by("decom")] == [
        (date(2018, 6, 15), date(2018, 12, 31)),
        (date(2019, 1, 1), None),
    ]


def test_a_second_episode_of_a_child_starting_the_same_day_is_named(partnership):
    problems = _refused(partnership, episodes=_csv([*EPISODES, EPISODES[2]]))
    assert problems == [
        "Episodes file, row 5, column DECOM: The same child already has an episode starting "
        "this day on row 3."
    ]


def test_a_missing_column_is_named(partnership):
    rows = [[c for c in r if c != "RNE"] for r in [EPISODES[0]]] + [
        r[:2] + r[3:] for r in EPISODES[1:]
    ]
    assert _refused(partnership, episodes=_csv(rows)) == [
        "Episodes file, row 1: Missing column(s): RNE."
    ]


def test_a_header_row_without_a_dob_is_refused_without_echoing_it(partnership):
    header = _with(1, "DOB", "14-06-2008", HEADER)
    problems = _refused(partnership, header=_csv(header))
    assert problems == ["Header file, row 2, column DOB: Enter the date of birth as dd/mm/yyyy."]


def test_overlap_with_an_episode_already_stored_is_refused(partnership):
    _import(partnership)
    before = Episode.objects.count()
    rows = [
        EPISODES[0],
        ["100002", "01/01/2019", "P", "V2", "N5", "U4", "PR1", "", "", "", "", "", ""],
    ]
    with pytest.raises(ImportRefused) as caught:
        _import(partnership, episodes=_csv(rows))
    assert "the stored episode from 15/06/2018" in str(caught.value.problems[0])
    assert Episode.objects.count() == before


def test_a_file_that_is_not_utf8_is_refused(partnership):
    rows = _with(1, "HOME_POST", "LE11 3é")
    problems = _refused(partnership, episodes=_csv(rows, encoding="latin-1"))
    assert problems == [
        "Episodes file, row 2, column HOME_POST: This is Windows-1252 text (as Excel's plain "
        "'CSV (Comma delimited)' saves it), not UTF-8. Save the table in Excel as "
        "'CSV UTF-8 (Comma delimited)' and upload that."
    ]


def test_a_bare_carriage_return_inside_a_row_is_a_named_error_not_a_crash(partnership):
    raw = _csv(EPISODES).getvalue().replace(b"LE16 7", b"LE16\r7")
    problems = _refused(partnership, episodes=io.BytesIO(raw))
    assert problems and all(p.startswith("Episodes file, row") for p in problems)


def test_empty_and_header_only_files_are_refused(partnership):
    assert _refused(partnership, episodes=io.BytesIO(b"")) == ["Episodes file: The file is empty."]
    assert _refused(partnership, episodes=_csv([EPISODE_COLUMNS])) == [
        "Episodes file: The file has column names but no rows."
    ]


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(partnership):
    problems = _refused(partnership, max_bytes=100)
    size = len(_csv(HEADER).getvalue())
    assert problems[0].startswith(f"Header file: The file is {size} bytes; the limit is 100 bytes")


def test_a_spreadsheet_is_refused_as_the_wrong_file_type(partnership):
    problems = _refused(partnership, episodes=io.BytesIO(b"PK\x03\x04" + b"\x00" * 100))
    assert problems == [
        "Episodes file: This is a ZIP archive or an Excel workbook (.xlsx), not a CSV file. "
        "Save the table in Excel as 'CSV UTF-8 (Comma delimited)' and upload that."
    ]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=400))
def test_no_bytes_make_the_importer_raise_anything_but_its_own_error(partnership, data):
    """Any error but ImportRefused fails this test (the importer has no catch-all that turns
    a bug into a refusal), and every refusal names a file and says what is wrong."""
    prefix = ",".join(EPISODE_COLUMNS).encode() + b"\r\n"
    try:
        _import(partnership, episodes=io.BytesIO(prefix + data))
    except ImportRefused as refused:
        assert refused.problems
        assert refused.total >= len(refused.problems)
        for problem in refused.problems:
            assert problem.file in {"header", "episodes"}
            assert len(problem.message) > 10
            assert "failed" not in problem.message


def test_the_command_imports_and_refuses_with_the_problems(partnership, tmp_path):
    header, episodes = tmp_path / "header.csv", tmp_path / "episodes.csv"
    header.write_bytes(_csv(HEADER).getvalue())
    episodes.write_bytes(_csv(_with(2, "PLACE", "Q9")).getvalue())
    errors = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was imported: 1 problem"):
        call_command("import_ssda903", partnership.slug, header, episodes, stderr=errors)
    assert "Episodes file, row 3, column PLACE" in errors.getvalue()
    episodes.write_bytes(_csv(EPISODES).getvalue())
    out = io.StringIO()
    call_command("import_ssda903", partnership.slug, header, episodes, stdout=out)
    assert "Imported 3 new and 0 updated episodes" in out.getvalue()
    with pytest.raises(CommandError, match="No partnership"):
        call_command("import_ssda903", "nowhere", header, episodes)


def test_the_export_has_the_ssda903_shape_with_pseudonymous_children(partnership):
    _import(partnership)
    lines = list(csv.reader(io.StringIO("".join(export_episodes(partnership, 2019)))))
    assert lines[0] == EPISODE_COLUMNS
    assert len(lines) == 4
    reference = child_reference("100001")[:10]
    assert [reference, "01/05/2018", "S"] in [line[:3] for line in lines]
    assert "100001" not in "".join(",".join(line) for line in lines)
    header = list(csv.reader(io.StringIO("".join(export_header(partnership, 2019)))))
    assert header[0] == ["CHILD", "SEX"]
    assert sorted(header[1:]) == sorted(
        [[child_reference("100001")[:10], "1"], [child_reference("100002")[:10], "2"]]
    )


def test_an_episode_ending_after_the_year_is_exported_open(partnership):
    rows = _with(3, "DEC", "01/06/2019")
    rows = _with(3, "REC", "E4A", rows)
    _import(partnership, episodes=_csv(rows))
    lines = list(csv.reader(io.StringIO("".join(export_episodes(partnership, 2019)))))
    last = next(line for line in lines if line[1] == "15/06/2018")
    assert (last[7], last[8]) == ("", "")


# scripts/setup.sh --test installs the validator in a virtual environment of its own.
VALIDATOR = os.environ.get(
    "SSDA903_VALIDATOR_PYTHON", str(django_settings.BASE_DIR / ".venv-ssda903" / "bin" / "python")
)
# Fields the placement log holds; rules that need any other field (DOB, UPN, ...) are not ours.
HELD = {"CHILD", "SEX", *EPISODE_COLUMNS}
# 392c looks each postcode up in the national list of full postcodes; we keep only sectors
# (LE11 3), by design, so that no address-level postcode is stored.
SECTORS_ONLY = {"392c"}


def test_the_dfe_validator_finds_no_errors_in_the_fields_we_hold(partnership, tmp_path):
    assert Path(VALIDATOR).exists(), f"{VALIDATOR} is missing: run make install-test"
    header = [
        HEADER[0],
        ["200001", "1", "14/06/2010", "", "", "", ""],
        ["200002", "2", "02/11/2008", "", "", "", ""],
    ]
    episodes = [
        EPISODE_COLUMNS,
        [
            "200001",
            "01/05/2022",
            "S",
            "C2",
            "N1",
            "U4",
            "PR1",
            "01/09/2022",
            "X1",
            "CARPL",
            "LE11 3",
            "LE16 7",
            "",
        ],
        ["200001", "01/09/2022", "P", "C2", "N1", "U6", "PR4", "", "", "", "LE11 3", "LE67 4", ""],
        [
            "200002",
            "15/06/2022",
            "S",
            "V2",
            "N5",
            "U6",
            "PR4",
            "01/02/2023",
            "E4A",
            "",
            "LE67 1",
            "LE67 4",
            "",
        ],
    ]
    _import(partnership, header=_csv(header), episodes=_csv(episodes))
    exported = tmp_path / "episodes.csv"
    exported.write_text("".join(export_episodes(partnership, 2023)))
    # The validator recognises a header table by its full set of columns: the ones we do
    # not hold are left empty, and the rules that need them are not ours to pass.
    ours = list(csv.reader(io.StringIO("".join(export_header(partnership, 2023)))))
    full = tmp_path / "header.csv"
    full.write_text(
        "".join(
            ",".join([child, sex, "", "", "", "", ""]) + "\r\n" for child, sex in ours[1:]
        ).join([",".join(HEADER[0]) + "\r\n", ""])
    )
    script = Path(__file__).with_name("lac_validate.py")
    run = subprocess.run(
        [VALIDATOR, str(script), "lac2022_23", "2023", "E10000018", str(full), str(exported)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    failures = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]
    ours_failing = [
        f
        for f in failures
        if f.get("fields") and set(f["fields"]) <= HELD and f["rule"] not in SECTORS_ONLY
    ]
    assert ours_failing == [], ours_failing
    assert any(f["rule"] == "392c" for f in failures)  # the validator really ran our rows


def test_imported_rows_are_in_the_history_as_created_by_the_importer(partnership, commissioner):
    _import(partnership, user=commissioner)
    created = Episode.history.filter(history_type="+", history_user=commissioner)
    assert created.count() == 3
    assert Child.history.filter(history_type="+", history_user=commissioner).count() == 2
    episode = Episode.objects.get(place="K2")
    recorded = created.get(id=episode.pk)
    assert (recorded.decom, recorded.pl_post, recorded.version) == (episode.decom, "NG7 2", 1)
    assert episode.created_at is not None


# --- returns as councils send them: long-running episodes, plausibility, headers ------------


def _episode(child, decom, rne, ls, place, provider, dec="", rec="", reason=""):
    return [child, decom, rne, ls, "N1", place, provider, dec, rec, reason, "LE11 3", "LE16 7", ""]


def test_a_2019_20_return_with_episodes_begun_years_before_is_imported(partnership):
    """A placement begun in February 2014 (2013/14, before any code list we hold) and still
    open in 2019, and a child in long-term foster care since 2012, are ordinary episodes of a
    2019/20 return: their codes are checked against the years they are open in."""
    header = [
        ["CHILD", "SEX", "DOB"],
        ["200001", "1", "03/03/2006"],  # 7 at the 2014 start, 13 at the 2019 one
        ["200002", "2", "20/09/2009"],  # 2 at the 2012 start
    ]
    episodes = [
        EPISODE_COLUMNS,
        _episode("200001", "10/02/2014", "B", "C1", "R1", "PR4", "20/06/2019", "X1", "CARPL"),
        _episode("200001", "20/06/2019", "L", "C2", "R1", "PR4"),
        _episode("200002", "01/07/2012", "S", "C2", "U4", "PR1"),
    ]
    result = _import(partnership, header=_csv(header), episodes=_csv(episodes))
    assert (result.children_created, result.episodes_created) == (2, 3)
    first = Episode.objects.get(decom=date(2014, 2, 10))
    assert (first.rne, first.ls, first.place, first.rec) == ("B", "C1", "R1", "X1")
    assert Episode.objects.get(decom=date(2012, 7, 1)).dec is None


def test_a_code_valid_in_none_of_the_years_an_episode_is_open_says_which_years(partnership):
    header = [["CHILD", "SEX", "DOB"], ["200001", "1", "03/03/2006"]]
    # Open from 2013/14 to 2018/19; K3 begins in 2024/25, Z11 in 2025/26.
    episodes = [
        EPISODE_COLUMNS,
        _episode("200001", "10/02/2014", "S", "C2", "K3", "PR4", "01/05/2018", "E4A"),
        _episode("200001", "01/05/2018", "P", "C2", "Z11", "PR4", "02/05/2018", "E4A"),
    ]
    problems = _refused(partnership, header=_csv(header), episodes=_csv(episodes))
    assert problems == [
        "Episodes file, row 2, column PLACE: PLACE code 'K3' is not valid in any collection "
        "year the episode is open (2013/14 to 2018/19) (checked against the 2014/15 code list, "
        "the earliest we hold).",
        "Episodes file, row 3, column PLACE: PLACE code 'Z11' is not valid in the 2018/19 "
        "collection.",
    ]


def test_a_code_dropped_later_is_valid_for_an_episode_open_before_it_was_dropped(partnership):
    # H5 is valid to 2024/25: an H5 placement from 2023 still open is accepted.
    header = [["CHILD", "SEX", "DOB"], ["200001", "1", "03/03/2008"]]
    episodes = [EPISODE_COLUMNS, _episode("200001", "01/06/2023", "S", "C2", "H5", "PR4")]
    assert _import(partnership, header=_csv(header), episodes=_csv(episodes)).episodes_created == 1


def test_dates_after_today_are_refused_by_row_and_column(partnership):
    tomorrow = date.today() + timedelta(days=1)
    rows = _with(3, "DECOM", f"{tomorrow:%d/%m/%Y}")
    rows = _with(1, "DEC", "01/01/2035", rows)
    problems = _refused(partnership, episodes=_csv(rows))
    assert problems == [
        "Episodes file, row 2, column DEC: The end date is after today.",
        "Episodes file, row 4, column DECOM: The start date is after today.",
    ]


def test_a_child_under_0_or_over_17_at_a_start_is_refused(partnership):
    header = [
        ["CHILD", "SEX", "DOB"],
        ["200001", "1", "15/06/2000"],  # 18 from June 2018
        ["200002", "2", "20/09/2019"],
    ]
    episodes = [
        EPISODE_COLUMNS,
        _episode("200001", "31/05/2018", "S", "C2", "U4", "PR1", "01/06/2018", "E4A"),  # 17
        _episode("200001", "01/06/2018", "S", "C2", "U4", "PR1"),  # 18
        _episode("200002", "01/08/2019", "S", "C2", "U4", "PR1"),  # before birth
    ]
    problems = _refused(partnership, header=_csv(header), episodes=_csv(episodes))
    assert problems == [
        "Episodes file, row 3, column DECOM: The child (born June 2000) is 18 at this start "
        "date; a child looked after is 0 to 17.",
        "Episodes file, row 4, column DECOM: The child is not born until September 2019, after "
        "this start date.",
    ]


def test_the_age_check_uses_the_stored_birth_of_a_child_left_out_of_the_header(partnership):
    ChildFactory(
        partnership=partnership, reference=child_reference("300001"), birth_year=2000, birth_month=1
    )
    header = [["CHILD", "SEX", "DOB"], ["100002", "2", "02/11/2004"]]
    episodes = [EPISODE_COLUMNS, _episode("300001", "01/06/2019", "S", "C2", "U4", "PR1")]
    with pytest.raises(ImportRefused) as caught:
        _import(partnership, header=_csv(header), episodes=_csv(episodes))
    assert [str(p) for p in caught.value.problems] == [
        "Episodes file, row 2, column DECOM: The child (born January 2000) is 19 at this start "
        "date; a child looked after is 0 to 17."
    ]
    assert Episode.objects.count() == 0


def test_a_header_of_too_many_columns_is_refused_before_anything_is_read(partnership):
    wide = [*HEADER[0], *(f"EXTRA{n}" for n in range(40_000))]
    started = time.perf_counter()
    problems = _refused(partnership, header=_csv([wide, HEADER[1] + [""] * 40_000]))
    assert time.perf_counter() - started < 5
    assert problems[0] == (
        f"Header file, row 1: The file has {len(wide):,} columns; an SSDA903 table has at most "
        f"{importers.MAX_COLUMNS}. Remove the extra columns."
    )
    # The episodes are still checked; with no header read, none of their children is named.
    assert all(p.endswith("This child is not in the header file.") for p in problems[1:])


def test_repeated_columns_are_found_in_linear_time(partnership):
    # As many columns as allowed, the last two repeated: counted once each, not n² times.
    columns = [*EPISODE_COLUMNS, *(f"X{n}" for n in range(importers.MAX_COLUMNS - 15)), "X1", "X2"]
    assert len(columns) == importers.MAX_COLUMNS
    problems = _refused(partnership, episodes=_csv([columns]))
    assert problems == ["Episodes file, row 1: Repeated column(s): X1, X2."]


def test_both_files_headers_are_checked_before_the_first_write(partnership, monkeypatch):
    writes = []
    real = importers.Writer.insert_with_history

    def counting(self, model, rows, **kwargs):
        rows = list(rows)
        writes.extend(rows)
        return real(self, model, rows, **kwargs)

    monkeypatch.setattr(importers.Writer, "insert_with_history", counting)
    rows = [[c for c in r if c != "URN"] for r in EPISODES]  # no URN column: refused
    rows = [r[: len(EPISODE_COLUMNS) - 1] for r in rows]
    problems = _refused(partnership, episodes=_csv(rows))
    assert problems == ["Episodes file, row 1: Missing column(s): URN."]
    assert writes == []  # not even the header's children


def test_a_bug_in_the_importer_is_not_dressed_up_as_a_refusal(partnership, monkeypatch):
    def broken(*args, **kwargs):
        raise KeyError("a bug")

    monkeypatch.setattr(importers, "_check_overlaps", broken)
    with pytest.raises(KeyError, match="a bug"):
        _import(partnership)
    assert Episode.objects.count() == 0


def test_consecutive_years_returns_match_the_episodes_they_share(partnership):
    """2018/19, then 2019/20, then 2020/21: an episode open at one year end is in the next
    return too (same child, same start), now with its end; it is updated, not duplicated
    nor refused as an overlap."""
    header = [["CHILD", "SEX", "DOB"], ["400001", "1", "14/06/2008"], ["400002", "2", "02/11/2010"]]
    first = [
        EPISODE_COLUMNS,
        _episode("400001", "01/05/2018", "S", "C2", "U4", "PR1"),
        _episode("400002", "10/10/2018", "S", "V2", "U6", "PR4", "20/12/2018", "E4A"),
    ]
    second = [
        EPISODE_COLUMNS,
        _episode("400001", "01/05/2018", "S", "C2", "U4", "PR1", "01/08/2019", "X1", "CARPL"),
        _episode("400001", "01/08/2019", "P", "C2", "K2", "PR4"),
    ]
    third = [
        EPISODE_COLUMNS,
        _episode("400001", "01/08/2019", "P", "C2", "K2", "PR4", "15/02/2021", "E4A", "CARPL"),
    ]
    results = [
        _import(partnership, header=_csv(header), episodes=_csv(rows))
        for rows in (first, second, third)
    ]
    assert [(r.episodes_created, r.episodes_updated) for r in results] == [(2, 0), (1, 1), (0, 1)]
    assert Child.objects.count() == 2
    child = Child.objects.get(reference=child_reference("400001"))
    assert list(child.episodes.order_by("decom").values_list("decom", "dec", "place")) == [
        (date(2018, 5, 1), date(2019, 8, 1), "U4"),
        (date(2019, 8, 1), date(2021, 2, 15), "K2"),
    ]
    # 400002's episode ended in 2018/19 and is in no later return: it is kept as it was.
    assert Episode.objects.filter(child__reference=child_reference("400002")).count() == 1
