"""A drafted document's content as a Word file (docxtpl on the repository's template, or on
one an administrator uploaded) and as a PDF (WeasyPrint from HTML laid out the same way), both
in the layout of Decree 30/2020/NĐ-CP: A4, margins 20/20/30/15 mm, Times New Roman (Liberation
Serif, metric-compatible and shipped with the portal, in the PDF), the national heading, the
number and date line, the signer's block, "Nơi nhận", page numbers from the second page."""

import base64
import io
from pathlib import Path

from django.template.loader import render_to_string

from meetings.numbers import format_number
from meetings.services import VCA_ISSUER

from .choices import DOC_TYPE
from .content import date_line
from .models import DocumentTemplate, DraftedDocument

DEFAULT_TEMPLATE = Path(__file__).resolve().parent / "document_templates" / "official.docx"
FONTS = Path(__file__).resolve().parent / "fonts"


# The fixed wording of every document (Decree 30/2020/NĐ-CP, appendix I), for the PDF; the
# Word template carries the same words, where an administrator may change them.
WORDING = {
    "body_lines": ["LIÊN MINH HỢP TÁC XÃ", "VIỆT NAM"],
    "national": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "motto": "Độc lập - Tự do - Hạnh phúc",
    "number_label": "Số:",
    "draft_mark": "DỰ THẢO",
    "recipients_title": "Nơi nhận:",
    "secretary_title": "THƯ KÝ",
}


def number_text(drafted: DraftedDocument) -> str:
    """The number as printed after "Số:"; a draft leaves its serial blank ("   /TB-LMHTXVN")."""
    if drafted.document.is_issued:
        return drafted.document.number
    blank = "\u00a0" * 6  # no-break spaces, kept by Word and the PDF alike
    return format_number(serial=blank, doc_type=DOC_TYPE[drafted.kind], issuer=VCA_ISSUER)


def context(drafted: DraftedDocument) -> dict:
    """What the templates print, beside the content's blocks."""
    content = drafted.content
    document = drafted.document
    return {
        "number": number_text(drafted),
        "place": drafted.place,
        "date_line": date_line(document.issued_on if document.is_issued else None),
        "title": content.get("title", ""),
        "subtitle": content.get("subtitle", ""),
        "signer_authority": drafted.signer_authority.upper(),
        "signer_title": drafted.signer_title.upper(),
        "signer_name": drafted.signer_name,
        "secretary_name": drafted.secretary_name,
        "recipients": drafted.recipient_lines,
        "is_draft": not document.is_issued,
    }


def template_path(kind: str) -> Path | str:
    """The administrator's template for this kind, else theirs for every kind, else ours."""
    uploaded = (
        DocumentTemplate.objects.filter(is_active=True, kind__in=[kind, ""])
        .order_by("-kind")  # the kind's own first
        .first()
    )
    return uploaded.file.path if uploaded else DEFAULT_TEMPLATE


def chart_images(drafted: DraftedDocument) -> dict[int, bytes]:
    """The PNG of each chart block, by the block's position: drawn once for both files."""
    from .charts import chart_png

    return {
        index: chart_png(block)
        for index, block in enumerate(drafted.content.get("blocks", []))
        if block["type"] == "chart"
    }


def render_docx(drafted: DraftedDocument, charts: dict[int, bytes]) -> bytes:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt
    from docxtpl import DocxTemplate, InlineImage

    template = DocxTemplate(str(template_path(drafted.kind)))
    blocks = []
    for index, block in enumerate(drafted.content.get("blocks", [])):
        block = dict(block)
        if block["type"] == "table":
            subdoc = template.new_subdoc()
            table = subdoc.add_table(rows=1 + len(block["rows"]), cols=len(block["columns"]))
            table.style = "Table Grid"
            for row_index, row in enumerate([block["columns"], *block["rows"]]):
                for column, text in enumerate(row):
                    cell = table.cell(row_index, column)
                    cell.text = ""
                    run = cell.paragraphs[0].add_run(str(text))
                    run.font.size = Pt(12)
                    run.bold = row_index == 0
                    if column in block.get("numeric", []) and row_index:
                        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
            block["subdoc"] = subdoc
        elif block["type"] == "chart":
            block["image"] = InlineImage(template, io.BytesIO(charts[index]), width=Mm(150))
        blocks.append(block)
    template.render({**context(drafted), "blocks": blocks}, autoescape=True)
    output = io.BytesIO()
    template.save(output)
    return output.getvalue()


def render_pdf(drafted: DraftedDocument, charts: dict[int, bytes]) -> bytes:
    from weasyprint import HTML

    blocks = []
    for index, block in enumerate(drafted.content.get("blocks", [])):
        block = dict(block)
        if block["type"] == "chart":
            png = base64.b64encode(charts[index]).decode("ascii")
            block["image"] = f"data:image/png;base64,{png}"
        blocks.append(block)
    html = render_to_string(
        "drafting/pdf/official.html",
        {**context(drafted), **WORDING, "blocks": blocks, "fonts": FONTS.as_uri()},
    )
    return HTML(string=html, base_url=str(FONTS)).write_pdf()
