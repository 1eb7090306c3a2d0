"""The council's report template: its headings in order (DOMAIN.md; seeds 001 and 004)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Heading:
    key: str
    heading: str
    part: str  # "A" or "B"
    position: int
    numbered: bool = True
    prefill: str = ""  # the name of a function in reports/prefill.py
    default: str = ""


BODY = "body"  # the body's own headings, any number, between Background and Consultation
BODY_FIRST, BODY_LAST = 1001, 1899

TEMPLATE = [
    Heading("purpose", "Purpose of the Report", "A", 100),
    Heading("recommendations", "Recommendations", "A", 200),
    Heading("reasons", "Reasons for Recommendation", "A", 300),
    Heading("timetable", "Timetable for Decisions (including Scrutiny)", "A", 400),
    Heading("policy", "Policy Framework and Previous Decisions", "A", 500),
    Heading("resources", "Resource Implications", "A", 600, prefill="resource_implications"),
    Heading(
        "circulation",
        "Circulation under the Local Issues Alert Procedure",
        "A",
        700,
        default="None.",
    ),
    Heading("officers", "Officers to Contact", "A", 800, numbered=False),
    Heading("background", "Background", "B", 900, prefill="achievements"),
    Heading("consultation", "Consultation", "B", 1900),
    Heading("equality", "Equality and Human Rights Implications", "B", 2000),
    Heading("background_papers", "Background Papers", "B", 2100, default="None."),
    Heading("appendix_list", "List of Appendices", "B", 2200, prefill="appendix_list"),
    Heading("appendices", "Appendices", "B", 2300, numbered=False),
]
BY_KEY = {h.key: h for h in TEMPLATE}


def heading_for(key: str) -> Heading | None:
    return BY_KEY.get(key)


def is_numbered(key: str) -> bool:
    found = BY_KEY.get(key)
    return True if found is None else found.numbered


def part_of(key: str) -> str:
    found = BY_KEY.get(key)
    return "B" if found is None else found.part
