"""The SSDA903 code lists, with the DfE descriptions and the collection years each code is valid.

A collection year is named by the year it ends: 2019 is 1 April 2018 to 31 March 2019 (the
"2018/19" return). Codes change between years (2024/25 adds K3; 2025/26 drops H5, P2 and Z1
and adds Z11 to Z14), so a code is checked against the collection years in which its episode
is open (`problem_while_open`): a placement begun in 2012 and still open in 2019 is an ordinary
episode of the 2018/19 return. A year we hold no list for uses the nearest list we hold.
"""

from dataclasses import dataclass
from datetime import date

# Collection years are periods like any other (cip.periods); read here by the importer.
from cip.periods import collection_year, collection_year_bounds, collection_year_label  # noqa: F401

FIRST_YEAR = 2015  # the earliest collection year whose code list we hold
LAST_YEAR = 2100


@dataclass(frozen=True)
class Code:
    code: str
    description: str
    first_year: int = FIRST_YEAR
    last_year: int = LAST_YEAR

    def valid_in(self, year: int) -> bool:
        return self.first_year <= year <= self.last_year


SEX = [Code("1", "Male"), Code("2", "Female")]

RNE = [
    Code("S", "Started to be looked after"),
    Code("L", "Change of legal status only"),
    Code("P", "Change of placement and carer(s) only"),
    Code("T", "Change of placement only (same carer(s))"),
    Code("B", "Change of legal status and placement and carer(s) at the same time"),
    Code("U", "Change of legal status and change of placement only (same carer(s))"),
]

LS = [
    Code("C1", "Interim care order"),
    Code("C2", "Full care order"),
    Code("D1", "Freeing order granted"),
    Code("E1", "Placement order granted"),
    Code("V2", "Single period of accommodation under section 20 (Children Act 1989)"),
    Code(
        "V3",
        "Accommodated under an agreed series of short-term breaks, when individual "
        "episodes of care are recorded",
    ),
    Code(
        "V4",
        "Accommodated under an agreed series of short-term breaks, when agreements are "
        "recorded (not individual episodes of care)",
    ),
    Code(
        "J1",
        "Remanded to local authority accommodation or to youth detention accommodation",
    ),
    Code(
        "J2",
        "Placed in local authority accommodation under the Police and Criminal Evidence Act 1984",
    ),
    Code(
        "J3",
        "Sentenced to a youth rehabilitation order with a residence or intensive fostering "
        "requirement",
    ),
    Code("L1", "Under police protection and in local authority accommodation"),
    Code("L2", "Emergency protection order (EPO)"),
    Code("L3", "Under child assessment order and in local authority accommodation"),
]

CIN = [
    Code("N1", "Abuse or neglect"),
    Code("N2", "Child's disability"),
    Code("N3", "Parental illness or disability"),
    Code("N4", "Family in acute stress"),
    Code("N5", "Family dysfunction"),
    Code("N6", "Socially unacceptable behaviour"),
    Code("N7", "Low income"),
    Code("N8", "Absent parenting"),
]

