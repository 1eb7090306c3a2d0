"""A Word (.docx) copy of a report, for democratic services to finish in Word (issue 19).

Made with python-docx from the same plain data the PDF template renders (`build_document`, or a
final version's snapshot): the same headings, the same tables, and the report's paragraph
numbers as real Word numbering. Every numbered paragraph belongs to one list, defined in
numbering.xml as "1.", "2.", … so that Word renumbers the report when a paragraph is added or
removed, as the council's own template does. Sub-points keep the labels the officer wrote
("(a)", "(iii)"), as the PDF does. Charts go in as their numbers, a table each.

Everything is written as text: nothing in a narrative is read as markup.
"""

from decimal import Decimal
from io import BytesIO

from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor

from reports.formatting import chart_formatter

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# The id of the report's paragraph list in numbering.xml (well clear of the template's own).
ABSTRACT_ID = 90
NUM_ID = 90
INDENT = Mm(10)


def _numbering_definition() -> tuple:
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{ABSTRACT_ID}">'
        '<w:multiLevelType w:val="singleLevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        '<w:lvlText w:val="%1."/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{INDENT.twips}" w:hanging="{INDENT.twips}"/></w:pPr>'
        "</w:lvl></w:abstractNum>"
    )
    num = parse_xml(
        f'<w:num {nsdecls("w")} w:numId="{NUM_ID}"><w:abstractNumId w:val="{ABSTRACT_ID}"/></w:num>'
    )
    return abstract, num


def _add_numbering(document) -> None:
    numbering = document.part.numbering_part.element
    abstract, num = _numbering_definition()
    # abstractNum elements come before every num element (the schema's order)
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(num)


def _number(paragraph) -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    p_pr.append(
        parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{NUM_ID}"/></w:numPr>'
        )
    )


def _lines(paragraph, lines) -> None:
    for index, line in enumerate(lines):
        if index:
            paragraph.add_run().add_break(WD_BREAK.LINE)
        paragraph.add_run(line)


class _Writer:
    def __init__(self):
        self.doc = Document()
        _add_numbering(self.doc)
        section = self.doc.sections[0]
        section.page_height, section.page_width = Mm(297), Mm(210)
        section.top_margin, section.bottom_margin = Mm(22), Mm(20)
        section.left_margin, section.right_margin = Mm(25), Mm(20)
        normal = self.doc.styles["Normal"]
        normal.font.name = "Arial"
        normal.font.size = Pt(11.5)
        for name in ("Heading 1", "Heading 2", "Heading 3", "Heading 4", "Title"):
            style = self.doc.styles[name]
            style.font.name = "Arial"
            style.font.color.rgb = RGBColor(0x0B, 0x0C, 0x0C)
        self.doc.styles["Heading 1"].font.size = Pt(13)
        self.doc.styles["Heading 2"].font.size = Pt(12)
        self.doc.styles["Heading 3"].font.size = Pt(11.5)
        self.doc.styles["Heading 4"].font.size = Pt(11.5)

    def heading(self, text: str, level: int) -> None:
        self.doc.add_heading(text, level=level)

    def para(self, text: str = "", *, bold: bool = False, lines=None) -> None:
        paragraph = self.doc.add_paragraph()
        if lines is not None:
            _lines(paragraph, lines)
        else:
            paragraph.add_run(text).bold = bold

    def block(self, block: dict, heading_offset: int = 0) -> None:
        """One block of a section (reports/calculations.py), as the PDF's _block.html."""
        if block.get("heading_level"):
            level = min(block["heading_level"] + heading_offset, 9)
            self.heading(" ".join(block["lines"]), level)
            return
        paragraph = self.doc.add_paragraph()
        if block.get("number"):
            _number(paragraph)
        elif block.get("points") or block.get("lines"):
            paragraph.paragraph_format.left_indent = INDENT
        _lines(paragraph, block.get("lines") or [])
        for point in block.get("points") or []:
            item = self.doc.add_paragraph()
            item.paragraph_format.left_indent = INDENT * 2
            item.paragraph_format.first_line_indent = -INDENT
            label = point.get("label") or "\u2022"
            item.add_run(f"{label}\t")
            _lines(item, point.get("lines") or [])

    def table(self, caption: str, headers, rows, numeric=()) -> None:
        if caption:
            self.para(caption, bold=True)
        table = self.doc.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        for cell, header in zip(table.rows[0].cells, headers, strict=True):
            cell.text = str(header)
            for run in cell.paragraphs[0].runs:
                run.bold = True
        _repeat_header(table.rows[0])
        for row in rows:
            cells = table.add_row().cells
            for index, (cell, value) in enumerate(zip(cells, row, strict=False)):
                cell.text = str(value)
                if index in numeric and value:
                    cell.paragraphs[0].alignment = 2  # right, as the PDF's numeric cells
        self.doc.add_paragraph()

    def page_break(self) -> None:
        self.doc.add_page_break()

    def bytes(self) -> bytes:
        out = BytesIO()
        self.doc.save(out)
        return out.getvalue()


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(parse_xml(f'<w:tblHeader {nsdecls("w")} w:val="true"/>'))


