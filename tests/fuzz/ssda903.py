"""One fuzz input through the SSDA903 importer: shared by the atheris fuzzer (make fuzz) and
the corpus replay in make test.

An input is the header file, a form feed, then the episodes file (no form feed: all header).
The importer may refuse an input only with `ImportRefused` from its own checks, each
problem with its message; anything else it raises is a finding (it has no catch-all).
"""

import io
from pathlib import Path

from django.db import transaction

from placements.importers import ImportRefused, import_ssda903

CORPUS = Path(__file__).parent / "corpus"
REGRESSIONS = Path(__file__).parent / "regressions"  # inputs that once crashed it
SEPARATOR = b"\f"


class UnforeseenError(AssertionError):
    """The importer refused an input without saying why: the cause is a bug."""


def split(data: bytes) -> tuple[bytes, bytes]:
    header, _, episodes = data.partition(SEPARATOR)
    return header, episodes


def join(header: bytes, episodes: bytes) -> bytes:
    return header + SEPARATOR + episodes


def import_one(partnership, data: bytes) -> None:
    """Import `data` and roll it back; raise anything but the importer's own refusal."""
    header, episodes = split(data)
    with transaction.atomic():
        try:
            import_ssda903(
                partnership=partnership,
                header=io.BytesIO(header),
                episodes=io.BytesIO(episodes),
                progress=lambda stage, done, total: None,
            )
        except ImportRefused as refused:
            if not refused.problems or not all(p.message for p in refused.problems):
                raise UnforeseenError(repr(refused.problems)) from refused
        transaction.set_rollback(True)


def csv_bytes(rows: list[list[str]], newline: bytes = b"\r\n") -> bytes:
    return newline.join(",".join(row).encode() for row in rows) + newline


HEADER = [
    ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"],
    ["100001", "1", "14/06/2008", "WBRI", "A123456789012", "", ""],
    ["100002", "2", "02/11/2004", "MWBC", "B123456789012", "", ""],
    ["900001", "2", "01/01/2010", "WBRI", "C123456789012", "", ""],
]
EPISODES = [
    "CHILD DECOM RNE LS CIN PLACE PLACE_PROVIDER DEC REC REASON_PLACE_CHANGE HOME_POST PL_POST URN",
    "100001 01/05/2018 S C2 N1 U4 PR1 01/09/2018 X1 CARPL LE11~3 LE16~7 -",
    "100001 01/09/2018 P C2 N1 K2 PR4 - - - LE11~3 NG7~2 SC480101",
    "100002 15/06/2018 S V2 N5 U6 PR4 - - - LE67~1 LE67~4 -",
]
EPISODES = [  # spaces separate the cells above; "~" is a space within one, "-" is empty
    [cell.replace("~", " ").replace("-", "") for cell in row.split(" ")] for row in EPISODES
]
# The child already on the log (see `baseline`): a row for the same start updates it.
STORED = [
    EPISODES[0],
    ["900001", "01/06/2020", "S", "C2", "N1", "U1", "PR1", "", "", "", "LE1 1", "LE2 3", ""],
]


def baseline(partnership) -> None:
    """What the log holds before each input: a provider, the county's districts, one child
    with one open episode, so inputs can reach the update and overlap paths."""
    from placements.models import PlacementSettings, Provider

    PlacementSettings.objects.create(partnership=partnership, county_districts="LE1 LE2 LE16")
    Provider.objects.create(partnership=partnership, name="Oakfield House", ofsted_urn="SC480101")
    import_ssda903(
        partnership=partnership,
        header=io.BytesIO(csv_bytes([HEADER[0], HEADER[3]])),
        episodes=io.BytesIO(csv_bytes(STORED)),
    )


def seeds() -> dict[str, bytes]:
    """Starting inputs for a new corpus: good returns in the shapes councils send."""
    good = join(csv_bytes(HEADER), csv_bytes(EPISODES))
    later = [
        *EPISODES,
        ["900001", "01/06/2020", "S", "C2", "N1", "U1", "PR1", "01/07/2024", "X1", "", "", "", ""],
        ["900001", "01/07/2024", "P", "C2", "N1", "K3", "PR2", "01/05/2025", "X1", "", "", "", ""],
        ["900001", "01/05/2025", "P", "C2", "N1", "Z11", "PR0", "", "", "", "", "", "XXXXXXX"],
    ]
    return {
        "good": good,
        "good-bom-lf": join(b"\xef\xbb\xbf" + csv_bytes(HEADER, b"\n"), csv_bytes(EPISODES, b"\n")),
        "good-cr": join(csv_bytes(HEADER, b"\r"), csv_bytes(EPISODES, b"\r")),
        "update-and-later-years": join(csv_bytes(HEADER), csv_bytes(later)),
        "quoted-reordered-lowercase": join(
            b'sex,"child",dob\r\n"1","100001","14/06/2008"\r\n2,100002,02/11/2004\r\n',
            csv_bytes([[c.lower() for c in EPISODES[0]], *EPISODES[1:]]),
        ),
        "overlap-with-stored": join(
            csv_bytes(HEADER),
            csv_bytes([EPISODES[0], ["900001", "01/01/2021", *EPISODES[3][2:]]]),
        ),
    }