PLACE = [
    Code(
        "A3",
        "Placed for adoption with parental or guardian consent with current foster carer(s)",
    ),
    Code(
        "A4",
        "Placed for adoption with parental or guardian consent not with current foster carer(s)",
    ),
    Code("A5", "Placed for adoption with placement order with current foster carer(s)"),
    Code("A6", "Placed for adoption with placement order not with current foster carer(s)"),
    Code(
        "H5",
        "Semi-independent living accommodation not subject to children's homes regulations",
        last_year=2025,
    ),
    Code("K1", "Secure children's homes"),
    Code("K2", "Children's homes subject to Children's Homes Regulations"),
    Code("K3", "Supported accommodation registered with Ofsted", first_year=2025),
    Code("P1", "Placed with own parent(s) or other person(s) with parental responsibility"),
    Code(
        "P2",
        "Independent living, for example in a flat, lodgings, bedsit, B&B or with friends, "
        "with or without formal support",
        last_year=2025,
    ),
    Code("P3", "Residential employment"),
    Code("R1", "Residential care home"),
    Code(
        "R2",
        "NHS/health trust or other establishment providing medical or nursing care",
    ),
    Code("R3", "Family centre or mother and baby unit"),
    Code("R5", "Young offender institution (YOI)"),
    Code(
        "S1",
        "All residential schools, except where dual-registered as a school and children's home",
    ),
    Code("T0", "All types of temporary move (see the DfE guidance)"),
    Code("T1", "Temporary periods in hospital"),
    Code("T2", "Temporary absences of the child on holiday"),
    Code("T3", "Temporary accommodation whilst normal foster carer(s) is/are on holiday"),
    Code(
        "T4",
        "Temporary accommodation of seven days or less, for any reason, not covered by "
        "codes T1 to T3",
    ),
    Code("U1", "Foster placement with relative(s) or friend(s): long-term fostering"),
    Code(
        "U2",
        "Foster placement with relative(s) or friend(s) who is/are also approved "
        "adopter(s): fostering for adoption or concurrent planning",
    ),
    Code(
        "U3",
        "Foster placement with relative(s) or friend(s): not long-term or fostering for adoption",
    ),
    Code("U4", "Foster placement with other foster carer(s): long-term fostering"),
    Code(
        "U5",
        "Foster placement with other foster carer(s) who is/are also approved adopter(s): "
        "fostering for adoption or concurrent planning",
    ),
    Code(
        "U6",
        "Foster placement with other foster carer(s): not long-term or fostering for adoption",
    ),
    Code("Z1", "Other placements (listed on a schedule sent to DfE)", last_year=2025),
    # 2025/26 splits Z1 in four; the DfE guidance for that year gives each one's scope.
    Code("Z11", "Other placement (2025/26 code Z11)", first_year=2026),
    Code("Z12", "Other placement (2025/26 code Z12)", first_year=2026),
    Code("Z13", "Other placement (2025/26 code Z13)", first_year=2026),
    Code("Z14", "Other placement (2025/26 code Z14)", first_year=2026),
]

PLACE_PROVIDER = [
    Code("PR0", "Parent(s) or other person(s) with parental responsibility"),
    Code("PR1", "Own provision (by the council)"),
    Code("PR2", "Other local authority provision"),
    Code("PR3", "Other public provision (for example by the NHS)"),
    Code("PR4", "Private provision"),
    Code("PR5", "Voluntary or third sector provision"),
]

REC = [
    Code("E11", "Adopted: application for an adoption order unopposed"),
    Code("E12", "Adopted: consent dispensed with by the court"),
    Code("E2", "Died"),
    Code("E3", "Care taken over by another local authority in the UK"),
    Code(
        "E4A",
        "Returned home to live with parent(s), relative(s) or other person(s) with "
        "parental responsibility as part of the care planning process",
    ),
    Code(
        "E4B",
        "Returned home to live with parent(s), relative(s) or other person(s) with "
        "parental responsibility, not part of the current care planning process",
    ),
    Code(
        "E13",
        "Left care to live with parent(s), relative(s) or other person(s) with no "
        "parental responsibility",
    ),
    Code("E41", "Residence order or child arrangement order granted"),
    Code(
        "E45",
        "Special guardianship order made to former foster carer(s) who are relative(s) or "
        "friend(s)",
    ),
    Code(
        "E46",
        "Special guardianship order made to former foster carer(s) other than relative(s) "
        "or friend(s)",
    ),
    Code(
        "E47",
        "Special guardianship order made to carer(s), other than former foster carer(s), "
        "who are relative(s) or friend(s)",
    ),
    Code(
        "E48",
        "Special guardianship order made to carer(s), other than former foster carer(s), "
        "other than relative(s) or friend(s)",
    ),
    Code(
        "E5",
        "Moved into independent living arrangement and no longer looked after: supportive "
        "accommodation providing formalised advice or support",
    ),
    Code(
        "E6",
        "Moved into independent living arrangement and no longer looked after: "
        "accommodation providing no formalised advice or support",
    ),
    Code("E7", "Transferred to residential care funded by adult social care services"),
    Code("E8", "Period of being looked after ended for any other reason"),
    Code("E9", "Sentenced to custody"),
    Code("E14", "Accommodation on remand ended"),
    Code("E15", "Age assessment determined child is aged 18 or over"),
    Code("E16", "Child moved abroad"),
    Code(
        "E17",
        "Aged 18 (or over) and remained with current carers (including staying put)",
    ),
    Code("X1", "Episode ceases, and new episode begins on same day, for any reason"),
]

