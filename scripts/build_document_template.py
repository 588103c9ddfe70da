"""Write the Word template of the portal's official documents,
``drafting/document_templates/official.docx``, laid out as Decree 30/2020/NĐ-CP asks.

An administrator may replace it without code (Django admin, "Document templates"): open this
file in Word, change it, keep the {{ … }} and {%p … %} tags, upload it. Run this script again
only to start the template afresh:

    .venv/bin/python scripts/build_document_template.py
"""

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

OUT = Path(__file__).resolve().parent.parent / "drafting" / "document_templates" / "official.docx"
FONT = "Times New Roman"


def set_fonts(style, size: float) -> None:
    style.font.name = FONT
    style.font.size = Pt(size)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)


def paragraph(container, text="", *, bold=False, italic=False, size=None, align=None, space=0):
    p = container.add_paragraph()
    if align is not None:
        p.alignment = align
    p.paragraph_format.space_after = Pt(space)
    p.paragraph_format.space_before = Pt(0)
    if text:
        run = p.add_run(text)
        run.bold = bold
        run.italic = italic
        if size:
            run.font.size = Pt(size)
    return p


def tag(container, text: str):
    """A paragraph holding one template tag (removed from the output by docxtpl)."""
    return paragraph(container, text)


def no_borders(table) -> None:
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    properties.append(borders)


def page_number(paragraph_) -> None:
    """A PAGE field, as Word writes one."""
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2")):
        run = paragraph_.add_run()
        if kind:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
            run._r.append(field)
        elif text == " PAGE ":
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run._r.append(instruction)
        else:
            run.text = text
    end = paragraph_.add_run()
    field = OxmlElement("w:fldChar")
    field.set(qn("w:fldCharType"), "end")
    end._r.append(field)


def cell_width(cell, millimetres: float) -> None:
    cell.width = Mm(millimetres)


def build() -> Document:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)
    # Page numbers from the second page, centred at the top.
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    page_number(header)
    set_fonts(document.styles["Normal"], 14)
    document.styles["Normal"].paragraph_format.space_after = Pt(0)

    paragraph(
        document,
        "{% if is_draft %}DỰ THẢO{% endif %}",
        bold=True,
        size=12,
        align=WD_ALIGN_PARAGRAPH.RIGHT,
    )
    # The heading: the issuing body and the number on the left, the national heading and the
    # place and date on the right.
    heading = document.add_table(rows=1, cols=2)
    heading.alignment = WD_TABLE_ALIGNMENT.CENTER
    no_borders(heading)
    left, right = heading.rows[0].cells
    cell_width(left, 65)
    cell_width(right, 100)
    left.paragraphs[0].text = ""
    centre = WD_ALIGN_PARAGRAPH.CENTER
    body = left.paragraphs[0]
    body.alignment = centre
    run = body.add_run("LIÊN MINH HỢP TÁC XÃ")
    run.bold, run.font.size = True, Pt(13)
    paragraph(left, "VIỆT NAM", bold=True, size=13, align=centre)
    paragraph(left, "―――――", size=10, align=centre, space=6)
    paragraph(left, "Số: {{ number }}", size=13, align=centre)
    national = right.paragraphs[0]
    national.alignment = centre
    run = national.add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    run.bold, run.font.size = True, Pt(12)
    paragraph(right, "Độc lập - Tự do - Hạnh phúc", bold=True, size=13, align=centre)
    paragraph(right, "――――――――――――――", size=10, align=centre, space=6)
    paragraph(right, "{{ place }}, {{ date_line }}", italic=True, size=14, align=centre)

    paragraph(document, "", space=12)
    paragraph(document, "{{ title }}", bold=True, size=14, align=centre)
    paragraph(document, "{{ subtitle }}", bold=True, size=14, align=centre)
    paragraph(document, "―――――", size=10, align=centre, space=12)

    justify = WD_ALIGN_PARAGRAPH.JUSTIFY
    tag(document, "{%p for b in blocks %}")
    tag(document, '{%p if b.type == "heading" %}')
    p = paragraph(document, "{{ b.text }}", bold=True, align=justify, space=6)
    p.paragraph_format.keep_with_next = True
    tag(document, '{%p elif b.type == "paragraph" %}')
    p = paragraph(document, "{{ b.text }}", align=justify, space=6)
    p.paragraph_format.first_line_indent = Mm(10)
    tag(document, '{%p elif b.type == "item" %}')
    p = paragraph(document, "{{ b.number }} {{ b.text }}", align=justify, space=6)
    p.paragraph_format.first_line_indent = Mm(10)
    note = p.add_run("{% if b.note %} {{ b.note }}{% endif %}")
    note.italic = True
    tag(document, '{%p elif b.type == "table" %}')
    tag(document, "{{p b.subdoc }}")
    tag(document, '{%p elif b.type == "chart" %}')
    paragraph(document, "{{ b.image }}", align=centre)
    paragraph(document, "{{ b.caption }}", italic=True, size=12, align=centre, space=6)
    tag(document, "{%p endif %}")
    tag(document, "{%p endfor %}")
    paragraph(document, "", space=6)

    # The signer's block on the right, the recipients on the left.
    closing = document.add_table(rows=1, cols=2)
    no_borders(closing)
    recipients, signer = closing.rows[0].cells
    cell_width(recipients, 80)
    cell_width(signer, 85)
    # The minutes are signed by their secretary too, on the left above the recipients.
    recipients.paragraphs[0].add_run("{%p if secretary_name %}")
    paragraph(recipients, "THƯ KÝ", bold=True, align=centre)
    for _ in range(3):
        paragraph(recipients, "", align=centre)
    paragraph(recipients, "{{ secretary_name }}", bold=True, align=centre, space=12)
    tag(recipients, "{%p endif %}")
    first = paragraph(recipients, "")
    run = first.add_run("Nơi nhận:")
    run.bold, run.italic, run.font.size = True, True, Pt(12)
    tag(recipients, "{%p for r in recipients %}")
    paragraph(recipients, "- {{ r }}{% if loop.last %}.{% else %};{% endif %}", size=11)
    tag(recipients, "{%p endfor %}")
    authority = signer.paragraphs[0]
    authority.alignment = centre
    authority.add_run("{{ signer_authority }}").bold = True
    paragraph(signer, "{{ signer_title }}", bold=True, align=centre)
    for _ in range(3):
        paragraph(signer, "", align=centre)
    paragraph(signer, "{{ signer_name }}", bold=True, align=centre)
    return document


if __name__ == "__main__":
    OUT.parent.mkdir(parents=True, exist_ok=True)
    build().save(OUT)
    print(f"Wrote {OUT}")