def _chart_table(writer: _Writer, spec: dict) -> None:
    """A chart's numbers, as the table the PDF shows under (or instead of) its SVG."""
    formatter = chart_formatter(spec.get("money", False))

    def fmt(value) -> str:
        return formatter(None if value is None else Decimal(value))

    if spec.get("type") == "bar":
        writer.table(
            spec["title"],
            [spec.get("label_heading", "Item"), spec.get("value_heading", "Value")],
            [[label, fmt(value)] for label, value in spec.get("items", [])],
            numeric=(1,),
        )
    else:
        series = spec.get("series", [])
        writer.table(
            spec["title"],
            ["Period", *[name for name, _ in series]],
            [
                [label, *[fmt(values[i]) if values[i] is not None else "–" for _, values in series]]
                for i, label in enumerate(spec.get("labels", []))
            ],
            numeric=tuple(range(1, len(series) + 1)),
        )


def _pack(writer: _Writer, pack: dict) -> None:
    writer.heading("Agenda", 2)
    if pack.get("agenda"):
        writer.table(
            f"Agenda: {pack.get('meeting', '')}"
            + (f", {pack['place']}" if pack.get("place") else ""),
            ["Item", "Title", "Presenter", "For", "Paper"],
            pack["agenda"],
        )
    else:
        writer.para("No agenda items yet.")
    writer.heading("Decisions sought", 2)
    for line in pack.get("sought") or ["No decisions are sought at this meeting."]:
        writer.para(line)
    writer.heading("Minutes of the previous meeting", 2)
    if pack.get("previous"):
        writer.para(f"{pack['previous']}: {pack.get('previous_status', '').lower()}.")
        for title, minutes in pack.get("previous_minutes", []):
            writer.heading(title, 3)
            writer.para(lines=minutes.splitlines() or [""])
    else:
        writer.para("This is the board's first meeting.")
    writer.heading("Open actions", 2)
    if pack.get("actions"):
        writer.table("Open actions", ["Action", "Owner", "Due", "Raised at"], pack["actions"])
    else:
        writer.para("There are no open actions.")
    writer.heading("Dashboard", 2)
    writer.table(
        "Figures from the live records", ["Measure", "Figure", "As at"], pack.get("dashboard", [])
    )
    for spec in pack.get("charts", []):
        _chart_table(writer, spec)
    writer.heading("Papers", 2)
    papers = pack.get("papers", [])
    if not papers:
        writer.para("No papers are attached to this agenda.")
    for paper in papers:
        writer.para(paper["title"])
    for case in pack.get("cases", []):
        writer.page_break()
        writer.heading(case["title"], 2)
        for note in case.get("notes", []):
            writer.para(note)
        writer.table(case["caption"], ["Figure", "Value"], case["rows"], numeric=(1,))
    for paper in papers:
        inner = paper.get("report")
        if not inner:
            continue
        writer.page_break()
        writer.heading(paper["title"], 2)
        director = (
            f" Report of the Director of {inner['director']}." if inner.get("director") else ""
        )
        writer.para(
            f"{inner.get('committee', '')}, {inner.get('meeting_date_text', '')}. "
            f"{inner.get('title', '')}.{director}",
            bold=True,
        )
        for section in inner.get("sections", []):
            writer.heading(section["heading"], 3)
            for block in section.get("blocks", []):
                writer.block(block, heading_offset=1)


def render_docx(document: dict) -> bytes:
    """The report as a .docx, from the plain data of `build_document` or a snapshot."""
    writer = _Writer()
    core = writer.doc.core_properties
    core.title = document.get("title", "")
    core.author = document.get("partnership", "")
    core.subject = f"{document.get('kind_label', '')}, {document.get('committee', '')}"
    if document.get("draft"):
        header = writer.doc.sections[0].header.paragraphs[0]
        header.alignment = 2
        run = header.add_run("DRAFT")
        run.bold = True
        run.font.color.rgb = RGBColor(0xD4, 0x35, 0x1C)
    writer.para(document.get("committee", "").upper(), bold=True)
    writer.para(document.get("meeting_date_text", "").upper(), bold=True)
    writer.heading(document.get("title", "").upper(), 1)
    if document.get("director"):
        writer.para(f"REPORT OF THE DIRECTOR OF {document['director'].upper()}", bold=True)
    part = None
    for section in document.get("sections", []):
        if document.get("parts") and section.get("part") and section["part"] != part:
            part = section["part"]
            writer.para(f"PART {part}", bold=True)
        writer.heading(section["heading"], 2)
        for block in section.get("blocks", []):
            writer.block(block)
    if document.get("pack"):
        _pack(writer, document["pack"])
    for appendix in document.get("appendices") or []:
        writer.page_break()
        writer.heading(appendix["title"], 2)
        for note in appendix.get("notes", []):
            writer.para(note)
        for table in appendix.get("tables", []):
            writer.table(
                table["caption"], table["headers"], table["rows"], tuple(table.get("numeric", ()))
            )
        for spec in appendix.get("charts", []):
            _chart_table(writer, spec)
    return writer.bytes()