REASON_PLACE_CHANGE = [
    Code("CARPL", "Change to or implementation of care plan"),
    Code("CLOSE", "Resignation or closure of provision"),
    Code("ALLEG", "Allegation (section 47)"),
    Code("STAND", "Standards of care concern"),
    Code("APPRR", "Approval removed"),
    Code("CREQB", "Carer(s) requests placement end due to child's behaviour"),
    Code("CREQO", "Carer(s) requests placement end other than due to child's behaviour"),
    Code("CHILD", "Child requests placement end"),
    Code("LAREQ", "Responsible or area authority requests placement end"),
    Code("PLACE", "Change in the status of placement only"),
    Code("CUSTOD", "Custody arrangement"),
    Code("OTHER", "Other"),
]

LISTS: dict[str, list[Code]] = {
    "SEX": SEX,
    "RNE": RNE,
    "LS": LS,
    "CIN": CIN,
    "PLACE": PLACE,
    "PLACE_PROVIDER": PLACE_PROVIDER,
    "REC": REC,
    "REASON_PLACE_CHANGE": REASON_PLACE_CHANGE,
}
_BY_CODE = {name: {c.code: c for c in codes} for name, codes in LISTS.items()}


def choices(name: str) -> list[tuple[str, str]]:
    """Model/form choices: every code any year has used, with its DfE description."""
    return [(c.code, f"{c.code}: {c.description}") for c in LISTS[name]]


def describe(name: str, code: str) -> str:
    found = _BY_CODE[name].get(code)
    return found.description if found else code


def problem(name: str, code: str, year: int) -> str | None:
    """Why `code` is not a valid `name` code in collection `year`, or None when it is."""
    found = _BY_CODE[name].get(code)
    if found is None:
        return f"'{code}' is not an SSDA903 {name} code"
    if not found.valid_in(year):
        return f"{name} code '{code}' is not valid in the {collection_year_label(year)} collection"
    return None


def listed_year(year: int) -> int:
    """The collection year whose code list is used for `year`: itself, or the nearest year
    we hold a list for (2013/14 is checked against 2014/15's)."""
    return min(max(year, FIRST_YEAR), LAST_YEAR)


def open_years(start: date, end: date | None, today: date) -> tuple[int, int]:
    """The first and last collection year in which an episode from `start` to `end` (None:
    still open on `today`) is open."""
    last = end if end is not None else max(start, today)
    return collection_year(start), collection_year(last)


def problem_while_open(name: str, code: str, first: int, last: int) -> str | None:
    """Why `code` is not a valid `name` code in any collection year first..last (the years
    its episode is open, see `open_years`), or None when it is valid in one of them. A year
    we hold no list for is checked against the nearest list we hold (`listed_year`)."""
    found = _BY_CODE[name].get(code)
    if found is None:
        return f"'{code}' is not an SSDA903 {name} code"
    listed_first, listed_last = listed_year(first), listed_year(last)
    if found.first_year <= listed_last and listed_first <= found.last_year:
        return None
    if first == last:
        why = f"{name} code '{code}' is not valid in the {collection_year_label(first)} collection"
    else:
        why = (
            f"{name} code '{code}' is not valid in any collection year the episode is open "
            f"({collection_year_label(first)} to {collection_year_label(last)})"
        )
    if listed_first != first:
        why += (
            f" (checked against the {collection_year_label(listed_first)} code list, the "
            "earliest we hold)"
        )
    return why
