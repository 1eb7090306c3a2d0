"""The narrative convention and the report's paragraph numbering, as pure functions.

A section's narrative is plain text, never HTML:

- a blank line starts a new paragraph; each paragraph of a numbered section gets the next
  number of the whole report (1, 2, … 45);
- a line starting "(a)", "a." or "a)" (a letter, a roman numeral up to xx, or a number) is a
  sub-point of the paragraph above it, labelled as written but always in brackets: "(a)";
  the lines after it, up to the next sub-point, continue it;
- a line starting "- " or "* " is a bullet of the paragraph above it;
- a paragraph whose first line starts "## " is an unnumbered sub-heading (and "### " a
  smaller one), as the council's reports put headings inside Background and the appendices.

Everything is returned as plain strings: templates escape it like any other text.
"""

import re
from dataclasses import dataclass, field

_MARKER = re.compile(
    r"^\s*(?:\((?P<p>[a-z]|[ivx]{1,5}|\d{1,2})\)|(?P<d>[a-z]|[ivx]{1,5}|\d{1,2})[.)])\s+(?P<rest>.*)$",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^\s*[-*•]\s+(?P<rest>.*)$")


@dataclass
class SubPoint:
    label: str  # "(a)", or "" for a bullet
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass
class Block:
    """A numbered paragraph (number set), an unnumbered one, or a sub-heading (level 3 or 4)."""

    lines: list[str] = field(default_factory=list)
    points: list[SubPoint] = field(default_factory=list)
    number: int | None = None
    heading_level: int | None = None

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def _split_paragraphs(text: str) -> list[list[str]]:
    paragraphs: list[list[str]] = []
    current: list[str] = []
    for raw in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.rstrip()
        if line.strip():
            current.append(line)
        elif current:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    return paragraphs


def parse(text: str) -> list[Block]:
    """The blocks of one section's narrative, unnumbered."""
    blocks = []
    for lines in _split_paragraphs(text):
        first = lines[0].lstrip()
        if first.startswith("#"):
            hashes = len(first) - len(first.lstrip("#"))
            title = " ".join([first.lstrip("#").strip(), *(line.strip() for line in lines[1:])])
            blocks.append(Block(lines=[title], heading_level=3 if hashes <= 2 else 4))
            continue
        block = Block()
        for line in lines:
            marker, bullet = _MARKER.match(line), _BULLET.match(line)
            if marker and (block.lines or block.points or len(lines) > 1):
                label = (marker.group("p") or marker.group("d")).lower()
                block.points.append(SubPoint(label=f"({label})", lines=[marker.group("rest")]))
            elif bullet:
                block.points.append(SubPoint(label="", lines=[bullet.group("rest")]))
            elif block.points:
                block.points[-1].lines.append(line.strip())
            else:
                block.lines.append(line.strip())
        blocks.append(block)
    return blocks


def number(sections: list[tuple[bool, str]], start: int = 1) -> tuple[list[list[Block]], int]:
    """Parse each (numbered, text) section and number its paragraphs consecutively through all
    of them. Returns the blocks of each section and the next free number."""
    next_number = start
    result = []
    for numbered, text in sections:
        blocks = parse(text)
        if numbered:
            for block in blocks:
                if block.heading_level is None:
                    block.number = next_number
                    next_number += 1
        result.append(blocks)
    return result, next_number
